"""Classroom: classes and rosters, the hot seat, class sessions and the class summary."""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from trainer.storage.progress import ProgressStore, _pk, now_iso


@dataclass(frozen=True)
class Member:
    """A learner on a class roster."""

    learner_id: int
    name: str
    email: str = ""
    team: str = ""
    present: bool = True


@dataclass
class ImportResult:
    """What a roster import added, and the lines it could not use."""

    added: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Roster:
    """Classes and their members; learners are the same records as solo practice."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store
        self.db: sqlite_utils.Database = store.db

    def create_class(self, name: str) -> int:
        """A new class (or the existing one with this name)."""
        name = name.strip()
        if not name:
            raise ValueError("a class needs a name")
        with self.db.conn:  # OR IGNORE: another process may create the same class between a look and a write
            self.db.execute("INSERT OR IGNORE INTO classes (name, created_at) VALUES (?, ?)", [name, now_iso()])
        return int(self.db.execute("SELECT id FROM classes WHERE name = ?", [name]).fetchone()[0])

    def classes(self) -> list[dict[str, object]]:
        return list(self.db.query("SELECT id, name, created_at FROM classes ORDER BY name"))

    def add_learner(self, class_id: int, name: str, email: str = "", team: str = "") -> int:
        """Add a learner by name (created on first use) to a class."""
        learner_id = self.store.learner_id(name, email, team)
        with self.db.conn:
            if email or team:
                self.db.table("learners").update(
                    learner_id, {k: v for k, v in {"email": email, "team": team}.items() if v}
                )
            self.db.table("class_members").upsert(
                {"class_id": class_id, "learner_id": learner_id, "present": 1}, pk=("class_id", "learner_id")
            )
        return learner_id

    def import_csv(self, class_id: int, path: Path) -> ImportResult:
        """Add learners from a CSV with a `name` column (optional `email`, `team`)."""
        result = ImportResult()
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {f.strip().lower() for f in reader.fieldnames or []}
            if "name" not in fields:
                result.problems.append(f"{path}:1: no 'name' column (found: {', '.join(sorted(fields)) or 'nothing'})")
                return result
            for line, row in enumerate(reader, start=2):
                clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                if not clean.get("name"):
                    result.problems.append(f"{path}:{line}: empty name")
                    continue
                self.add_learner(class_id, clean["name"], clean.get("email", ""), clean.get("team", ""))
                result.added.append(clean["name"])
        return result

    def members(self, class_id: int) -> list[Member]:
        rows = self.db.execute(
            """SELECT l.id, l.name, COALESCE(l.email, ''), COALESCE(l.team, ''), m.present
               FROM class_members m JOIN learners l ON l.id = m.learner_id WHERE m.class_id = ? ORDER BY l.name""",
            [class_id],
        ).fetchall()
        return [Member(int(r[0]), r[1], r[2], r[3], bool(r[4])) for r in rows]

    def set_present(self, class_id: int, learner_id: int, present: bool) -> None:
        with self.db.conn:
            self.db.table("class_members").update((class_id, learner_id), {"present": int(present)})

    def start_session(self, class_id: int, scenario_ids: list[str], rotation: str, timer_s: int) -> int:
        """Open a class session; its attempts are stored with its id."""
        with self.db.conn:
            return _pk(
                self.db.table("class_sessions").insert(
                    {
                        "class_id": class_id,
                        "started_at": now_iso(),
                        "scenario_ids": json.dumps(scenario_ids),
                        "rotation": rotation,
                        "timer_s": timer_s,
                    }
                )
            )

    def end_session(self, class_session_id: int) -> None:
        with self.db.conn:
            self.db.table("class_sessions").update(class_session_id, {"ended_at": now_iso()})


class HotSeat:
    """Who answers next: round-robin or random without repeats, skipping absent learners."""

    def __init__(self, members: list[Member], rotation: str = "round-robin", rng: random.Random | None = None) -> None:
        if rotation not in {"round-robin", "random"}:
            raise ValueError(f"unknown rotation '{rotation}'")
        self.rotation = rotation
        self.rng = rng or random.Random()
        self.members = list(members)
        self.absent: set[int] = {m.learner_id for m in members if not m.present}
        self._queue: list[Member] = []
        self.current: Member | None = None

    def mark_absent(self, learner_id: int, absent: bool = True) -> None:
        (self.absent.add if absent else self.absent.discard)(learner_id)

    def next(self) -> Member | None:
        """The next learner in the hot seat, or None when nobody is present."""
        present = [m for m in self.members if m.learner_id not in self.absent]
        if not present:
            self.current = None
            return None
        self._queue = [m for m in self._queue if m.learner_id not in self.absent]
        if not self._queue:
            self._queue = self._new_round(present)
        self.current = self._queue.pop(0)
        return self.current

    def _new_round(self, present: list[Member]) -> list[Member]:
        order = list(present)
        if self.rotation == "random":
            self.rng.shuffle(order)
            if self.current and len(order) > 1 and order[0].learner_id == self.current.learner_id:
                order.append(order.pop(0))  # nobody answers twice in a row across rounds
        return order


@dataclass(frozen=True)
class SummaryCell:
    """How often one learner met one criterion in a class session."""

    met: int
    total: int

    @property
    def rate(self) -> float:
        return self.met / self.total if self.total else 0.0


def class_summary(db: sqlite_utils.Database, class_session_id: int) -> dict[str, dict[str, SummaryCell]]:
    """learner -> criterion -> met/total over the session's required criteria (overrides win)."""
    rows = db.execute(
        """SELECT l.name, cr.criterion, SUM(COALESCE(cr.override_met, cr.met)), COUNT(*)
           FROM attempts a JOIN learners l ON l.id = a.learner_id JOIN criterion_results cr ON cr.attempt_id = a.id
           WHERE a.class_session_id = ? AND cr.required = 1 GROUP BY l.name, cr.criterion ORDER BY l.name""",
        [class_session_id],
    ).fetchall()
    table: dict[str, dict[str, SummaryCell]] = defaultdict(dict)
    for name, criterion, met, total in rows:
        table[name][criterion] = SummaryCell(int(met), int(total))
    return dict(table)


def class_trend(db: sqlite_utils.Database, class_id: int) -> list[tuple[int, str, float]]:
    """Per class session of a class: (session id, start, share of required criteria met)."""
    rows = db.execute(
        """SELECT cs.id, cs.started_at, AVG(COALESCE(cr.override_met, cr.met))
           FROM class_sessions cs JOIN attempts a ON a.class_session_id = cs.id
           JOIN criterion_results cr ON cr.attempt_id = a.id
           WHERE cs.class_id = ? AND cr.required = 1 GROUP BY cs.id ORDER BY cs.started_at""",
        [class_id],
    ).fetchall()
    return [(int(r[0]), str(r[1]), float(r[2])) for r in rows]
