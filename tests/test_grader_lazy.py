"""The app's grader loads on first use, once, off the start-up path."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from trainer.grading.grader import PushbackGrader
from trainer.grading.lazy import LazyGrader
from trainer.rubric import SITUATION_CRITERIA

ROOT = Path(__file__).resolve().parents[1]
REPLY = "I hear you, the budget is tight. The price stays where it is, and I can phase the rollout for you."


def test_lazy_grader_loads_once_across_threads_and_grades_like_the_real_one() -> None:
    lazy = LazyGrader()
    seen: list[PushbackGrader] = []
    threads = [threading.Thread(target=lambda: seen.append(lazy.get())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(seen) == 4 and all(g is seen[0] for g in seen)
    weights = {c: 1.0 for c in SITUATION_CRITERIA["hold-the-line"]}
    lazy_grade = lazy.grade(REPLY, weights, situation="hold-the-line")
    real_grade = PushbackGrader().grade(REPLY, weights, situation="hold-the-line")
    assert lazy_grade.score == real_grade.score
    assert [r.met for r in lazy_grade.results.values()] == [r.met for r in real_grade.results.values()]


def _loaded(probe: str, modules: tuple[str, ...]) -> list[str]:
    """Which of these modules a fresh interpreter has loaded after running probe (Qt offscreen); then it exits,
    leaving whatever the probe started in the background."""
    check = f"{probe}; import os, sys; print(sorted(m for m in {modules!r} if m in sys.modules), flush=True); os._exit(0)"
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, check=True)  # fmt: skip
    return out.stdout.strip().splitlines()[-1:]


# Each takes a tenth of a second or more to import (with what it pulls in) and no part of the window on show
# needs it: they load in the background, or with the screen that needs them, once the window is up.
NOT_AT_START = ("trainer.grading.grader", "faster_whisper", "ui.classroom.window", "sqlite_utils", "numpy",
                "speech_recognition", "ruamel.yaml", "PySide6.QtMultimedia", "PySide6.QtCharts",
                "ui.controllers.listening", "ui.controllers.practice", "ui.editor.controller", "trainer.spaced")


def test_opening_the_main_window_module_does_not_load_the_grader_or_the_recogniser() -> None:
    """Importing the app loads none of the slow modules."""
    assert _loaded("import ui.app, ui.main_window", NOT_AT_START) == ["[]"]


def test_building_the_window_loads_only_what_its_first_screen_needs(tmp_path: Path) -> None:
    """Up to the window's show(), on the first run (welcome page) and after it (scenarios); ruamel.yaml aside,
    which the library's reader may be loading meanwhile on its own thread."""
    for first_run_done in (False, True):
        probe = ("from pathlib import Path; from trainer.paths import AppPaths; from ui.app import make_application, "
                 "open_window; from ui.services import build_services; from ui.settings import Settings; "
                 f"paths = AppPaths(Path({str(ROOT)!r}), Path({str(tmp_path / str(first_run_done))!r})); "
                 "app = make_application([]); settings = Settings.load(paths.data); "
                 f"settings.update({{'first_run_done': {first_run_done}}}); "
                 "window = open_window(build_services(paths), settings)")  # fmt: skip
        modules = tuple(m for m in NOT_AT_START if m != "ruamel.yaml")
        assert _loaded(probe, modules) == ["[]"], f"first_run_done={first_run_done}"
