"""The command line as a user runs it: grade, eval, practice, history, export."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import main

ROOT = Path(__file__).resolve().parent.parent


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_grade_keeps_going_past_bad_lines(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "a",
                        "scenario": "challenge-the-prospect",
                        "prompt": "p",
                        "reply": "I see that differently. Mind if I share why? Our churn was 4% last year.",
                    }
                ),
                "{not json",
                json.dumps({"id": "b", "scenario": "no-such-scenario", "reply": "hi"}),
                json.dumps({"id": "c", "scenario": "hold-the-line"}),
                json.dumps({"id": "d", "scenario": "hold-the-line", "reply": "", "extra": 1}),
                json.dumps(["not", "an", "object"]),
            ]
        )
        + "\n"
    )
    status, out, err = _run(capsys, "--data-dir", str(tmp_path / "d"), "grade", str(src))
    lines = [json.loads(x) for x in out.splitlines()]
    assert status == 1 and "Traceback" not in err
    assert [x.get("id") for x in lines] == ["a", None, "b", "c", "d", None]
    first = lines[0]
    assert first["passed"] and first["score"] == 100
    assert set(first["criteria"]) == {"engages", "warning", "permission", "reasons", "respectful", "calm"}
    assert (
        first["criteria"]["reasons"]["evidence"]
        in "I see that differently. Mind if I share why? Our churn was 4% last year."
    )
    assert {"words", "fillers", "hedges", "i_you_ratio"} <= set(first["delivery"])
    assert lines[1] == {"line": 2, "id": None, "error": lines[1]["error"]} and "invalid JSON" in lines[1]["error"]
    assert "unknown scenario" in lines[2]["error"] and lines[2]["line"] == 3
    assert "missing reply" in lines[3]["error"]
    assert lines[4]["score"] == 0 and not any(c["met"] for c in lines[4]["criteria"].values())
    assert lines[5]["line"] == 6 and "object" in lines[5]["error"]


def test_grade_good_file_exits_zero_and_missing_file_fails(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 1, "scenario": "mutual-goals", "reply": "What do you want to earn this year?"}) + "\n"
    )
    assert _run(capsys, "grade", str(src))[0] == 0
    status, _, err = _run(capsys, "grade", str(tmp_path / "missing.jsonl"))
    assert status == 1 and "no such file" in err


def test_eval_prints_a_table_and_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    labelled = ROOT / "tests" / "data" / "grader" / "own-short.jsonl"
    status, out, _ = _run(capsys, "eval", str(labelled))
    assert status == 0
    assert "pooled" in out and "warning" in out and "accuracy by style" in out
    status, out, _ = _run(capsys, "eval", str(labelled), "--json")
    report = json.loads(out)
    assert report["pooled"]["kappa"] >= 0.85 and report["pooled"]["n"] == 1800
    assert set(report["styles"]) == {"written", "asr"}


def test_practice_history_and_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(tmp_path)
    status, out, _ = _run(
        capsys,
        "--data-dir",
        data,
        "practice",
        "--scenario",
        "hold-the-line",
        "--learner",
        "Rosa",
        "--seed",
        "3",
        "--text",
        "I hear it feels like extra admin on a full week. The review stays; I decided it and I'm committed.",
        "--text",
        "You're right, let's drop it.",
    )
    assert status == 0
    assert "Score 100 - passed" in out and "[missed] Engages" in out and "try:" in out
    status, out, _ = _run(capsys, "--data-dir", data, "history", "--learner", "Rosa", "--json")
    rows = [json.loads(x) for x in out.splitlines()]
    assert len(rows) == 2 and rows[0]["transcript"] == "You're right, let's drop it."
    assert rows[1]["turn_id"] == "opening" and rows[1]["passed"]
    target = tmp_path / "out" / "progress.csv"
    status, out, _ = _run(capsys, "--data-dir", data, "export", "--format", "csv", "--out", str(target))
    with target.open() as handle:
        exported = list(csv.DictReader(handle))
    assert status == 0 and len(exported) == 10  # two attempts x five criteria
    assert {r["learner"] for r in exported} == {"Rosa"}


def test_practice_unknown_scenario_and_refused_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    status, _, err = _run(
        capsys, "--data-dir", str(tmp_path), "practice", "--scenario", "nope", "--learner", "A", "--text", "x"
    )
    assert status == 1 and "unknown scenario" in err
    (tmp_path / "pushback.db").write_bytes(b"garbage" * 50)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "history"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "not a Pushback database" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "pushback.db").read_bytes() == b"garbage" * 50


def test_data_dir_from_environment(tmp_path: Path) -> None:
    env_dir = tmp_path / "from-env"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "practice",
            "--scenario",
            "mutual-goals",
            "--learner",
            "Env",
            "--text",
            "What would make this worth it for you?",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PUSHBACK_DATA_DIR": str(env_dir), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert (env_dir / "pushback.db").exists()
