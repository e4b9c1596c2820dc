"""Read any WAV as 16 kHz mono 16-bit PCM, write PCM as WAV, and check that a WAV is complete."""

from __future__ import annotations

import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import speech_recognition as sr

TARGET_RATE = 16000
TARGET_WIDTH = 2

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE


class WavError(ValueError):
    """A file is not a readable or complete WAV."""


@dataclass(frozen=True)
class WavLayout:
    """Where the samples of a RIFF/WAVE file are and how they are encoded."""

    format_tag: int
    channels: int
    sample_rate: int
    bits: int
    block_align: int
    data_offset: int
    data_size: int  # as declared in the header
    riff_size: int  # as declared in the header
    file_size: int

    @property
    def frames(self) -> int:
        """Whole frames present in the file (never past its end)."""
        present = min(self.data_size, self.file_size - self.data_offset)
        return max(present, 0) // self.block_align


def _fmt_fields(body: bytes) -> tuple[int, int, int, int, int]:
    """Decode a fmt chunk into (format tag, channels, rate, block align, bits)."""
    if len(body) < 16:
        raise WavError("fmt chunk too short")
    tag, channels, rate, _byte_rate, align, bits = struct.unpack("<HHIIHH", body[:16])
    if tag == _EXTENSIBLE and len(body) >= 26:
        tag = struct.unpack("<H", body[24:26])[0]  # the sub-format GUID starts with the tag
    if channels < 1 or rate < 1 or align < 1:
        raise WavError("fmt chunk has zero channels, rate or block size")
    return tag, channels, rate, align, bits


def wav_layout(path: Path) -> WavLayout:
    """Parse the RIFF chunks of a WAV file without reading its samples."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise WavError(f"{path.name}: not a RIFF/WAVE file")
        riff_size = struct.unpack("<I", head[4:8])[0]
        fmt: tuple[int, int, int, int, int] | None = None
        while True:
            chunk = f.read(8)
            if len(chunk) < 8:
                raise WavError(f"{path.name}: no data chunk")
            cid, csize = chunk[:4], struct.unpack("<I", chunk[4:8])[0]
            if cid == b"fmt ":
                fmt = _fmt_fields(f.read(csize))
                f.seek(csize % 2, os.SEEK_CUR)
            elif cid == b"data":
                if fmt is None:
                    raise WavError(f"{path.name}: data chunk before fmt chunk")
                tag, channels, rate, align, bits = fmt
                return WavLayout(tag, channels, rate, bits, align, f.tell(), csize, riff_size, size)
            else:
                f.seek(csize + csize % 2, os.SEEK_CUR)


def wav_problem(path: Path) -> str | None:
    """Say what is wrong with a WAV file (missing, truncated, empty), or None if it is complete."""
    if not path.is_file():
        return "missing"
    try:
        lay = wav_layout(path)
    except (WavError, OSError, struct.error) as exc:
        return str(exc)
    if lay.format_tag not in (_PCM, _FLOAT):
        return f"unsupported encoding {lay.format_tag}"
    if lay.data_offset + lay.data_size > lay.file_size:
        return "data chunk runs past the end of the file (truncated or still being written)"
    if lay.riff_size + 8 > lay.file_size:
        return "RIFF size is larger than the file"
    if lay.data_size % lay.block_align:
        return "data size is not a whole number of frames"
    if lay.frames == 0:
        return "no audio frames"
    return None


def is_complete_wav(path: Path) -> bool:
    """True when the file is a WAV whose header matches its data and which holds audio."""
    return wav_problem(path) is None


def wav_duration(path: Path) -> float:
    """Length of a WAV file in seconds."""
    lay = wav_layout(path)
    return lay.frames / lay.sample_rate


def _samples_as_float(raw: bytes, lay: WavLayout) -> np.ndarray:
    """Decode interleaved samples into a float32 array shaped (frames, channels)."""
    width = lay.block_align // lay.channels
    if lay.format_tag == _FLOAT:
        data = np.frombuffer(raw, dtype="<f4" if width == 4 else "<f8").astype(np.float32)
    elif width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        data = (np.where(ints >= 1 << 23, ints - (1 << 24), ints) / float(1 << 23)).astype(np.float32)
    elif width in (2, 4):
        scale = float(1 << (8 * width - 1))
        data = (np.frombuffer(raw, dtype=f"<i{width}").astype(np.float64) / scale).astype(np.float32)
    else:
        raise WavError(f"unsupported sample width {width}")
    return data.reshape(-1, lay.channels)


def float_to_pcm16(samples: np.ndarray) -> bytes:
    """Convert float samples in [-1, 1] to little-endian 16-bit PCM bytes (clipped)."""
    clipped = np.clip(samples, -1.0, 32767 / 32768)
    return (clipped * 32768.0).astype("<i2").tobytes()


def pcm16_to_float(pcm: bytes) -> np.ndarray:
    """Convert little-endian 16-bit PCM bytes to float32 samples in [-1, 1)."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def resample_pcm16(pcm: bytes, sample_rate: int, target_rate: int = TARGET_RATE) -> bytes:
    """Resample mono 16-bit PCM with SpeechRecognition's converter."""
    if sample_rate == target_rate:
        return pcm
    audio = sr.AudioData(pcm, sample_rate, TARGET_WIDTH)
    return bytes(audio.get_raw_data(convert_rate=target_rate, convert_width=TARGET_WIDTH))


def _read_samples(path: Path) -> tuple[np.ndarray, WavLayout]:
    """Read a PCM or float WAV's samples as float32 shaped (frames, channels)."""
    lay = wav_layout(path)
    if lay.format_tag not in (_PCM, _FLOAT):
        raise WavError(f"{path.name}: unsupported encoding {lay.format_tag}")
    with path.open("rb") as f:
        f.seek(lay.data_offset)
        raw = f.read(lay.frames * lay.block_align)
    return _samples_as_float(raw, lay), lay


def wav_peak(path: Path) -> float:
    """Loudest sample of a WAV as a fraction of full scale (0.0 for an empty file)."""
    samples, _ = _read_samples(path)
    return float(np.abs(samples).max()) if samples.size else 0.0


def _read_riff(path: Path) -> bytes:
    """Read a PCM or float WAV of any width and channel count as 16 kHz mono 16-bit PCM."""
    samples, lay = _read_samples(path)
    return resample_pcm16(float_to_pcm16(samples.mean(axis=1)), lay.sample_rate)


def _read_other(path: Path) -> bytes:
    """Read AIFF or FLAC through SpeechRecognition's AudioFile as 16 kHz mono 16-bit PCM."""
    with sr.AudioFile(str(path)) as source:
        audio = sr.Recognizer().record(source)
    return bytes(audio.get_raw_data(convert_rate=TARGET_RATE, convert_width=TARGET_WIDTH))


def read_pcm16k(path: Path) -> bytes:
    """Read a WAV (any rate, width, channels; PCM or float), AIFF or FLAC as 16 kHz mono PCM."""
    with path.open("rb") as f:
        magic = f.read(4)
    if magic == b"RIFF":
        return _read_riff(path)
    try:
        return _read_other(path)
    except ValueError as exc:
        raise WavError(f"{path.name}: not a WAV, AIFF or FLAC file") from exc


def write_wav(path: Path, pcm: bytes, sample_rate: int = TARGET_RATE, channels: int = 1) -> Path:
    """Write 16-bit PCM as a WAV file atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(pcm),
        b"WAVE",
        b"fmt ",
        16,
        _PCM,
        channels,
        sample_rate,
        sample_rate * channels * TARGET_WIDTH,
        channels * TARGET_WIDTH,
        8 * TARGET_WIDTH,
        b"data",
        len(pcm),
    )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(header + pcm)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
