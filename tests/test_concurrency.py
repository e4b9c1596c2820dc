"""Several processes on one data folder: first use, migration and writing at once lose nothing."""

from __future__ import annotations

import importlib.util
import multiprocessing
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

from trainer.storage.database import open_database
from trainer.storage.filelock import exclusive
from trainer.storage.queries import HistoryFilter, history
from trainer.storage.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter each, as separate app windows would be


def _stress_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stress_first_use", ROOT / "tools" / "stress_first_use.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_simultaneous_first_use_keeps_every_attempt(tmp_path: Path) -> None:
    """Real `main.py practice` processes started together on a fresh folder: nothing refused, nothing lost."""
    tool = _stress_tool()
    rounds = tool.stress(processes=3, rounds=2, scenario="hold-the-line", base=tmp_path, same_learner=True)
    assert [(r.stored, r.expected, r.failures) for r in rounds] == [(6, 6, ()), (6, 6, ())]
    db = open_database(tmp_path / "round-0" / "pushback.db")
    assert [r["name"] for r in db["learners"].rows] == ["Learner"]
    assert not list(tmp_path.rglob("*.creating*"))


def _open_and_report(path: str, barrier: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    """In a child: wait for the others, open the database, report the version seen and the learners."""
    barrier.wait()
    db = open_database(Path(path))
    results.put((db.conn.execute("PRAGMA user_version").fetchone()[0], [r["name"] for r in db["learners"].rows]))
    db.conn.close()


def _run_together(target, args: tuple, count: int) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Start count children that pass a barrier together; return what each put on the queue."""
    barrier = SPAWN.Barrier(count)
    results = SPAWN.Queue()
    children = [SPAWN.Process(target=target, args=(*args, barrier, results)) for _ in range(count)]
    for child in children:
        child.start()
    reported = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    return reported


def test_concurrent_migration_migrates_once_with_one_backup(tmp_path: Path) -> None:
    from test_storage import _make_v1

    path = tmp_path / "pushback.db"
    _make_v1(path)
    reported = _run_together(_open_and_report, (str(path),), 4)
    assert reported == [(SCHEMA_VERSION, ["Old Timer"])] * 4
    [backup] = list(tmp_path.glob("pushback.db.v1-*.bak"))
    assert sqlite3.connect(str(backup)).execute("PRAGMA user_version").fetchone()[0] == 1


def test_concurrent_first_open_creates_one_current_file(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "pushback.db"
    assert _run_together(_open_and_report, (str(path),), 4) == [(SCHEMA_VERSION, [])] * 4
    assert not list(path.parent.glob("*.bak")) and not list(path.parent.glob("*.creating*"))


def _write_attempts(path: str, barrier: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    """In a child: record five graded attempts for the shared learner as fast as possible."""
    from trainer.grading.grader import PushbackGrader
    from trainer.session import TurnResult
    from trainer.storage.progress import AttemptRecord, ProgressStore

    store, grader = ProgressStore(open_database(Path(path))), PushbackGrader()
    weights = {"engages": 2.0, "respectful": 1.0, "calm": 1.0, "acknowledges": 1.0, "commitment": 1.0}
    barrier.wait()
    ids = []
    for n in range(5):
        text = f"I hear you; the review stays, take {n}."
        learner_id = store.learner_id("Sam")
        record = AttemptRecord(
            store.start_session(learner_id, "hold-the-line", 1), learner_id, "hold-the-line", 1, weights, tuple(weights)
        )
        ids.append(
            store.record_attempt(
                record, TurnResult(1, "opening", n + 1, "No.", text, grader.grade(text, weights), "end")
            )
        )
    results.put(ids)
    store.db.conn.close()


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "pushback.db"
    open_database(path).conn.close()
    ids = _run_together(_write_attempts, (str(path),), 4)
    assert len({i for batch in ids for i in batch}) == 20
    assert len(history(open_database(path), HistoryFilter(learner="Sam"))) == 20


def test_lock_is_exclusive_between_holders(tmp_path: Path) -> None:
    """A second holder times out while the first holds the lock, then gets it once it is released."""
    lock = tmp_path / "x.lock"
    with exclusive(lock, 1):
        child = SPAWN.Process(target=_try_lock_briefly, args=(str(lock),))
        child.start()
        child.join(timeout=60)
        assert child.exitcode == 3
    child = SPAWN.Process(target=_try_lock_briefly, args=(str(lock),))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0


def _try_lock_briefly(path: str) -> None:
    """In a child: exit 3 when the lock is held elsewhere (the timeout fired), 0 when it was free."""
    from trainer.storage.filelock import LockTimeout

    try:
        with exclusive(Path(path), 0.2):
            pass
    except LockTimeout:
        raise SystemExit(3) from None
