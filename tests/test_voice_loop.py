"""Spoken replies end to end: the app's own TTS speaks, the real recogniser hears, the grader grades."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import main
from trainer.speech.wer import wer
from trainer.storage.database import open_database
from trainer.storage.queries import HistoryFilter, criterion_rows, history

ROOT = Path(__file__).resolve().parent.parent
STRONG = (
    "I hear that the weekly review feels like extra admin on a full week. "
    "The review is staying. I decided on it and I am committed to it."
)
CAVE = "You are right. Let us drop it for now."

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Two replies spoken by the app's own TTS in its default voice."""
    folder = tmp_path_factory.mktemp("spoken")
    files = {}
    for name, text in (("strong", STRONG), ("cave", CAVE)):
        out = folder / f"{name}.wav"
        assert main.main(["say", text, "--out", str(out)]) == 0
        files[name] = out
    return files


def test_practice_with_audio_stores_graded_spoken_attempts(tmp_path: Path, spoken, capsys) -> None:  # type: ignore[no-untyped-def]
    status = main.main(
        [
            "--data-dir",
            str(tmp_path),
            "practice",
            "--scenario",
            "hold-the-line",
            "--learner",
            "Ola",
            "--seed",
            "1",
            "--audio",
            str(spoken["strong"]),
            "--audio",
            str(spoken["cave"]),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    db = open_database(tmp_path / "pushback.db")
    rows = list(reversed(history(db, HistoryFilter(learner="Ola"))))
    assert len(rows) == 2
    assert wer(STRONG, rows[0]["transcript"]) <= 0.15, rows[0]["transcript"]
    assert rows[0]["passed"] and not rows[1]["passed"]
    assert rows[0]["recogniser"].startswith("faster-whisper")
    met = {r["criterion"]: r["met"] for r in criterion_rows(db, rows[0]["id"])}
    assert met["acknowledges"] and met["commitment"]
    caved = {r["criterion"]: r["met"] for r in criterion_rows(db, rows[1]["id"])}
    assert not caved["engages"]
    stored = tmp_path / rows[0]["audio_path"]
    assert stored.is_file() and not Path(rows[0]["audio_path"]).is_absolute()
    delivery = db.execute("SELECT wpm, patience_s FROM delivery WHERE attempt_id = ?", [rows[0]["id"]]).fetchone()
    assert delivery[0] and 100 < delivery[0] < 230
    assert delivery[1] is not None and 0.0 <= delivery[1] < 1.0


def test_transcribe_command_reports_each_file(tmp_path: Path, spoken, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00")
    status = main.main(
        [
            "--data-dir",
            str(tmp_path),
            "transcribe",
            str(spoken["strong"]),
            str(broken),
            str(tmp_path / "missing.wav"),
            str(spoken["cave"]),
        ]
    )
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert status == 1 and len(lines) == 4
    assert wer(STRONG, lines[0]["text"]) <= 0.15 and lines[0]["duration_s"] > 3
    assert lines[0]["engine"].startswith("faster-whisper") and lines[0]["elapsed_s"] < lines[0]["duration_s"]
    assert "error" in lines[1] and "error" in lines[2] and lines[2]["error"] == "no such file"
    assert wer(CAVE, lines[3]["text"]) <= 0.3


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_works_with_the_network_cut(tmp_path: Path, spoken) -> None:  # type: ignore[no-untyped-def]
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this sandbox does not allow a new network namespace")
    proc = subprocess.run(
        [
            "unshare",
            "-n",
            sys.executable,
            str(ROOT / "main.py"),
            "--data-dir",
            str(tmp_path),
            "practice",
            "--scenario",
            "hold-the-line",
            "--learner",
            "Offline",
            "--audio",
            str(spoken["strong"]),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Score" in proc.stdout
