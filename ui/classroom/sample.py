"""A realistic sample class for screenshots and demos: twelve learners, two earlier sessions, some trainer reviews."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from trainer.classroom import HotSeat, Roster
from trainer.delivery import measure
from trainer.grading.grader import PushbackGrader
from trainer.scenarios import Scenario, ScenarioLibrary
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore

CLASS_NAME = "Q4 regional managers"
LEARNERS = (
    ("Priya Shah", "North"), ("Tom Becker", "North"), ("Aisha Bello", "South"), ("Marco Rossi", "South"),
    ("Hannah Lee", "East"), ("Daniel Okafor", "East"), ("Sofia Martins", "West"), ("James Whitaker", "West"),
    ("Mei Chen", "North"), ("Lukas Novak", "South"), ("Grace O'Neill", "East"), ("Ravi Kumar", "West"),
)
ABSENT = ("Lukas Novak",)
WEAK = (
    "Okay, fair enough. Maybe we can look at it again next quarter.",
    "Sorry, I just think maybe it could work if you gave it a try.",
    "Well, that's the policy, so there isn't much I can do about it.",
)


def _email(name: str) -> str:
    return name.lower().replace("'", "").replace(" ", ".") + "@brightpath.example"


def _reply(scenario: Scenario, turn_id: str, skill: float, rng: random.Random) -> str:
    """The model answer, half of it, or a weak reply, by the learner's skill."""
    roll = rng.random()
    if roll > skill + 0.2:
        return rng.choice(WEAK)
    sentences = [s.strip() for s in scenario.turn(turn_id).model_answer.split(".") if s.strip()]
    keep = len(sentences) if roll < skill - 0.2 else max(1, len(sentences) // 2)
    return ". ".join(sentences[:keep]) + "."


def _session(store: ProgressStore, class_id: int, scenario: Scenario, days_ago: int, skill: float,
             rng: random.Random, now: datetime) -> None:
    """One earlier class session: every present learner answers one turn, the trainer reviews a few."""
    roster, grader = Roster(store), PushbackGrader()
    cs_id = roster.start_session(class_id, [scenario.id], "round-robin", 90)
    when = (now - timedelta(days=days_ago)).replace(hour=14, minute=0, second=0, microsecond=0)
    store.db.table("class_sessions").update(cs_id, {"started_at": when.isoformat(timespec="seconds")})
    seat, turn_id = HotSeat(roster.members(class_id), "round-robin", rng), scenario.start
    for step in range(10):
        member = seat.next()
        if member is None:
            break
        turn = scenario.turn(turn_id)
        text = _reply(scenario, turn_id, skill + rng.uniform(-0.15, 0.15), rng)
        grade = grader.grade(text, scenario.weights_for(turn), scenario.pass_mark, situation=scenario.situation)
        met = {c: r.met for c, r in grade.results.items()}
        next_turn = turn.next_turn(met, grade.passed)
        session_id = store.start_session(member.learner_id, scenario.id, scenario.version, kind="class",
                                         class_session_id=cs_id)
        record = AttemptRecord(session_id, member.learner_id, scenario.id, scenario.version, scenario.criteria,
                               turn.requires, measure(text), created_at=(when + timedelta(minutes=4 * step)).isoformat(),
                               pass_mark=scenario.pass_mark, class_session_id=cs_id)
        attempt_id = store.record_attempt(record, TurnResult(1, turn_id, 1, turn.lines[0], text, grade, next_turn))
        store.end_session(session_id, "done")
        if step % 3 == 0:  # the trainer reviewed every third reply, flipping the grader now and then
            verdicts = {c: (m if rng.random() > 0.15 else not m) for c, m in met.items()}
            store.review_attempt(attempt_id, verdicts, by="Jordan Reyes")
        turn_id = next_turn if next_turn in scenario.turns else scenario.start
    roster.end_session(cs_id)


def seed_class(store: ProgressStore, library: ScenarioLibrary, now: datetime | None = None, seed: int = 11) -> int:
    """The sample class with its roster and two earlier sessions; the class id."""
    now, rng = now or datetime.now(UTC), random.Random(seed)
    roster = Roster(store)
    class_id = roster.create_class(CLASS_NAME)
    for name, team in LEARNERS:
        learner_id = roster.add_learner(class_id, name, _email(name), team)
        if name in ABSENT:
            roster.set_present(class_id, learner_id, False)
    for days_ago, scenario_id, skill in ((12, "mutual-goals", 0.35), (5, "hold-the-line", 0.55)):
        scenario = library.get(scenario_id)
        if scenario is not None:
            _session(store, class_id, scenario, days_ago, skill, rng, now)
    return class_id
