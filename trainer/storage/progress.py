"""The progress store: learners, sessions and graded attempts, each committed when graded."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trainer.delivery import Delivery
from trainer.session import TurnResult

if TYPE_CHECKING:  # sqlite_utils takes a tenth of a second to import: not on the app's start-up path
    import sqlite_utils


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _pk(table: sqlite_utils.db.Table) -> int:
    """The integer primary key of the row a table just inserted."""
    if table.last_pk is None:
        raise RuntimeError(f"no row was inserted into {table.name}")
    return int(table.last_pk)


@dataclass(frozen=True)
class AttemptRecord:
    """What is stored with a graded reply besides the grade itself."""

    session_id: int
    learner_id: int
    scenario_id: str
    scenario_version: int
    weights: Mapping[str, float]
    required: tuple[str, ...]
    delivery: Delivery | None = None
    audio_path: str = ""  # relative to the data folder
    recogniser: str = ""
    created_at: str = ""
    pass_mark: int = 70
    class_session_id: int | None = None


class ProgressStore:
    """All reads and writes of progress; one instance per thread that owns the connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def learner_id(self, name: str, email: str = "", team: str = "") -> int:
        """The id of the learner with this name, created on first use."""
        name = name.strip()
        if not name:
            raise ValueError("a learner needs a name")
        row = self.db.execute("SELECT id FROM learners WHERE name = ?", [name]).fetchone()
        if row:
            return int(row[0])
        with self.db.conn:  # OR IGNORE: another process may add the same learner between our look and write
            self.db.execute(
                "INSERT OR IGNORE INTO learners (name, email, team, created_at) VALUES (?, ?, ?, ?)",
                [name, email, team, now_iso()],
            )
        return int(self.db.execute("SELECT id FROM learners WHERE name = ?", [name]).fetchone()[0])

    def learners(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM learners ORDER BY name"))

    def start_session(
        self,
        learner_id: int,
        scenario_id: str,
        scenario_version: int,
        kind: str = "solo",
        class_session_id: int | None = None,
    ) -> int:
        """Open a practice session row; returns its id."""
        row = {
            "learner_id": learner_id,
            "kind": kind,
            "class_session_id": class_session_id,
            "scenario_id": scenario_id,
            "scenario_version": scenario_version,
            "started_at": now_iso(),
            "status": "open",
        }
        with self.db.conn:
            table = self.db.table("sessions").insert(row)
        return _pk(table)

    def end_session(self, session_id: int, status: str = "done") -> None:
        with self.db.conn:
            self.db.table("sessions").update(session_id, {"ended_at": now_iso(), "status": status})

    def record_attempt(self, record: AttemptRecord, result: TurnResult) -> int:
        """Store one graded reply with its criteria and delivery, in one committed transaction."""
        from trainer.spaced import SpacedPractice  # with fsrs: loaded on the first save, not at start-up

        grade = result.grade
        row = {
            "uuid": str(uuid.uuid4()),
            "session_id": record.session_id,
            "learner_id": record.learner_id,
            "scenario_id": record.scenario_id,
            "scenario_version": record.scenario_version,
            "turn_id": result.turn_id,
            "attempt_no": result.attempt_no,
            "prompt": result.prompt,
            "transcript": result.transcript,
            "audio_path": record.audio_path,
            "recogniser": record.recogniser,
            "grader_version": grade.grader_version,
            "score": grade.score,
            "passed": int(grade.passed),
            "pass_mark": record.pass_mark,
            "duration_s": record.delivery.duration_s if record.delivery else None,
            "created_at": record.created_at or now_iso(),
            "class_session_id": record.class_session_id,
        }
        with self.db.conn:
            attempt_id = _pk(self.db.table("attempts").insert(row))
            self.db.table("criterion_results").insert_all(
                {
                    "attempt_id": attempt_id,
                    "criterion": cid,
                    "required": int(cid in record.required),
                    "weight": record.weights.get(cid, 1.0),
                    "met": int(r.met),
                    "confidence": r.confidence,
                    "evidence": r.evidence,
                    "lapse": r.lapse,
                }
                for cid, r in grade.results.items()
            )
            if record.delivery:
                figures = {
                    k: v
                    for k, v in record.delivery.as_json().items()
                    if k not in {"self_words", "other_words", "fillers_per_min"}
                }
                self.db.table("delivery").insert({"attempt_id": attempt_id, **figures})
        required = {c: r for c, r in grade.results.items() if c in record.required}
        SpacedPractice(self.db).review(
            record.learner_id,
            record.scenario_id,
            result.turn_id,
            required,
            result.attempt_no,
            attempt_id,
            datetime.fromisoformat(str(row["created_at"])),
        )
        return attempt_id

    def set_override(self, attempt_id: int, criterion: str, met: bool | None, comment: str = "", by: str = "") -> int:
        """A trainer's verdict on one criterion (None clears it); returns the attempt's new score."""
        values = {
            "override_met": None if met is None else int(met),
            "override_comment": comment or None,
            "override_by": by or None,
            "override_at": now_iso() if met is not None else None,
        }
        with self.db.conn:
            self.db.table("criterion_results").update((attempt_id, criterion), values)
        return self.effective_score(attempt_id)

    def review_attempt(self, attempt_id: int, verdicts: Mapping[str, bool], comment: str = "", by: str = "") -> int:
        """A trainer's review of every given criterion (confirming or flipping); returns the new score."""
        stamp = now_iso()
        with self.db.conn:
            for criterion, met in verdicts.items():
                self.db.table("criterion_results").update(
                    (attempt_id, criterion),
                    {
                        "override_met": int(met),
                        "override_comment": comment or None,
                        "override_by": by or None,
                        "override_at": stamp,
                    },
                )
        return self.effective_score(attempt_id)

    def effective_score(self, attempt_id: int) -> int:
        """The weighted share of required criteria met, trainer overrides taking precedence."""
        rows = self.db.execute(
            "SELECT weight, COALESCE(override_met, met) FROM criterion_results WHERE attempt_id = ? AND required = 1",
            [attempt_id],
        ).fetchall()
        total = sum(w for w, _ in rows)
        return round(100 * sum(w for w, m in rows if m) / total) if total else 0
