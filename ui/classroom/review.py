"""The trainer's review of a graded reply: per-criterion overrides and comments, stored beside the grader's verdicts."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from trainer.storage.progress import ProgressStore
from ui.classroom.jobs import Reviewed, override, review_rest
from ui.classroom.session_view import ResultPanel
from ui.classroom.values import ReviewLine
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


class ReviewController(QObject):
    """Shows one graded reply for review; overrides go to the database thread and come back as new lines."""

    reviewed = Signal(object)  # attempt id: a trainer verdict was stored
    lines_changed = Signal(object)  # list[ReviewLine] of the reply on show
    error = Signal(str)

    def __init__(self, panel: ResultPanel, db: SerialWorker[ProgressStore], trainer: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel, self._db, self.trainer = panel, db, trainer
        self.attempt_id: int | None = None
        self._machine_score = 0
        self._pass_mark = 70
        panel.checklist.verdict.connect(self.set_verdict)
        panel.agree_rest.connect(self.agree_rest)

    @property
    def lines(self) -> list[ReviewLine]:
        """The criteria lines on show."""
        return self.panel.checklist.lines

    def show(self, score: int, pass_mark: int) -> None:
        """A freshly graded reply is on the panel: overrides are possible once it is stored."""
        self.attempt_id, self._machine_score, self._pass_mark = None, score, pass_mark
        self._editable(False)
        self.panel.set_delta(f"Grader's score {score}  ·  saving…")

    def stored(self, attempt_id: int) -> None:
        """The reply is in the database: the trainer can review it now."""
        self.attempt_id = attempt_id
        self._editable(True)
        self._show_scores(self._machine_score)

    def clear(self) -> None:
        """Nothing to review (the hot seat moved on)."""
        self.attempt_id = None
        self._editable(False)

    def _editable(self, editable: bool) -> None:
        self.panel.checklist.set_editable(editable)
        self.panel.agree_button.setEnabled(editable)

    def set_verdict(self, criterion: str, met: bool, comment: str) -> None:
        """The trainer's verdict on one criterion (agreeing or flipping) with an optional comment."""
        attempt_id = self.attempt_id
        if attempt_id is None:
            return
        trainer = self.trainer
        self._db.submit(lambda store: override(store, attempt_id, criterion, met, comment, trainer),
                        self._on_reviewed, self._on_failed)

    def agree_rest(self) -> None:
        """Confirm the grader's verdict on every criterion not reviewed yet."""
        attempt_id = self.attempt_id
        if attempt_id is None:
            return
        verdicts = {line.id: line.machine_met for line in self.lines if line.trainer_met is None}
        trainer = self.trainer
        self._db.submit(lambda store: review_rest(store, attempt_id, verdicts, trainer),
                        self._on_reviewed, self._on_failed)

    def _on_reviewed(self, reviewed: Reviewed) -> None:
        if reviewed.attempt_id == self.attempt_id:
            self.panel.checklist.update_lines(reviewed.lines)
            self.panel.set_verdict(reviewed.score, reviewed.score >= self._pass_mark, self._pass_mark)
            self._show_scores(reviewed.score)
            self.lines_changed.emit(self.lines)
        self.reviewed.emit(reviewed.attempt_id)

    def _show_scores(self, effective: int) -> None:
        reviewed = sum(line.trainer_met is not None for line in self.lines)
        text = f"Grader's score {self._machine_score}"
        if reviewed:
            text += f"  ·  after your review {effective}  ·  {reviewed} of {len(self.lines)} criteria reviewed"
        else:
            text += "  ·  review each criterion: Met or Missed"
        self.panel.set_delta(text)

    def _on_failed(self, error: BaseException) -> None:
        log.error("the review could not be stored: %r", error)
        self.error.emit(f"The review could not be stored: {error}")
