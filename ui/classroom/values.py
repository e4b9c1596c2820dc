"""Plain values the classroom screens show: reviewed criteria lines, the projector's stage, the turn clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.rubric import CRITERIA_BY_ID
from ui.report_data import CriterionLine

LOW_TIME_S = 10  # the clock turns amber for the last seconds of a turn


@dataclass(frozen=True)
class ReviewLine:
    """One required criterion of a graded reply: the grader's verdict and the trainer's, side by side."""

    id: str
    name: str
    machine_met: bool
    evidence: str  # the words that show it (when the grader found it met)
    lapse: str  # the words that spoiled it (when missed)
    try_saying: str
    trainer_met: bool | None = None  # None: not reviewed
    comment: str = ""

    @property
    def met(self) -> bool:
        """The verdict that counts: the trainer's when given, else the grader's."""
        return self.machine_met if self.trainer_met is None else self.trainer_met

    @property
    def overridden(self) -> bool:
        """The trainer's verdict differs from the grader's."""
        return self.trainer_met is not None and self.trainer_met != self.machine_met


def _review_line(cid: str, met: bool, evidence: str, lapse: str, trainer: bool | None = None,
                 comment: str = "") -> ReviewLine:
    criterion = CRITERIA_BY_ID.get(cid)
    return ReviewLine(cid, criterion.name if criterion else cid, met, evidence if met else "",
                      "" if met else lapse, criterion.try_saying if criterion else "", trainer, comment)


def review_lines(lines: Iterable[CriterionLine | ReviewLine]) -> list[ReviewLine]:
    """Criteria lines as the trainer reviews them (a fresh grade's lines are not reviewed yet)."""
    return [line if isinstance(line, ReviewLine)
            else ReviewLine(line.id, line.name, line.met, line.evidence, line.lapse, line.try_saying) for line in lines]


def lines_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[ReviewLine]:
    """The required criteria of a stored attempt with any trainer verdicts (rows of queries.criterion_rows)."""
    out = []
    for r in rows:
        if r["required"]:
            trainer = None if r["override_met"] is None else bool(r["override_met"])
            out.append(_review_line(r["criterion"], bool(r["met"]), r["evidence"] or "", r["lapse"] or "", trainer,
                                    r["override_comment"] or ""))
    return out


def clock(seconds: float) -> str:
    """A countdown as m:ss (never negative)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class Stage:
    """What the projector shows: the line, whose turn it is, the clock, and after grading the checklist."""

    class_name: str = ""
    scenario: str = ""
    turn_label: str = ""
    counterpart: str = ""
    line: str = ""
    learner: str = ""
    status: str = ""
    timer: str = ""
    timer_state: str = ""  # "" | "low" | "up" | "off"
    lines: tuple[ReviewLine, ...] = field(default_factory=tuple)


def timer_state(remaining: float, total: int) -> str:
    """How the clock should look: off (no timer), up, low or normal."""
    if total <= 0:
        return "off"
    if remaining <= 0:
        return "up"
    return "low" if remaining <= LOW_TIME_S else ""
