"""The database schema as numbered migrations, applied in order and recorded in user_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite_utils takes a tenth of a second to import: not on the app's start-up path
    import sqlite_utils


def _v1(db: sqlite_utils.Database) -> None:
    """Learners, sessions, attempts, per-criterion results with room for overrides, delivery."""
    db.table("learners").create(
        {"id": int, "name": str, "email": str, "team": str, "created_at": str},
        pk="id",
        not_null={"name", "created_at"},
    )
    db.table("learners").create_index(["name"], unique=True)
    db.table("sessions").create(
        {
            "id": int,
            "learner_id": int,
            "kind": str,
            "class_session_id": int,
            "scenario_id": str,
            "scenario_version": int,
            "started_at": str,
            "ended_at": str,
            "status": str,
        },
        pk="id",
        foreign_keys=[("learner_id", "learners", "id")],
        not_null={"learner_id", "kind", "scenario_id", "started_at", "status"},
    )
    db.table("attempts").create(
        {
            "id": int,
            "uuid": str,
            "session_id": int,
            "learner_id": int,
            "scenario_id": str,
            "scenario_version": int,
            "turn_id": str,
            "attempt_no": int,
            "prompt": str,
            "transcript": str,
            "audio_path": str,
            "recogniser": str,
            "grader_version": str,
            "score": int,
            "passed": int,
            "pass_mark": int,
            "duration_s": float,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id"), ("learner_id", "learners", "id")],
        not_null={
            "uuid",
            "session_id",
            "learner_id",
            "scenario_id",
            "turn_id",
            "prompt",
            "transcript",
            "grader_version",
            "score",
            "passed",
            "created_at",
        },
    )
    db.table("attempts").create_index(["uuid"], unique=True)
    db.table("attempts").create_index(["learner_id", "created_at"])
    db.table("criterion_results").create(
        {
            "attempt_id": int,
            "criterion": str,
            "required": int,
            "weight": float,
            "met": int,
            "confidence": float,
            "evidence": str,
            "lapse": str,
            "override_met": int,
            "override_comment": str,
            "override_by": str,
            "override_at": str,
        },
        pk=("attempt_id", "criterion"),
        foreign_keys=[("attempt_id", "attempts", "id")],
        not_null={"attempt_id", "criterion", "required", "met", "confidence", "evidence"},
    )
    db.table("delivery").create(
        {
            "attempt_id": int,
            "words": int,
            "duration_s": float,
            "wpm": float,
            "fillers": int,
            "filler_share": float,
            "hedges": int,
            "i_you_ratio": float,
            "longest_sentence_words": int,
            "patience_s": float,
            "longest_pause_s": float,
        },
        pk="attempt_id",
        foreign_keys=[("attempt_id", "attempts", "id")],
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Classes and their rosters, and class sessions with a hot seat."""
    db.table("classes").create({"id": int, "name": str, "created_at": str}, pk="id", not_null={"name", "created_at"})
    db.table("classes").create_index(["name"], unique=True)
    db.table("class_members").create(
        {"class_id": int, "learner_id": int, "present": int},
        pk=("class_id", "learner_id"),
        foreign_keys=[("class_id", "classes", "id"), ("learner_id", "learners", "id")],
    )
    db.table("class_sessions").create(
        {"id": int, "class_id": int, "started_at": str, "ended_at": str, "scenario_ids": str, "rotation": str},
        pk="id",
        foreign_keys=[("class_id", "classes", "id")],
        not_null={"class_id", "started_at"},
    )


def _v3(db: sqlite_utils.Database) -> None:
    """Spaced-practice cards: one per learner, scenario turn and criterion."""
    db.table("review_cards").create(
        {
            "learner_id": int,
            "scenario_id": str,
            "turn_id": str,
            "criterion": str,
            "card": str,
            "due": str,
            "last_attempt_id": int,
            "reviews": int,
        },
        pk=("learner_id", "scenario_id", "turn_id", "criterion"),
        foreign_keys=[("learner_id", "learners", "id")],
        not_null={"learner_id", "scenario_id", "turn_id", "criterion", "card", "due"},
    )
    db.table("review_cards").create_index(["learner_id", "due"])
    db.table("class_sessions").add_column("timer_s", int)
    db.table("attempts").add_column("class_session_id", int)


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration above the file's user_version, each in its own transaction."""
    applied = []
    current = user_version(db.conn)
    for number in range(current + 1, SCHEMA_VERSION + 1):
        with db.conn:
            MIGRATIONS[number - 1](db)
            db.conn.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    return applied
