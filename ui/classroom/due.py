"""Spaced practice for the solo app: what is due for a learner, a 14-day forecast, due counts per scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from trainer.rubric import CRITERIA_BY_ID
from ui.views.widgets import label

if TYPE_CHECKING:  # sqlite_utils and fsrs: loaded by the database thread, not on the window's start-up path
    import sqlite_utils

    from trainer.scenarios import Scenario
    from trainer.storage.progress import ProgressStore
    from ui.workers import SerialWorker

MAX_ROWS = 5  # turns listed; the rest are counted
MAX_SKILLS = 3  # criteria named per turn; the rest are counted


@dataclass(frozen=True)
class DueItem:
    """One scenario turn with criteria due for practice."""

    scenario_id: str
    turn_id: str
    title: str
    line: str  # the counterpart's line at that turn (shortened)
    criteria: tuple[str, ...]  # criterion names
    overdue_days: int


@dataclass(frozen=True)
class DueData:
    """What is due for one learner now, and how many cards fall due on each coming day."""

    learner: str
    items: list[DueItem]
    forecast: list[tuple[date, int]]

    @property
    def cards_due(self) -> int:
        """Criteria due over all listed turns."""
        return sum(len(item.criteria) for item in self.items)


def learner_id_of(db: sqlite_utils.Database, name: str) -> int | None:
    """The learner's id, without creating one."""
    row = db.execute("SELECT id FROM learners WHERE name = ?", [name.strip()]).fetchone()
    return int(row[0]) if row else None


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def load_due(db: sqlite_utils.Database, learner: str, now: datetime,
             scenarios: Mapping[str, Scenario] | None = None, days: int = 14) -> DueData:
    """Due turns, most overdue first (scenarios no longer in the library are left out when a library is given)."""
    from trainer.spaced import SpacedPractice

    learner_id = learner_id_of(db, learner)
    if learner_id is None:
        return DueData(learner, [], [(now.date() + timedelta(days=i), 0) for i in range(days)])
    spaced = SpacedPractice(db)
    grouped: dict[tuple[str, str], list[str]] = {}
    oldest: dict[tuple[str, str], datetime] = {}
    for card in spaced.due(learner_id, now):
        key = (card.scenario_id, card.turn_id)
        grouped.setdefault(key, []).append(card.criterion)
        oldest.setdefault(key, card.due)
    items = [_item(key, criteria, (now - oldest[key]).days, scenarios) for key, criteria in grouped.items()
             if scenarios is None or (key[0] in scenarios and key[1] in scenarios[key[0]].turns)]
    return DueData(learner, items, spaced.forecast(learner_id, now.date(), days))


def _item(key: tuple[str, str], criteria: list[str], overdue: int,
          scenarios: Mapping[str, Scenario] | None) -> DueItem:
    scenario = scenarios.get(key[0]) if scenarios else None
    title = scenario.title if scenario else key[0]
    line = _shorten(scenario.turn(key[1]).lines[0]) if scenario else key[1]
    names = tuple(CRITERIA_BY_ID[c].name if c in CRITERIA_BY_ID else c for c in criteria)
    return DueItem(key[0], key[1], title, line, names, max(0, overdue))


def due_counts(db: sqlite_utils.Database, learner: str, now: datetime) -> dict[str, int]:
    """Cards due per scenario for a learner (the Scenarios screen's badges); empty for an unknown learner."""
    from trainer.spaced import SpacedPractice

    learner_id = learner_id_of(db, learner)
    return dict(SpacedPractice(db).due_by_scenario(learner_id, now)) if learner_id is not None else {}


def refresh_due(db: SerialWorker[ProgressStore], view: DueList, learner: str, now: datetime,
                scenarios: Mapping[str, Scenario] | None = None) -> None:
    """Read the learner's due list on the database thread and show it."""
    db.submit(lambda store: load_due(store.db, learner, now, scenarios), view.show_due)


class ElidedLabel(QLabel):
    """One line of text cut with an ellipsis to the width it gets (the whole text in its tooltip)."""

    def __init__(self, text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = text
        self.setObjectName(name)
        self.setToolTip(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width()))


class ForecastBars(QWidget):
    """Cards falling due on each coming day, as small bars with the count above and the day below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[tuple[date, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Cards due over the next two weeks")

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 20, self.fontMetrics().height() * 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 10, self.fontMetrics().height() * 6)

    def show_days(self, days: Sequence[tuple[date, int]]) -> None:
        """Show (date, count) for each coming day."""
        self.days = list(days)
        self.setFixedHeight(self.fontMetrics().height() * 6)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.days:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm, palette = self.fontMetrics(), self.palette()
        step, line = self.width() / len(self.days), fm.height()
        top, bottom = line + 2, self.height() - line - 4
        peak = max(1, *(n for _d, n in self.days))
        for i, (day, count) in enumerate(self.days):
            x = i * step
            height = (bottom - top) * count / peak
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight if count else QPalette.ColorRole.Midlight))
            painter.drawRoundedRect(QRectF(x + step * 0.2, bottom - max(2.0, height), step * 0.6, max(2.0, height)), 2, 2)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            if count:
                painter.drawText(QRectF(x, bottom - height - line - 1, step, line), Qt.AlignmentFlag.AlignCenter,
                                 str(count))
            text = "Today" if i == 0 and step > fm.horizontalAdvance("Today") else day.strftime("%a")[:2]
            painter.drawText(QRectF(x - 4, bottom + 3, step + 8, line), Qt.AlignmentFlag.AlignCenter, text)


class DueList(QWidget):
    """What is due today (each turn with a Practise button) over the 14-day forecast."""

    practise = Signal(str, str)  # scenario id, turn id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = label("Due for practice", "h3")
        self.summary = label("", "muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self._rows = QVBoxLayout()
        self._rows.setSpacing(6)
        layout.addLayout(self._rows)
        self.more = label("", "muted")
        layout.addWidget(self.more)
        layout.addWidget(label("Next 14 days", "muted"))
        self.forecast = ForecastBars()
        layout.addWidget(self.forecast)
        self.buttons: list[QPushButton] = []
        self.data: DueData | None = None

    def show_due(self, data: DueData) -> None:
        """Fill in a learner's due list and forecast."""
        self.data = data
        while self._rows.count():
            widget = self._rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.buttons = []
        if data.items:
            turns = len(data.items)
            self.summary.setText(f"{data.cards_due} skill{'s' if data.cards_due != 1 else ''} due in {turns} "
                                 f"turn{'s' if turns != 1 else ''}: practise them today to keep them.")
        else:
            self.summary.setText("Nothing is due today. Practise anything you like; reviews come back here.")
        for item in data.items[:MAX_ROWS]:
            self._rows.addWidget(self._row(item))
        extra = len(data.items) - MAX_ROWS
        self.more.setText(f"and {extra} more turn{'s' if extra != 1 else ''}" if extra > 0 else "")
        self.more.setVisible(extra > 0)
        self.forecast.show_days(data.forecast)

    def _row(self, item: DueItem) -> QWidget:
        row = QWidget()
        row.setToolTip(f"“{item.line}”")
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(ElidedLabel(item.title, "h3"))
        text.addWidget(ElidedLabel(f"{when_text(item.overdue_days).capitalize()}  ·  {skills_text(item.criteria)}", "muted"))
        box.addLayout(text, 1)
        button = QPushButton("Practise")
        button.setToolTip(f"Practise this turn: “{item.line}”")
        button.clicked.connect(lambda _c=False, s=item.scenario_id, t=item.turn_id: self.practise.emit(s, t))
        box.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.buttons.append(button)
        return row


def skills_text(names: Sequence[str]) -> str:
    """A few skill names, the rest counted."""
    shown = ", ".join(names[:MAX_SKILLS])
    return shown + (f" +{len(names) - MAX_SKILLS}" if len(names) > MAX_SKILLS else "")


def when_text(overdue_days: int) -> str:
    """'due today' or how long overdue."""
    return "due today" if overdue_days == 0 else f"overdue {overdue_days} day{'s' if overdue_days != 1 else ''}"
