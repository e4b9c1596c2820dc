"""The Progress screen: skills, practice calendar, per-skill trends, what to practise next, and history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ui.views.charts import Heatmap, SkillBars, TrendChart
from ui.views.history_view import HistoryView
from ui.views.widgets import card, label, scroll_page


@dataclass(frozen=True)
class NextStep:
    """A weak skill and the turn that trains it."""

    criterion: str
    skill: str
    proficiency: float
    scenario_id: str
    turn_id: str
    title: str
    tried: bool


@dataclass(frozen=True)
class Overview:
    """Everything on the overview tab."""

    learner: str
    attempts: int
    days_practised: int
    streak: int
    skills: list[tuple[str, float]]  # name, proficiency; weakest first
    weeks: list[list[tuple[date, int]]]
    trend_choices: list[tuple[str, str]]  # criterion id, name
    next_steps: list[NextStep]


class ProgressView(QWidget):
    """Lays out the overview and the history; actions leave as signals."""

    start_turn = Signal(str, str)  # scenario id, turn id
    trend_skill = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(label("Progress", "h1"))
        self.summary = label("", "muted", wrap=False)
        head.addStretch(1)
        head.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview(), "Overview")
        self.history = HistoryView()
        self.tabs.addTab(self.history, "History")
        layout.addWidget(self.tabs, 1)

    def _overview(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 10, 8, 0)
        row.setSpacing(14)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(14)
        right.setSpacing(14)
        skills, skills_layout = card()
        skills_layout.addWidget(label("Skills", "h2"))
        skills_layout.addWidget(label("Share of recent replies that showed each skill (newer replies count more).", "muted"))
        self.skills = SkillBars()
        skills_layout.addWidget(self.skills)
        left.addWidget(skills)
        left.addWidget(self._next_card())
        self.due_card, self._due_layout = card()
        left.addWidget(self.due_card)
        left.addStretch(1)
        days, days_layout = card()
        days_layout.addWidget(label("Practice days", "h2"))
        self.heatmap = Heatmap()
        days_layout.addWidget(self.heatmap)
        self.days_caption = label("", "muted")
        days_layout.addWidget(self.days_caption)
        right.addWidget(days)
        right.addWidget(self._trend_card(), 1)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        return scroll_page(page)

    def add_due(self, widget: QWidget) -> None:
        """Show the spaced-practice due list under "Practise next"."""
        self._due_layout.addWidget(widget)

    def _trend_card(self) -> QWidget:
        frame, layout = card()
        row = QHBoxLayout()
        row.addWidget(label("Trend", "h2"), 1)
        self.trend_note = label("Share of replies showing the skill per day, and its running average.", "muted")
        self.trend_choice = QComboBox()
        self.trend_choice.setAccessibleName("Skill to chart")
        self.trend_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.trend_choice.currentIndexChanged.connect(lambda _i: self.trend_skill.emit(self.trend_choice.currentData() or ""))
        row.addWidget(self.trend_choice)
        layout.addLayout(row)
        layout.addWidget(self.trend_note)
        self.trend = TrendChart()
        layout.addWidget(self.trend, 1)
        return frame

    def _next_card(self) -> QWidget:
        frame, layout = card()
        layout.addWidget(label("Practise next", "h2"))
        self._next_rows = QVBoxLayout()
        self._next_rows.setSpacing(8)
        layout.addLayout(self._next_rows)
        self.next_buttons: list[QPushButton] = []
        return frame

    def show_overview(self, overview: Overview) -> None:
        """Fill the overview tab."""
        days = "day" if overview.days_practised == 1 else "days"
        self.summary.setText(f"{overview.learner} · {overview.attempts} graded replies · "
                             f"{overview.days_practised} practice {days} · streak {overview.streak} "
                             f"{'day' if overview.streak == 1 else 'days'}")
        self.skills.show_skills(overview.skills)
        self.heatmap.show_weeks(overview.weeks)
        plural = "day" if overview.days_practised == 1 else "days"
        self.days_caption.setText(f"{overview.days_practised} {plural} with practice in the last {len(overview.weeks)} weeks.")
        self.trend_choice.blockSignals(True)
        current = self.trend_choice.currentData()
        self.trend_choice.clear()
        for key, name in overview.trend_choices:
            self.trend_choice.addItem(name, key)
        self.trend_choice.setCurrentIndex(max(0, self.trend_choice.findData(current)))
        self.trend_choice.blockSignals(False)
        self._show_next(overview.next_steps)
        self.trend_skill.emit(self.trend_choice.currentData() or "")

    def _show_next(self, steps: Sequence[NextStep]) -> None:
        while self._next_rows.count():
            item = self._next_rows.takeAt(0)
            if item.widget():
                item.widget().setParent(None)
                item.widget().deleteLater()
        self.next_buttons = []
        for step in steps:
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            text = QVBoxLayout()
            text.setSpacing(0)
            level = f"{step.proficiency:.0%}" if step.tried else "not tried yet"
            text.addWidget(label(f"{step.skill} — {level}", "h3"))
            text.addWidget(label(f"{step.title} · turn “{step.turn_id}”", "muted"))
            row.addLayout(text, 1)
            button = QPushButton("Start")
            button.setAccessibleName(f"Practise {step.skill}")
            button.clicked.connect(lambda _c=False, s=step: self.start_turn.emit(s.scenario_id, s.turn_id))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self._next_rows.addWidget(holder)
            self.next_buttons.append(button)
        if not steps:
            self._next_rows.addWidget(label("Nothing to suggest yet.", "muted"))

    def show_trend(self, points: Sequence[tuple[date, float]]) -> None:
        """Chart one skill's trend."""
        self.trend.show_trend(points)
