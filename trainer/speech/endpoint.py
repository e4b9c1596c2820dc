"""A clock-free streaming end-of-speech detector over 16 kHz mono 16-bit PCM.

Positions are counted in samples of the audio fed so far, so the same audio gives
the same events however it is chunked and however fast it arrives.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from trainer.speech.levels import (
    SILENT,
    Level,
    NoiseEstimate,
    estimate_noise,
    measure,
    rms_dbfs,
)


class VoiceActivity(Protocol):
    """Decides whether one frame of 16-bit mono PCM holds speech."""

    def is_speech(self, frame: bytes) -> bool:
        """True when the frame holds speech."""
        ...


class WebRtcVoiceActivity:
    """WebRTC's voice activity detector; frames must be 10, 20 or 30 ms long."""

    def __init__(self, aggressiveness: int = 2, sample_rate: int = 16000) -> None:
        """Create the detector; aggressiveness 0 (lenient) .. 3 (strict)."""
        import webrtcvad

        if aggressiveness not in (0, 1, 2, 3):
            raise ValueError(f"aggressiveness must be 0..3, not {aggressiveness}")
        if sample_rate not in (8000, 16000, 32000, 48000):
            raise ValueError(f"webrtcvad does not support {sample_rate} Hz")
        self._vad = webrtcvad.Vad(aggressiveness)
        self._sample_rate = sample_rate

    def is_speech(self, frame: bytes) -> bool:
        """True when webrtcvad calls the frame speech."""
        ms = len(frame) / 2 / self._sample_rate * 1000
        if ms not in (10, 20, 30):
            raise ValueError(f"webrtcvad needs 10, 20 or 30 ms frames, not {ms:g} ms")
        return bool(self._vad.is_speech(frame, self._sample_rate))


class EnergyVoiceActivity:
    """A fallback detector: a frame is speech when its RMS is above a threshold."""

    def __init__(self, threshold_dbfs: float = -40.0) -> None:
        """Frames louder than threshold_dbfs count as speech."""
        self._threshold = threshold_dbfs

    def is_speech(self, frame: bytes) -> bool:
        """True when the frame's RMS level is above the threshold."""
        return rms_dbfs(frame) > self._threshold


def default_voice_activity(aggressiveness: int = 2) -> VoiceActivity:
    """WebRTC's detector when webrtcvad is installed, else the energy fallback."""
    try:
        return WebRtcVoiceActivity(aggressiveness)
    except ImportError:
        return EnergyVoiceActivity()


class EventKind(enum.Enum):
    """What the detector noticed."""

    SPEECH_STARTED = "speech_started"
    PROBABLE_END = "probable_end"  # start transcribing now; discard it on SPEECH_RESUMED
    SPEECH_RESUMED = "speech_resumed"  # only after a PROBABLE_END
    ENDED = "ended"


class EndReason(enum.Enum):
    """Why listening ended."""

    SILENCE = "silence"
    MAX_LENGTH = "max_length"
    NO_SPEECH = "no_speech"
    STOPPED = "stopped"


@dataclass(frozen=True)
class EndpointEvent:
    """An event: `sample` is the boundary it is about, `detected_at` when decided."""

    kind: EventKind
    sample: int
    detected_at: int
    sample_rate: int = 16000
    reason: EndReason | None = None

    @property
    def time_s(self) -> float:
        """The boundary in seconds from the start of the capture."""
        return self.sample / self.sample_rate

    @property
    def latency_s(self) -> float:
        """How long after the boundary the event was decided, in seconds."""
        return (self.detected_at - self.sample) / self.sample_rate


@dataclass(frozen=True)
class EndpointConfig:
    """Timings of the detector; voiced-frame counts are rounded up to whole frames."""

    sample_rate: int = 16000
    frame_ms: int = 30
    silence_ms: int = 800  # trailing silence that ends a reply once speech started
    speculative_ms: int = 300  # trailing silence that reports PROBABLE_END
    min_speech_ms: int = 200  # voiced audio within onset_window_ms that starts speech
    onset_window_ms: int = 300
    resume_ms: int = 90  # voiced audio within resume_window_ms that counts as speech again
    resume_window_ms: int = 150
    margin_ms: int = 200  # kept either side of the speech in reply_pcm()
    max_reply_s: float = 60.0  # from the start of speech
    no_speech_timeout_s: float = 8.0  # from the start of the capture

    def __post_init__(self) -> None:
        """Reject settings the detector cannot honour."""
        if self.sample_rate <= 0 or self.frame_ms <= 0:
            raise ValueError("sample_rate and frame_ms must be positive")
        if self.sample_rate * self.frame_ms % 1000:
            raise ValueError("frame_ms must be a whole number of samples")
        if not 0 < self.speculative_ms <= self.silence_ms:
            raise ValueError("need 0 < speculative_ms <= silence_ms")
        if self.min_speech_ms <= 0 or self.min_speech_ms > self.onset_window_ms:
            raise ValueError("need 0 < min_speech_ms <= onset_window_ms")
        if self.resume_ms <= 0 or self.resume_ms > self.resume_window_ms:
            raise ValueError("need 0 < resume_ms <= resume_window_ms")
        if self.margin_ms < 0 or self.max_reply_s <= 0 or self.no_speech_timeout_s <= 0:
            raise ValueError("margin_ms must be >= 0; max_reply_s, no_speech_timeout_s > 0")

    @property
    def frame_samples(self) -> int:
        """Samples in one analysis frame."""
        return self.sample_rate * self.frame_ms // 1000

    @property
    def frame_bytes(self) -> int:
        """Bytes in one analysis frame of 16-bit mono PCM."""
        return 2 * self.frame_samples

    def frames(self, ms: float) -> int:
        """Whole frames needed to cover ms milliseconds."""
        return max(1, math.ceil(ms / self.frame_ms - 1e-9))

    def samples(self, seconds: float) -> int:
        """Samples in a duration."""
        return round(seconds * self.sample_rate)


class EndpointDetector:
    """Feed PCM chunks of any size; get start, probable end, resume and end events."""

    def __init__(self, config: EndpointConfig, vad: VoiceActivity) -> None:
        """A fresh detector for one reply."""
        self._config = config
        self._vad = vad
        self._onset_n = config.frames(config.min_speech_ms)
        self._onset_m = max(self._onset_n, config.frames(config.onset_window_ms))
        self._resume_n = config.frames(config.resume_ms)
        self._resume_m = max(self._resume_n, config.frames(config.resume_window_ms))
        self._speculative_wait = config.samples(config.speculative_ms / 1000)
        self._silence_wait = config.samples(config.silence_ms / 1000)
        self._max_length = config.samples(config.max_reply_s)
        self._no_speech_limit = config.samples(config.no_speech_timeout_s)
        self._window: deque[tuple[int, bool]] = deque(maxlen=max(self._onset_m, self._resume_m))
        self._pending = bytearray()
        self._pcm = bytearray()
        self._frame_dbfs: list[float] = []
        self._frame_voiced: list[bool] = []
        self._bytes_fed = 0
        self._position = 0
        self._level = SILENT
        self._onset: int | None = None
        self._voice_end = 0
        self._probable = False
        self._end: EndpointEvent | None = None

    @property
    def config(self) -> EndpointConfig:
        """The timings in force."""
        return self._config

    @property
    def level(self) -> Level:
        """RMS and peak of the last chunk fed, for a meter."""
        return self._level

    @property
    def position(self) -> int:
        """Samples analysed so far."""
        return self._position

    @property
    def ended(self) -> bool:
        """True once ENDED has been emitted; later audio is ignored."""
        return self._end is not None

    @property
    def end_event(self) -> EndpointEvent | None:
        """The ENDED event, once there is one."""
        return self._end

    @property
    def speech_start_s(self) -> float | None:
        """Seconds from capture start to the first speech (the learner's patience)."""
        return None if self._onset is None else self._onset / self._config.sample_rate

    @property
    def speech_end_s(self) -> float | None:
        """Seconds from the start of capture to the end of the last speech."""
        return None if self._onset is None else self._voice_end / self._config.sample_rate

    @property
    def endpoint_wait_s(self) -> float | None:
        """Seconds between the last voiced audio and ENDED, once ended after speech."""
        if self._end is None or self._onset is None:
            return None
        return (self._end.detected_at - self._voice_end) / self._config.sample_rate

    def feed(self, pcm: bytes) -> list[EndpointEvent]:
        """Analyse a chunk of 16-bit mono PCM (any length); the events it caused."""
        if self._end is not None:
            return []
        aligned = pcm[self._bytes_fed % 2 :]
        self._bytes_fed += len(pcm)
        if len(aligned) >= 2:
            self._level = measure(aligned)
        self._pending += pcm
        events: list[EndpointEvent] = []
        size = self._config.frame_bytes
        while len(self._pending) >= size and self._end is None:
            frame = bytes(self._pending[:size])
            del self._pending[:size]
            events += self._analyse(frame)
        return events

    def stop(self) -> list[EndpointEvent]:
        """End now (push-to-talk released): [ENDED stopped], or [] if already ended."""
        if self._end is not None:
            return []
        boundary = self._position if self._onset is None else self._voice_end
        return self._finish(EndReason.STOPPED, boundary)

    def captured_pcm(self) -> bytes:
        """All whole frames analysed, from the start of the capture."""
        return bytes(self._pcm)

    @property
    def reply_start(self) -> int | None:
        """The sample reply_pcm() starts at (margin_ms before the speech), once speech started."""
        if self._onset is None:
            return None
        return max(0, self._onset - self._config.samples(self._config.margin_ms / 1000))

    def reply_pcm(self) -> bytes:
        """The speech with margin_ms either side (where audio exists); b"" if none."""
        first = self.reply_start
        if first is None:
            return b""
        last = min(self._position, self._voice_end + self._config.samples(self._config.margin_ms / 1000))
        return bytes(self._pcm[2 * first : 2 * last])

    def pcm_between(self, first: int, last: int) -> bytes:
        """The analysed audio from sample first to sample last."""
        return bytes(self._pcm[2 * first : 2 * last])

    def noise(self) -> NoiseEstimate:
        """Speech level against the noise floor, from capture start to speech end.

        The trailing wait is left out: a file's padding (digital silence) would pass
        for a quiet room, and a real room was already heard before and between words.
        """
        last = len(self._frame_dbfs)
        if self._onset is not None:
            last = self._voice_end // self._config.frame_samples
        return estimate_noise(self._frame_dbfs[:last], self._frame_voiced[:last])

    def _analyse(self, frame: bytes) -> list[EndpointEvent]:
        """Run one frame through the voice detector and the state machine."""
        start = self._position
        voiced = self._vad.is_speech(frame)
        self._pcm += frame
        self._position += self._config.frame_samples
        self._frame_dbfs.append(rms_dbfs(frame))
        self._frame_voiced.append(voiced)
        self._window.append((start, voiced))
        if self._onset is None:
            return self._while_waiting()
        return self._while_speaking(voiced, self._onset)

    def _voiced_starts(self, frames: int) -> list[int]:
        """Start samples of the voiced frames among the last `frames` analysed."""
        recent = list(self._window)[-frames:]
        return [start for start, voiced in recent if voiced]

    def _while_waiting(self) -> list[EndpointEvent]:
        """Before speech: start on N of M voiced frames, or give up at the timeout."""
        starts = self._voiced_starts(self._onset_m)
        if len(starts) >= self._onset_n:
            self._onset = starts[0]
            self._voice_end = self._position
            return [self._event(EventKind.SPEECH_STARTED, self._onset)]
        if self._position >= self._no_speech_limit:
            return self._finish(EndReason.NO_SPEECH, self._position)
        return []

    def _while_speaking(self, voiced: bool, onset: int) -> list[EndpointEvent]:
        """After the start: track the last speech, report probable and final ends."""
        events: list[EndpointEvent] = []
        starts = self._voiced_starts(self._resume_m)
        if voiced and len(starts) >= self._resume_n:
            if self._probable:
                self._probable = False
                resumed = next((s for s in starts if s >= self._voice_end), starts[0])
                events.append(self._event(EventKind.SPEECH_RESUMED, resumed))
            self._voice_end = self._position
        silence = self._position - self._voice_end
        if not self._probable and silence >= self._speculative_wait:
            self._probable = True
            events.append(self._event(EventKind.PROBABLE_END, self._voice_end))
        if silence >= self._silence_wait:
            events += self._finish(EndReason.SILENCE, self._voice_end)
        elif self._position - onset >= self._max_length:
            events += self._finish(EndReason.MAX_LENGTH, self._voice_end)
        return events

    def _event(self, kind: EventKind, sample: int) -> EndpointEvent:
        """An event about `sample`, decided at the current position."""
        return EndpointEvent(kind, sample, self._position, self._config.sample_rate)

    def _finish(self, reason: EndReason, sample: int) -> list[EndpointEvent]:
        """Emit ENDED and ignore everything after it."""
        self._end = EndpointEvent(EventKind.ENDED, sample, self._position, self._config.sample_rate, reason)
        self._pending.clear()
        return [self._end]
