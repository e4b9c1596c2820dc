"""A grader loaded on first use: its rules, models and sentence encoder take most of a second to load."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from trainer.grading.grader import Grade, PushbackGrader


class Grader(Protocol):
    """Grades one reply on the given criteria (id -> weight)."""

    def grade(self, reply: str, criteria: Mapping[str, float], pass_mark: int = 70, situation: str = "") -> Grade:
        """The grade, with evidence and a better way to say it."""
        ...


class LazyGrader:
    """A PushbackGrader built the first time it is needed, on whichever thread needs it (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._grader: PushbackGrader | None = None

    def get(self) -> PushbackGrader:
        """The grader, loading it now if nobody has yet."""
        with self._lock:
            if self._grader is None:
                from trainer.grading.grader import PushbackGrader

                self._grader = PushbackGrader()
            return self._grader

    def warm(self) -> None:
        """Load the grader now (a background task calls this, so the first reply is graded at full speed)."""
        self.get()

    def grade(self, reply: str, criteria: Mapping[str, float], pass_mark: int = 70, situation: str = "") -> Grade:
        """Grade with the real grader (see PushbackGrader.grade)."""
        return self.get().grade(reply, criteria, pass_mark, situation)
