"""The Calibration and Summary tabs: grader-trainer agreement; who met what, the class trend and exports."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.calibration import CalibrationRow
from trainer.classroom import SummaryCell
from trainer.evaluation import Trust
from trainer.rubric import CRITERIA_BY_ID
from ui.theme import tones
from ui.views.charts import SessionTrendChart
from ui.views.widgets import card, column, label

SaveChooser = Callable[[QWidget, str, str], Path | None]  # parent, suggested name, filter


def choose_save_path(parent: QWidget, suggested: str, pattern: str) -> Path | None:
    """Ask where to save an export."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export", suggested, pattern)
    return Path(name) if name else None


def criterion_name(cid: str) -> str:
    """The rubric's name for a criterion id."""
    return CRITERIA_BY_ID[cid].name if cid in CRITERIA_BY_ID else cid


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def _item(text: str, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return item


class CalibrationTable(QTableWidget):
    """Per criterion: trainer reviews, percent agreement with the grader, Cohen's kappa."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Criterion", "Reviewed", "Agreement", "Kappa"])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows: list[CalibrationRow] = []

    def show_rows(self, rows: Sequence[CalibrationRow]) -> None:
        """One row per reviewed criterion."""
        self.rows = list(rows)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (_item(criterion_name(row.criterion), Qt.AlignmentFlag.AlignLeft), _item(str(row.count)),
                     _item(f"{row.agreement:.0%}"), _item(f"{row.kappa:.2f}"))
            for c, cell in enumerate(cells):
                self.setItem(r, c, cell)

    def cell_text(self, criterion: str, column: int) -> str:
        """The text shown for a criterion in a column (1 reviewed, 2 agreement, 3 kappa)."""
        for r, row in enumerate(self.rows):
            if row.criterion == criterion:
                item = self.item(r, column)
                return item.text() if item else ""
        return ""


class CalibrationView(QWidget):
    """This session's agreement beside the agreement over every review."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(
            "Each time you mark a criterion Met or Missed (or agree with the rest) you review the grader. Agreement "
            "is the share of reviews where the grader said the same; kappa discounts agreement by chance "
            "(above 0.6 is good, below 0.4 means the grader needs your eye on that criterion).", "muted"))
        row = QHBoxLayout()
        row.setSpacing(16)
        self.session_table, self.session_note = CalibrationTable(), label("", "muted")
        self.overall_table, self.overall_note = CalibrationTable(), label("", "muted")
        for title, table, note in (("This session", self.session_table, self.session_note),
                                   ("All sessions", self.overall_table, self.overall_note)):
            frame, box = card(8)
            box.addWidget(label(title, "h2"))
            box.addWidget(table, 1)
            box.addWidget(note)
            row.addWidget(frame, 1)
        layout.addLayout(row, 1)
        frame, box = card(8)
        box.addWidget(label("Where to trust the grader (measured on replies it never trained on)", "h2"))
        self.trust_note = label("", "muted")
        self.trust_note.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(self.trust_note)
        layout.addWidget(frame)

    def show_calibration(self, session: Sequence[CalibrationRow], overall: Sequence[CalibrationRow],
                         has_session: bool, trust: Sequence[Trust] = ()) -> None:
        """Fill both tables, with a note when one is empty, and the grader's own held-out figures."""
        self.session_table.show_rows(session)
        self.overall_table.show_rows(overall)
        self.trust_note.setText(trust_lines(trust) or "No held-out figures ship with this grader.")
        self.session_note.setText("" if session else ("No criteria reviewed in this session yet." if has_session
                                                      else "Start a class session to see its figures."))
        self.overall_note.setText("" if overall else "No trainer reviews yet.")


class SummaryView(QWidget):
    """Pick a class session; its learner x criterion grid, the class trend, and the export buttons."""

    session_chosen = Signal(int)
    export = Signal(str, object)  # "csv" | "xapi" | "report", Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_path: SaveChooser = choose_save_path  # tests hand in a path instead of a dialog
        layout = column(self, spacing=10)
        layout.addLayout(self._toolbar())
        frame, box = card(6)
        box.addWidget(label("Who met what", "h2"))
        box.addWidget(label("Required criteria met / attempted in the session; your overrides count.", "muted"))
        self.grid = _table(("Learner",))
        box.addWidget(self.grid, 1)
        layout.addWidget(frame, 3)
        trend, trend_box = card(6)
        trend_box.addWidget(label("Class trend: share of required criteria met, per session", "h3"))
        self.trend = SessionTrendChart()
        trend_box.addWidget(self.trend, 1)
        layout.addWidget(trend, 2)
        self.status = label("", "muted", selectable=True)
        layout.addWidget(self.status)

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Session", "h3", wrap=False))
        self.sessions = QComboBox()
        self.sessions.setMinimumContentsLength(26)
        self.sessions.activated.connect(lambda i: self.session_chosen.emit(int(self.sessions.itemData(i))))
        row.addWidget(self.sessions)
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for kind, text in (("csv", "Export CSV…"), ("xapi", "Export xAPI…"), ("report", "Printable report…")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=kind: self._ask(k))
            self.buttons[kind] = button
            row.addWidget(button)
        return row

    def _ask(self, kind: str) -> None:
        suggested, pattern = {"csv": ("pushback-attempts.csv", "CSV files (*.csv)"),
                              "xapi": ("pushback-xapi.json", "xAPI statements (*.json)"),
                              "report": ("class-report.html", "Web page (*.html)")}[kind]
        path = self.choose_path(self, suggested, pattern)
        if path is not None:
            self.export.emit(kind, path)

    def show_sessions(self, sessions: Sequence[tuple[int, str]], chosen: int | None) -> None:
        """The class's sessions, newest first, with the chosen one selected."""
        self.sessions.clear()
        for sid, text in sessions:
            self.sessions.addItem(text, sid)
        if chosen is not None:
            self.sessions.setCurrentIndex(self.sessions.findData(chosen))
        self.buttons["report"].setEnabled(chosen is not None)

    def show_grid(self, grid: Mapping[str, Mapping[str, SummaryCell]]) -> None:
        """One row per learner, one column per criterion, shaded by how often it was met."""
        criteria = sorted({c for row in grid.values() for c in row},
                          key=lambda c: list(CRITERIA_BY_ID).index(c) if c in CRITERIA_BY_ID else 99)
        self.grid.clear()
        self.grid.setColumnCount(len(criteria) + 1)
        self.grid.setHorizontalHeaderLabels(["Learner", *(criterion_name(c) for c in criteria)])
        self.grid.setRowCount(len(grid))
        t = tones(self.palette())
        for r, (learner, row) in enumerate(sorted(grid.items())):
            self.grid.setItem(r, 0, _item(learner, Qt.AlignmentFlag.AlignLeft))
            for c, cid in enumerate(criteria, start=1):
                cell = row.get(cid)
                item = _item(f"{cell.met}/{cell.total}" if cell else "–")
                if cell:
                    item.setBackground(_shade(cell.rate, t.good, t.warn, t.bad))
                self.grid.setItem(r, c, item)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)


def _shade(rate: float, good: str, warn: str, bad: str) -> QColor:
    colour = QColor(good if rate >= 0.75 else warn if rate >= 0.4 else bad)
    colour.setAlphaF(0.28)
    return colour


def trust_lines(trust: Sequence[Trust]) -> str:
    """The criteria that need a trainer's eye first, one line each: kappa per style and what to check."""
    styles = {"written": "typed", "asr": "spoken"}
    rows = []
    for t in sorted(trust, key=lambda t: t.overall.kappa):
        name = CRITERIA_BY_ID[t.criterion].name if t.criterion in CRITERIA_BY_ID else t.criterion
        per_style = ", ".join(f"{styles.get(s, s)} {m.kappa:.2f}" for s, m in sorted(t.by_style.items()) if m.n)
        rows.append(f"<b>{html.escape(name)}</b>: kappa {t.overall.kappa:.2f} ({per_style}): {html.escape(t.advice)}")
    return "<br>".join(rows)
