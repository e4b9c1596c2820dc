"""Read models for history, review and export; trainer overrides take precedence everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sqlite_utils takes a tenth of a second to import: not on the app's start-up path
    import sqlite_utils

EFFECTIVE_SCORE = """
    (SELECT CASE WHEN SUM(cr.weight) > 0 THEN CAST(ROUND(100.0 * SUM(CASE WHEN COALESCE(cr.override_met, cr.met)
        THEN cr.weight ELSE 0 END) / SUM(cr.weight)) AS INTEGER) ELSE 0 END
     FROM criterion_results cr WHERE cr.attempt_id = a.id AND cr.required = 1)
"""


@dataclass(frozen=True)
class HistoryFilter:
    """Which attempts to list."""

    learner: str = ""
    scenario_id: str = ""
    criterion: str = ""
    since: str = ""  # ISO date
    until: str = ""
    limit: int = 1000


def history(db: sqlite_utils.Database, where: HistoryFilter) -> list[dict[str, Any]]:
    """Attempts, newest first, with the effective (override-aware) score."""
    clauses, params = ["1 = 1"], []
    if where.learner:
        clauses.append("l.name = ?")
        params.append(where.learner)
    if where.scenario_id:
        clauses.append("a.scenario_id = ?")
        params.append(where.scenario_id)
    if where.criterion:
        clauses.append("EXISTS (SELECT 1 FROM criterion_results c WHERE c.attempt_id = a.id AND c.criterion = ?)")
        params.append(where.criterion)
    if where.since:
        clauses.append("a.created_at >= ?")
        params.append(where.since)
    if where.until:
        clauses.append("a.created_at < ?")
        params.append(where.until)
    sql = f"""
        SELECT a.id, a.uuid, l.name AS learner, a.session_id, s.kind, a.scenario_id, a.scenario_version,
               a.turn_id, a.attempt_no, a.prompt, a.transcript, a.audio_path, a.recogniser, a.grader_version,
               a.score AS machine_score, {EFFECTIVE_SCORE} AS score, a.pass_mark, a.duration_s, a.created_at
        FROM attempts a JOIN learners l ON l.id = a.learner_id JOIN sessions s ON s.id = a.session_id
        WHERE {" AND ".join(clauses)}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ?"""
    rows = list(db.query(sql, [*params, where.limit]))
    for row in rows:
        row["passed"] = row["score"] >= (row["pass_mark"] or 70)
    return rows


def criterion_rows(db: sqlite_utils.Database, attempt_id: int) -> list[dict[str, Any]]:
    """Each criterion of an attempt: the machine's verdict, the override, and the effective one."""
    return list(
        db.query(
            """SELECT criterion, required, weight, met, confidence, evidence, lapse, override_met,
                  override_comment, override_by, COALESCE(override_met, met) AS effective_met
           FROM criterion_results WHERE attempt_id = ? ORDER BY rowid""",
            [attempt_id],
        )
    )


def delivery_row(db: sqlite_utils.Database, attempt_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM delivery WHERE attempt_id = ?", [attempt_id]))
    return rows[0] if rows else None


def export_rows(db: sqlite_utils.Database, class_session_id: int | None = None) -> list[dict[str, Any]]:
    """One flat row per attempt and criterion, for CSV (optionally one class session's only)."""
    where = "WHERE a.class_session_id = ?" if class_session_id is not None else ""
    sql = f"""
        SELECT a.uuid AS attempt_uuid, l.name AS learner, l.team, s.kind AS session_kind, a.session_id,
               a.scenario_id, a.scenario_version, a.turn_id, a.attempt_no, a.created_at,
               {EFFECTIVE_SCORE} AS score, a.score AS machine_score, a.pass_mark, cr.criterion,
               cr.required, cr.met AS machine_met, cr.override_met, COALESCE(cr.override_met, cr.met) AS met,
               cr.confidence, cr.evidence, cr.override_comment, a.transcript, a.recogniser, a.grader_version
        FROM attempts a JOIN learners l ON l.id = a.learner_id JOIN sessions s ON s.id = a.session_id
        JOIN criterion_results cr ON cr.attempt_id = a.id {where}
        ORDER BY a.created_at, a.id, cr.rowid"""
    return list(db.query(sql, [class_session_id] if class_session_id is not None else []))
