"""Progress insights over a real database with an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from trainer.delivery import measure
from trainer.insights import (
    criterion_trends,
    heatmap_weeks,
    last_turn_score,
    practice_days,
    practise_next,
    proficiency,
    scenario_scores,
)
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _attempt(store: ProgressStore, grader, library, text: str, when: datetime, turn: str = "opening") -> int:  # type: ignore[no-untyped-def]
    scenario = library.get("hold-the-line")
    weights = scenario.weights_for(scenario.turn(turn))
    learner_id = store.learner_id("Ana")
    session_id = store.start_session(learner_id, scenario.id, scenario.version)
    grade = grader.grade(text, weights)
    record = AttemptRecord(
        session_id,
        learner_id,
        scenario.id,
        1,
        weights,
        tuple(weights),
        measure(text),
        created_at=when.isoformat(timespec="seconds"),
    )
    return store.record_attempt(record, TurnResult(1, turn, 1, "prompt", text, grade, "end"))


def test_trends_proficiency_and_days(store, grader, library) -> None:  # type: ignore[no-untyped-def]
    weak = "ugh fine, skip it then"
    strong = "I hear it feels like more admin. The review stays, I decided on it and I'm committed to it."
    _attempt(store, grader, library, weak, NOW - timedelta(days=28))
    _attempt(store, grader, library, strong, NOW - timedelta(days=1))
    _attempt(store, grader, library, strong, NOW)
    trends = criterion_trends(store.db, "Ana")
    assert [p.rate for p in trends["commitment"]] == [0.0, 1.0, 1.0]
    prof = proficiency(store.db, "Ana", NOW)
    # the old miss weighs a quarter (two half-lives): (1 + ~0.95) / (1 + ~0.95 + 0.25)
    assert 0.85 < prof["commitment"] < 0.92
    days = practice_days(store.db, "Ana")
    assert sum(days.values()) == 3 and days[NOW.date()] == 1
    assert scenario_scores(store.db, "Ana")["hold-the-line"] == (100, 100)


def test_practise_next_points_at_weak_skills(store, grader, library) -> None:  # type: ignore[no-untyped-def]
    _attempt(store, grader, library, "I hear you. It stays, and I'm committed to it.", NOW)
    recs = practise_next(store.db, "Ana", library, NOW, limit=3)
    assert len(recs) == 3
    shown = {"acknowledges", "engages", "commitment", "respectful", "calm"}
    assert not shown & {r.criterion for r in recs}
    for rec in recs:
        assert rec.criterion in library.get(rec.scenario_id).turn(rec.turn_id).requires


def test_last_turn_score_and_heatmap(store, grader, library) -> None:  # type: ignore[no-untyped-def]
    first = _attempt(store, grader, library, "ugh fine, skip it then", NOW - timedelta(days=2))
    second = _attempt(store, grader, library, "I hear you. It stays; I'm committed to it.", NOW)
    assert last_turn_score(store.db, "Ana", "hold-the-line", "opening", second) is not None
    assert last_turn_score(store.db, "Ana", "hold-the-line", "opening", first) is None
    weeks = heatmap_weeks({date(2026, 11, 24): 2}, date(2026, 11, 24), weeks=4)
    assert len(weeks) == 4 and all(len(w) == 7 for w in weeks)
    assert (date(2026, 11, 24), 2) in weeks[-1] and weeks[0][0][0].weekday() == 0
