"""xAPI 1.0.3 statements, one per graded attempt, with stable ids so re-exports never duplicate."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import sqlite_utils

from trainer.storage.queries import EFFECTIVE_SCORE

XAPI_VERSION = "1.0.3"
HOME_PAGE = "urn:pushback:learners"
ACTIVITY_BASE = "urn:pushback:scenario"
CRITERIA_EXTENSION = "urn:pushback:xapi:criteria"
TURN_EXTENSION = "urn:pushback:xapi:turn"
STATEMENT_NAMESPACE = uuid.UUID("6f1d5c2e-3a4b-4f0e-9b7a-2c8d1e5f4a90")
VERBS = {
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
}


def _duration(seconds: float | None) -> str | None:
    """ISO 8601 duration, as xAPI wants it (PT12.34S)."""
    return None if seconds is None else f"PT{round(float(seconds), 2)}S"


def _actor(row: dict[str, Any]) -> dict[str, Any]:
    actor: dict[str, Any] = {"objectType": "Agent", "name": row["learner"]}
    if row.get("email"):
        actor["mbox"] = f"mailto:{row['email']}"
    else:
        actor["account"] = {"homePage": HOME_PAGE, "name": row["learner"]}
    return actor


def statement(row: dict[str, Any], criteria: dict[str, dict[str, Any]], titles: dict[str, str]) -> dict[str, Any]:
    """One statement for one attempt row (see attempt_rows)."""
    verb = "passed" if row["score"] >= (row["pass_mark"] or 70) else "failed"
    scenario_iri = f"{ACTIVITY_BASE}:{row['scenario_id']}"
    result: dict[str, Any] = {
        "score": {"scaled": round(row["score"] / 100, 4), "raw": row["score"], "min": 0, "max": 100},
        "success": verb == "passed",
        "completion": True,
        "response": row["transcript"],
        "extensions": {CRITERIA_EXTENSION: criteria},
    }
    if (duration := _duration(row["duration_s"])) is not None:
        result["duration"] = duration
    return {
        "id": str(uuid.uuid5(STATEMENT_NAMESPACE, row["uuid"])),
        "version": XAPI_VERSION,
        "actor": _actor(row),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"{scenario_iri}:turn:{row['turn_id']}",
            "definition": {
                "name": {"en-US": f"{titles.get(row['scenario_id'], row['scenario_id'])}: {row['turn_id']}"},
                "type": "http://adlnet.gov/expapi/activities/interaction",
            },
        },
        "result": result,
        "context": {
            "contextActivities": {"parent": [{"objectType": "Activity", "id": scenario_iri}]},
            "extensions": {
                TURN_EXTENSION: {
                    "attempt_no": row["attempt_no"],
                    "scenario_version": row["scenario_version"],
                    "grader": row["grader_version"],
                    "recogniser": row["recogniser"] or "",
                }
            },
        },
        "timestamp": row["created_at"],
    }


def attempt_rows(db: sqlite_utils.Database, class_session_id: int | None = None) -> list[dict[str, Any]]:
    """Attempts with their effective score, oldest first (optionally one class session's only)."""
    where = "WHERE a.class_session_id = ?" if class_session_id is not None else ""
    sql = f"""SELECT a.id, a.uuid, l.name AS learner, l.email, a.scenario_id, a.scenario_version, a.turn_id,
                     a.attempt_no, a.transcript, a.grader_version, a.recogniser, a.duration_s, a.created_at,
                     a.pass_mark, {EFFECTIVE_SCORE} AS score
              FROM attempts a JOIN learners l ON l.id = a.learner_id {where} ORDER BY a.created_at, a.id"""
    return list(db.query(sql, [class_session_id] if class_session_id is not None else []))


def criteria_of(db: sqlite_utils.Database, attempt_id: int) -> dict[str, dict[str, Any]]:
    rows = db.execute(
        """SELECT criterion, met, override_met, evidence, required FROM criterion_results
           WHERE attempt_id = ? ORDER BY rowid""",
        [attempt_id],
    ).fetchall()
    return {
        r[0]: {
            "met": bool(r[1] if r[2] is None else r[2]),
            "machine_met": bool(r[1]),
            "overridden": r[2] is not None,
            "evidence": r[3],
            "required": bool(r[4]),
        }
        for r in rows
    }


def export_xapi(
    db: sqlite_utils.Database, titles: dict[str, str], target: Path, class_session_id: int | None = None
) -> int:
    """Write every attempt (or one class session's) as a JSON array of statements; returns how many."""
    rows = attempt_rows(db, class_session_id)
    statements = [statement(row, criteria_of(db, row["id"]), titles) for row in rows]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(statements, indent=2, ensure_ascii=False), encoding="utf-8")
    return len(statements)
