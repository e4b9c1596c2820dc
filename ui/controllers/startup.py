"""Background start-up: the scenario library, the speech recogniser and the grader load while the window is up."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from trainer.engines import Transcriber
from ui.services import Catalogue, Services
from ui.tasks import run_task
from ui.workers import SerialWorker

log = logging.getLogger(__name__)

LIBRARY_HEAD_START_S = 3.0  # the longest a start-up stage waits for the one before


class Stopped(Exception):
    """The window closed before this could start loading."""


class Startup(QObject):
    """Loads what is slow, reporting progress; `catalogue` and `recogniser` follow.

    In stages, since loads run alongside share one interpreter lock: the scenario cards first, then the
    progress store (the cards' scores), then the speech engines. Each stage waits for the one before, but
    only a little while, so a stage that hangs never keeps the others from loading.
    """

    catalogue = Signal(object)  # Catalogue
    settled = Signal()  # the library is on screen (or could not be read): the rest may load now
    recogniser = Signal(object)  # Transcriber
    recogniser_failed = Signal(str)
    status = Signal(str, bool)  # text for the status line, busy

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.transcriber: Transcriber | None = None
        self.loaded_catalogue: Catalogue | None = None
        self.library_shown = threading.Event()
        self.store_open = threading.Event()  # set at once unless a store is watched
        self._watching = False
        self._stopped = False

    def after_library(self) -> None:
        """Block (a worker thread, never the GUI) until the library is on screen, or a little while."""
        self.library_shown.wait(LIBRARY_HEAD_START_S)

    def after_store(self) -> None:
        """Block (a worker thread) until the library is shown and the progress store opened, or a little while."""
        self.after_library()
        self.store_open.wait(LIBRARY_HEAD_START_S)

    def watch_store(self, db: SerialWorker[Any]) -> None:
        """Let the speech engines load once this store has opened (or been refused)."""
        self._watching = True
        db.ready.connect(self.store_open.set)
        db.unavailable.connect(lambda _reason: self.store_open.set())

    def stop(self) -> None:
        """The window is closing: waiting stages go on at once, and the speech engines are not loaded any more."""
        self._stopped = True
        self.library_shown.set()
        self.store_open.set()

    def _speech_may_load(self) -> None:
        self.after_store()
        if self._stopped:
            raise Stopped

    def begin(self) -> None:
        """Start loading the library and the recogniser in the background, the library first.

        The recogniser's imports hold the interpreter for a second or more; run alongside the library
        they would delay the scenario cards, so its task waits (a little) until the cards are shown.
        """
        self.status.emit("Loading the speech recogniser…", True)
        if not self._watching:
            self.store_open.set()

        def recogniser() -> Transcriber:
            self._speech_may_load()
            return self._services.load_transcriber()

        def grader() -> None:
            self._speech_may_load()
            self._services.warm_up()

        run_task(self._services.load_catalogue, self._on_catalogue, self._on_catalogue_error, owner=self)
        started = time.monotonic()
        run_task(recogniser, lambda t: self._on_recogniser(t, started), self._on_recogniser_error, owner=self)
        run_task(grader, lambda _none: None, self._on_grader_error, owner=self)

    def _on_catalogue(self, catalogue: Catalogue) -> None:
        self.loaded_catalogue = catalogue
        self.catalogue.emit(catalogue)  # the cards are built by the time emit returns
        self._settle()

    def _on_catalogue_error(self, error: BaseException) -> None:
        log.error("the scenario library could not be loaded: %r", error)
        self.status.emit(f"Scenarios could not be loaded: {error}", False)
        self._settle()

    def _settle(self) -> None:
        self.library_shown.set()
        self.settled.emit()

    def _on_recogniser(self, transcriber: Transcriber, started: float) -> None:
        self.transcriber = transcriber
        log.info("speech recogniser ready after %.1f s", time.monotonic() - started)
        self.status.emit("Speech recogniser ready", False)
        self.recogniser.emit(transcriber)

    def _on_grader_error(self, error: BaseException) -> None:
        if not isinstance(error, Stopped):
            log.error("the grader could not be loaded: %r", error)

    def _on_recogniser_error(self, error: BaseException) -> None:
        if isinstance(error, Stopped):
            return
        log.error("the speech recogniser could not be loaded: %r", error)
        self.status.emit("Speech recognition unavailable: type your replies", False)
        self.recogniser_failed.emit(str(error) or type(error).__name__)
