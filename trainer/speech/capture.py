"""Audio inputs of 16 kHz mono 16-bit PCM, and the loop that captures one reply."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trainer.speech.endpoint import EndpointDetector, EndpointEvent, EndReason
from trainer.speech.levels import Level, NoiseEstimate, measure
from trainer.speech.wav import read_pcm16k

SAMPLE_RATE = 16000


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


class ReplyFeeder:
    """Hands a streaming recogniser the reply's audio as it is analysed, from reply_pcm()'s first sample on."""

    def __init__(self, detector: EndpointDetector, sink: Callable[[bytes], None]) -> None:
        """sink receives each new piece of the reply (on the caller's thread)."""
        self._detector = detector
        self._sink = sink
        self._sent: int | None = None

    def update(self) -> None:
        """Forward what the detector analysed since the last call (nothing before speech starts)."""
        start = self._detector.reply_start
        if start is None:
            return
        sent = start if self._sent is None else self._sent
        position = self._detector.position
        if position > sent:
            self._sink(self._detector.pcm_between(sent, position))
        self._sent = position


def capture_reply(
    source: AudioInput,
    detector: EndpointDetector,
    on_event: Callable[[EndpointEvent], None] | None = None,
    on_level: Callable[[Level], None] | None = None,
    on_audio: Callable[[bytes], None] | None = None,
) -> CapturedReply:
    """Pull audio from source into a fresh detector until it reports ENDED.

    on_audio receives the reply's audio as it grows (a streaming recogniser's feed).
    """
    if detector.ended or detector.position:
        raise ValueError("capture_reply needs a fresh EndpointDetector")
    events: list[EndpointEvent] = []
    feeder = ReplyFeeder(detector, on_audio) if on_audio is not None else None
    source.start()
    try:
        while not detector.ended:
            chunk = source.read()
            new = detector.stop() if chunk is None else detector.feed(chunk)
            if feeder is not None:
                feeder.update()
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
        self._pcm = read_pcm16k(path) + padding
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
