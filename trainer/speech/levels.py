"""Loudness of 16-bit PCM (RMS dBFS, peak) and a noise-floor / SNR estimate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FULL_SCALE = 32768.0
SILENCE_FLOOR_DBFS = -100.0  # what digital silence reports instead of -inf
NOISY_BELOW_SNR_DB = 15.0
_MIN_NOISE_FRAMES = 5  # fewer unvoiced frames than this: estimate the floor from all frames
_NOISE_PERCENTILE = 20.0  # low percentile of quiet frames: a robust noise floor
_ALL_FRAMES_NOISE_PERCENTILE = 10.0


@dataclass(frozen=True)
class Level:
    """The loudness of one stretch of audio, for a meter."""

    rms_dbfs: float
    peak: float  # 0.0 .. 1.0 of full scale

    @property
    def peak_dbfs(self) -> float:
        """The peak in dBFS (the silence floor for digital silence)."""
        return amplitude_to_dbfs(self.peak)


SILENT = Level(rms_dbfs=SILENCE_FLOOR_DBFS, peak=0.0)


@dataclass(frozen=True)
class NoiseEstimate:
    """Speech level against the room's noise floor; `noisy` when the SNR is too low."""

    speech_dbfs: float | None
    noise_dbfs: float
    snr_db: float | None
    noisy: bool


def samples(pcm: bytes) -> npt.NDArray[np.float64]:
    """Little-endian 16-bit PCM as floats in [-1, 1); a trailing odd byte is ignored."""
    whole = len(pcm) - len(pcm) % 2
    return np.frombuffer(pcm[:whole], dtype="<i2").astype(np.float64) / FULL_SCALE


def amplitude_to_dbfs(amplitude: float) -> float:
    """An amplitude (1.0 = full scale) in dBFS, never below the silence floor."""
    if amplitude <= 0.0:
        return SILENCE_FLOOR_DBFS
    return max(SILENCE_FLOOR_DBFS, 20.0 * float(np.log10(amplitude)))


def rms_dbfs(pcm: bytes) -> float:
    """The RMS level of 16-bit PCM in dBFS."""
    x = samples(pcm)
    if x.size == 0:
        return SILENCE_FLOOR_DBFS
    return amplitude_to_dbfs(float(np.sqrt(np.mean(x * x))))


def peak(pcm: bytes) -> float:
    """The largest absolute sample of 16-bit PCM, 0.0 .. 1.0 of full scale."""
    x = samples(pcm)
    return float(np.max(np.abs(x))) if x.size else 0.0


def measure(pcm: bytes) -> Level:
    """RMS and peak of 16-bit PCM."""
    return Level(rms_dbfs=rms_dbfs(pcm), peak=peak(pcm))


def power_mean_dbfs(levels_dbfs: Sequence[float]) -> float:
    """The level of the average power of frames given in dBFS."""
    if not levels_dbfs:
        return SILENCE_FLOOR_DBFS
    power = np.mean(np.power(10.0, np.asarray(levels_dbfs, dtype=np.float64) / 10.0))
    return max(SILENCE_FLOOR_DBFS, 10.0 * float(np.log10(power)))


def estimate_noise(
    frame_dbfs: Sequence[float],
    voiced: Sequence[bool],
    noisy_below_db: float = NOISY_BELOW_SNR_DB,
) -> NoiseEstimate:
    """Speech level, noise floor and SNR from per-frame levels and voice decisions."""
    if len(frame_dbfs) != len(voiced):
        raise ValueError("frame_dbfs and voiced must have the same length")
    speech = [db for db, v in zip(frame_dbfs, voiced, strict=True) if v]
    quiet = [db for db, v in zip(frame_dbfs, voiced, strict=True) if not v]
    noise = _noise_floor(quiet, list(frame_dbfs))
    if not speech:
        return NoiseEstimate(speech_dbfs=None, noise_dbfs=noise, snr_db=None, noisy=False)
    speech_level = power_mean_dbfs(speech)
    snr = speech_level - noise
    return NoiseEstimate(speech_level, noise, snr, noisy=snr < noisy_below_db)


def _noise_floor(quiet: list[float], every: list[float]) -> float:
    """A low percentile of the unvoiced frames, or of all frames when few are unvoiced.

    When noise is loud enough to be heard as speech, few frames are unvoiced and the
    quietest frames overall (the noise between words) stand in for the floor.
    """
    if len(quiet) >= _MIN_NOISE_FRAMES:
        return float(np.percentile(quiet, _NOISE_PERCENTILE))
    if every:
        return float(np.percentile(every, _ALL_FRAMES_NOISE_PERCENTILE))
    return SILENCE_FLOOR_DBFS
