"""`history` and `export`: progress out of the database, as a table, JSON or CSV.

The CSV is meant for spreadsheets, so text cells that would run as a formula (starting with = + - @, a tab
or a carriage return, also after leading whitespace) get a single quote in front (trainer.exports.spreadsheet).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

import sqlite_utils

from trainer.exports.spreadsheet import safe_row
from trainer.storage.queries import HistoryFilter, export_rows, history


def print_history(db: sqlite_utils.Database, where: HistoryFilter, as_json: bool, out: TextIO) -> int:
    """List attempts, newest first."""
    rows = history(db, where)
    if as_json:
        for row in rows:
            out.write(json.dumps(row) + "\n")
        return 0
    if not rows:
        out.write("No attempts yet.\n")
        return 0
    for row in rows:
        mark = "pass" if row["passed"] else "    "
        text = row["transcript"] if len(row["transcript"]) <= 60 else row["transcript"][:57] + "..."
        out.write(
            f"{row['created_at'][:16]}  {row['learner'][:16]:16}  {row['scenario_id'][:34]:34} "
            f"{row['turn_id'][:18]:18} {row['score']:3d} {mark}  {text}\n"
        )
    return 0


def export_csv(db: sqlite_utils.Database, target: Path, class_session_id: int | None = None) -> int:
    """Write one row per attempt and criterion, formula-like text neutralised; returns the number of rows."""
    rows = export_rows(db, class_session_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    fields = list(rows[0]) if rows else ["attempt_uuid", "learner", "scenario_id", "turn_id", "criterion", "met"]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(safe_row(row) for row in rows)
    return len(rows)
