"""The progress database: migrations with backups, refusal of bad files, overrides, durability."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from trainer.delivery import measure
from trainer.grading.grader import PushbackGrader
from trainer.session import TurnResult
from trainer.storage.database import DatabaseRefused, open_database
from trainer.storage.progress import AttemptRecord, ProgressStore
from trainer.storage.queries import HistoryFilter, criterion_rows, history
from trainer.storage.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = {"engages": 2.0, "respectful": 1.0, "calm": 1.0, "acknowledges": 1.0, "commitment": 1.0}


def _result(text: str, turn_id: str = "opening") -> TurnResult:
    grade = PushbackGrader().grade(text, WEIGHTS)
    return TurnResult(1, turn_id, 1, "The rep's objection.", text, grade, "end")


def _record(store: ProgressStore, text: str, learner: str = "Ana") -> int:
    learner_id = store.learner_id(learner)
    session_id = store.start_session(learner_id, "hold-the-line", 1)
    record = AttemptRecord(session_id, learner_id, "hold-the-line", 1, WEIGHTS, tuple(WEIGHTS), measure(text))
    return store.record_attempt(record, _result(text))


def test_fresh_database_is_current_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "pushback.db")
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"learners", "sessions", "attempts", "criterion_results", "delivery", "classes"} <= set(db.table_names())


def test_attempt_round_trip_with_evidence(store: ProgressStore) -> None:
    text = "I hear that it feels like extra admin. The review stays, I decided on it and I'm committed to it."
    attempt_id = _record(store, text)
    [row] = history(store.db, HistoryFilter(learner="Ana"))
    assert row["id"] == attempt_id and row["transcript"] == text and row["score"] == 100 and row["passed"]
    rows = {r["criterion"]: r for r in criterion_rows(store.db, attempt_id)}
    assert rows["acknowledges"]["met"] == 1 and rows["acknowledges"]["evidence"] in text
    assert rows["commitment"]["evidence"] in text


def test_override_takes_precedence_and_both_stay_visible(store: ProgressStore) -> None:
    attempt_id = _record(store, "ugh fine, skip it then")
    before = history(store.db, HistoryFilter())[0]
    assert before["score"] == before["machine_score"] < 70
    store.set_override(attempt_id, "engages", True, comment="she held it in the next breath", by="Trainer")
    after = history(store.db, HistoryFilter())[0]
    rows = {r["criterion"]: r for r in criterion_rows(store.db, attempt_id)}
    assert rows["engages"]["met"] == 0 and rows["engages"]["override_met"] == 1
    assert rows["engages"]["effective_met"] == 1 and rows["engages"]["override_comment"]
    assert after["machine_score"] == before["machine_score"]
    assert after["score"] == before["score"] + round(100 * 2 / 6)
    store.set_override(attempt_id, "engages", None)
    assert history(store.db, HistoryFilter())[0]["score"] == before["score"]


def _make_v1(path: Path) -> None:
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    with db.conn:
        MIGRATIONS[0](db)
        db.conn.execute("PRAGMA user_version = 1")
        db["learners"].insert({"name": "Old Timer", "created_at": "2026-01-01"})
    db.conn.close()


def test_migration_backs_up_first_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "pushback.db"
    _make_v1(path)
    original = path.read_bytes()
    db = open_database(path)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [r["name"] for r in db["learners"].rows] == ["Old Timer"]
    [backup] = list(tmp_path.glob("pushback.db.v1-*.bak"))
    restored = sqlite3.connect(str(backup))
    assert restored.execute("PRAGMA user_version").fetchone()[0] == 1
    assert restored.execute("SELECT name FROM learners").fetchall() == [("Old Timer",)]
    assert len(original) > 0


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "pushback.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE learners (id INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="newer Pushback"):
        open_database(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b""])
def test_corrupt_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "pushback.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseRefused, match=str(path)):
        open_database(path)
    assert path.read_bytes() == content


def test_damaged_pages_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "pushback.db"
    store = ProgressStore(open_database(path))
    for i in range(40):
        _record(store, f"Reply number {i} " + "words " * 200, learner=f"L{i}")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2000] = b"\xff" * 2000
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused, match="corrupt"):
        open_database(path)
    assert path.read_bytes() == bytes(data)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pushback.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE recipes (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseRefused, match="not a Pushback database"):
        open_database(path)


def test_killed_process_keeps_every_graded_attempt(tmp_path: Path) -> None:
    """A practice run killed mid-session keeps the attempts it had graded."""
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
import main
from trainer.commands import practice
original = practice._print_result
count = 0
def print_then_maybe_die(out, result, delivery):
    global count
    original(out, result, delivery)
    count += 1
    if count == 2:
        out.flush()
        os.kill(os.getpid(), signal.SIGKILL)
practice._print_result = print_then_maybe_die
main.main(["--data-dir", {str(tmp_path)!r}, "practice", "--scenario", "hold-the-line", "--learner", "Kim",
           "--text", "I hear you. The review stays and I'm committed to it.", "--text", "It stays.",
           "--text", "Still staying."])
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    db = open_database(tmp_path / "pushback.db")
    rows = history(db, HistoryFilter(learner="Kim"))
    assert len(rows) == 2
    assert {r["transcript"] for r in rows} == {"I hear you. The review stays and I'm committed to it.", "It stays."}


def test_a_half_made_file_from_a_crash_does_not_block_first_use(tmp_path: Path) -> None:
    """A new database is built aside; what a killed creator leaves there is not the database."""
    leftover = tmp_path / ".pushback.db.4242-deadbeef.creating"
    leftover.write_bytes(b"")
    db = open_database(tmp_path / "pushback.db")
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert leftover.exists() and leftover.read_bytes() == b""  # someone else's, left alone


def test_waiting_too_long_for_another_opener_is_a_clear_refusal(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trainer.storage import database
    from trainer.storage.filelock import exclusive

    monkeypatch.setattr(database, "LOCK_TIMEOUT_S", 0.1)
    path = tmp_path / "pushback.db"
    with exclusive(tmp_path / "pushback.db.lock", 1), pytest.raises(DatabaseRefused, match="still locked"):
        open_database(path)
    assert not path.exists()
    assert open_database(path).conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
