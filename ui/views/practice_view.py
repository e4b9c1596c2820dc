"""The Practice screen: the counterpart and its line, the talk control, typing, and the feedback panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QPalette, QShortcut
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
from ui.views.widgets import Avatar, LevelMeter, ReplyEdit, card, label, mic_icon, scroll_page

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


class SpaceToTalk(QObject):
    """Space held or tapped anywhere in the practice screen (outside text boxes) works the talk control."""

    def __init__(self, view: PracticeView) -> None:
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
        turn_page = QWidget()
        body = QHBoxLayout(turn_page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(18)
        left = QWidget()
        left_layout = self._left_column()
        left_layout.setContentsMargins(0, 0, 4, 0)
        left.setLayout(left_layout)
        body.addWidget(scroll_page(left), 5)  # scrolls rather than clips at large text scaling
        body.addWidget(scroll_page(self._talk_page()), 7)
        self.stack = QStackedWidget()
        self.stack.addWidget(turn_page)
        self.feedback = FeedbackView()
        self.stack.addWidget(self.feedback)
        self.stack.addWidget(self._summary_page())
        layout.addWidget(self.stack, 1)
        self._keys = SpaceToTalk(self)
        self._shortcuts()
        for first, second in ((self.talk_button, self.typed), (self.typed, self.send_button),
                              (self.send_button, self.replay_button), (self.replay_button, self.end_button)):
            QWidget.setTabOrder(first, second)  # the reply first, then the rest

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
        trains, trains_layout = card(6)
        trains_layout.addWidget(label("This turn trains", "h3"))
        self.skills = label("", "muted")
        trains_layout.addWidget(self.skills)
        column.addWidget(trains)
        column.addStretch(1)
        return column

    def _talk_page(self) -> QWidget:
        page = QWidget()
        frame, layout = card(12)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 4, 0)
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
        side = self.fontMetrics().height() * 2
        self._mic = mic_icon(self.palette().color(QPalette.ColorRole.HighlightedText), side)
        self.talk_button.setIconSize(QSize(side, side))
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
        self._typing(layout)
        return page

    def _typing(self, layout: QVBoxLayout) -> None:
        """The 'type instead' box and its Send button, always there."""
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
        def key(sequence: Qt.Key, signal: Signal) -> QShortcut:
            """A shortcut on this screen that emits a signal."""
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(signal)
            return shortcut

        self.retry_key = key(Qt.Key.Key_R, self.feedback.retry)
        self.continue_keys = [key(k, self.feedback.proceed) for k in (Qt.Key.Key_Return, Qt.Key.Key_Enter)]
        self.stop_key = key(Qt.Key.Key_Escape, self.stop)
        self.set_feedback_keys(False)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        """Listen for Space while the screen shows."""
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

    def _send_clicked(self) -> None:
        text = self.typed.toPlainText().strip()
        if text:
            self.send_typed.emit(text)

    # -- what the controller sets -------------------------------------------------------------

    def show_scenario(self, title: str, you: str, brief: str, name: str, role: str) -> None:
        """Show the scenario's title, brief and counterpart."""
        self.title.setText(title)
        self.you.setText(f"You are: {you}")
        self.brief.setText(brief)
        self.name.setText(name)
        self.role.setText(role)
        self.avatar.set_person(name)

    def show_line(self, text: str, turn_label: str, skills: list[tuple[str, str]]) -> None:
        """Show the counterpart's line, the turn and the skills it trains."""
        self.line.setText(f"“{text}”")
        self.skills.setText("\n".join(f"•  {name}: {shows}" for name, shows in skills))
        self.turn_label.setText(turn_label)
        self.stack.setCurrentIndex(0)
        self.set_feedback_keys(False)

    def set_state(self, state: str, hint: str, steps: str = "") -> None:
        """Show what is happening now and what to do."""
        self.state.setText(state)
        self.hint.setText(hint)
        self.steps.setText(steps)

    def set_talk(self, enabled: bool, listening: bool, tip: str = "") -> None:
        """Enable the talk control and show whether it records."""
        self.talk_button.setEnabled(enabled)
        self.talk_button.setChecked(listening)
        self.talk_button.setText("■  Stop  (Space)" if listening else "Talk  (hold or tap Space)")
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
        """Show a notice ('' hides it)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_voice(self, can_replay: bool, note: str, speaking: bool = False) -> None:
        """Replay button, a note on the voice, the speaking ring."""
        self.replay_button.setEnabled(can_replay)
        self.voice_note.setText(note)
        self.avatar.set_speaking(speaking)

    def set_level(self, value: float) -> None:
        """Move the input level meter."""
        self.meter.set_value(value)

    def set_elapsed(self, seconds: float) -> None:
        """Show the recording's elapsed time."""
        self.elapsed.setText(f"{int(seconds) // 60}:{int(seconds) % 60:02d}")

    def set_feedback_keys(self, enabled: bool) -> None:
        """Let R and Enter act (only while feedback shows)."""
        self.retry_key.setEnabled(enabled)
        for key in self.continue_keys:
            key.setEnabled(enabled)

    def show_feedback_page(self) -> None:
        """Switch to the feedback panel."""
        self.stack.setCurrentWidget(self.feedback)
        self.set_feedback_keys(True)
        self.feedback.continue_button.setFocus()

    def show_summary(self, title: str, text: str) -> None:
        """Switch to the end-of-session summary."""
        self.summary_title.setText(title)
        self.summary_text.setText(text)
        self.stack.setCurrentIndex(2)
        self.set_feedback_keys(False)
        self.again_button.setFocus()
