"""WAV reading in any layout, atomic writing, duration and completeness checks."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np
import pytest
import speech_recognition as sr

from trainer.speech.wav import (
    WavError,
    float_to_pcm16,
    is_complete_wav,
    pcm16_to_float,
    read_pcm16k,
    wav_duration,
    wav_problem,
    write_wav,
)

SPEECH = Path(__file__).resolve().parent / "data" / "speech"


def tone(rate: int, seconds: float, freq: float = 440.0) -> np.ndarray:
    """A sine tone at half scale."""
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_with_wave(path: Path, samples: np.ndarray, rate: int, width: int, channels: int) -> Path:
    """Write samples with the standard library's wave module in the given layout."""
    frames = np.repeat(samples[:, None], channels, axis=1).reshape(-1)
    if width == 1:
        raw = (frames * 127 + 128).astype(np.uint8).tobytes()
    elif width == 3:
        ints = (frames * (2**23 - 1)).astype("<i4").tobytes()
        raw = b"".join(ints[i : i + 3] for i in range(0, len(ints), 4))
    else:
        raw = (frames * (2 ** (8 * width - 1) - 1)).astype(f"<i{width}").tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(raw)
    return path


def write_float_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Write a 32-bit IEEE float mono WAV by hand (format tag 3)."""
    data = samples.astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    pcm = float_to_pcm16(tone(16000, 1.0))
    out = write_wav(tmp_path / "sub" / "a.wav", pcm)
    assert read_pcm16k(out) == pcm
    assert wav_duration(out) == pytest.approx(1.0)
    assert is_complete_wav(out)
    assert [p.name for p in out.parent.iterdir()] == ["a.wav"]  # no temporary file left behind


@pytest.mark.parametrize(("rate", "width", "channels"), [(44100, 3, 2), (8000, 1, 1), (48000, 4, 2), (22050, 2, 1)])
def test_any_layout_reads_as_16k_mono_16bit(tmp_path: Path, rate: int, width: int, channels: int) -> None:
    path = write_with_wave(tmp_path / "x.wav", tone(rate, 1.5), rate, width, channels)
    samples = pcm16_to_float(read_pcm16k(path))
    assert len(samples) == pytest.approx(24000, abs=2)
    peak = float(np.abs(samples).max())
    assert 0.4 < peak < 0.6  # stereo averaged, not summed; scale kept
    assert wav_duration(path) == pytest.approx(1.5, abs=0.001)


def test_float_wav_reads(tmp_path: Path) -> None:
    path = write_float_wav(tmp_path / "f.wav", tone(32000, 0.5), 32000)
    assert is_complete_wav(path)
    assert len(read_pcm16k(path)) == 2 * 8000


def test_flac_reads_through_speech_recognition(tmp_path: Path) -> None:
    pcm = float_to_pcm16(tone(16000, 0.8))
    flac = tmp_path / "a.flac"
    flac.write_bytes(sr.AudioData(pcm, 16000, 2).get_flac_data())
    assert len(read_pcm16k(flac)) == len(pcm)


def test_real_tts_clip_is_complete() -> None:
    clip = SPEECH / "01-us.wav"
    assert wav_problem(clip) is None
    assert 5.0 < wav_duration(clip) < 10.0


def test_incomplete_files_are_reported(tmp_path: Path) -> None:
    good = write_wav(tmp_path / "good.wav", float_to_pcm16(tone(16000, 0.5)))
    truncated = tmp_path / "truncated.wav"
    truncated.write_bytes(good.read_bytes()[:5000])
    empty = write_wav(tmp_path / "empty.wav", b"")
    text = tmp_path / "text.wav"
    text.write_text("not audio")
    assert wav_problem(good) is None
    assert "truncated" in (wav_problem(truncated) or "")
    assert wav_problem(empty) == "no audio frames"
    assert wav_problem(tmp_path / "absent.wav") == "missing"
    assert not is_complete_wav(text)
    with pytest.raises(WavError):
        read_pcm16k(text)
