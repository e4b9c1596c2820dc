"""The Scenarios screen: searchable cards with role, counterpart, length and scores; load warnings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.views.widgets import label, scroll_page

MAX_COLUMNS = 3
CARD_WIDTH_LINES = 21  # a card needs about this many line-heights of width to read well


@dataclass(frozen=True)
class ScenarioCard:
    """What one card shows."""

    id: str
    title: str
    situation: str
    learner_role: str
    counterpart: str
    counterpart_role: str
    persona: str
    turns: int
    skills: int
    source: str = ""  # "Built-in", "Yours" or an added folder's name
    note: str = ""  # e.g. which file this one's id hides


class _Card(QFrame):
    """One scenario card."""

    def __init__(self, data: ScenarioCard, on_start: Signal, on_edit: Signal, parent: QWidget) -> None:
        super().__init__(parent)
        self.data = data
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(label(data.title, "h2"))
        source = f" · {data.source}" if data.source and data.source != "Built-in" else ""  # only what is not stock
        chip = label(f"{data.situation} · {data.turns} turns · {data.skills} skills{source}", "muted")
        self.edit_button = QToolButton()
        self.edit_button.setText("Edit")
        self.edit_button.setAutoRaise(True)
        self.edit_button.setAccessibleName(f"Edit {data.title}")
        self.edit_button.setToolTip("Open in the scenario editor" + (" (saves your copy)" if data.source == "Built-in" else ""))
        self.edit_button.clicked.connect(lambda: on_edit.emit(data.id))
        line = QHBoxLayout()
        line.addWidget(chip, 1)
        line.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        if data.note:
            layout.addWidget(label(data.note, "notice"))
        layout.addWidget(label(f"You: {data.learner_role}"))
        layout.addWidget(label(f"With: {data.counterpart}, {data.counterpart_role}"))
        layout.addWidget(label(data.persona, "muted"))
        layout.addStretch(1)
        row = QHBoxLayout()
        self.scores = label("Not practised yet", "muted", wrap=False)
        row.addWidget(self.scores, 1)
        self.due = label("", "h3", wrap=False)
        self.due.setAccessibleName("Turns due for practice")
        self.due.hide()
        row.addWidget(self.due)
        self.button = QPushButton("Practise")
        self.button.setObjectName("primary")
        self.button.setAccessibleName(f"Practise {data.title}")
        self.button.clicked.connect(lambda: on_start.emit(data.id))
        row.addWidget(self.button)
        layout.addLayout(row)

    def set_scores(self, best: int | None, last: int | None) -> None:
        """Show the best and last score (None: not practised)."""
        self.scores.setText("Not practised yet" if best is None else f"Best {best}  ·  Last {last}")

    def set_due(self, cards: int) -> None:
        """A badge with the skills due for practice in this scenario (hidden when none)."""
        self.due.setText(f"{cards} due")
        self.due.setVisible(cards > 0)

    def matches(self, text: str, situation: str) -> bool:
        """Whether the card passes the search words and the situation."""
        d = self.data
        haystack = " ".join((d.title, d.learner_role, d.counterpart, d.counterpart_role, d.persona, d.situation,
                             d.source, d.id)).lower()
        return (not situation or d.situation == situation) and all(word in haystack for word in text.lower().split())


class ScenariosView(QWidget):
    """Lays out the cards; filtering is presentation, so it happens here."""

    start = Signal(str)  # scenario id
    practise_due = Signal()
    edit = Signal(str)  # scenario id
    new_scenario = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[_Card] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(12)
        title = QHBoxLayout()
        title.addWidget(label("Scenarios", "h1"), 1)
        self.new_button = QPushButton("+ New scenario")
        self.new_button.setToolTip("Write your own scenario in the editor")
        self.new_button.clicked.connect(self.new_scenario.emit)
        title.addWidget(self.new_button)
        layout.addLayout(title)
        layout.addWidget(label("Pick a conversation to practise out loud. Each card shows your best and last score.", "muted"))
        layout.addLayout(self._filters())
        self.warnings = label("", "error", selectable=True)
        self.warnings.hide()
        layout.addWidget(self.warnings)
        self._page = QWidget()
        self._grid = QGridLayout(self._page)
        self._grid.setContentsMargins(0, 4, 8, 4)
        self._grid.setSpacing(14)
        self._columns = 0
        self._scroll = scroll_page(self._page)
        layout.addWidget(self._scroll, 1)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by title, role or counterpart…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search scenarios")
        self.search.textChanged.connect(self._apply_filter)
        self.situation = QComboBox()
        self.situation.setAccessibleName("Situation")
        self.situation.currentIndexChanged.connect(self._apply_filter)
        self.count = label("", "muted", wrap=False)
        self.due_button = QPushButton("Practise due")
        self.due_button.setToolTip("Start the turn whose skills are most overdue for practice")
        self.due_button.clicked.connect(self.practise_due.emit)
        self.due_button.hide()
        row.addWidget(self.search, 3)
        row.addWidget(self.situation, 1)
        row.addWidget(self.count)
        row.addWidget(self.due_button)
        return row

    def set_scenarios(self, cards: Sequence[ScenarioCard], errors: Sequence[str]) -> None:
        """Show every loaded scenario; list the files that failed with FILE:LINE: reason."""
        for old in self.cards:
            old.setParent(None)
            old.deleteLater()
        self.cards = [_Card(data, self.start, self.edit, self._page) for data in cards]
        self.situation.blockSignals(True)
        self.situation.clear()
        self.situation.addItem("All situations", "")
        for name in sorted({c.situation for c in cards}):
            self.situation.addItem(name, name)
        self.situation.blockSignals(False)
        problem = "file" if len(errors) == 1 else "files"
        self.warnings.setText(f"⚠  {len(errors)} scenario {problem} could not be loaded:\n" + "\n".join(errors))
        self.warnings.setVisible(bool(errors))
        self._apply_filter()

    def set_scores(self, scores: Mapping[str, tuple[int, int]]) -> None:
        """Show each card's scores."""
        for item in self.cards:
            best, last = scores.get(item.data.id, (None, None))
            item.set_scores(best, last)

    def set_due(self, due: Mapping[str, int]) -> None:
        """Due badges on the cards, and the "Practise due" button when anything is due."""
        for item in self.cards:
            item.set_due(due.get(item.data.id, 0))
        total = sum(due.values())
        self.due_button.setText(f"Practise due ({total})")
        self.due_button.setVisible(total > 0)

    def visible_ids(self) -> list[str]:
        """Ids of the cards shown now."""
        return [c.data.id for c in self.cards if not c.isHidden()]

    def _fitting_columns(self) -> int:
        width = self._scroll.viewport().width() if self._scroll.isVisible() else self.width() - 60
        return max(1, min(MAX_COLUMNS, width // (self.fontMetrics().height() * CARD_WIDTH_LINES)))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        """Reflow the cards when the number of columns that fit changes."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._fitting_columns() != self._columns:
            self._apply_filter()

    def _apply_filter(self) -> None:
        text, situation = self.search.text(), self.situation.currentData() or ""
        while self._grid.count():
            self._grid.takeAt(0)
        shown = [c for c in self.cards if c.matches(text, situation)]
        columns = self._columns = self._fitting_columns()
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, item in enumerate(shown):
            self._grid.addWidget(item, index // columns, index % columns)
        for item in self.cards:
            item.setVisible(item in shown)
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        self._grid.setRowStretch(self._grid.rowCount(), 1)
        self.count.setText(f"{len(shown)} of {len(self.cards)}")
        if not shown and self.cards:
            self.count.setText("No match")
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
