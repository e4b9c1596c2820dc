"""Fakes at the hardware edge for the UI tests (a microphone streaming a WAV, a speaker that takes notes),
and the fixtures the UI tests share (loaded with `pytest_plugins = ["ui_fakes"]`)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication

from trainer.engines import Persona, Transcript
from trainer.paths import AppPaths
from trainer.speech.wav import read_pcm16k

ROOT = Path(__file__).resolve().parent.parent
RATE = 16000
LEARNER_VOICE = Persona("learner", "Learner", "a learner's voice for tests", "female", "British English", "en-gb",
                        rate_wpm=165, pitch=50)
REPLIES = {
    # hold-the-line, turn "opening": misses engages and commitment -> branch "so-its-optional"
    "weak": "Okay, fair enough. If your CRM is tidy, maybe you can skip the Monday review.",
    # meets all five -> branch "the-team-agrees"
    "good": "I hear you, and I understand the worry. The review stays every Monday, and I am committed to it.",
}


class FakeMicrophone(QObject):
    """A microphone on a timer: room silence in real-time-sized chunks, and a WAV's speech once one is 'said'."""

    chunk = Signal(object)
    failed = Signal(str)

    def __init__(self, source: FakeMicrophones, chunk_ms: int = 40) -> None:
        super().__init__()
        self._source = source
        self._chunk_bytes = 2 * RATE * chunk_ms // 1000
        self._interval = chunk_ms
        self._speech = b""
        self._sent = 0
        self._started = 0.0
        self._timer: QTimer | None = None

    def start(self) -> None:
        self._started = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(self._interval)

    def _tick(self) -> None:
        self._speech += self._source.take()
        due = int((time.monotonic() - self._started) * self._source.speed * RATE) * 2
        while self._sent + self._chunk_bytes <= due:
            piece, self._speech = self._speech[: self._chunk_bytes], self._speech[self._chunk_bytes :]
            self._sent += self._chunk_bytes
            self.chunk.emit(piece + bytes(self._chunk_bytes - len(piece)))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()


class FakeMicrophones:
    """The input factory (called on the capture thread); `say(wav)` makes the open microphone hear a WAV."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self.made = 0
        self._said: list[bytes] = []
        self._lock = threading.Lock()

    def __call__(self) -> FakeMicrophone:
        self.made += 1
        return FakeMicrophone(self)

    def say(self, wav: Path) -> None:
        """The learner starts speaking now."""
        with self._lock:
            self._said.append(read_pcm16k(wav))

    def take(self) -> bytes:
        with self._lock:
            said, self._said = self._said, []
        return b"".join(said)


class FakeSpeaker(QObject):
    """Notes what it was asked to play and 'finishes' it shortly after."""

    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Path] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished)

    def play(self, path: Path) -> None:
        self.played.append(Path(path))
        self._timer.start(20)

    def stop(self) -> None:
        self._timer.stop()


class FixedTranscriber:
    """A recogniser that hears the same words every time (optionally only once `gate` is set)."""

    def __init__(self, text: str, gate: threading.Event | None = None) -> None:
        self.text = text
        self.gate = gate
        self.calls = 0

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = 16000) -> Transcript:
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(10)
        return Transcript(self.text, len(pcm) / 2 / sample_rate, (), "fixed")

    def transcribe_file(self, path: Path) -> Transcript:
        return Transcript(self.text, 1.0, (), "fixed")

    def version(self) -> str:
        return "fixed"


@pytest.fixture(scope="session")
def transcriber(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real recogniser (Whisper base), loaded once for every UI test that needs it."""
    from trainer.speech.transcription import WhisperTranscriber
    from trainer.speech.whisper_model import model_dir
    from ui.services import LockedTranscriber

    return LockedTranscriber(WhisperTranscriber.load(model_dir(tmp_path_factory.mktemp("models"))))


@pytest.fixture(scope="session")
def reply_wavs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The learner's spoken replies, made by the app's own synthesiser (pyttsx3 + espeak-ng)."""
    from trainer.speech.synthesis import Pyttsx3Synthesiser

    folder = tmp_path_factory.mktemp("replies")
    with Pyttsx3Synthesiser() as synthesiser:
        return {key: synthesiser.synthesise(text, LEARNER_VOICE, folder / f"{key}.wav") for key, text in REPLIES.items()}


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    """The real scenarios and voices, a fresh data folder."""
    return AppPaths(root=ROOT, data=tmp_path / "data")


def fake_services(paths: AppPaths, microphones: object = None, transcriber: object = None, **replace: object):  # type: ignore[no-untyped-def]
    """The real services on these paths with fakes at the hardware edge (microphone, speaker, recogniser)."""
    from ui.services import build_services

    mics = microphones or FakeMicrophones()
    heard = transcriber or FixedTranscriber("I hear you.")
    fakes: dict[str, object] = {
        "load_transcriber": lambda: heard, "microphone_factory": lambda _device: mics,
        "microphone_problem": lambda _device: None, "input_devices": lambda: [("fake", "Fake microphone")],
        "make_speaker": lambda parent: FakeSpeaker(parent)}
    return dataclasses.replace(build_services(paths), **{**fakes, **replace})


def close_windows(windows: list) -> None:  # type: ignore[type-arg]
    """Close the test's windows and wait for every pool task (a test leaves no work behind)."""
    for window in windows:
        window.close()
    QThreadPool.globalInstance().waitForDone(10000)
    QApplication.processEvents()


@pytest.fixture
def make_window(qtbot, app_paths: AppPaths) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Build the real main window with fakes at the hardware edge; it is closed after the test."""
    from ui.main_window import MainWindow
    from ui.settings import Settings

    windows: list[MainWindow] = []

    def make(transcriber: object = None, microphones: object = None, settings: dict | None = None,  # type: ignore[type-arg]
             paths: AppPaths | None = None, **replace: object) -> MainWindow:
        use = paths or app_paths
        chosen = Settings.load(use.data)
        chosen.update({"learner_name": "Test Learner", "first_run_done": True, **(settings or {})})
        window = MainWindow(fake_services(use, microphones, transcriber, **replace), chosen)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # keyboard shortcuts only reach the active window
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        windows.append(window)
        return window

    yield make
    close_windows(windows)


class Driver:
    """What a learner does, as test steps; also hands the tests the fakes (tests import nothing from here)."""

    FixedTranscriber = FixedTranscriber
    FakeMicrophones = FakeMicrophones

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot

    def ready(self, window) -> None:  # type: ignore[no-untyped-def]
        """Until the library is on screen and the recogniser is loaded."""
        self.qtbot.waitUntil(lambda: window.practice.catalogue is not None and window.talk.recogniser == "ready",
                             timeout=20000)

    def open(self, window, scenario_id: str) -> None:  # type: ignore[no-untyped-def]
        """Click Practise on a scenario's card and wait for the counterpart's line."""
        button = next(c.button for c in window.scenarios.view.cards if c.data.id == scenario_id)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.wait_turn(window)

    def wait_turn(self, window) -> None:  # type: ignore[no-untyped-def]
        """Until the counterpart's line has been said and the session listens."""
        self.qtbot.waitUntil(lambda: window.practice.session is not None
                             and window.practice.session.phase.value == "listening", timeout=15000)

    def type_reply(self, window, text: str) -> None:  # type: ignore[no-untyped-def]
        """Type into the reply box and press Enter; returns once the feedback is shown."""
        box = window.practice.view.talk.typed
        self.qtbot.keyClicks(box, text)
        with self.qtbot.waitSignal(window.practice.feedback_shown, timeout=10000):
            self.qtbot.keyClick(box, Qt.Key.Key_Return)


@pytest.fixture
def ui(qtbot) -> Driver:  # type: ignore[no-untyped-def]
    return Driver(qtbot)
