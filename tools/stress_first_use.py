"""Start N practice processes at once on a fresh data folder, R rounds, and count the attempts kept.

Example (the case of issue 14: four processes, two graded attempts each, four rounds):

    PYTHONPATH=$PWD python tools/stress_first_use.py --processes 4 --rounds 4

Prints one line per round and a total; the exit status is 1 when any attempt was lost or refused.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPLIES = (
    "I hear that it feels like extra admin. The review stays, I decided on it and I'm committed to it.",
    "I understand. It stays on Friday, and I'll sit with you for the first one.",
)


@dataclass(frozen=True)
class Round:
    """What one round of simultaneous first use kept."""

    stored: int
    expected: int
    failures: tuple[str, ...]


def practice_command(data_dir: Path, learner: str, scenario: str, replies: tuple[str, ...]) -> list[str]:
    """The command line of one practice process."""
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "practice"]
    command += ["--scenario", scenario, "--learner", learner]
    for reply in replies:
        command += ["--text", reply]
    return command


def run_round(data_dir: Path, processes: int, scenario: str, replies: tuple[str, ...], same_learner: bool) -> Round:
    """Start every process before waiting for any; count the attempts in the database afterwards."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = [
        subprocess.Popen(
            practice_command(data_dir, "Learner" if same_learner else f"Learner {n}", scenario, replies),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(processes)
    ]
    failures = []
    for proc in started:
        _, err = proc.communicate(timeout=300)
        if proc.returncode != 0:
            failures.append(f"exit {proc.returncode}: {err.strip().splitlines()[-1] if err.strip() else ''}")
    return Round(count_attempts(data_dir / "pushback.db"), processes * len(replies), tuple(failures))


def count_attempts(database: Path) -> int:
    """Attempts stored in the database (0 when it was never created)."""
    if not database.exists():
        return 0
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0])
    finally:
        conn.close()


def stress(
    processes: int,
    rounds: int,
    scenario: str,
    base: Path,
    same_learner: bool = False,
    replies: tuple[str, ...] = REPLIES,
) -> list[Round]:
    """R rounds, each on its own fresh data folder under base."""
    return [run_round(base / f"round-{n}", processes, scenario, replies, same_learner) for n in range(rounds)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--scenario", default="hold-the-line")
    parser.add_argument("--same-learner", action="store_true", help="every process practises as the same learner")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pushback-stress-") as base:
        results = stress(args.processes, args.rounds, args.scenario, Path(base), args.same_learner)
    for n, result in enumerate(results, 1):
        print(f"round {n}: {result.stored}/{result.expected} attempts stored")
        for failure in result.failures:
            print(f"  {failure}")
    stored = sum(r.stored for r in results)
    expected = sum(r.expected for r in results)
    print(f"total: {stored}/{expected} attempts stored")
    return 0 if stored == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
