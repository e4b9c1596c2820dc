"""Realistic sample progress for screenshots and demos: a learner improving over six weeks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from trainer.delivery import measure
from trainer.grading.grader import PushbackGrader
from trainer.scenarios import Scenario, ScenarioLibrary
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore

WEAK_REPLIES = (
    "Okay, fair enough. Maybe we can look at it again next quarter.",
    "Sorry, I just think maybe it could work if you gave it a try.",
    "Well, that's the policy, so there isn't much I can do about it.",
    "I guess you have a point there. Let me check with my manager and get back to you.",
)
PRACTICE_SCENARIOS = ("hold-the-line", "challenge-the-prospect", "mutual-goals", "coaching-rebuffed", "sale-after-the-sale")


def _reply(turn_model: str, skill: float, rng: random.Random) -> str:
    """A reply as good as the learner's current skill: weak, part of the model answer, or all of it."""
    roll = rng.random()
    if roll > skill + 0.25:
        return rng.choice(WEAK_REPLIES)
    sentences = [s.strip() for s in turn_model.replace("?", "?.").split(".") if s.strip()]
    keep = len(sentences) if roll < skill - 0.15 else max(1, len(sentences) // 2)
    return ". ".join(sentences[:keep]).replace("?.", "?") + "."


def _attempt(store: ProgressStore, grader: PushbackGrader, scenario: Scenario, ids: tuple[int, int],
             turn_id: str, attempt_no: int, text: str, when: datetime, rng: random.Random) -> TurnResult:
    turn = scenario.turn(turn_id)
    grade = grader.grade(text, scenario.weights_for(turn), scenario.pass_mark, situation=scenario.situation)
    met = {c: r.met for c, r in grade.results.items()}
    result = TurnResult(1, turn_id, attempt_no, turn.lines[0], text, grade, turn.next_turn(met, grade.passed))
    words = len(text.split())
    delivery = measure(text, words / rng.uniform(125, 175) * 60)
    delivery = type(delivery)(**{**delivery.__dict__, "patience_s": round(rng.uniform(0.6, 2.8), 1)})
    store.record_attempt(AttemptRecord(
        session_id=ids[0], learner_id=ids[1], scenario_id=scenario.id, scenario_version=scenario.version,
        weights=scenario.criteria, required=turn.requires, delivery=delivery, recogniser="faster-whisper base",
        created_at=when.isoformat(timespec="seconds"), pass_mark=scenario.pass_mark), result)
    return result


def seed_progress(store: ProgressStore, library: ScenarioLibrary, learner: str, now: datetime | None = None,
                  seed: int = 7) -> int:
    """Store about forty graded attempts over six weeks; returns how many."""
    rng, grader = random.Random(seed), PushbackGrader()
    now = now or datetime.now(UTC)
    learner_id = store.learner_id(learner)
    scenarios = [library.scenarios[s] for s in PRACTICE_SCENARIOS if s in library.scenarios]
    count = 0
    days = [*sorted(rng.sample(range(1, 42), 16), reverse=True), 0]
    for index, days_ago in enumerate(days):
        skill = 0.25 + 0.6 * index / len(days)
        scenario = scenarios[index % len(scenarios)]
        session_id = store.start_session(learner_id, scenario.id, scenario.version)
        when = (now - timedelta(days=days_ago)).replace(hour=rng.choice((8, 12, 17)), minute=rng.randrange(60))
        when = min(when, now - timedelta(minutes=30))
        turn_id, attempt_no = scenario.start, 1
        for step in range(rng.choice((2, 3))):
            text = _reply(scenario.turn(turn_id).model_answer, skill, rng)
            result = _attempt(store, grader, scenario, (session_id, learner_id), turn_id, attempt_no, text,
                              when + timedelta(minutes=3 * step), rng)
            count += 1
            if result.next_turn == "end":
                break
            if result.grade.passed or attempt_no > 1:
                turn_id, attempt_no = result.next_turn, 1
            else:
                attempt_no += 1
        store.end_session(session_id, "done")
    return count
