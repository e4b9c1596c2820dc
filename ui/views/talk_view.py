"""The answering panel shared by the Practice screen and the classroom: state, talk button, meter, typed reply.

TalkControl drives it through its signals and setters; Space held or tapped outside text boxes works the talk button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.views.widgets import LevelMeter, ReplyEdit, card, label, mic_icon

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


class SpaceToTalk(QObject):
    """Space held or tapped anywhere in the panel's window (outside text boxes) works the talk control."""

    def __init__(self, view: TalkView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Turn Space presses and releases into talk_down / talk_up."""
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        if event.key() != Qt.Key.Key_Space or not self._view.isVisible():
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._view.window():
            return False
        if isinstance(watched, TEXT_INPUTS) or isinstance(QApplication.focusWidget(), TEXT_INPUTS):
            return False  # a space typed into a text box is just a space
        if not event.isAutoRepeat():
            (self._view.talk_down if event.type() == QEvent.Type.KeyPress else self._view.talk_up).emit()
        return True


class TalkView(QWidget):
    """Record a reply (Talk / Space) or type it; every action leaves as a signal.

    `compact` puts the talk button beside the state and the typed box on one row (the classroom's layout).
    """

    talk_down = Signal()  # Space pressed
    talk_up = Signal()  # Space released
    talk_clicked = Signal()
    stop = Signal()
    send_typed = Signal(str)

    def __init__(self, talk_text: str = "Talk  (hold or tap Space)", compact: bool = False,
                 placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._talk_text = talk_text
        self.state, self.hint = label("", "state"), label("", "muted")
        self.state.setAccessibleName("State")
        self._talk_button()
        self.meter, self.elapsed = LevelMeter(), label("0:00", "muted", wrap=False)
        self.steps = label("", "muted", wrap=not compact)
        self.notice = label("", "notice")
        self.notice.hide()
        self.typed = ReplyEdit()
        self.typed.submitted.connect(self.send_typed)
        if placeholder:
            self.typed.setPlaceholderText(placeholder)
            self.typed.setAccessibleName(placeholder)
        self.send_button = QPushButton("Send reply")
        self.send_button.clicked.connect(self._send_clicked)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card(8 if compact else 12)
        outer.addWidget(frame)
        outer.addStretch(1)
        (self._compact if compact else self._roomy)(layout)
        self._keys = SpaceToTalk(self)

    def _talk_button(self) -> None:
        self.talk_button = QPushButton(self._talk_text)
        self.talk_button.setObjectName("talk")
        self.talk_button.setCheckable(True)
        self.talk_button.clicked.connect(lambda: self.talk_clicked.emit())
        side = self.fontMetrics().height() * 2
        self._mic = mic_icon(self.palette().color(QPalette.ColorRole.HighlightedText), side)
        self.talk_button.setIconSize(QSize(side, side))

    def _roomy(self, layout: QVBoxLayout) -> None:
        """One column: state, a tall talk button, meter, steps, notice, then 'Or type instead'."""
        for widget in (self.state, self.hint, self.talk_button):
            layout.addWidget(widget)
        self.talk_button.setMinimumHeight(self.fontMetrics().height() * 4)
        layout.addLayout(_row((self.meter, 1), (self.elapsed, 0)))
        layout.addWidget(self.steps)
        layout.addWidget(self.notice)
        layout.addSpacing(6)
        layout.addWidget(label("Or type instead", "h3"))
        layout.addWidget(self.typed)
        layout.addLayout(_row((label("Enter sends · Shift+Enter new line", "muted"), 1), (self.send_button, 0)))

    def _compact(self, layout: QVBoxLayout) -> None:
        """State beside the talk button, the meter and steps on one line, the typed box beside Send."""
        states = QVBoxLayout()
        states.setSpacing(2)
        states.addWidget(self.state)
        states.addWidget(self.hint)
        top = QHBoxLayout()
        top.addLayout(states, 1)
        top.addWidget(self.talk_button)
        side = self.talk_button.iconSize().width()
        self.talk_button.setMinimumWidth(self.fontMetrics().horizontalAdvance(self._talk_text) + 3 * side)
        layout.addLayout(top)
        layout.addLayout(_row((self.meter, 1), (self.elapsed, 0), (self.steps, 0)))
        layout.addWidget(self.notice)
        layout.addLayout(_row((self.typed, 1), (self.send_button, 0)))

    def _send_clicked(self) -> None:
        text = self.typed.toPlainText().strip()
        if text:
            self.send_typed.emit(text)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        """Listen for Space while the panel shows."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._keys)
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        """Stop listening for Space."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._keys)
        super().hideEvent(event)  # type: ignore[arg-type]

    # -- what TalkControl and the practice controller set --------------------------------------------

    def set_state(self, state: str, hint: str, steps: str = "") -> None:
        """Show what is happening now and what to do."""
        self.state.setText(state)
        self.hint.setText(hint)
        self.steps.setText(steps)

    def set_talk(self, enabled: bool, listening: bool, tip: str = "") -> None:
        """Enable the talk control and show whether it records."""
        self.talk_button.setEnabled(enabled)
        self.talk_button.setChecked(listening)
        self.talk_button.setText("■  Stop  (Space)" if listening else self._talk_text)
        self.talk_button.setIcon(QIcon() if listening else self._mic)
        self.talk_button.setToolTip(tip)

    def focus_reply(self) -> None:
        """Put the keyboard on the talk control, or on the reply box when talking is not possible."""
        (self.talk_button if self.talk_button.isEnabled() else self.typed).setFocus()

    def set_typing(self, enabled: bool) -> None:
        """Enable or disable the typed reply."""
        self.typed.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def set_notice(self, text: str) -> None:
        """Show why talking does not work ('' hides it)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_level(self, value: float) -> None:
        """Move the input level meter (0..1)."""
        self.meter.set_value(value)

    def set_elapsed(self, seconds: float) -> None:
        """Show the recording's elapsed time."""
        self.elapsed.setText(f"{int(seconds) // 60}:{int(seconds) % 60:02d}")


def _row(*items: tuple[QWidget, int]) -> QBoxLayout:
    row = QHBoxLayout()
    for widget, stretch in items:
        row.addWidget(widget, stretch)
    return row
