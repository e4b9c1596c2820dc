"""The talk control: Space held (push-to-talk) or tapped / clicked (stops on silence), meter and clock."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from ui.controllers.listening import Heard, Listener
from ui.settings import Settings
from ui.views.practice_view import PracticeView

HOLD_S = 0.45  # Space held longer than this is push-to-talk: releasing it ends the reply
STEPS = {"listening": "● Listening  →  Transcribing  →  Grading", "speaking": "● Listening  →  Transcribing  →  Grading",
         "transcribing": "✓ Listening  →  ● Transcribing  →  Grading", "grading": "✓ Listening  →  ✓ Transcribing  →  ● Grading"}


class TalkControl(QObject):
    """Turns key presses and clicks into recordings; reports what was heard."""

    started = Signal()  # the learner began to answer (stop the counterpart's voice)
    heard = Signal(object)  # Heard
    busy = Signal(bool)  # recording or transcribing

    def __init__(self, view: PracticeView, listener: Listener, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._listener = listener
        self._settings = settings
        self._token: int | None = None  # the reply being recorded
        self._mine: int | None = None  # the reply being recorded or transcribed
        self._pressed_at = 0.0
        self._started_at = 0.0
        self._held = False  # the recording was started by a Space press that may be held
        self._allowed = False
        self._shown = True
        self.mic_problem: str | None = None
        self.context = ""  # the scenario's names and the line being answered: primes the recogniser
        self.recogniser = "loading"  # "loading" | "ready" | the reason it failed
        self._clock = QTimer(self)
        self._clock.setInterval(200)
        self._clock.timeout.connect(lambda: view.set_elapsed(time.monotonic() - self._started_at))
        view.talk_down.connect(self._on_key_down)
        view.talk_up.connect(self._on_key_up)
        view.talk_clicked.connect(self._toggle)
        view.stop.connect(self.stop)
        listener.state.connect(self._on_state)
        listener.level.connect(lambda token, value: view.set_level(value) if token == self._token else None)
        listener.heard.connect(self._on_heard)
        listener.missed.connect(self._on_missed)
        listener.failed.connect(self._on_failed)

    @property
    def recording(self) -> bool:
        """True while a reply is being recorded."""
        return self._token is not None

    @property
    def available(self) -> bool:
        """True when a microphone and the recogniser are both ready."""
        return self.mic_problem is None and self.recogniser == "ready"

    def allow(self, allowed: bool) -> None:
        """Whether the session is waiting for a reply (the talk control works only then)."""
        self._allowed = allowed
        self._warm()
        self.refresh()

    def set_shown(self, shown: bool) -> None:
        """Whether the practice screen is on show (the microphone is only kept open while it is)."""
        self._shown = shown
        self._warm()

    def _warm(self) -> None:
        self._listener.warm(f"talk-{id(self)}", self._allowed and self._shown and self.mic_problem is None)

    def refresh(self) -> None:
        """Show whether talking works, and if not, why (typing always does)."""
        self._view.set_talk(self.available and self._allowed and not self._busy_transcribing(), self.recording,
                            "" if self.available else self.notice())
        self._view.set_notice(self.notice())

    def notice(self) -> str:
        """Why talking does not work, or '' when it does."""
        if self.mic_problem:
            return f"{self.mic_problem}. Type your replies below."
        if self.recogniser == "loading":
            return "The speech recogniser is still loading. Type your reply meanwhile; talking works in a moment."
        if self.recogniser != "ready":
            return f"Speech recognition is unavailable ({self.recogniser}). Type your replies below."
        return ""

    def _busy_transcribing(self) -> bool:
        return self._mine is not None and self._token is None

    def _on_key_down(self) -> None:
        was_recording = self.recording
        self._pressed_at = time.monotonic()
        self._toggle()
        self._held = not was_recording and self.recording

    def _on_key_up(self) -> None:
        held, self._held = self._held, False
        if held and self.recording and time.monotonic() - self._pressed_at >= HOLD_S:
            self.stop()

    def _toggle(self) -> None:
        if self.recording:
            self.stop()
        elif self.available and self._allowed and self._mine is None:
            self.start()
        else:
            self.refresh()

    def start(self) -> None:
        """Start recording a reply."""
        self.started.emit()
        self._token = self._mine = self._listener.start(self._settings.silence_ms, self.context)
        self._started_at = time.monotonic()
        self._view.set_elapsed(0)
        self._clock.start()
        self.busy.emit(True)
        self.refresh()

    def stop(self) -> None:
        """End the recording now (Space released, Esc, click)."""
        if self.recording:
            self._listener.stop()

    def cancel(self) -> None:
        """Drop any recording or transcription in flight (the turn moved on)."""
        if self._mine is not None:
            self._listener.cancel()
        self._mine = None
        self._end_recording()
        self.busy.emit(False)

    def _on_state(self, token: object, state: str) -> None:
        if token != self._mine:
            return
        texts = {"listening": ("Listening…", "Say your reply; pause when you are done, or press Space / Esc to stop."),
                 "speaking": ("Listening…", "Keep going. A short pause ends the reply."),
                 "transcribing": ("Transcribing…", "Turning your reply into text.")}
        title, hint = texts.get(state, ("", ""))
        self._view.set_state(title, hint, STEPS.get(state, ""))
        if state == "transcribing":
            self._end_recording()
            self.refresh()

    def _end_recording(self) -> None:
        self._token = None
        self._clock.stop()
        self._view.set_level(0.0)

    def _on_heard(self, heard: Heard) -> None:
        if heard.token != self._mine:
            return
        self._mine = None
        self._end_recording()
        self.busy.emit(False)
        self.heard.emit(heard)

    def _on_missed(self, token: object, message: str) -> None:
        if token != self._mine:
            return
        self._mine = None
        self._end_recording()
        self.busy.emit(False)
        self._view.set_state("Your turn", message, "")
        self.refresh()

    def _on_failed(self, token: object, message: str) -> None:
        if token != self._mine and token is not None:
            return
        self._mine = None
        self._end_recording()
        self.mic_problem = message
        self._warm()
        self.busy.emit(False)
        self._view.set_state("Your turn", "Type your reply below.", "")
        self.refresh()

    def shutdown(self) -> None:
        """Stop the elapsed-time clock."""
        self._clock.stop()
