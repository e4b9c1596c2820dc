"""The trainer's checklist: each criterion with the grader's verdict and evidence, and the trainer's override."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.classroom.values import ReviewLine, review_lines
from ui.report_data import CriterionLine
from ui.theme import tones
from ui.views.widgets import label


def grader_text(line: ReviewLine) -> str:
    """The grader's verdict and what it rests on."""
    if line.machine_met:
        return f"Grader: met  ·  “{line.evidence}”" if line.evidence else "Grader: met"
    return f"Grader: missed  ·  because of “{line.lapse}”" if line.lapse else "Grader: missed"


def trainer_text(line: ReviewLine) -> str:
    """The trainer's verdict beside the grader's."""
    if line.trainer_met is None:
        return "Trainer: not reviewed"
    verdict = "met" if line.trainer_met else "missed"
    said = "overrides the grader" if line.overridden else "agrees"
    return f"Trainer: {verdict} ({said})" + (f"  ·  {line.comment}" if line.comment else "")


class ReviewRow(QFrame):
    """One criterion: mark, name, both verdicts, Met / Missed buttons and a comment."""

    verdict = Signal(str, bool, str)  # criterion, met, comment

    def __init__(self, line: ReviewLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-row")
        self.setStyleSheet("QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
                           " border-color: palette(highlight); font-weight: 600; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(10)
        self.mark = label("", "mark", wrap=False)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.mark.setMinimumWidth(self.mark.fontMetrics().horizontalAdvance("✓✓"))
        row.addWidget(self.mark)
        body = QVBoxLayout()
        body.setSpacing(1)
        self.name = label("", "h3")
        self.grader = label("", "muted", selectable=True)
        self.trainer = label("")
        for widget in (self.name, self.grader, self.trainer):
            body.addWidget(widget)
        row.addLayout(body, 1)
        row.addLayout(self._controls())
        self.line = line
        self.show_line(line)

    def _controls(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(4)
        buttons = QHBoxLayout()
        self.met_button, self.missed_button = QPushButton("Met"), QPushButton("Missed")
        self._group = QButtonGroup(self)
        for button, met in ((self.met_button, True), (self.missed_button, False)):
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, m=met: self._choose(m))
            self._group.addButton(button)
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Comment (optional)")
        self.comment.setAccessibleName("Trainer's comment")
        self.comment.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.comment.editingFinished.connect(self._comment_done)
        column.addWidget(self.comment)
        column.addStretch(1)
        return column

    def show_line(self, line: ReviewLine) -> None:
        """Show a line's verdicts (the trainer's choice and comment included)."""
        self.line = line
        t = tones(QApplication.palette())
        self.mark.setText("✓" if line.met else "✗")
        self.mark.setStyleSheet(f"color: {t.good if line.met else t.bad};")
        self.mark.setAccessibleName("met" if line.met else "missed")
        self.name.setText(f"{line.name} — {'met' if line.met else 'missed'}")
        self.grader.setText(grader_text(line))
        self.trainer.setText(trainer_text(line))
        self.trainer.setStyleSheet(f"color: {t.warn}; font-weight: 600;" if line.overridden else f"color: {t.muted};")
        self._group.setExclusive(False)
        self.met_button.setChecked(line.trainer_met is True)
        self.missed_button.setChecked(line.trainer_met is False)
        self._group.setExclusive(True)
        if not self.comment.hasFocus():
            self.comment.setText(line.comment)
            self.comment.setCursorPosition(0)

    def set_editable(self, editable: bool) -> None:
        """Allow the trainer's buttons and comments (once the reply is stored)."""
        for widget in (self.met_button, self.missed_button, self.comment):
            widget.setEnabled(editable)

    def _choose(self, met: bool) -> None:
        self.verdict.emit(self.line.id, met, self.comment.text().strip())

    def _comment_done(self) -> None:
        text = self.comment.text().strip()
        if self.line.trainer_met is not None and text != self.line.comment:
            self.verdict.emit(self.line.id, self.line.trainer_met, text)


class ReviewList(QWidget):
    """Every required criterion of the graded reply as a ReviewRow; `verdict` when the trainer decides one."""

    verdict = Signal(str, bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.rows: dict[str, ReviewRow] = {}
        self._editable = False

    @property
    def lines(self) -> list[ReviewLine]:
        """The lines as now shown."""
        return [row.line for row in self.rows.values()]

    def show_lines(self, lines: Sequence[CriterionLine | ReviewLine]) -> None:
        """Rebuild for a new reply."""
        while self._layout.count():
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.rows = {}
        for index, line in enumerate(review_lines(lines)):
            if index:
                self._layout.addWidget(_rule())
            row = ReviewRow(line)
            row.verdict.connect(self.verdict)
            row.set_editable(self._editable)
            self.rows[line.id] = row
            self._layout.addWidget(row)

    def update_lines(self, lines: Sequence[ReviewLine]) -> None:
        """Show new verdicts in place (keeps focus in a comment box)."""
        for line in lines:
            if line.id in self.rows:
                self.rows[line.id].show_line(line)

    def set_editable(self, editable: bool) -> None:
        """Allow the trainer's buttons and comments (once the reply is stored)."""
        self._editable = editable
        for row in self.rows.values():
            row.set_editable(editable)


def _rule() -> QLabel:
    line = QLabel()
    line.setFixedHeight(1)
    line.setStyleSheet(f"background: {tones(QApplication.palette()).line};")
    return line
