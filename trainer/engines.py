"""The small interfaces behind which every engine sits, and the values they exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class NeuralVoice:
    """A persona's natural voice: which neural engine, which of its voices, and how it speaks."""

    engine: str  # "piper" or "kokoro"
    voice: str  # piper: a model name ("en_US-joe-medium"); kokoro: a voice pack ("jf_alpha")
    speed: float = 1.0  # 1.0 is the voice's own pace; the learner's rate setting scales it
    noise_scale: float | None = None  # piper only: how varied the delivery is (None: the model's own)
    noise_w_scale: float | None = None  # piper only: how varied the phoneme lengths are
    volume: float = 1.0


@dataclass(frozen=True)
class Persona:
    """A counterpart's voice, loaded from voices/*.yaml."""

    id: str
    name: str
    description: str
    gender: str
    accent: str
    espeak_voice: str  # an espeak-ng voice id, variants with '+', e.g. "en-gb+f3"
    rate_wpm: int = 160
    pitch: int = 50  # espeak pitch 0-99
    volume: float = 1.0
    natural: NeuralVoice | None = None  # None: the persona speaks with espeak-ng only


@dataclass(frozen=True)
class Word:
    """One recognised word with its timing in seconds from the start of the audio."""

    text: str
    start_s: float
    end_s: float
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    """What a transcriber heard."""

    text: str
    duration_s: float
    words: tuple[Word, ...] = field(default_factory=tuple)
    engine: str = ""
    elapsed_s: float = 0.0


class RecognitionFailed(RuntimeError):
    """The recogniser produced nothing usable for this audio (it looped, or gave up)."""


class Synthesiser(Protocol):
    """Turns a line of text into a verified WAV file in a persona's voice."""

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path: ...

    def version(self) -> str: ...


class Transcriber(Protocol):
    """Turns 16 kHz mono 16-bit PCM into a transcript; loaded once, reused per call."""

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = 16000) -> Transcript: ...

    def transcribe_file(self, path: Path) -> Transcript: ...

    def version(self) -> str: ...


class TranscriptionStream(Protocol):
    """A reply being recognised while it is recorded: feed() its audio, then finish() (or cancel())."""

    def feed(self, pcm: bytes) -> None: ...

    def speculate(self, pcm: bytes) -> None: ...

    def resume(self) -> None: ...

    def finish(self, pcm: bytes | None = None, timeout_s: float | None = None) -> Transcript: ...

    def cancel(self) -> None: ...


@runtime_checkable
class StreamingTranscriber(Protocol):
    """A Transcriber that can also decode while the learner is still speaking."""

    def start_stream(self, context: str = "") -> TranscriptionStream: ...


class AudioOutput(Protocol):
    """Plays a WAV file (speakers in the app, a recorder in tests)."""

    def play(self, path: Path) -> None: ...

    def stop(self) -> None: ...
