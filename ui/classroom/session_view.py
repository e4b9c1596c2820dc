"""The class session in the trainer's window: set it up, then run the hot seat, grade, review and move on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trainer.classroom import Member
from ui.classroom.checklist import ReviewList
from ui.theme import tones
from ui.views.feedback_view import FeedbackView
from ui.views.talk_view import TalkView
from ui.views.widgets import card, column, label, scroll_page, title_block

ROTATIONS = (("round-robin", "Round-robin (roster order)"), ("random", "Random (everyone once per round)"))


class SetupPage(QWidget):
    """Scenarios, rotation and the per-turn timer for a new class session."""

    start = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(16)
        frame, layout = card(10)
        layout.addWidget(label("Scenarios for this session", "h2"))
        layout.addWidget(label("The class works through them in turn; each learner in the hot seat answers the "
                               "counterpart's next line.", "muted"))
        self._boxes_page = QWidget()
        self._boxes = QVBoxLayout(self._boxes_page)
        self._boxes.setSpacing(4)
        layout.addWidget(scroll_page(self._boxes_page), 1)
        outer.addWidget(frame, 3)
        outer.addLayout(self._settings(), 2)
        self.scenario_boxes: dict[str, QCheckBox] = {}

    def _settings(self) -> QVBoxLayout:
        column = QVBoxLayout()
        frame, layout = card(10)
        layout.addWidget(label("Hot seat", "h2"))
        self.class_line = label("Choose or create a class on the Roster tab.", "muted")
        layout.addWidget(self.class_line)
        form = QFormLayout()
        self.rotation = QComboBox()
        for key, text in ROTATIONS:
            self.rotation.addItem(text, key)
        self.timer = QSpinBox()
        self.timer.setRange(0, 600)
        self.timer.setSingleStep(15)
        self.timer.setValue(90)
        self.timer.setSuffix(" s")
        self.timer.setSpecialValueText("No timer")
        form.addRow("Who answers next", self.rotation)
        form.addRow("Time per turn", self.timer)
        layout.addLayout(form)
        layout.addWidget(label("Absent learners are skipped. The counterpart's line, whose turn it is and the "
                               "clock can go on a projector.", "muted"))
        self.message = label("", "notice")
        self.message.hide()
        layout.addWidget(self.message)
        self.start_button = QPushButton("Start class session")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.start)
        layout.addWidget(self.start_button)
        column.addWidget(frame)
        column.addStretch(1)
        return column

    def show_scenarios(self, scenarios: Sequence[tuple[str, str]]) -> None:
        """One checkbox per scenario (id, title), ticks kept where the id stays."""
        ticked = set(self.chosen())
        for box in self.scenario_boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.scenario_boxes = {}
        for sid, title in scenarios:
            box = QCheckBox(title)
            box.setChecked(sid in ticked)
            self.scenario_boxes[sid] = box
            self._boxes.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)  # a click on the title ticks it

    def chosen(self) -> list[str]:
        """The ticked scenario ids."""
        return [sid for sid, box in self.scenario_boxes.items() if box.isChecked()]

    def set_message(self, text: str) -> None:
        """Why the session cannot start ('' hides it)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))


class ResultPanel(FeedbackView):
    """The shared feedback panel with the trainer's checklist (a verdict and comment per criterion) and
    'Agree with the rest'; retrying and continuing are the hot seat's business, not the panel's."""

    agree_rest = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ReviewList(), "The reply", parent)
        self.checklist: ReviewList = self.criteria  # type: ignore[assignment]
        for button in (self.retry_button, self.continue_button, self.end_button):
            button.hide()
        self.agree_button = QPushButton("Agree with the rest")
        self.agree_button.setToolTip("Confirm the grader's verdict on every criterion you have not reviewed")
        self.agree_button.clicked.connect(self.agree_rest)
        self.actions.addWidget(self.agree_button)


class LivePage(QWidget):
    """The hot seat on the left; the counterpart's line, answering or the result, and the controls."""

    next_learner = Signal()
    skip_absent = Signal()
    replay = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the shared answering and feedback panels, one at a time under the line
        self.talk = TalkView("Record the reply (Space)", compact=True,
                             placeholder="Or type the learner's reply here and press Enter…")
        self.feedback = ResultPanel()
        self.stack = QStackedWidget()
        for page in (self.talk, self.feedback):
            self.stack.addWidget(page)
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self._line_card())
        column.addWidget(self.stack, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(self._seat_column())
        row.addLayout(column, 1)

    def _seat_column(self) -> QWidget:
        frame, layout = card(6)
        frame.setFixedWidth(self.fontMetrics().horizontalAdvance("M") * 20)
        layout.addWidget(label("Roster", "h3"))
        self.seats_title = label("", "muted")
        layout.addWidget(self.seats_title)
        self.seats = QListWidget()
        self.seats.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.seats.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.seats.setAccessibleName("Hot seat order")
        self.seats.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seats.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        layout.addWidget(self.seats, 1)
        self.skip_button = QPushButton("Absent: skip")
        self.skip_button.setToolTip("Mark the learner in the hot seat absent and move on")
        self.skip_button.clicked.connect(self.skip_absent)
        layout.addWidget(self.skip_button)
        return frame

    def _line_card(self) -> QWidget:
        frame, layout = card(4)
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(0)
        self.seat_title = label("In the hot seat", "muted", wrap=False)
        self.learner = label("", "h1", wrap=False)
        self.learner.setAccessibleName("In the hot seat")
        names.addWidget(self.seat_title)
        names.addWidget(self.learner)
        top.addLayout(names, 1)
        self.next_button = QPushButton("Next learner  →")
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_learner)
        top.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        self.speaker = label("", "h3")
        self.line = label("", "line", selectable=True)
        self.line.setAccessibleName("What the counterpart says")
        line_row = QHBoxLayout()
        line_row.addWidget(self.line, 1)
        self.replay_button = QPushButton("▶  Replay")
        self.replay_button.clicked.connect(self.replay)
        line_row.addWidget(self.replay_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.speaker)
        layout.addLayout(line_row)
        return frame

    def show_seats(self, members: Sequence[Member], absent: set[int], current: int | None,
                   replies: dict[int, int]) -> None:
        """Everyone on the roster: who is in the hot seat, who is absent, replies so far."""
        self.seats.clear()
        here = sum(m.learner_id not in absent for m in members)
        self.seats_title.setText(f"{here} of {len(members)} here")
        t = tones(self.palette())
        for m in members:
            count = replies.get(m.learner_id, 0)
            tail = "  absent" if m.learner_id in absent else (f"  ·  {count}" if count else "")
            item = QListWidgetItem(("▶ " if m.learner_id == current else "    ") + m.name + tail)
            if m.learner_id == current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            elif m.learner_id in absent:
                item.setForeground(QColor(t.muted))
            self.seats.addItem(item)

    def show_seat(self, learner: str, speaker: str | None = None) -> None:
        """Who is in the hot seat, and (when given) who says the line they answer."""
        self.learner.setText(learner)
        if speaker is not None:
            self.speaker.setText(speaker)

    def show_line(self, text: str, _turn_label: str = "", _skills: object = ()) -> None:
        """The line to answer ('' for none); back to answering (the turn is in the window's header)."""
        self.line.setText(f"“{text}”" if text else "")
        self.stack.setCurrentWidget(self.talk)

    def set_voice(self, can_replay: bool, note: str, _speaking: bool = False) -> None:
        """Replay possible; a note on the voice as its tip."""
        self.replay_button.setEnabled(can_replay)
        self.replay_button.setToolTip(note)

    def show_feedback_page(self) -> None:
        """The graded reply for the trainer to review; Next learner has the keyboard."""
        self.stack.setCurrentWidget(self.feedback)
        self.next_button.setFocus()


class ClassSessionView(QWidget):
    """Set-up page, then the live page under a header with the scenario, the clock and the session controls."""

    show_projector = Signal()
    end = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = column(self, spacing=10)
        layout.addLayout(self._header())
        self.pages = QStackedWidget()
        self.setup = SetupPage()
        self.live = LivePage()
        self.pages.addWidget(self.setup)
        self.pages.addWidget(self.live)
        layout.addWidget(self.pages, 1)
        self.set_running(False)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        column, self.title, self.turn_label = title_block("New class session", "h2", 0)
        row.addLayout(column, 1)
        self.clock = label("", "clock", wrap=False)
        self.clock.setAccessibleName("Time left")
        row.addWidget(self.clock)
        self.projector_button = QPushButton("Projector")
        self.projector_button.setToolTip("Show the line, the hot seat and the clock on a second screen")
        self.projector_button.clicked.connect(self.show_projector)
        self.end_button = QPushButton("End session")
        self.end_button.clicked.connect(self.end)
        row.addWidget(self.projector_button)
        row.addWidget(self.end_button)
        return row

    def set_running(self, running: bool) -> None:
        """The live page while a session runs, else the set-up page."""
        self.pages.setCurrentWidget(self.live if running else self.setup)
        self.end_button.setVisible(running)
        self.clock.setVisible(running)
        if not running:
            self.title.setText("New class session")
            self.turn_label.setText("")

    def set_clock(self, text: str, state: str) -> None:
        """The countdown; amber when low, red when up."""
        t = tones(self.palette())
        colour = {"low": t.warn, "up": t.bad}.get(state, "")
        self.clock.setText(text)
        self.clock.setStyleSheet(f"font-size: 22pt; font-weight: 800; padding: 0 12px; color: {colour};" if colour
                                 else "font-size: 22pt; font-weight: 800; padding: 0 12px;")
