"""The long-lived workers of one window: database thread, speech thread, capture thread, speaker."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool

from trainer.engines import Synthesiser
from trainer.storage.progress import ProgressStore
from ui.audio import Microphone, Speaker
from ui.controllers.listening import Listener
from ui.services import Services, close_store, close_synthesiser
from ui.settings import Settings
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything that runs besides the GUI thread, started together and stopped together."""

    db: SerialWorker[ProgressStore]
    tts: SerialWorker[Synthesiser]
    listener: Listener
    speaker: Speaker

    def stop(self, timeout_s: float = 10.0) -> bool:
        """Stop every worker (queued database writes finish first); True when all have ended."""
        self.listener.shutdown()
        self.speaker.stop()
        stopped = [self.tts.stop(timeout_s), self.db.stop(timeout_s)]
        stopped.append(QThreadPool.globalInstance().waitForDone(round(timeout_s * 1000)))
        if not all(stopped):
            log.warning("some workers did not stop in time: %s", stopped)
        return all(stopped)

    @property
    def running(self) -> bool:
        """True while any worker thread runs."""
        return self.db.running or self.tts.running or self.listener.running


def start_runtime(services: Services, settings: Settings, parent: QObject) -> Runtime:
    """Start the workers; the microphone follows the device chosen in settings at each recording."""

    def microphone() -> Microphone:
        """A microphone for the device chosen now."""
        return services.microphone_factory(settings.microphone)()

    db: SerialWorker[ProgressStore] = SerialWorker("pushback-db", services.open_store, close_store, parent)
    tts: SerialWorker[Synthesiser] = SerialWorker("pushback-tts", services.make_synthesiser, close_synthesiser, parent)
    db.start()
    tts.start()
    listener = Listener(microphone, services.paths.audio, parent)
    return Runtime(db, tts, listener, services.make_speaker(parent))
