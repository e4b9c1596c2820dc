"""Audio inputs of 16 kHz mono 16-bit PCM, and the loop that captures one reply."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from trainer.speech.endpoint import EndpointDetector, EndpointEvent, EndReason
from trainer.speech.levels import FULL_SCALE, Level, NoiseEstimate, measure

SAMPLE_RATE = 16000
_RESAMPLE_TAPS = 63


class AudioInput(Protocol):
    """16 kHz mono 16-bit PCM chunks, pulled with read() between start() and stop()."""

    def start(self) -> None:
        """Start recording."""
        ...

    def read(self) -> bytes | None:
        """The next chunk, blocking until it is recorded; None once stopped or dry."""
        ...

    def stop(self) -> None:
        """Stop delivering audio; callable from another thread (push-to-talk)."""
        ...


@dataclass(frozen=True)
class CapturedReply:
    """One captured reply: the speech with margins and what the endpoint saw."""

    pcm: bytes  # 16 kHz mono 16-bit: the speech with margins; b"" if none
    sample_rate: int
    end_reason: EndReason
    speech_start_s: float | None  # from the start of capture: the learner's patience
    speech_end_s: float | None
    endpoint_wait_ms: float | None  # last voiced audio -> ENDED
    captured_s: float  # all audio analysed, including leading and trailing silence
    level: Level  # RMS and peak of the trimmed reply
    noise: NoiseEstimate
    events: tuple[EndpointEvent, ...]

    @property
    def duration_s(self) -> float:
        """Length of the trimmed reply in seconds."""
        return len(self.pcm) / 2 / self.sample_rate

    @property
    def noisy(self) -> bool:
        """True when the room noise is too close to the speech level."""
        return self.noise.noisy


def capture_reply(
    source: AudioInput,
    detector: EndpointDetector,
    on_event: Callable[[EndpointEvent], None] | None = None,
    on_level: Callable[[Level], None] | None = None,
) -> CapturedReply:
    """Pull audio from source into a fresh detector until it reports ENDED."""
    if detector.ended or detector.position:
        raise ValueError("capture_reply needs a fresh EndpointDetector")
    events: list[EndpointEvent] = []
    source.start()
    try:
        while not detector.ended:
            chunk = source.read()
            new = detector.stop() if chunk is None else detector.feed(chunk)
            if chunk and on_level is not None:
                on_level(detector.level)
            for event in new:
                events.append(event)
                if on_event is not None:
                    on_event(event)
    finally:
        source.stop()
    return _reply(detector, tuple(events))


def _reply(detector: EndpointDetector, events: tuple[EndpointEvent, ...]) -> CapturedReply:
    """Gather what an ended detector knows into a CapturedReply."""
    end = detector.end_event
    assert end is not None and end.reason is not None
    pcm = detector.reply_pcm()
    wait = detector.endpoint_wait_s
    rate = detector.config.sample_rate
    return CapturedReply(
        pcm=pcm,
        sample_rate=rate,
        end_reason=end.reason,
        speech_start_s=detector.speech_start_s,
        speech_end_s=detector.speech_end_s,
        endpoint_wait_ms=None if wait is None else wait * 1000,
        captured_s=detector.position / rate,
        level=measure(pcm),
        noise=detector.noise(),
        events=events,
    )


class WavFileInput:
    """A microphone that 'records' a WAV file, instantly or paced like real time."""

    def __init__(
        self,
        path: Path,
        chunk_ms: int = 30,
        realtime: bool = False,
        trailing_silence_ms: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Load path (any PCM WAV) as 16 kHz mono, padded with trailing silence."""
        if chunk_ms <= 0 or trailing_silence_ms < 0:
            raise ValueError("chunk_ms must be positive and trailing_silence_ms >= 0")
        padding = bytes(2 * (SAMPLE_RATE * trailing_silence_ms // 1000))
        self._pcm = read_wav_pcm16(path) + padding
        self._chunk_bytes = 2 * max(1, SAMPLE_RATE * chunk_ms // 1000)
        self._realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._offset = 0
        self._started_at: float | None = None
        self._stopped = False

    @property
    def duration_s(self) -> float:
        """Length of the audio it delivers, padding included."""
        return len(self._pcm) / 2 / SAMPLE_RATE

    def start(self) -> None:
        """Start 'recording' from the beginning of the file."""
        self._offset = 0
        self._stopped = False
        self._started_at = self._clock()

    def read(self) -> bytes | None:
        """The next chunk (on time when realtime); None at the end or once stopped."""
        if self._started_at is None:
            raise RuntimeError("read() before start()")
        if self._stopped or self._offset >= len(self._pcm):
            return None
        chunk = self._pcm[self._offset : self._offset + self._chunk_bytes]
        self._offset += len(chunk)
        if self._realtime:
            due = self._started_at + self._offset / 2 / SAMPLE_RATE
            wait = due - self._clock()
            if wait > 0:
                self._sleep(wait)
        return chunk

    def stop(self) -> None:
        """Stop delivering audio; read() returns None from now on."""
        self._stopped = True


def read_wav_pcm16(path: Path) -> bytes:
    """Read a PCM WAV file as 16 kHz mono little-endian 16-bit samples."""
    with wave.open(str(path), "rb") as wav:
        width, channels, rate = (
            wav.getsampwidth(),
            wav.getnchannels(),
            wav.getframerate(),
        )
        raw = wav.readframes(wav.getnframes())
    x = _to_float(raw, width).reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE:
        x = _resample(x, rate, SAMPLE_RATE)
    return np.clip(np.round(x * FULL_SCALE), -32768, 32767).astype("<i2").tobytes()


def _to_float(raw: bytes, width: int) -> npt.NDArray[np.float64]:
    """Integer PCM of 1-4 bytes per sample as floats in [-1, 1)."""
    if width == 1:
        return (np.frombuffer(raw, np.uint8).astype(np.float64) - 128.0) / 128.0
    if width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        wide = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        return np.where(wide >= 1 << 23, wide - (1 << 24), wide) / float(1 << 23)
    if width in (2, 4):
        ints = np.frombuffer(raw, f"<i{width}").astype(np.float64)
        return ints / float(1 << (8 * width - 1))
    raise ValueError(f"unsupported WAV sample width: {width} bytes")


def _resample(x: npt.NDArray[np.float64], rate: int, target: int) -> npt.NDArray[np.float64]:
    """Resample by linear interpolation, low-pass filtered first when downsampling."""
    if x.size == 0:
        return x
    if target < rate and x.size >= _RESAMPLE_TAPS:
        ratio = target / rate
        n = np.arange(_RESAMPLE_TAPS) - _RESAMPLE_TAPS // 2
        taps = np.sinc(ratio * n) * np.hamming(_RESAMPLE_TAPS)
        x = np.convolve(x, taps / taps.sum(), mode="same")
    count = round(x.size * target / rate)
    at = np.arange(count) * (rate / target)
    return np.asarray(np.interp(at, np.arange(x.size), x), dtype=np.float64)
