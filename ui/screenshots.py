"""render_screenshots: every main screen with sample data in a throwaway data folder, saved as PNG."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from trainer.engines import Transcript, Word
from trainer.paths import AppPaths
from trainer.scenarios import ScenarioLibrary
from trainer.speech.wav import write_wav
from trainer.storage.database import open_database
from trainer.storage.progress import ProgressStore
from ui.app import make_application
from ui.controllers.listening import Heard
from ui.main_window import MainWindow
from ui.sample_data import seed_progress
from ui.services import Services, build_services
from ui.settings import Settings

SIZE = (1280, 800)
LEARNER = "Alex Morgan"
SPOKEN_REPLY = ("I hear that it feels like more admin on top of your Friday updates, and I get why that's frustrating. "
                "Let's try the Monday review for a few weeks, because it will help us catch stalled deals early.")
WEAK_REPLY = "Okay, fair enough. If your CRM is tidy, maybe you can skip the Monday review."
BROKEN_SCENARIO = """id: price-rise-draft
version: 1
title: Defend the price rise
situation: challenge-the-prospect
learner_role: Account executive
counterpart: {persona: cfo-sceptic, name: Dana Whitfield, role: CFO}
brief: Hold the new price.
criteria: {engages: 2, reasons: 1}
pass_mark: 70
turns:
  - id: opening
    lines: ["Your price went up eight percent. Why should I pay that?"]
    requires: [engages, reasons, empathy]
    model_answer: Because it is worth it.
"""


class QuietSpeaker(QObject):
    """A speaker that finishes at once (screenshots need no sound)."""

    finished = Signal()
    failed = Signal(str)

    def play(self, _path: Path) -> None:
        """Finish at once."""
        QTimer.singleShot(0, self.finished.emit)

    def stop(self) -> None:
        """Nothing is playing."""


class _SampleMicrophone(QObject):
    """Speech-like noise in 100 ms chunks, so the meter and the detector have something to show."""

    chunk = Signal(object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._timer: QTimer | None = None
        self._rng = np.random.default_rng(3)
        self._t = 0.0

    def start(self) -> None:
        """Start the chunk timer."""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._emit)
        self._timer.start(100)

    def _emit(self) -> None:
        at = self._t + np.arange(1600) / 16000
        envelope = 0.25 * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * at))
        voice = envelope * (np.sin(2 * np.pi * 160 * at) + 0.3 * self._rng.standard_normal(1600))
        self._t += 0.1
        self.chunk.emit((np.clip(voice, -1, 1) * 32767).astype("<i2").tobytes())

    def stop(self) -> None:
        """Stop the chunk timer."""
        if self._timer is not None:
            self._timer.stop()


class NoTranscriber:
    """Stands in for the recogniser; screenshots never transcribe."""

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = 16000) -> Transcript:
        """An empty transcript."""
        return Transcript("", len(pcm) / 2 / sample_rate)

    def transcribe_file(self, path: Path) -> Transcript:
        """An empty transcript."""
        return Transcript("", 0.0)

    def version(self) -> str:
        """No engine."""
        return "none"


def wait_for(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    """Run the event loop until condition() holds (or the time is up)."""
    app, deadline = QCoreApplication.instance(), time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline and app is not None:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
        time.sleep(0.005)
    if app is not None:
        app.processEvents()


def _sample_folder(root: Path, source: AppPaths) -> AppPaths:
    """A copy of the scenarios (plus one broken draft, to show the warning) and voices."""
    shutil.copytree(source.scenarios, root / "scenarios")
    shutil.copytree(source.voices, root / "voices")
    (root / "scenarios" / "price-rise-draft.yaml").write_text(BROKEN_SCENARIO, encoding="utf-8")
    return AppPaths(root=root, data=root / "data")


def sample_services(paths: AppPaths, microphone: Callable[[], object] = _SampleMicrophone) -> Services:
    """The real services with a quiet speaker, a stand-in recogniser and this microphone."""
    return dataclasses.replace(build_services(paths), load_transcriber=NoTranscriber,
                               microphone_factory=lambda _device: microphone,  # type: ignore[arg-type,return-value]
                               microphone_problem=lambda _device: None, make_speaker=lambda parent: QuietSpeaker(parent))


def seed(paths: AppPaths, services: Services, fill: Callable[[ProgressStore, ScenarioLibrary], object]) -> None:
    """Fill a fresh database with sample data (the connection is closed again)."""
    db = open_database(paths.database)
    try:
        fill(ProgressStore(db), services.load_catalogue().scenarios)
    finally:
        db.conn.close()


def _spoken_reply(paths: AppPaths, started_at: float) -> Heard:
    """A spoken reply as the recogniser would hand it over (word timings at a steady pace)."""
    words, at = [], 0.35
    for word in SPOKEN_REPLY.split():
        words.append(Word(word, at, at + 0.3))
        at += 0.39
    audio = write_wav(paths.audio / "sample-reply.wav", bytes(int(at * 16000) * 2))
    return Heard(0, Transcript(SPOKEN_REPLY, at + 0.2, tuple(words), "faster-whisper base"), audio, started_at,
                 started_at + at, at)


def grab(widget: QWidget, out_dir: Path, name: str, settle_s: float = 0.25) -> Path:
    """Save a widget as out_dir/name.png once layouts and charts have settled."""
    wait_for(lambda: False, settle_s)
    path = out_dir / f"{name}.png"
    widget.grab().save(str(path))
    return path


def render_screenshots(paths: AppPaths, out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    """Render Scenarios, Practice, Feedback, Progress (overview and history), Settings and Welcome at 1280x800.

    `size` is in device-independent pixels: with QT_SCALE_FACTOR=1.5, (853, 533) shows a 1280x800 screen at 150 %.
    """
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window flashes up; same pixels everywhere
    make_application([])
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pushback-shots-") as tmp:
        sample = _sample_folder(Path(tmp), paths)
        services = sample_services(sample)
        seed(sample, services, lambda store, library: seed_progress(store, library, LEARNER))
        settings = Settings.load(sample.data)
        settings.update({"learner_name": LEARNER, "first_run_done": True})
        window = MainWindow(services, settings)
        try:
            return _render_all(window, sample, out_dir, size)
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()
            wait_for(lambda: False, 0.1)


def _render_all(window: MainWindow, sample: AppPaths, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    window.resize(*size)
    window.show()
    wait_for(lambda: window.practice.catalogue is not None and window.talk.recogniser == "ready")
    wait_for(lambda: any(card.scores.text() != "Not practised yet" for card in window.scenarios.view.cards), 5)
    shots = [grab(window, out_dir, "scenarios")]
    practice, view = window.practice, window.practice.view
    saved: list[object] = []
    practice.attempt_saved.connect(saved.append)
    window.start_practice("hold-the-line")
    wait_for(lambda: practice.session is not None and practice.session.phase.value == "listening")
    practice.send_typed(WEAK_REPLY)
    wait_for(lambda: len(saved) == 1)
    practice.retry()
    wait_for(lambda: practice.session is not None and practice.session.phase.value == "listening")
    listening_at = time.monotonic()
    window.talk.start()
    wait_for(lambda: view.talk.meter.value > 0.3 and time.monotonic() - listening_at > 2.2, 4)
    shots.append(grab(window, out_dir, "practice"))
    window.talk.cancel()
    window.talk.heard.emit(_spoken_reply(sample, listening_at + 1.2))
    wait_for(lambda: len(saved) == 2)
    shots.append(grab(window, out_dir, "feedback"))
    window.navigate("progress")
    wait_for(lambda: window.progress.view.heatmap.weeks != [] and window.progress.view.history.table.rowCount() > 0)
    shots.append(grab(window, out_dir, "progress"))
    history = window.progress.view.history
    window.progress.view.tabs.setCurrentWidget(history)
    history.table.selectRow(0)
    wait_for(lambda: history.detail is not None)
    shots.append(grab(window, out_dir, "progress-history"))
    window.navigate("settings")
    shots.append(grab(window, out_dir, "settings"))
    window.navigate("welcome")
    shots.append(grab(window, out_dir, "welcome"))
    from ui.editor.screenshots import render_editor_screenshots

    return shots + render_editor_screenshots(window, out_dir, grab, wait_for)


if __name__ == "__main__":  # a developer's shortcut; main.py is the real entry point
    import sys

    QApplication.setApplicationName("Pushback")
    root = Path(__file__).resolve().parent.parent
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0  # run with QT_SCALE_FACTOR set to the same value
    logical = (round(SIZE[0] / scale), round(SIZE[1] / scale))
    print("\n".join(str(p) for p in render_screenshots(AppPaths(root, root / ".data"), Path(sys.argv[1]), logical)))
