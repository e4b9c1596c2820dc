"""Background start-up: the scenario library, the speech recogniser and the grader load while the window is up."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

from trainer.engines import Transcriber
from ui.services import Catalogue, Services
from ui.tasks import run_task

log = logging.getLogger(__name__)

LIBRARY_HEAD_START_S = 3.0  # the longest the recogniser waits for the library to be read


class Startup(QObject):
    """Loads what is slow, reporting progress; `catalogue` and `recogniser` follow."""

    catalogue = Signal(object)  # Catalogue
    recogniser = Signal(object)  # Transcriber
    recogniser_failed = Signal(str)
    status = Signal(str, bool)  # text for the status line, busy

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.transcriber: Transcriber | None = None
        self.loaded_catalogue: Catalogue | None = None

    def begin(self) -> None:
        """Start loading the library and the recogniser in the background, the library first.

        The recogniser's imports hold the interpreter for a second or more; run alongside the library
        they would delay the scenario cards, so its task waits (a little) for the library to be read.
        """
        self.status.emit("Loading the speech recogniser…", True)
        read = threading.Event()

        def catalogue() -> Catalogue:
            try:
                return self._services.load_catalogue()
            finally:
                read.set()

        def recogniser() -> Transcriber:
            read.wait(LIBRARY_HEAD_START_S)
            return self._services.load_transcriber()

        def grader() -> None:
            read.wait(LIBRARY_HEAD_START_S)
            self._services.warm_up()

        run_task(catalogue, self._on_catalogue, self._on_catalogue_error, owner=self)
        started = time.monotonic()
        run_task(recogniser, lambda t: self._on_recogniser(t, started), self._on_recogniser_error, owner=self)
        run_task(grader, lambda _none: None, lambda e: log.error("the grader could not be loaded: %r", e), owner=self)

    def _on_catalogue(self, catalogue: Catalogue) -> None:
        self.loaded_catalogue = catalogue
        self.catalogue.emit(catalogue)

    def _on_catalogue_error(self, error: BaseException) -> None:
        log.error("the scenario library could not be loaded: %r", error)
        self.status.emit(f"Scenarios could not be loaded: {error}", False)

    def _on_recogniser(self, transcriber: Transcriber, started: float) -> None:
        self.transcriber = transcriber
        log.info("speech recogniser ready after %.1f s", time.monotonic() - started)
        self.status.emit("Speech recogniser ready", False)
        self.recogniser.emit(transcriber)

    def _on_recogniser_error(self, error: BaseException) -> None:
        log.error("the speech recogniser could not be loaded: %r", error)
        self.status.emit("Speech recognition unavailable: type your replies", False)
        self.recogniser_failed.emit(str(error) or type(error).__name__)
