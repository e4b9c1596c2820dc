"""The Practice screen: the counterpart and its line, the talk control, typing, and the feedback panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui.views.feedback_view import FeedbackView
from ui.views.talk_view import TalkView
from ui.views.widgets import Avatar, card, column, label, scroll_page, title_block


class PracticeView(QWidget):
    """Lays out the practice screen around the shared talk and feedback panels; every action leaves as a signal."""

    replay = Signal()
    end = Signal()
    again = Signal()
    to_scenarios = Signal()
    to_progress = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = column(self, (28, 22, 28, 18), 14)
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
        self.talk = TalkView()
        talk_page = QWidget()
        talk_layout = QVBoxLayout(talk_page)
        talk_layout.setContentsMargins(0, 0, 4, 0)
        talk_layout.addWidget(self.talk)
        body.addWidget(scroll_page(talk_page), 7)
        self.stack = QStackedWidget()
        self.stack.addWidget(turn_page)
        self.feedback = FeedbackView()
        self.stack.addWidget(self.feedback)
        self.stack.addWidget(self._summary_page())
        layout.addWidget(self.stack, 1)
        self._shortcuts()
        talk = self.talk
        for first, second in ((talk.talk_button, talk.typed), (talk.typed, talk.send_button),
                              (talk.send_button, self.replay_button), (self.replay_button, self.end_button)):
            QWidget.setTabOrder(first, second)  # the reply first, then the rest

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        column, self.title, self.turn_label = title_block("")
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
        self.stop_key = key(Qt.Key.Key_Escape, self.talk.stop)
        self.set_feedback_keys(False)

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

    def set_voice(self, can_replay: bool, note: str, speaking: bool = False) -> None:
        """Replay button, a note on the voice, the speaking ring."""
        self.replay_button.setEnabled(can_replay)
        self.voice_note.setText(note)
        self.avatar.set_speaking(speaking)

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
