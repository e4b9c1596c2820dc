"""Spaced practice with FSRS: each (scenario turn x criterion) is a card, each graded attempt a review."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlite_utils
from fsrs import Card, Rating, Scheduler

if TYPE_CHECKING:
    from trainer.grading.grader import CriterionResult


LOW_CONFIDENCE = 0.7
EASY_GAP = timedelta(days=3)  # met on the first try after this long away: Easy


def make_scheduler() -> Scheduler:
    """Day-sized steps suit role-play practice; no fuzzing, so schedules are reproducible."""
    return Scheduler(learning_steps=(timedelta(days=1),), relearning_steps=(timedelta(days=1),), enable_fuzzing=False)


def rating_for(result: CriterionResult, first_try: bool, since_last: timedelta | None) -> Rating:
    """Missed -> Again; met unsure -> Hard; met -> Good; met at once after a gap -> Easy."""
    if not result.met:
        return Rating.Again
    if result.confidence < LOW_CONFIDENCE:
        return Rating.Hard
    if first_try and since_last is not None and since_last >= EASY_GAP:
        return Rating.Easy
    return Rating.Good


@dataclass(frozen=True)
class DueCard:
    """A turn and criterion to practise."""

    scenario_id: str
    turn_id: str
    criterion: str
    due: datetime


class SpacedPractice:
    """Reads and updates a learner's cards; the clock is always passed in."""

    def __init__(self, db: sqlite_utils.Database, scheduler: Scheduler | None = None) -> None:
        self.db = db
        self.scheduler = scheduler or make_scheduler()

    def review(
        self,
        learner_id: int,
        scenario_id: str,
        turn_id: str,
        results: dict[str, CriterionResult],
        attempt_no: int,
        attempt_id: int,
        now: datetime,
    ) -> None:
        """Record one graded attempt: every required criterion's card is reviewed."""
        with self.db.conn:
            for criterion, result in results.items():
                key = (learner_id, scenario_id, turn_id, criterion)
                card, reviews = self._card(key, now)
                since = now - card.last_review if card.last_review else None
                rating = rating_for(result, attempt_no == 1, since)
                card, _ = self.scheduler.review_card(card, rating, now)
                self.db.table("review_cards").upsert(
                    {
                        "learner_id": learner_id,
                        "scenario_id": scenario_id,
                        "turn_id": turn_id,
                        "criterion": criterion,
                        "card": json.dumps(card.to_dict()),
                        "due": card.due.isoformat(),
                        "last_attempt_id": attempt_id,
                        "reviews": reviews + 1,
                    },
                    pk=("learner_id", "scenario_id", "turn_id", "criterion"),
                )

    def _card(self, key: tuple[int, str, str, str], now: datetime) -> tuple[Card, int]:
        row = self.db.execute(
            "SELECT card, reviews FROM review_cards WHERE learner_id=? AND scenario_id=? AND turn_id=? AND criterion=?",
            list(key),
        ).fetchone()
        if row is None:
            return Card(due=now), 0
        return Card.from_dict(json.loads(row[0])), int(row[1] or 0)

    def due(self, learner_id: int, now: datetime) -> list[DueCard]:
        """Cards due by now, most overdue first."""
        rows = self.db.execute(
            "SELECT scenario_id, turn_id, criterion, due FROM review_cards WHERE learner_id=? AND due<=? ORDER BY due",
            [learner_id, now.isoformat()],
        ).fetchall()
        return [DueCard(r[0], r[1], r[2], datetime.fromisoformat(r[3])) for r in rows]

    def due_turns(self, learner_id: int, now: datetime) -> list[tuple[str, str]]:
        """Distinct (scenario, turn) pairs with something due, for a drill."""
        seen: dict[tuple[str, str], None] = {}
        for card in self.due(learner_id, now):
            seen.setdefault((card.scenario_id, card.turn_id), None)
        return list(seen)

    def due_by_scenario(self, learner_id: int, now: datetime) -> Counter[str]:
        """How many cards are due per scenario (the Scenarios screen's badges)."""
        return Counter(c.scenario_id for c in self.due(learner_id, now))

    def forecast(self, learner_id: int, today: date, days: int = 14) -> list[tuple[date, int]]:
        """Cards falling due on each of the next days (overdue ones count today)."""
        rows = self.db.execute("SELECT due FROM review_cards WHERE learner_id=?", [learner_id]).fetchall()
        counts: Counter[date] = Counter(max(datetime.fromisoformat(r[0]).date(), today) for r in rows)
        return [(today + timedelta(days=i), counts.get(today + timedelta(days=i), 0)) for i in range(days)]
