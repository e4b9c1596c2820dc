"""The long-lived workers of one window: database thread, speech thread, capture thread, speaker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QThreadPool

from ui.services import Services, close_store, close_synthesiser
from ui.settings import Settings
from ui.workers import SerialWorker

if TYPE_CHECKING:
    from trainer.engines import Synthesiser, Transcriber
    from trainer.storage.progress import ProgressStore
    from ui.audio import Microphone, Speaker
    from ui.controllers.listening import Listener

log = logging.getLogger(__name__)
R = TypeVar("R")


@dataclass
class Runtime:
    """Everything that runs besides the GUI thread, started together and stopped together.

    The speaker and the listener (with the capture thread behind it) are made on first use: QtMultimedia,
    and numpy with the listener's modules, are not needed to show the window.
    """

    db: SerialWorker[ProgressStore]
    tts: SerialWorker[Synthesiser]
    make_speaker: Callable[[], Speaker]
    make_listener: Callable[[], Listener]
    transcriber: Transcriber | None = None
    _speaker: Speaker | None = field(default=None, repr=False)
    _listener: Listener | None = field(default=None, repr=False)

    @property
    def speaker(self) -> Speaker:
        """The speaker, made the first time it is asked for."""
        if self._speaker is None:
            self._speaker = self.make_speaker()
        return self._speaker

    @property
    def listener(self) -> Listener:
        """The listener, made (with the recogniser known so far) the first time it is asked for."""
        if self._listener is None:
            self._listener = self.make_listener()
            if self.transcriber is not None:
                self._listener.set_transcriber(self.transcriber)
        return self._listener

    @property
    def has_listener(self) -> bool:
        """True once the listener has been made."""
        return self._listener is not None

    def set_transcriber(self, transcriber: Transcriber) -> None:
        """Recognise replies with this from now on (the listener takes it when it is made)."""
        self.transcriber = transcriber
        if self._listener is not None:
            self._listener.set_transcriber(transcriber)

    def stop(self, timeout_s: float = 10.0) -> bool:
        """Stop every worker (queued database writes finish first); True when all have ended."""
        if self._listener is not None:
            self._listener.shutdown()
        if self._speaker is not None:
            self._speaker.stop()
        stopped = [self.tts.stop(timeout_s), self.db.stop(timeout_s)]
        stopped.append(QThreadPool.globalInstance().waitForDone(round(timeout_s * 1000)))
        if not all(stopped):
            log.warning("some workers did not stop in time: %s", stopped)
        return all(stopped)

    @property
    def running(self) -> bool:
        """True while any worker thread runs."""
        listening = self._listener is not None and self._listener.running
        return self.db.running or self.tts.running or listening


def _after(first: Callable[[], object], open_resource: Callable[[], R]) -> Callable[[], R]:
    """open_resource, once first has returned (on the worker's thread)."""

    def opened() -> R:
        first()
        return open_resource()

    return opened


def start_runtime(services: Services, settings: Settings, parent: QObject,
                  store_after: Callable[[], object] = lambda: None,
                  voice_after: Callable[[], object] = lambda: None) -> Runtime:
    """Start the workers; the microphone follows the device chosen in settings at each recording.

    The database thread calls store_after() before it opens the store, the speech thread voice_after()
    before it makes the synthesiser: the main window passes waits for the earlier start-up stages, so
    these imports do not hold up the scenario cards (see Startup).
    """

    def microphone() -> Microphone:
        """A microphone for the device chosen now."""
        return services.microphone_factory(settings.microphone)()

    def listener() -> Listener:
        from ui.controllers.listening import Listener

        return Listener(microphone, services.paths.audio, parent)

    db: SerialWorker[ProgressStore] = SerialWorker("pushback-db", _after(store_after, services.open_store),
                                                   close_store, parent)
    tts: SerialWorker[Synthesiser] = SerialWorker("pushback-tts", _after(voice_after, services.make_synthesiser),
                                                  close_synthesiser, parent)
    db.start()
    tts.start()
    return Runtime(db, tts, lambda: services.make_speaker(parent), listener)
