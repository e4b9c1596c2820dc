"""Shared fixtures: real scenario files, a real grader, a real temporary database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def library():  # type: ignore[no-untyped-def]
    from trainer.personas import load_personas
    from trainer.scenarios import load_library

    return load_library(ROOT / "scenarios", load_personas(ROOT / "voices").personas.keys())


@pytest.fixture(scope="session")
def grader():  # type: ignore[no-untyped-def]
    from trainer.grading.grader import PushbackGrader

    return PushbackGrader()


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from trainer.storage.database import open_database
    from trainer.storage.progress import ProgressStore

    db = open_database(tmp_path / "pushback.db")
    yield ProgressStore(db)
    db.conn.close()
