"""Progress insights: per-skill trends, recency-weighted proficiency, practice days, what next."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios import ScenarioLibrary

HALF_LIFE_DAYS = 14.0  # an attempt two weeks old counts half as much as one made today


@dataclass(frozen=True)
class TrendPoint:
    """Share of attempts that met a criterion on one day."""

    day: date
    met: int
    total: int

    @property
    def rate(self) -> float:
        return self.met / self.total if self.total else 0.0


@dataclass(frozen=True)
class Recommendation:
    """A weak skill and a scenario turn that trains it."""

    criterion: str
    proficiency: float
    scenario_id: str
    turn_id: str
    title: str


def _criterion_events(db: sqlite_utils.Database, learner: str) -> list[tuple[str, str, int]]:
    """(created_at, criterion, effective met) for the learner's required criteria."""
    rows = db.execute(
        """SELECT a.created_at, cr.criterion, COALESCE(cr.override_met, cr.met)
           FROM criterion_results cr JOIN attempts a ON a.id = cr.attempt_id
           JOIN learners l ON l.id = a.learner_id
           WHERE l.name = ? AND cr.required = 1 ORDER BY a.created_at""",
        [learner],
    ).fetchall()
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).date()


def criterion_trends(db: sqlite_utils.Database, learner: str) -> dict[str, list[TrendPoint]]:
    """Per criterion, the daily share met (overrides take precedence)."""
    table: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for stamp, criterion, met in _criterion_events(db, learner):
        cell = table[criterion][_day(stamp)]
        cell[0] += met
        cell[1] += 1
    return {c: [TrendPoint(d, m, t) for d, (m, t) in sorted(days.items())] for c, days in table.items()}


def proficiency(db: sqlite_utils.Database, learner: str, now: datetime) -> dict[str, float]:
    """Recency-weighted share met per criterion, 0-1 (exponential decay, HALF_LIFE_DAYS)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for stamp, criterion, met in _criterion_events(db, learner):
        age_days = max((now - datetime.fromisoformat(stamp)).total_seconds() / 86400, 0.0)
        weight = math.pow(0.5, age_days / HALF_LIFE_DAYS)
        sums[criterion][0] += weight * met
        sums[criterion][1] += weight
    return {c: (m / w if w else 0.0) for c, (m, w) in sums.items()}


def practice_days(db: sqlite_utils.Database, learner: str) -> dict[date, int]:
    """Attempts per calendar day, for the heatmap."""
    rows = db.execute(
        "SELECT a.created_at FROM attempts a JOIN learners l ON l.id = a.learner_id WHERE l.name = ?", [learner]
    ).fetchall()
    counts: dict[date, int] = defaultdict(int)
    for (stamp,) in rows:
        counts[_day(str(stamp))] += 1
    return dict(counts)


def practise_next(
    db: sqlite_utils.Database, learner: str, library: ScenarioLibrary, now: datetime, limit: int = 3
) -> list[Recommendation]:
    """The weakest criteria (untried ones count as weak) with a turn that requires each."""
    known = proficiency(db, learner, now)
    used = {c for s in library.scenarios.values() for c in s.criteria}
    ranked = sorted(used, key=lambda c: (known.get(c, 0.0), c not in known, c))
    out = []
    for criterion in ranked[:limit]:
        turn = _turn_training(library, criterion)
        if turn:
            scenario_id, turn_id, title = turn
            out.append(Recommendation(criterion, known.get(criterion, 0.0), scenario_id, turn_id, title))
    return out


def _turn_training(library: ScenarioLibrary, criterion: str) -> tuple[str, str, str] | None:
    """The first turn (opening turns first) that requires the criterion, with the fewest other demands."""
    best: tuple[int, str, str, str] | None = None
    for scenario in library.scenarios.values():
        for index, turn in enumerate(scenario.turns.values()):
            if criterion in turn.requires:
                key = (index * 10 + len(turn.requires), scenario.id, turn.id, scenario.title)
                best = key if best is None or key < best else best
    return (best[1], best[2], best[3]) if best else None


def scenario_scores(db: sqlite_utils.Database, learner: str) -> dict[str, tuple[int, int]]:
    """Per scenario: (best, last) effective turn score of the learner."""
    from trainer.storage.queries import HistoryFilter, history

    out: dict[str, tuple[int, int]] = {}
    for row in reversed(history(db, HistoryFilter(learner=learner, limit=100_000))):
        best, _ = out.get(row["scenario_id"], (0, 0))
        out[row["scenario_id"]] = (max(best, row["score"]), row["score"])
    return out


def last_turn_score(
    db: sqlite_utils.Database, learner: str, scenario_id: str, turn_id: str, before_attempt: int
) -> int | None:
    """The learner's previous score at this turn, before the given attempt id."""
    from trainer.storage.queries import EFFECTIVE_SCORE

    row = db.execute(
        f"""SELECT {EFFECTIVE_SCORE} FROM attempts a JOIN learners l ON l.id = a.learner_id
            WHERE l.name = ? AND a.scenario_id = ? AND a.turn_id = ? AND a.id < ?
            ORDER BY a.id DESC LIMIT 1""",
        [learner, scenario_id, turn_id, before_attempt],
    ).fetchone()
    return int(row[0]) if row else None


def criterion_name(criterion: str) -> str:
    return CRITERIA_BY_ID[criterion].name


def heatmap_weeks(days: dict[date, int], today: date, weeks: int = 20) -> list[list[tuple[date, int]]]:
    """Columns of 7 days (Monday first) ending with today's week, for a calendar heatmap."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    return [[(d, days.get(d, 0)) for d in (start + timedelta(weeks=w, days=i) for i in range(7))] for w in range(weeks)]
