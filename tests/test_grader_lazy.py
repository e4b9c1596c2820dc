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


def test_opening_the_main_window_module_does_not_load_the_grader_or_the_recogniser() -> None:
    """Both take most of a second to import; they load in the background once the window is up."""
    probe = ("import sys; import ui.app, ui.main_window; "
             "print(sorted(m for m in ('trainer.grading.grader', 'faster_whisper', 'ui.classroom.window') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"
