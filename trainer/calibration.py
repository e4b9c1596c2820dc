"""Calibration: where the grader agrees with trainers' overrides, per criterion."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from trainer.evaluation import Confusion


@dataclass(frozen=True)
class CalibrationRow:
    """Agreement between the machine and trainers on one criterion."""

    criterion: str
    count: int
    agreement: float
    kappa: float

    def as_json(self) -> dict[str, object]:
        return {
            "criterion": self.criterion,
            "count": self.count,
            "agreement": round(self.agreement, 3),
            "kappa": round(self.kappa, 3),
        }


def calibration(db: sqlite_utils.Database, class_session_id: int | None = None) -> list[CalibrationRow]:
    """Every criterion a trainer has reviewed: count, percent agreement and Cohen's kappa.

    A trainer "reviews" a criterion by setting an override, whether it confirms or flips the machine.
    """
    sql = """SELECT cr.criterion, cr.met, cr.override_met FROM criterion_results cr
             JOIN attempts a ON a.id = cr.attempt_id WHERE cr.override_met IS NOT NULL"""
    params: list[object] = []
    if class_session_id is not None:
        sql += " AND a.class_session_id = ?"
        params.append(class_session_id)
    tables: dict[str, Confusion] = {}
    for criterion, machine, trainer in db.execute(sql, params).fetchall():
        tables.setdefault(criterion, Confusion()).add(gold=bool(trainer), predicted=bool(machine))
    return [CalibrationRow(c, m.n, m.accuracy, m.kappa) for c, m in sorted(tables.items())]


def calibration_table(rows: list[CalibrationRow]) -> str:
    """Plain-text table for the command line."""
    if not rows:
        return "No trainer overrides yet: review some grades to calibrate.\n"
    lines = [f"{'criterion':18} {'count':>5} {'agree':>6} {'kappa':>6}"]
    lines += [f"{r.criterion:18} {r.count:5d} {r.agreement:6.1%} {r.kappa:6.3f}" for r in rows]
    return "\n".join(lines) + "\n"
