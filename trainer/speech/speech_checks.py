"""What every synthesiser shares: its errors, the checks a rendered line must pass, safe temporary files."""

from __future__ import annotations

import os
import re
import tempfile
import wave
from pathlib import Path

import numpy as np

from trainer.speech.wav import float_to_pcm16, pcm16_to_float, wav_layout, wav_peak, wav_problem, write_wav

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


class SynthesisError(RuntimeError):
    """No verified WAV could be produced."""


class UnknownVoiceError(SynthesisError):
    """The persona's voice (or its +variant) does not exist on this machine."""


def count_words(text: str) -> int:
    """Number of words (letters/digits runs) in a line."""
    return len(WORD.findall(text))


def split_sentences(text: str) -> list[str]:
    """The line cut after each '.', '!' or '?' (each piece has words to say)."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    merged: list[str] = []
    for piece in pieces:
        if merged and count_words(piece) == 0:
            merged[-1] += " " + piece
        elif piece:
            merged.append(piece)
    return merged or [text.strip()]


def verify_speech_wav(path: Path, text: str, rate_wpm: int) -> str | None:
    """Say why a synthesised WAV is unusable (incomplete, silent, implausible length), or None."""
    problem = wav_problem(path)
    if problem is not None:
        return problem
    lay = wav_layout(path)
    seconds = lay.frames / lay.sample_rate
    expected = count_words(text) * 60.0 / rate_wpm
    if seconds < 0.4 * expected or seconds < 0.15:
        return f"too short: {seconds:.2f} s for {count_words(text)} words"
    if seconds > 3.0 * expected + 2.0:
        return f"too long: {seconds:.2f} s for {count_words(text)} words"
    return "silent" if wav_peak(path) < 0.01 else None


def check_text(text: str) -> None:
    """Reject a line with no words to speak."""
    if count_words(text) == 0:
        raise SynthesisError(f"nothing to say in {text!r}")


def temp_beside(out_path: Path, tag: str) -> Path:
    """A fresh temporary file name in the output's directory (for an atomic rename)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out_path.stem}.", suffix=f".{tag}.wav", dir=out_path.parent)
    os.close(fd)
    return Path(name)



def join_sentences(pieces: list[np.ndarray], sample_rate: int, pause_s: float = 0.25) -> np.ndarray:
    """The sentences of a line one after another, with a short breath between them."""
    gap = np.zeros(int(pause_s * sample_rate), dtype=np.float32)
    joined: list[np.ndarray] = []
    for piece in pieces:
        joined += [gap, piece] if joined else [piece]
    return np.concatenate(joined)


def write_float_wav(path: Path, audio: np.ndarray, sample_rate: int) -> Path:
    """Write mono float samples in [-1, 1] as a 16-bit WAV."""
    return write_wav(path, float_to_pcm16(audio), sample_rate)


def read_mono_float(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit mono WAV's samples as float32 in [-1, 1) and its sample rate."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise SynthesisError(f"{path.name}: expected 16-bit mono audio")
        return pcm16_to_float(wav.readframes(wav.getnframes())), wav.getframerate()


def median_f0(audio: np.ndarray, sample_rate: int) -> float:
    """Median pitch in Hz of the voiced 40 ms frames (autocorrelation peak in 60-400 Hz); 0.0 when none is voiced."""
    n, hop = int(0.04 * sample_rate), int(0.01 * sample_rate)
    low, high = sample_rate // 400, sample_rate // 60
    found = []
    for start in range(0, len(audio) - n, hop):
        frame = audio[start:start + n] - float(np.mean(audio[start:start + n]))
        if float(np.dot(frame, frame)) < 1e-4 * n:
            continue  # silence
        corr = np.correlate(frame, frame, "full")[n - 1:]
        lag = low + int(np.argmax(corr[low:high]))
        if corr[lag] > 0.5 * corr[0]:  # clearly periodic: voiced
            found.append(sample_rate / lag)
    return float(np.median(found)) if found else 0.0
