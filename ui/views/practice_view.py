"""The Practice screen: the counterpart and its line, the talk control, typing, and the feedback panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.views.feedback_view import FeedbackView
from ui.views.widgets import Avatar, LevelMeter, ReplyEdit, card, label

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


class SpaceToTalk(QObject):
    """Space held or tapped anywhere in the practice screen (outside text boxes) works the talk control."""

    def __init__(self, view: PracticeView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        if event.key() != Qt.Key.Key_Space or not self._view.isVisible():
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._view.window():
            return False
        if isinstance(QApplication.focusWidget(), TEXT_INPUTS):
            return False
        if not event.isAutoRepeat():
            (self._view.talk_down if event.type() == QEvent.Type.KeyPress else self._view.talk_up).emit()
        return True


class PracticeView(QWidget):
    """Lays out the practice screen; every action leaves as a signal."""

    talk_down = Signal()  # Space pressed
    talk_up = Signal()  # Space released
    talk_clicked = Signal()
    replay = Signal()
    send_typed = Signal(str)
    stop = Signal()  # Esc
    end = Signal()
    again = Signal()
    to_scenarios = Signal()
    to_progress = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(14)
        layout.addLayout(self._header())
        body = QHBoxLayout()
        body.setSpacing(18)
        body.addLayout(self._left_column(), 5)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._talk_page())
        self.feedback = FeedbackView()
        self.stack.addWidget(self.feedback)
        self.stack.addWidget(self._summary_page())
        body.addWidget(self.stack, 7)
        layout.addLayout(body, 1)
        self._keys = SpaceToTalk(self)
        self._shortcuts()

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        column = QVBoxLayout()
        column.setSpacing(2)
        self.title = label("", "h1")
        self.turn_label = label("", "muted")
        column.addWidget(self.title)
        column.addWidget(self.turn_label)
        row.addLayout(column, 1)
        self.end_button = QPushButton("End session")
        self.end_button.clicked.connect(self.end)
        row.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _left_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(14)
        frame, layout = card(10)
        who = QHBoxLayout()
        self.avatar = Avatar()
        who.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.name = label("", "h2")
        self.role = label("", "muted")
        names.addWidget(self.name)
        names.addWidget(self.role)
        who.addLayout(names, 1)
        layout.addLayout(who)
        self.line = label("", "line", selectable=True)
        self.line.setAccessibleName("What the counterpart says")
        layout.addWidget(self.line)
        row = QHBoxLayout()
        self.replay_button = QPushButton("▶  Replay")
        self.replay_button.clicked.connect(self.replay)
        self.voice_note = label("", "muted")
        row.addWidget(self.replay_button)
        row.addWidget(self.voice_note, 1)
        layout.addLayout(row)
        column.addWidget(frame)
        brief, brief_layout = card(6)
        brief_layout.addWidget(label("Your brief", "h3"))
        self.you = label("", "muted")
        self.brief = label("")
        brief_layout.addWidget(self.you)
        brief_layout.addWidget(self.brief)
        column.addWidget(brief)
        column.addStretch(1)
        return column

    def _talk_page(self) -> QWidget:
        page = QWidget()
        frame, layout = card(12)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        outer.addStretch(1)
        self.state = label("", "state")
        self.state.setAccessibleName("State")
        self.hint = label("", "muted")
        layout.addWidget(self.state)
        layout.addWidget(self.hint)
        self.talk_button = QPushButton("Talk")
        self.talk_button.setObjectName("talk")
        self.talk_button.setCheckable(True)
        self.talk_button.clicked.connect(lambda: self.talk_clicked.emit())
        self.talk_button.setMinimumHeight(self.fontMetrics().height() * 4)
        layout.addWidget(self.talk_button)
        meter_row = QHBoxLayout()
        self.meter = LevelMeter()
        self.elapsed = label("0:00", "muted", wrap=False)
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.elapsed)
        layout.addLayout(meter_row)
        self.steps = label("", "muted")
        layout.addWidget(self.steps)
        self.notice = label("", "notice")
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addSpacing(6)
        layout.addWidget(label("Or type instead", "h3"))
        self.typed = ReplyEdit()
        self.typed.submitted.connect(self.send_typed)
        layout.addWidget(self.typed)
        send_row = QHBoxLayout()
        send_row.addWidget(label("Enter sends · Shift+Enter new line", "muted"), 1)
        self.send_button = QPushButton("Send reply")
        self.send_button.clicked.connect(self._send_clicked)
        send_row.addWidget(self.send_button)
        layout.addLayout(send_row)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        frame, layout = card(12)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        outer.addStretch(1)
        self.summary_title = label("", "h1")
        self.summary_text = label("")
        layout.addWidget(self.summary_title)
        layout.addWidget(self.summary_text)
        row = QHBoxLayout()
        for text, signal, primary in (("Practise again", self.again, True), ("Scenarios", self.to_scenarios, False),
                                      ("See progress", self.to_progress, False)):
            button = QPushButton(text)
            if primary:
                button.setObjectName("primary")
                self.again_button = button
            button.clicked.connect(signal)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.retry_key = QShortcut(QKeySequence(Qt.Key.Key_R), self, self.feedback.retry, context=context)
        self.continue_keys = [QShortcut(QKeySequence(key), self, self.feedback.proceed, context=context)
                              for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)]
        self.stop_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop, context=context)
        self.set_feedback_keys(False)

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

    def _send_clicked(self) -> None:
        text = self.typed.toPlainText().strip()
        if text:
            self.send_typed.emit(text)

    # -- what the controller sets -------------------------------------------------------------

    def show_scenario(self, title: str, you: str, brief: str, name: str, role: str) -> None:
        self.title.setText(title)
        self.you.setText(f"You are: {you}")
        self.brief.setText(brief)
        self.name.setText(name)
        self.role.setText(role)
        self.avatar.set_person(name)

    def show_line(self, text: str, turn_label: str) -> None:
        self.line.setText(f"“{text}”")
        self.turn_label.setText(turn_label)
        self.stack.setCurrentIndex(0)
        self.set_feedback_keys(False)

    def set_state(self, state: str, hint: str, steps: str = "") -> None:
        self.state.setText(state)
        self.hint.setText(hint)
        self.steps.setText(steps)

    def set_talk(self, enabled: bool, listening: bool, tip: str = "") -> None:
        self.talk_button.setEnabled(enabled)
        self.talk_button.setChecked(listening)
        self.talk_button.setText("■  Stop  (Space)" if listening else "🎙  Talk  (hold or tap Space)")
        self.talk_button.setToolTip(tip)

    def set_typing(self, enabled: bool) -> None:
        self.typed.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_voice(self, can_replay: bool, note: str, speaking: bool = False) -> None:
        self.replay_button.setEnabled(can_replay)
        self.voice_note.setText(note)
        self.avatar.set_speaking(speaking)

    def set_level(self, value: float) -> None:
        self.meter.set_value(value)

    def set_elapsed(self, seconds: float) -> None:
        self.elapsed.setText(f"{int(seconds) // 60}:{int(seconds) % 60:02d}")

    def set_feedback_keys(self, enabled: bool) -> None:
        self.retry_key.setEnabled(enabled)
        for key in self.continue_keys:
            key.setEnabled(enabled)

    def show_feedback_page(self) -> None:
        self.stack.setCurrentWidget(self.feedback)
        self.set_feedback_keys(True)
        self.feedback.continue_button.setFocus()

    def show_summary(self, title: str, text: str) -> None:
        self.summary_title.setText(title)
        self.summary_text.setText(text)
        self.stack.setCurrentIndex(2)
        self.set_feedback_keys(False)
        self.again_button.setFocus()
