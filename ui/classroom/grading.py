"""A hot-seat reply graded on the thread pool and stored on the database thread with its class session id."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.classroom import Member
from trainer.delivery import Delivery, measure
from trainer.grading.grader import Grade, PushbackGrader
from trainer.scenarios import Scenario
from trainer.session import PracticeSession, TurnResult
from trainer.storage.progress import ProgressStore
from ui.classroom.jobs import ClassBook, SeatReply, record_seat
from ui.controllers.practice import Reply
from ui.tasks import run_task
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


def grade_seat_reply(grader: PushbackGrader, scenario: Scenario, turn_id: str, reply: Reply) -> tuple[Grade, Delivery]:
    """Grade a reply on its turn's criteria and measure its delivery (runs on a pool thread)."""
    grade = grader.grade(reply.text, scenario.weights_for(scenario.turn(turn_id)), scenario.pass_mark,
                         situation=scenario.situation)
    return grade, measure(reply.text, reply.duration_s, reply.words)


@dataclass(frozen=True)
class Graded:
    """A grade for the reply to one prompt (seq) of one practice session, by one learner."""

    session: PracticeSession
    seq: int
    member: Member
    reply: Reply
    grade: Grade
    delivery: Delivery


class SeatGrader(QObject):
    """grade() reports `graded` or `failed`; save() reports `saved(result, attempt id)` or `error`."""

    graded = Signal(object)  # Graded
    failed = Signal(object, object, object)  # session, seq, exception
    saved = Signal(object, object)  # TurnResult, attempt id
    error = Signal(str)

    def __init__(self, grader: PushbackGrader, db: SerialWorker[ProgressStore], data_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grader, self._db, self._data_dir = grader, db, data_dir

    def grade(self, session: PracticeSession, scenario: Scenario, seq: int, member: Member, reply: Reply) -> None:
        """Grade on the pool; the result names the session and prompt it belongs to."""
        grader, turn_id = self._grader, session.turn_id
        run_task(lambda: grade_seat_reply(grader, scenario, turn_id, reply),
                 lambda out: self.graded.emit(Graded(session, seq, member, reply, *out)),
                 lambda e: self.failed.emit(session, seq, e), owner=self)

    def save(self, book: ClassBook, graded: Graded, scenario: Scenario, result: TurnResult) -> None:
        """Store the graded reply (committed at once) under the learner's class practice session."""
        reply = graded.reply
        seat = SeatReply(graded.member, scenario, result, graded.delivery, self._relative(reply.audio_file),
                         reply.recogniser)
        self._db.submit(lambda store: record_seat(store, book, seat),
                        lambda attempt_id: self.saved.emit(result, int(attempt_id)), self._on_save_failed)

    def _relative(self, audio: Path | None) -> str:
        if audio is None:
            return ""
        try:
            return audio.relative_to(self._data_dir).as_posix()
        except ValueError:
            return str(audio)

    def _on_save_failed(self, error: BaseException) -> None:
        log.error("the class attempt could not be saved: %r", error)
        self.error.emit(f"The reply could not be saved: {error}")
