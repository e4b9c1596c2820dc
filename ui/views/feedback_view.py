"""The feedback panel shown after each turn: score, criteria with evidence, model answer, delivery."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.report_data import CriterionLine, DeliveryLine
from ui.views.report import CriteriaList, DeliveryGrid, TranscriptView
from ui.views.widgets import card, label, scroll_page, set_role


class CriteriaPanel(Protocol):
    """Where the criteria go: the learner's list, or the trainer's checklist with overrides."""

    def show_lines(self, lines: Sequence[CriterionLine]) -> None:
        """One row per required criterion."""


@dataclass(frozen=True)
class FeedbackData:
    """Everything the panel shows for one graded reply."""

    score: int
    passed: bool
    pass_mark: int
    transcript: str
    lines: list[CriterionLine]
    model_answer: str
    delivery: list[DeliveryLine]
    reading: str
    has_audio: bool
    last_turn: bool
    said_by: str = ""
    prompt: str = ""


class FeedbackView(QWidget):
    """Two columns (the reply and its criteria | delivery and a model answer) over a row of buttons."""

    hear_reply = Signal()
    retry = Signal()
    proceed = Signal()
    end = Signal()

    def __init__(self, criteria: CriteriaPanel | None = None, reply_title: str = "Your reply",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        page = QWidget()
        columns = self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, page)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(12)
        right.setSpacing(12)
        left.addWidget(self._header())
        self.prompt = label("", "muted", selectable=True)
        self.transcript = TranscriptView()
        left.addWidget(self._section(reply_title, self.prompt, self.transcript))
        self.criteria: CriteriaPanel = criteria or CriteriaList()
        left.addWidget(self._section("What the reply showed", self.criteria))  # type: ignore[arg-type]
        left.addStretch(1)
        self.delivery = DeliveryGrid()
        right.addWidget(self._section("Delivery", self.delivery))
        self.model_answer = label("", selectable=True)
        right.addWidget(self._section("A model answer", self.model_answer))
        right.addStretch(1)
        columns.addLayout(left, 11)
        columns.addLayout(right, 9)
        self.scroll = scroll_page(page)
        outer.addWidget(self.scroll, 1)
        self.actions = self._buttons()
        outer.addLayout(self.actions)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        """Side by side when there is room, one above the other when the window is narrow or text is large."""
        wide = self.width() >= self.fontMetrics().height() * 50
        self._columns.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _header(self) -> QWidget:
        frame, layout = card()
        row = QHBoxLayout()
        row.setSpacing(16)
        self.score = label("0", "score", wrap=False)
        self.score.setAccessibleName("Score")
        row.addWidget(self.score)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.verdict = label("", "pass", wrap=False)
        self.delta = label("", "muted")
        column.addWidget(self.verdict)
        column.addWidget(self.delta)
        row.addLayout(column, 1)
        layout.addLayout(row)
        return frame

    def _section(self, title: str, *content: QWidget) -> QWidget:
        frame, layout = card()
        layout.addWidget(label(title, "h2"))
        for widget in content:
            layout.addWidget(widget)
        return frame

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.hear_button = QPushButton("▶  Hear my reply")
        self.retry_button = QPushButton("Retry this turn  (R)")
        self.continue_button = QPushButton("Continue  (Enter)")
        self.continue_button.setObjectName("primary")
        self.end_button = QPushButton("End session")
        self.hear_button.clicked.connect(self.hear_reply)
        self.retry_button.clicked.connect(self.retry)
        self.continue_button.clicked.connect(self.proceed)
        self.end_button.clicked.connect(self.end)
        for button in (self.hear_button, self.retry_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.end_button)
        row.addWidget(self.continue_button)
        return row

    def show_feedback(self, data: FeedbackData) -> None:
        """Fill every part for a newly graded reply."""
        self.set_verdict(data.score, data.passed, data.pass_mark)
        self.delta.setText("")
        self.prompt.setText(f"{data.said_by}: “{data.prompt}”" if data.prompt else "")
        self.prompt.setVisible(bool(data.prompt))
        self.transcript.show_reply(data.transcript, [line.evidence for line in data.lines if line.met])
        self.criteria.show_lines(data.lines)
        self.model_answer.setText(data.model_answer)
        self.delivery.show_lines(data.delivery, data.reading)
        self.hear_button.setEnabled(data.has_audio)
        self.hear_button.setToolTip("" if data.has_audio else "Typed replies have no recording")
        self.continue_button.setText("Finish  (Enter)" if data.last_turn else "Continue  (Enter)")
        self.scroll.verticalScrollBar().setValue(0)

    def set_verdict(self, score: int, passed: bool, pass_mark: int) -> None:
        """The score, and passed or not yet against the pass mark."""
        self.score.setText(str(score))
        self.verdict.setText(f"Passed  ·  pass mark {pass_mark}" if passed else f"Not yet  ·  pass mark {pass_mark}")
        set_role(self.verdict, "pass" if passed else "fail")

    def set_delta(self, text: str) -> None:
        """Show how the score compares with the last attempt at this turn."""
        self.delta.setText(text)
