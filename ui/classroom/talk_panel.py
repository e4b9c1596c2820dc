"""The answering panel of the trainer's window: talk button, meter, state, and the typed reply box.

It offers the same signals and setters as the practice screen, so the solo app's TalkControl drives it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.views.practice_view import SpaceToTalk
from ui.views.widgets import LevelMeter, ReplyEdit, card, label, mic_icon


class TalkPanel(QWidget):
    """Record the learner (Talk / Space) or type what they said; every action leaves as a signal."""

    talk_down = Signal()
    talk_up = Signal()
    talk_clicked = Signal()
    stop = Signal()
    send_typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card(8)
        outer.addWidget(frame)
        outer.addStretch(1)
        top = QHBoxLayout()
        states = QVBoxLayout()
        states.setSpacing(2)
        self.state = label("", "state")
        self.state.setAccessibleName("State")
        self.hint = label("", "muted")
        states.addWidget(self.state)
        states.addWidget(self.hint)
        top.addLayout(states, 1)
        top.addWidget(self._talk_button())
        layout.addLayout(top)
        meter_row = QHBoxLayout()
        self.meter = LevelMeter()
        self.elapsed = label("0:00", "muted", wrap=False)
        self.steps = label("", "muted", wrap=False)
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.elapsed)
        meter_row.addWidget(self.steps)
        layout.addLayout(meter_row)
        self.notice = label("", "notice")
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addLayout(self._typing())
        self._keys = SpaceToTalk(self)  # type: ignore[arg-type]  # the same key handling as the practice screen

    def _talk_button(self) -> QPushButton:
        self.talk_button = QPushButton("Talk")
        self.talk_button.setObjectName("talk")
        self.talk_button.setCheckable(True)
        self.talk_button.clicked.connect(lambda: self.talk_clicked.emit())
        side = self.fontMetrics().height() * 2
        self._mic = mic_icon(self.palette().color(QPalette.ColorRole.HighlightedText), side)
        self.talk_button.setIconSize(QSize(side, side))
        self.talk_button.setMinimumWidth(self.fontMetrics().horizontalAdvance("Record the reply (Space)") + 3 * side)
        return self.talk_button

    def _typing(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.typed = ReplyEdit()
        self.typed.setPlaceholderText("Or type the learner's reply here and press Enter…")
        self.typed.setAccessibleName("Type the learner's reply")
        self.typed.submitted.connect(self.send_typed)
        row.addWidget(self.typed, 1)
        self.send_button = QPushButton("Send reply")
        self.send_button.clicked.connect(self._send_clicked)
        row.addWidget(self.send_button)
        return row

    def _send_clicked(self) -> None:
        text = self.typed.toPlainText().strip()
        if text:
            self.send_typed.emit(text)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._keys)
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._keys)
        super().hideEvent(event)  # type: ignore[arg-type]

    # -- what TalkControl and the session controller set ----------------------------------------

    def set_state(self, state: str, hint: str, steps: str = "") -> None:
        """What is happening now, a hint, and the listening steps."""
        self.state.setText(state)
        self.hint.setText(hint)
        self.steps.setText(steps)

    def set_talk(self, enabled: bool, listening: bool, tip: str = "") -> None:
        """Whether the record button works, and whether it is recording."""
        self.talk_button.setEnabled(enabled)
        self.talk_button.setChecked(listening)
        self.talk_button.setText("■  Stop  (Space)" if listening else "Record the reply (Space)")
        self.talk_button.setIcon(QIcon() if listening else self._mic)
        self.talk_button.setToolTip(tip)

    def set_typing(self, enabled: bool) -> None:
        """Whether the typed reply box takes input."""
        self.typed.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def set_notice(self, text: str) -> None:
        """Why talking does not work ('' hides it)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_level(self, value: float) -> None:
        """The input level meter, 0..1."""
        self.meter.set_value(value)

    def set_elapsed(self, seconds: float) -> None:
        """How long the reply has been recording."""
        self.elapsed.setText(f"{int(seconds) // 60}:{int(seconds) % 60:02d}")
