"""First run: explain, take the learner's name, and check the voice and a test recording with its transcript."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from trainer.engines import Persona
from ui.services import Services
from ui.settings import Settings
from ui.views.welcome_view import WelcomeView

if TYPE_CHECKING:
    from ui.controllers.listening import Heard, Listener
    from ui.runtime import Runtime

TEST_LINE = "Hello! I'm your practice counterpart. When I push back, answer me out loud."
TEST_VOICE = Persona("test", "Test", "", "female", "British English", "en-gb+f3", rate_wpm=160, pitch=50)


class WelcomeController(QObject):
    """Runs the checks; `done` when the learner starts. The runtime's listener is asked for only when needed."""

    done = Signal()

    def __init__(self, view: WelcomeView, services: Services, settings: Settings, runtime: Runtime,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings = view, services, settings
        self._tts, self._runtime = runtime.tts, runtime
        self._token: int | None = None
        self._active = False
        self._listening = False  # connected to the listener's signals
        view.name.setText(settings.learner_name)
        view.play_voice.connect(self.play_voice)
        view.test_recording.connect(self.test_recording)
        view.done.connect(self.finish)

    def _listener(self) -> Listener:
        """The runtime's listener, its signals connected here the first time."""
        listener = self._runtime.listener
        if not self._listening:
            self._listening = True
            view = self.view
            listener.level.connect(lambda token, value: view.meter.set_value(value) if token == self._token else None)
            listener.heard.connect(self._on_heard)
            listener.missed.connect(lambda token, why: self._on_result(token, why))
            listener.failed.connect(lambda token, why: self._on_result(token, why))
        return listener

    def set_active(self, active: bool) -> None:
        """While the page shows, keep the microphone open so the test recording starts at once."""
        if active != self._active:
            self._active = active
            warm = active and self._services.microphone_problem(self._settings.microphone) is None
            if warm or self._listening:
                self._listener().warm("welcome", warm)

    def play_voice(self) -> None:
        """Synthesise and play a test line."""
        if self._tts.problem:
            self.view.voice_status.setText(f"No voice: {self._tts.problem}. Lines will be shown as text.")
            return
        self.view.voice_status.setText("Preparing the voice…")
        cache = self._services.tts_cache
        self._tts.submit(lambda synth: synth.synthesise(TEST_LINE, TEST_VOICE, cache / "test.wav"), self._play,
                         lambda error: self.view.voice_status.setText(f"The voice failed: {error}"))

    def _play(self, path: object) -> None:
        self._runtime.speaker.play(Path(str(path)))
        self.view.voice_status.setText("Playing. Did you hear it? If not, check your speakers or headphones.")

    def test_recording(self) -> None:
        """Record a test reply and show its transcript."""
        problem = self._services.microphone_problem(self._settings.microphone)
        if problem:
            self.view.mic_status.setText(f"{problem}. You can still type your replies.")
            return
        self._token = self._listener().start(self._settings.silence_ms)
        self.view.record_button.setEnabled(False)
        self.view.mic_status.setText("Listening… say a sentence, then pause.")
        self.view.heard.setText("")

    def _on_heard(self, heard: Heard) -> None:
        if heard.token == self._token:
            self._on_result(heard.token, "Your microphone works. This is what was heard:")
            self.view.heard.setText(f"“{heard.transcript.text}”")

    def _on_result(self, token: object, message: str) -> None:
        if token != self._token:
            return
        self._token = None
        self.view.record_button.setEnabled(True)
        self.view.meter.set_value(0.0)
        self.view.mic_status.setText(message)

    def finish(self, name: str) -> None:
        """Save the name, mark the first run done, go on."""
        if self._token is not None:
            self._listener().cancel()
            self._token = None
        self._settings.update({"learner_name": name, "first_run_done": True})
        self._settings.save()
        self.done.emit()
