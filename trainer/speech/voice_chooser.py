"""Which engine speaks a persona's line: its natural (neural) voice when installed, else espeak-ng, said plainly."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from trainer.engines import NeuralVoice, Persona, Synthesiser
from trainer.speech.kokoro_voice import KokoroEngine, KokoroFiles, assemble_model, packaged_kokoro
from trainer.speech.piper_voice import PiperEngine, PiperModel, packaged_piper_models, piper_problem
from trainer.speech.speech_checks import (
    SynthesisError,
    check_text,
    join_sentences,
    read_mono_float,
    temp_beside,
    verify_speech_wav,
    write_float_wav,
)

log = logging.getLogger(__name__)

ESPEAK = "espeak"
NEURAL_WPM = 165  # about how fast the natural voices speak at speed 1.0 (for the length check)


class NeuralEngine(Protocol):
    """A loaded neural model: audio for one sentence at a time."""

    sample_rate: int

    def sentences(self, text: str, voice: NeuralVoice) -> Iterator[np.ndarray]: ...

    def version(self) -> str: ...


@dataclass(frozen=True)
class VoiceModels:
    """The neural voice models this machine has, and where Kokoro's joined model is kept."""

    piper: dict[str, PiperModel] = field(default_factory=dict)
    kokoro: KokoroFiles | None = None
    cache_dir: Path = Path(".")

    @classmethod
    def installed(cls, cache_dir: Path) -> VoiceModels:
        """Whatever the installed packages ship (nothing is ever downloaded)."""
        return cls(packaged_piper_models() if piper_problem() is None else {}, packaged_kokoro(), cache_dir)


@dataclass(frozen=True)
class VoiceRoute:
    """The engine and voice that speak a persona's lines, and why when it is not the persona's natural voice."""

    engine: str  # "piper", "kokoro" or "espeak"
    voice: str
    notice: str = ""  # "" when the persona speaks as chosen

    @property
    def natural(self) -> bool:
        """True when a neural engine speaks."""
        return self.engine != ESPEAK


class VoiceChooser:
    """A Synthesiser that speaks with each persona's natural voice, loading engines on first use only."""

    def __init__(self, models: VoiceModels, make_espeak: Callable[[], Synthesiser] | None = None) -> None:
        """models: what is installed; make_espeak builds the classic fallback (espeak-ng CLI by default)."""
        self._models = models
        self._make_espeak = make_espeak or _espeak_cli
        self._espeak: Synthesiser | None = None
        self._engines: dict[str, NeuralEngine] = {}
        self._broken: dict[str, str] = {}  # engine key -> why it cannot speak

    def version(self) -> str:
        """The neural engines loaded so far (the cache key names each line's engine precisely)."""
        loaded = ", ".join(engine.version() for engine in self._engines.values())
        return f"voice chooser ({loaded or 'nothing loaded yet'})"

    def route(self, persona: Persona) -> VoiceRoute:
        """Who will speak this persona now (loads nothing)."""
        classic = VoiceRoute(ESPEAK, persona.espeak_voice)
        wanted = persona.natural
        if wanted is None:
            return classic
        problem = self._problem(wanted)
        if problem is None:
            return VoiceRoute(wanted.engine, wanted.voice)
        notice = f"natural voice {wanted.engine} {wanted.voice} unavailable ({problem}); classic espeak-ng voice instead"
        return VoiceRoute(ESPEAK, persona.espeak_voice, notice)

    def check(self, persona: Persona) -> VoiceRoute:
        """Load the persona's natural engine if it is not yet loaded, then say who will speak."""
        if persona.natural is not None and self._problem(persona.natural) is None:
            self._load(persona.natural)
        return self.route(persona)

    def voice_key(self, persona: Persona) -> dict[str, object]:
        """Everything that decides the sound of a line except its text: engine, voice and settings."""
        return voice_key(persona, natural=self.route(persona).natural)

    def stream(self, text: str, persona: Persona) -> Iterator[tuple[np.ndarray, int]]:
        """(samples, sample rate) for each sentence as soon as it exists; espeak gives the line in one piece."""
        check_text(text)
        wanted = persona.natural
        if wanted is not None and self._problem(wanted) is None:
            engine = self._load(wanted)
            if engine is not None:
                yield from self._neural(engine, text, wanted)
                return
        yield from self._classic(text, persona)

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        """Write the whole line to out_path as a verified WAV and return out_path."""
        pieces = list(self.stream(text, persona))
        rate = pieces[0][1]
        write_checked(out_path, join_sentences([p for p, _ in pieces], rate), rate, text, self.words_per_minute(persona))
        return out_path

    def words_per_minute(self, persona: Persona) -> int:
        """The rough pace of the voice that will speak (for the length checks)."""
        route = self.route(persona)
        if route.natural and persona.natural is not None:
            return round(NEURAL_WPM * persona.natural.speed)
        return persona.rate_wpm

    def _problem(self, wanted: NeuralVoice) -> str | None:
        key = _key(wanted)
        if key in self._broken:
            return self._broken[key]
        if wanted.engine == "piper":
            return piper_problem() or (None if wanted.voice in self._models.piper else f"no piper model {wanted.voice}")
        if wanted.engine == "kokoro":
            return None if self._models.kokoro else "kokoro-onnx or its model packages are not installed"
        return f"unknown engine {wanted.engine!r}"

    def _load(self, wanted: NeuralVoice) -> NeuralEngine | None:
        key = _key(wanted)
        if key not in self._engines:
            try:
                self._engines[key] = self._open(wanted)
            except (SynthesisError, OSError) as error:
                self._broken[key] = str(error)
                log.warning("natural voice unavailable, using espeak-ng: %s", error)
                return None
        return self._engines[key]

    def _open(self, wanted: NeuralVoice) -> NeuralEngine:
        if wanted.engine == "piper":
            return PiperEngine(self._models.piper[wanted.voice])
        assert self._models.kokoro is not None
        return KokoroEngine(assemble_model(self._models.kokoro, self._models.cache_dir), self._models.kokoro.voices)

    def _neural(self, engine: NeuralEngine, text: str, wanted: NeuralVoice) -> Iterator[tuple[np.ndarray, int]]:
        for audio in engine.sentences(text, wanted):
            if audio.size == 0 or float(np.max(np.abs(audio))) < 0.01:
                raise SynthesisError(f"{engine.version()} produced silence for {text[:40]!r}")
            yield audio, engine.sample_rate

    def _classic(self, text: str, persona: Persona) -> Iterator[tuple[np.ndarray, int]]:
        if self._espeak is None:
            self._espeak = self._make_espeak()
        with tempfile.TemporaryDirectory(prefix="pushback-voice-") as scratch:
            samples = read_mono_float(self._espeak.synthesise(text, persona, Path(scratch) / "line.wav"))
        yield samples


def voice_key(persona: Persona, natural: bool) -> dict[str, object]:
    """The engine, voice and settings of the persona's natural voice (natural=True) or its classic one."""
    if natural and persona.natural is not None:
        return {"engine": persona.natural.engine, **asdict(persona.natural)}
    return {"engine": ESPEAK, "voice": persona.espeak_voice, "rate_wpm": persona.rate_wpm,
            "pitch": persona.pitch, "volume": persona.volume}


def write_checked(out_path: Path, audio: np.ndarray, rate: int, text: str, words_per_minute: int) -> Path:
    """Write samples to out_path only when the WAV passes the length and silence checks."""
    tmp = temp_beside(out_path, "voice")
    try:
        write_float_wav(tmp, audio, rate)
        problem = verify_speech_wav(tmp, text, words_per_minute)
        if problem is not None:
            raise SynthesisError(f"{out_path.name}: {problem}")
        tmp.replace(out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


def _key(wanted: NeuralVoice) -> str:
    return f"piper:{wanted.voice}" if wanted.engine == "piper" else wanted.engine


def _espeak_cli() -> Synthesiser:
    from trainer.speech.espeak_voice import EspeakCliSynthesiser

    return EspeakCliSynthesiser()
