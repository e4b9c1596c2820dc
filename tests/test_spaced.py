"""Spaced practice over a real database, with the clock injected (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from trainer.delivery import measure
from trainer.grading.grader import CriterionResult
from trainer.session import TurnResult
from trainer.spaced import SpacedPractice, rating_for
from trainer.storage.progress import AttemptRecord, ProgressStore

DAY0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _attempt(store: ProgressStore, grader, library, text: str, when: datetime, attempt_no: int = 1) -> int:  # type: ignore[no-untyped-def]
    scenario = library.get("hold-the-line")
    turn = scenario.turn(scenario.start)
    weights = scenario.weights_for(turn)
    learner_id = store.learner_id("Dee")
    session_id = store.start_session(learner_id, scenario.id, 1)
    record = AttemptRecord(
        session_id, learner_id, scenario.id, 1, weights, turn.requires, measure(text), created_at=when.isoformat()
    )
    grade = grader.grade(text, weights)
    return store.record_attempt(record, TurnResult(1, turn.id, attempt_no, "p", text, grade, "end"))


def test_ratings_follow_the_mapping() -> None:
    missed = CriterionResult("calm", False, 0.8, "")
    unsure = CriterionResult("calm", True, 0.6, "x")
    sure = CriterionResult("calm", True, 0.8, "x")
    assert rating_for(missed, True, None) is Rating.Again
    assert rating_for(unsure, True, None) is Rating.Hard
    assert rating_for(sure, False, timedelta(days=10)) is Rating.Good
    assert rating_for(sure, True, timedelta(days=1)) is Rating.Good
    assert rating_for(sure, True, timedelta(days=4)) is Rating.Easy


def test_missed_criteria_come_due_and_met_ones_move_out(store, grader, library) -> None:  # type: ignore[no-untyped-def]
    spaced = SpacedPractice(store.db)
    learner = store.learner_id("Dee")
    _attempt(store, grader, library, "ugh fine, skip it then", DAY0)
    assert spaced.due(learner, DAY0) == []  # nothing due the same day
    tomorrow = DAY0 + timedelta(days=1, hours=1)
    due = {c.criterion for c in spaced.due(learner, tomorrow)}
    assert {"engages", "commitment", "calm", "acknowledges"} <= due
    assert spaced.due_turns(learner, tomorrow) == [("hold-the-line", library.get("hold-the-line").start)]
    _attempt(
        store,
        grader,
        library,
        "I hear it feels like extra admin. It stays; I decided it and I'm committed to it.",
        tomorrow,
    )
    assert spaced.due(learner, tomorrow) == []
    later = {c.criterion: c.due for c in spaced.due(learner, tomorrow + timedelta(days=60))}
    assert later and all(d > tomorrow + timedelta(days=1) for d in later.values())
    forecast = spaced.forecast(learner, tomorrow.date(), days=30)
    assert len(forecast) == 30 and sum(n for _, n in forecast) == 5
    assert spaced.due_by_scenario(learner, tomorrow + timedelta(days=60))["hold-the-line"] == 5
