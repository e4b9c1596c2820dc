"""The concrete engines behind the app, built from explicit paths: the one place that picks them.

Each engine's modules are imported where it is made, not here: the main window imports this module
before it shows, and QtMultimedia, the scenario reader or SQLite need not hold it up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from trainer.engines import Synthesiser, Transcriber, Transcript, TranscriptionStream
from trainer.grading.lazy import Grader, LazyGrader
from trainer.paths import AppPaths

if TYPE_CHECKING:
    from trainer.personas import PersonaLibrary
    from trainer.scenarios import ScenarioLibrary
    from trainer.storage.progress import ProgressStore
    from ui.audio import Microphone, MicrophoneFactory, Speaker


@dataclass(frozen=True)
class Catalogue:
    """The scenarios and voice personas on disk."""

    scenarios: ScenarioLibrary
    personas: PersonaLibrary


class LockedTranscriber:
    """One model, one caller at a time (an early transcription may still run when the final one starts)."""

    def __init__(self, inner: Transcriber) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = 16000, context: str = "") -> Transcript:
        """Transcribe while holding the lock; context primes the recogniser where it takes one."""
        with self._lock:
            if context:
                return self._inner.transcribe_pcm(pcm, sample_rate, context)  # type: ignore[call-arg]
            return self._inner.transcribe_pcm(pcm, sample_rate)

    def start_stream(self, context: str = "") -> TranscriptionStream:
        """Recognise while the learner speaks (the session decodes on its own thread)."""
        return self._inner.start_stream(context)  # type: ignore[attr-defined, no-any-return]

    def transcribe_file(self, path: Path) -> Transcript:
        """Transcribe a file while holding the lock."""
        with self._lock:
            return self._inner.transcribe_file(path)

    def version(self) -> str:
        """The wrapped recogniser's version."""
        return self._inner.version()


@dataclass(frozen=True)
class Services:
    """Factories for everything with a side effect; tests replace the hardware edge."""

    paths: AppPaths
    load_catalogue: Callable[[], Catalogue]  # any thread
    grader: Grader
    open_store: Callable[[], ProgressStore]  # on the database thread only
    make_synthesiser: Callable[[], Synthesiser]  # on the speech thread only
    load_transcriber: Callable[[], Transcriber]  # slow: on a pool thread
    microphone_factory: Callable[[str], MicrophoneFactory]  # device id -> factory run on the capture thread
    microphone_problem: Callable[[str], str | None]  # device id -> why it cannot record, or None
    input_devices: Callable[[], list[tuple[str, str]]]
    make_speaker: Callable[[QObject], Speaker]  # on the GUI thread
    warm_up: Callable[[], None] = lambda: None  # load what the first reply needs (a pool thread, after start-up)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the store keeps UTC stamps

    @property
    def tts_cache(self) -> Path:
        """Where synthesised lines are kept."""
        return self.paths.cache / "voices"


def close_store(store: ProgressStore) -> None:
    """Close the connection (on the database thread, which opened it)."""
    store.db.conn.close()


def close_synthesiser(synthesiser: Any) -> None:
    """Stop a synthesiser's own worker thread, when it has one."""
    inner = getattr(synthesiser, "_inner", synthesiser)
    close = getattr(inner, "close", None)
    if callable(close):
        close()


def _catalogue(paths: AppPaths) -> Catalogue:
    """Every scenario source: yours, the folders added in settings, then the built-in ones."""
    from trainer.personas import load_personas
    from trainer.scenarios.library import load_sources, scenario_sources
    from ui.settings import Settings

    personas = load_personas(paths.voices)
    sources = scenario_sources(paths.scenarios, paths.user_scenarios, Settings.load(paths.data).scenario_folders)
    return Catalogue(load_sources(sources, personas.personas.keys()), personas)


def _open_store(paths: AppPaths) -> ProgressStore:
    from trainer.storage.database import open_database
    from trainer.storage.progress import ProgressStore

    return ProgressStore(open_database(paths.database))


def _synthesiser(paths: AppPaths) -> Synthesiser:
    from trainer.speech.synthesis import default_synthesiser

    return default_synthesiser(paths.cache)  # loads no model: the first line spoken does (after the window shows)


def _transcriber(paths: AppPaths) -> Transcriber:
    from trainer.speech.transcription import WhisperTranscriber
    from trainer.speech.whisper_model import model_dir

    return warm_up(LockedTranscriber(WhisperTranscriber.load(model_dir(paths.cache / "models"))))


def warm_up(transcriber: Transcriber) -> Transcriber:
    """Transcribe a second of faint noise once: the first call is ~1.5 s slower, better spent at start-up."""
    import numpy as np

    noise = np.random.default_rng(0).standard_normal(16000) * 300
    transcriber.transcribe_pcm(noise.astype("<i2").tobytes(), 16000)
    return transcriber


def _microphone_factory(device_id: str) -> MicrophoneFactory:
    def make() -> Microphone:
        """A QtMicrophone on the chosen device (or the default)."""
        from ui.audio import QtMicrophone, find_input

        return QtMicrophone(find_input(device_id))

    return make


def _microphone_problem(device_id: str) -> str | None:
    from ui.audio import microphone_problem

    return microphone_problem(device_id)


def _input_devices() -> list[tuple[str, str]]:
    from ui.audio import input_devices

    return input_devices()


def _speaker(parent: QObject) -> Speaker:
    from ui.audio import QtSpeaker

    return QtSpeaker(parent)


def build_services(paths: AppPaths) -> Services:
    """The real engines: Whisper base, natural voices (espeak-ng fallback) with a cache, QtMultimedia, SQLite."""
    grader = LazyGrader()  # loaded in the background once the window is up, not before it shows
    return Services(
        paths=paths,
        load_catalogue=lambda: _catalogue(paths),
        grader=grader,
        warm_up=grader.warm,
        open_store=lambda: _open_store(paths),
        make_synthesiser=lambda: _synthesiser(paths),
        load_transcriber=lambda: _transcriber(paths),
        microphone_factory=_microphone_factory,
        microphone_problem=_microphone_problem,
        input_devices=_input_devices,
        make_speaker=_speaker,
    )
