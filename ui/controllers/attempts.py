"""A reply's way from the learner to the database: graded off the GUI thread, then stored by a Recorder
(one learner's own practice session here; the classroom's hot seat has its own)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from trainer.delivery import Delivery, measure
from trainer.insights import last_turn_score
from trainer.scenarios import Scenario
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore

if TYPE_CHECKING:
    from trainer.grading.grader import Grade
    from trainer.grading.lazy import Grader

Job = Callable[[ProgressStore], object]  # work for the database thread


@dataclass
class Reply:
    """A reply on its way to the grader (typed, or spoken and transcribed)."""

    text: str
    audio_file: Path | None = None
    recogniser: str = ""
    duration_s: float | None = None
    words: tuple = ()  # type: ignore[type-arg]
    pause_s: float | None = None
    speech_end_at: float | None = None


def grade_reply(grader: Grader, scenario: Scenario, turn_id: str, reply: Reply) -> tuple[Grade, Delivery]:
    """Grade a reply on its turn's criteria and measure its delivery (runs on a pool thread)."""
    turn = scenario.turn(turn_id)
    grade = grader.grade(reply.text, scenario.weights_for(turn), scenario.pass_mark, situation=scenario.situation)
    delivery = measure(reply.text, reply.duration_s, reply.words)
    return grade, dataclasses.replace(delivery, patience_s=reply.pause_s)


@dataclass(frozen=True)
class Attempt:
    """A graded reply as it is stored."""

    scenario: Scenario
    result: TurnResult
    delivery: Delivery
    audio: str = ""  # relative to the data folder
    recogniser: str = ""


@dataclass(frozen=True)
class Saved:
    """A stored attempt, and the learner's score at the same turn before it (None: the first)."""

    attempt_id: int
    previous: int | None = None


class Recorder(Protocol):
    """Jobs for the database thread that keep one round's attempts; they run in order on that thread."""

    learner: str  # the name of whoever answers now

    def open(self, scenario: Scenario) -> Job | None:
        """A job that opens the round's session row, or None."""

    def record(self, attempt: Attempt) -> Callable[[ProgressStore], Saved]:
        """A job that stores one graded attempt (committed at once)."""

    def close(self, status: str) -> Job | None:
        """A job that closes the round ('done' or 'incomplete'), or None."""


def attempt_record(attempt: Attempt, session_id: int, learner_id: int, class_session_id: int | None = None) -> AttemptRecord:
    """The stored form of an attempt in a session row."""
    scenario = attempt.scenario
    return AttemptRecord(
        session_id=session_id, learner_id=learner_id, scenario_id=scenario.id, scenario_version=scenario.version,
        weights=scenario.criteria, required=scenario.turn(attempt.result.turn_id).requires, delivery=attempt.delivery,
        audio_path=attempt.audio, recogniser=attempt.recogniser, pass_mark=scenario.pass_mark,
        class_session_id=class_session_id)


class SoloRecorder:
    """One learner's practice session: its ids are filled in on the database thread and read there by later jobs."""

    def __init__(self, learner: str) -> None:
        self.learner = learner
        self.session_id = 0
        self.learner_id = 0

    def open(self, scenario: Scenario) -> Job:
        """Open the session row."""
        return lambda store: self._open(store, scenario)

    def _open(self, store: ProgressStore, scenario: Scenario) -> int:
        self.learner_id = store.learner_id(self.learner)
        self.session_id = store.start_session(self.learner_id, scenario.id, scenario.version)
        return self.session_id

    def record(self, attempt: Attempt) -> Callable[[ProgressStore], Saved]:
        """Store the attempt; with the learner's last score at this turn."""
        return lambda store: self._record(store, attempt)

    def _record(self, store: ProgressStore, attempt: Attempt) -> Saved:
        attempt_id = store.record_attempt(attempt_record(attempt, self.session_id, self.learner_id), attempt.result)
        turn_id = attempt.result.turn_id
        return Saved(attempt_id, last_turn_score(store.db, self.learner, attempt.scenario.id, turn_id, attempt_id))

    def close(self, status: str) -> Job:
        """End the session row (when it was opened)."""
        return lambda store: store.end_session(self.session_id, status) if self.session_id else None
