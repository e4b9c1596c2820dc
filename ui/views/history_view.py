"""The History tab of Progress: filters, the list of attempts, and one attempt opened in full."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.report_data import CriterionLine, DeliveryLine
from ui.views.report import CriteriaList, DeliveryGrid, TranscriptView
from ui.views.widgets import card, label, scroll_page

FIRST_DAY = QDate(2020, 1, 1)


@dataclass(frozen=True)
class HistoryQuery:
    """The filters as chosen."""

    scenario_id: str
    criterion: str
    since: date
    until: date


@dataclass(frozen=True)
class AttemptDetail:
    """One stored attempt, opened."""

    id: int
    heading: str
    score: int
    passed: bool
    prompt: str
    transcript: str
    lines: list[CriterionLine]
    delivery: list[DeliveryLine]
    reading: str
    audio_path: str


class HistoryView(QWidget):
    """Lists attempts newest first; the selected one opens on the right."""

    query_changed = Signal(object)  # HistoryQuery
    open_attempt = Signal(int)
    play = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(self._filters())
        split = self._split = QSplitter(Qt.Orientation.Horizontal)
        self.table = self._table()
        split.addWidget(self.table)
        split.addWidget(self._detail())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        unit = self.fontMetrics().height()
        split.setSizes([unit * 36, unit * 34])
        layout.addWidget(split, 1)
        self.detail: AttemptDetail | None = None
        self.versions: dict[str, int] = {}  # scenario id -> the version in the library now
        self._graded_on: dict[int, str] = {}  # attempt id -> "graded on v1, now v3" when they differ

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.scenario = QComboBox()
        self.scenario.setAccessibleName("Filter by scenario")
        self.criterion = QComboBox()
        self.criterion.setAccessibleName("Filter by skill")
        self.since, self.until = QDateEdit(), QDateEdit()
        for edit, name in ((self.since, "From"), (self.until, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(f"{name} date")
        self.reset_button = QPushButton("Reset")
        self.reset_button.clicked.connect(self.reset_filters)
        for text, widget, stretch in (("Scenario", self.scenario, 3), ("Skill", self.criterion, 2),
                                      ("From", self.since, 1), ("To", self.until, 1)):
            row.addWidget(label(text, "muted", wrap=False))
            row.addWidget(widget, stretch)
        row.addWidget(self.reset_button)
        for signal in (self.scenario.currentIndexChanged, self.criterion.currentIndexChanged,
                       self.since.dateChanged, self.until.dateChanged):
            signal.connect(self._emit_query)
        return row

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 5)
        table.setHorizontalHeaderLabels(["When", "Scenario", "Turn", "Score", "Result"])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName("Attempts")
        table.itemSelectionChanged.connect(self._on_select)
        return table

    def _detail(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 0, 8, 0)
        layout.setSpacing(10)
        self.heading = label("Select an attempt to open it.", "h2")
        self.result = label("", "muted")
        self.prompt = label("", "muted", selectable=True)
        layout.addWidget(self.heading)
        layout.addWidget(self.result)
        layout.addWidget(self.prompt)
        self.play_button = QPushButton("▶  Play recording")
        self.play_button.clicked.connect(lambda: self.play.emit(self.detail.audio_path) if self.detail else None)
        layout.addWidget(self.play_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.transcript = TranscriptView()
        self.criteria = CriteriaList()
        self.delivery = DeliveryGrid()
        for title, widget in (("Transcript", self.transcript), ("Criteria", self.criteria), ("Delivery", self.delivery)):
            frame, inner = card()
            inner.addWidget(label(title, "h3"))
            inner.addWidget(widget)
            layout.addWidget(frame)
        layout.addStretch(1)
        self._detail_parts = [self.play_button, *[w.parentWidget() for w in (self.transcript, self.criteria, self.delivery)]]
        for part in self._detail_parts:
            part.hide()
        return scroll_page(page)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        """List beside the opened attempt when there is room, above it when the window is narrow."""
        wide = self.width() >= self.fontMetrics().height() * 64
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self._split.orientation() != orientation:
            self._split.setOrientation(orientation)
            unit = self.fontMetrics().height()
            self._split.setSizes([unit * 36, unit * 34] if wide else [unit * 10, unit * 30])
        super().resizeEvent(event)  # type: ignore[arg-type]

    def set_choices(self, scenarios: Sequence[tuple[str, str]], criteria: Sequence[tuple[str, str]], first: date) -> None:
        """Fill the filter lists (id, name) and the date range; signals are held until done."""
        for combo, items, everything in ((self.scenario, scenarios, "All scenarios"), (self.criterion, criteria, "All skills")):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem(everything, "")
            for key, name in items:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._first = QDate(first.year, first.month, first.day)
        self.reset_filters()

    def reset_filters(self) -> None:
        """Every scenario and skill, the whole date range."""
        for widget, value in ((self.since, getattr(self, "_first", FIRST_DAY)), (self.until, QDate.currentDate())):
            widget.blockSignals(True)
            widget.setDate(value)
            widget.blockSignals(False)
        for combo in (self.scenario, self.criterion):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._emit_query()

    def query(self) -> HistoryQuery:
        """The filters as set now."""
        return HistoryQuery(self.scenario.currentData() or "", self.criterion.currentData() or "",
                            self.since.date().toPython(), self.until.date().toPython())  # type: ignore[arg-type]

    def _emit_query(self) -> None:
        self.query_changed.emit(self.query())

    def set_versions(self, versions: Mapping[str, int]) -> None:
        """The scenarios' current versions, to flag attempts graded on another one."""
        self.versions = dict(versions)

    def version_note(self, row: Mapping[str, Any]) -> str:
        """'graded on v1, now v3' when the scenario changed since the attempt ('' otherwise)."""
        now, then = self.versions.get(row["scenario_id"]), row.get("scenario_version")
        return f"graded on v{then}, now v{now}" if now is not None and then is not None and then != now else ""

    def show_rows(self, rows: Sequence[Mapping[str, Any]], titles: Mapping[str, str]) -> None:
        """One row per attempt, newest first; the id rides on the first cell."""
        self.table.setRowCount(len(rows))
        self._graded_on = {int(row["id"]): self.version_note(row) for row in rows}
        for index, row in enumerate(rows):
            when = datetime.fromisoformat(row["created_at"]).astimezone().strftime("%d %b %y, %H:%M")
            note = self._graded_on[int(row["id"])]
            title = titles.get(row["scenario_id"], row["scenario_id"]) + (f"  ({note})" if note else "")
            cells = [when, title, f"{row['turn_id']} · try {row['attempt_no']}",
                     str(row["score"]), "passed" if row["passed"] else "not yet"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, int(row["id"]))
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 1 and note:
                    item.setToolTip(f"The scenario has changed since this attempt: {note}")
                self.table.setItem(index, column, item)

    def attempt_ids(self) -> list[int]:
        """Attempt ids in the order listed."""
        return [int(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in range(self.table.rowCount())]

    def select_attempt(self, attempt_id: int) -> None:
        """Select (and so open) an attempt."""
        ids = self.attempt_ids()
        if attempt_id in ids:
            self.table.selectRow(ids.index(attempt_id))

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_attempt.emit(int(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)))

    def show_detail(self, detail: AttemptDetail) -> None:
        """Show one attempt in full."""
        self.detail = detail
        self.heading.setText(detail.heading)
        note = self._graded_on.get(detail.id, "")
        self.result.setText(f"Score {detail.score} · {'passed' if detail.passed else 'not yet'}" + (f" · {note}" if note else ""))
        self.prompt.setText(f"They said: “{detail.prompt}”")
        for part in self._detail_parts:
            part.show()
        self.play_button.setEnabled(bool(detail.audio_path))
        self.play_button.setText("▶  Play recording" if detail.audio_path else "Typed reply (no recording)")
        self.transcript.show_reply(detail.transcript, [line.evidence for line in detail.lines if line.met])
        self.criteria.show_lines(detail.lines)
        self.delivery.show_lines(detail.delivery, detail.reading)
