"""The graded-reply panels shared by Feedback and Progress: marked transcript, criteria, delivery."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ui.report_data import CriterionLine, DeliveryLine, marked_html
from ui.theme import tones
from ui.views.widgets import label


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())  # type: ignore[arg-type]


class TranscriptView(QTextBrowser):
    """The reply with the evidence for each met criterion highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Your reply, evidence highlighted")
        self.setOpenLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(8)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text = ""

    def show_reply(self, text: str, evidence: Sequence[str]) -> None:
        """Show the reply with these quotes highlighted."""
        self.text = text
        t = tones(QApplication.palette())
        self.setHtml(f"<div style='line-height:140%'>{marked_html(text, evidence, t.mark, t.mark_text)}</div>")
        self._fit()

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        """Refit the height to the new width."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _fit(self) -> None:
        """Grow to the text instead of scrolling inside a scrolling page."""
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 6
        if self.height() != height:
            self.setFixedHeight(height)


class CriteriaList(QWidget):
    """Each required criterion: met or missed, the evidence quoted, or what to try saying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.lines: list[CriterionLine] = []

    def show_lines(self, lines: Sequence[CriterionLine]) -> None:
        """One row per criterion."""
        _clear(self._layout)
        self.lines = list(lines)
        for line in lines:
            self._layout.addLayout(self._row(line))

    def _row(self, line: CriterionLine) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        mark = label("✓" if line.met else "✗", "mark", wrap=False)
        mark.setStyleSheet(f"color: {tones(QApplication.palette()).good if line.met else tones(QApplication.palette()).bad};")
        mark.setAccessibleName("met" if line.met else "missed")
        mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        mark.setMinimumWidth(mark.fontMetrics().horizontalAdvance("✓✓"))
        row.addWidget(mark)
        body = QVBoxLayout()
        body.setSpacing(2)
        body.addWidget(label(f"{line.name} — {'met' if line.met else 'missed'}", "h3"))
        if line.met:
            body.addWidget(label(f"“{line.evidence}”" if line.evidence else "Shown in your reply.", "muted", selectable=True))
        else:
            if line.lapse:
                body.addWidget(label(f"Because of: “{line.lapse}”", "muted", selectable=True))
            body.addWidget(label(f"Try saying: {line.try_saying}", selectable=True))
        row.addLayout(body, 1)
        return row


class DeliveryGrid(QWidget):
    """Delivery figures in a table: figure, value, band, verdict; then a one-line reading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(4)
        outer.addLayout(self._grid)
        self.reading = label("", "muted")
        outer.addWidget(self.reading)

    def show_lines(self, lines: Sequence[DeliveryLine], reading: str) -> None:
        """One row per figure, then the reading."""
        _clear(self._grid)
        for col, head in enumerate(("", "You", "Band", "")):
            self._grid.addWidget(label(head, "muted", wrap=False), 0, col)
        for row, line in enumerate(lines, start=1):
            verdict = "–" if line.ok is None else ("in band" if line.ok else "outside")
            cells: list[QLabel] = [label(line.label, wrap=False), label(line.value, "h3", wrap=False),
                                   label(line.band, "muted", wrap=False),
                                   label(verdict, "muted" if line.ok is None else ("good" if line.ok else "bad"), wrap=False)]
            for col, cell in enumerate(cells):
                self._grid.addWidget(cell, row, col)
        self._grid.setColumnStretch(3, 1)
        self.reading.setText(reading)
