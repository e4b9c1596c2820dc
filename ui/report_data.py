"""What the feedback and review panels show, as plain values: criteria lines, evidence marks, delivery bands."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trainer.delivery import FILLER_SHARE_MAX, PACE_BAND
from trainer.rubric import CRITERIA_BY_ID

if TYPE_CHECKING:
    from trainer.grading.grader import Grade

PAUSE_BAND = (0.5, 4.0)  # seconds before answering: not interrupting, not stalling
HEDGES_MAX = 1
I_YOU_MAX = 1.5


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of one reply, ready to show."""

    id: str
    name: str
    met: bool
    evidence: str
    lapse: str
    try_saying: str


@dataclass(frozen=True)
class DeliveryLine:
    """One delivery figure against its band."""

    label: str
    value: str
    band: str
    ok: bool | None  # None: not measured (typed reply)


def lines_from_grade(grade: Grade, required: Iterable[str]) -> list[CriterionLine]:
    """The required criteria of a grade, in the turn's order."""
    out = []
    for cid in required:
        result = grade.results.get(cid)
        if result is not None:
            out.append(_line(cid, result.met, result.evidence, result.lapse))
    return out


def lines_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[CriterionLine]:
    """The required criteria of a stored attempt (trainer overrides win)."""
    return [_line(r["criterion"], bool(r["effective_met"]), r["evidence"] or "", r["lapse"] or "")
            for r in rows if r["required"]]


def _line(cid: str, met: bool, evidence: str, lapse: str) -> CriterionLine:
    criterion = CRITERIA_BY_ID.get(cid)
    name = criterion.name if criterion else cid
    tip = criterion.try_saying if criterion else ""
    return CriterionLine(cid, name, met, evidence if met else "", "" if met else lapse, "" if met else tip)


def marked_html(text: str, evidence: Iterable[str], mark_bg: str, mark_fg: str) -> str:
    """The reply as HTML with every evidence quote highlighted (overlaps merged)."""
    spans: list[tuple[int, int]] = []
    for quote in evidence:
        start = text.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="background-color:{mark_bg}; color:{mark_fg};">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def delivery_lines(figures: Mapping[str, Any]) -> list[DeliveryLine]:
    """Pace, fillers, hedges, I/you and the pause before answering, each against its band."""
    wpm, share = figures.get("wpm"), float(figures.get("filler_share") or 0.0)
    hedges, ratio, pause = int(figures.get("hedges") or 0), figures.get("i_you_ratio"), figures.get("patience_s")
    low, high = PACE_BAND
    return [
        DeliveryLine("Pace", "typed" if wpm is None else f"{wpm:.0f} wpm", f"{low}–{high} wpm",
                     None if wpm is None else low <= wpm <= high),
        DeliveryLine("Fillers", f"{share:.0%} ({int(figures.get('fillers') or 0)})", f"under {FILLER_SHARE_MAX:.0%}",
                     share < FILLER_SHARE_MAX),
        DeliveryLine("Hedges", str(hedges), f"at most {HEDGES_MAX}", hedges <= HEDGES_MAX),
        DeliveryLine("I / you", "–" if ratio is None else f"{ratio:.1f}", f"at most {I_YOU_MAX:.1f}",
                     None if ratio is None else ratio <= I_YOU_MAX),
        DeliveryLine("Pause before answering", "–" if pause is None else f"{pause:.1f} s",
                     f"{PAUSE_BAND[0]:.1f}–{PAUSE_BAND[1]:.0f} s", None if pause is None else PAUSE_BAND[0] <= pause <= PAUSE_BAND[1]),
    ]


def delivery_reading(figures: Mapping[str, Any]) -> str:
    """One line on how the reply was said: the first figure out of its band, or praise."""
    wpm, pause = figures.get("wpm"), figures.get("patience_s")
    if wpm is not None and wpm > PACE_BAND[1]:
        return "A little fast: slow down so the push-back lands."
    if wpm is not None and wpm < PACE_BAND[0]:
        return "A little slow: keep the pace up so you sound sure of your point."
    if float(figures.get("filler_share") or 0.0) >= FILLER_SHARE_MAX:
        return "Cut the fillers: a short pause sounds more confident than 'um'."
    if int(figures.get("hedges") or 0) > HEDGES_MAX:
        return "Drop the hedges ('just', 'maybe', 'I think'): they soften your position."
    ratio = figures.get("i_you_ratio")
    if ratio is not None and ratio > I_YOU_MAX:
        return "Talk more about them than about you."
    if pause is not None and pause < PAUSE_BAND[0]:
        return "You came in very fast: a beat of silence shows you heard them."
    if pause is not None and pause > PAUSE_BAND[1]:
        return "A long pause before answering: start with what you heard, then take your time."
    if wpm is None:
        return "Typed reply: pace and pauses are measured when you speak."
    return "Well delivered: steady pace, few fillers and hedges."


def score_delta(score: int, previous: int | None) -> str:
    """'+12 vs your last attempt at this turn', or the first-attempt note."""
    if previous is None:
        return "First attempt at this turn"
    diff = score - previous
    if diff == 0:
        return "Same as your last attempt at this turn"
    return f"{diff:+d} vs your last attempt at this turn"
