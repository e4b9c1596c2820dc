"""One detector per rubric criterion: whether the reply shows it, how sure, and the words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from trainer.grading import cues, tone
from trainer.grading.questions import open_questions, readiness_checks
from trainer.grading.text import Reply, Span

# A negation just before a lapse cue turns it around ("I won't drop it", "it's not a trial").
_DENIED_BEFORE = re.compile(
    r"\b(?:not|don't|do not|won't|will not|never|no need to|shouldn't|should not|isn't|is not|wouldn't|"
    r"instead of|rather than|away from|without|against|avoid|no|nor|can't|cannot|refuse to|aren't)\b[^.?!,;:]{0,18}$"
)
_REPORTED_BEFORE = re.compile(
    r"\b(?:worried about|afraid of|scared of|fear of|feel|feels|feeling|looking|look|seem|sounding|about being)\s+(?:\w+\s+)?$"
    r"|\bi (?:hear|understand|get|know|see|appreciate) (?:that )?(?:[\w']+ ){0,4}$"
)
# An order to drop something at the start of a sentence ("Skip the follow-ups.").
_IMPERATIVE_DROP = re.compile(
    r"(?:^|[.!?;:]\s+)(?:just )?(?:skip|drop|forget|scrap|shelve|cancel|pause|park) (?:it|them|that|this|the|those|your)\b"
    r"(?![\w' ]{0,40}\bfor a (?:sec|second|moment|minute))",
    re.IGNORECASE,
)
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|n't|instead of|rather than|than|about|feel|feels|felt|think|thinks|sounds|seems|looks|look|forget|only care|"
    r"if it was|if it were|nothing to do with|less about|isn't|wasn't|never)\b[a-z' ]{0,25}$"
)


@dataclass(frozen=True)
class Finding:
    """A detector's verdict on one criterion."""

    met: bool
    confidence: float
    evidence: Span | None = None
    lapse: Span | None = None  # the words that made a default-met criterion fail


class Cues:
    """Every cue family found in one reply, computed once and shared by the detectors."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply

    def find(self, pattern: re.Pattern[str], cue: str) -> list[Span]:
        return self.reply.find(pattern, cue)

    def find_affirmed(self, pattern: re.Pattern[str], cue: str) -> list[Span]:
        """Matches that are not denied by a negation just before them."""
        text = self.reply.original.lower()
        return [s for s in self.find(pattern, cue) if not _DENIED_BEFORE.search(text[max(0, s.start - 40) : s.start])]

    @cached_property
    def warning(self) -> list[Span]:
        return self.find(cues.WARNING, "warning")

    @cached_property
    def permission(self) -> list[Span]:
        return self.find(cues.PERMISSION, "permission")

    @cached_property
    def condescending_permission(self) -> list[Span]:
        return self.find(tone.CONDESCENDING_PERMISSION, "talks down")

    @cached_property
    def reasons(self) -> list[Span]:
        return self.find(cues.REASON, "reason")

    @cached_property
    def cave(self) -> list[Span]:
        orders = [
            Span(m.end() - len(m.group().lstrip(".!?;: ")), m.end(), "caves")
            for m in _IMPERATIVE_DROP.finditer(self.reply.original)
        ]
        return self.find_affirmed(cues.CAVE, "caves") + orders

    @cached_property
    def soft_cave(self) -> list[Span]:
        return self.find_affirmed(cues.SOFT_CAVE, "hedges the change")

    @cached_property
    def hold_plea(self) -> list[Span]:
        return self.find(cues.HOLD_PLEA, "pleads to keep it")

    @cached_property
    def firm(self) -> list[Span]:
        return self.find(cues.FIRM_DIRECTION, "direction")

    @cached_property
    def hedge(self) -> list[Span]:
        return self.find_affirmed(cues.HEDGE_COMMITMENT, "hedge")

    @cached_property
    def local_hedge(self) -> list[Span]:
        """Hedging words within a short distance of a stated direction."""
        near = 60
        return [
            h
            for h in self.find(cues.LOCAL_HEDGE, "hedge")
            if any(abs(h.start - f.start) <= near or abs(h.start - f.end) <= near for f in self.firm)
        ]

    @cached_property
    def blame(self) -> list[Span]:
        return self.find(cues.BLAME_OTHERS, "blames others")

    @cached_property
    def self_need(self) -> list[Span]:
        return [s for s in self.find(cues.SELF_NEED, "own need") if not self._negated(s)]

    @cached_property
    def other_gain(self) -> list[Span]:
        return self.find(cues.OTHER_GAIN, "their gain")

    @cached_property
    def your_gain(self) -> list[Span]:
        return self.find(cues.YOUR_GAIN, "their gain")

    @cached_property
    def questions(self) -> list[Span]:
        return open_questions(self.reply)

    @cached_property
    def readiness(self) -> list[Span]:
        return readiness_checks(self.reply)

    @cached_property
    def resistance_ahead(self) -> list[Span]:
        return self.find(cues.RESISTANCE_AHEAD, "resistance ahead")

    @cached_property
    def support(self) -> list[Span]:
        return self.find(cues.SUPPORT_OFFER, "support")

    @cached_property
    def lead(self) -> list[Span]:
        return self.find(cues.LEAD_URGE, "lead")

    @cached_property
    def wait_for_consensus(self) -> list[Span]:
        return self.find_affirmed(cues.WAIT_FOR_CONSENSUS, "wait for consensus")

    @cached_property
    def accept(self) -> list[Span]:
        return self.find(cues.ACCEPT_REFUSAL, "accepts")

    @cached_property
    def insist(self) -> list[Span]:
        return self.find(cues.INSIST_HARD, "insists")

    @cached_property
    def lecture(self) -> list[Span]:
        return self.find(cues.LECTURE, "lectures")

    @cached_property
    def leading(self) -> list[Span]:
        return self.find(cues.LEADING_QUESTION, "leading question")

    @cached_property
    def door(self) -> list[Span]:
        return self.find(cues.DOOR_OPEN, "door open")

    @cached_property
    def acknowledge(self) -> list[Span]:
        return self.find(cues.ACKNOWLEDGE, "acknowledges")

    @cached_property
    def dismiss(self) -> list[Span]:
        return self.find(tone.DISMISS, "dismisses")

    @cached_property
    def flat_contradiction(self) -> list[Span]:
        return self.find(tone.FLAT_CONTRADICTION, "flat contradiction")

    @cached_property
    def disrespect(self) -> list[Span]:
        return (
            [s for s in self.find(tone.DISRESPECT, "disrespect") if not self._reported(s)]
            + [s for s in self.find(tone.CONDESCENSION, "condescension") if not self._reported(s)]
            + self.find(tone.FLAT_CONTRADICTION, "flat contradiction")
            + self.condescending_permission
        )

    @cached_property
    def uncalm(self) -> list[Span]:
        return (
            self.find(tone.VENTING, "venting")
            + self.find(tone.PLEADING, "pleading")
            + self.find(tone.APOLOGY, "apologises")
        )

    @cached_property
    def change_subject(self) -> list[Span]:
        return self.find(cues.CHANGE_SUBJECT, "changes the subject")

    def _reported(self, span: Span) -> bool:
        """True when a loaded word describes their feeling ("worried about looking silly")."""
        prefix = self.reply.original[max(0, span.start - 30) : span.start].lower()
        return bool(_REPORTED_BEFORE.search(prefix))

    def _negated(self, span: Span) -> bool:
        """True when the span is reported or denied ("not my boss's", "feels like my number")."""
        prefix = self.reply.original[max(0, span.start - 40) : span.start].lower()
        return bool(_NEGATED_BEFORE.search(prefix))


def _first(spans: list[Span]) -> Span | None:
    return min(spans, key=lambda s: s.start) if spans else None


def _shown(spans: list[Span], strong: float = 0.85) -> Finding:
    """Met when any span was found."""
    if spans:
        return Finding(True, strong, _first(spans))
    return Finding(False, 0.75)


def engages(c: Cues) -> Finding:
    if c.cave or c.wait_for_consensus:
        return Finding(False, 0.8, lapse=_first(c.cave + c.wait_for_consensus))
    if c.soft_cave and not (c.firm or c.hold_plea):
        return Finding(False, 0.65, lapse=_first(c.soft_cave))
    position = (
        c.warning
        + c.firm
        + c.reasons
        + c.questions
        + c.resistance_ahead
        + c.lead
        + c.support
        + c.insist
        + c.permission
        + c.leading
        + c.self_need
        + c.flat_contradiction
        + c.blame
        + c.your_gain
        + c.hold_plea
    )
    if c.change_subject and not (c.warning or c.firm or c.reasons):
        return Finding(False, 0.75, lapse=_first(c.change_subject))
    return _shown(position, 0.8)


def warning(c: Cues) -> Finding:
    return _shown(c.warning)


def permission(c: Cues) -> Finding:
    if c.condescending_permission:
        return Finding(False, 0.7, lapse=_first(c.condescending_permission))
    return _shown(c.permission)


def reasons(c: Cues) -> Finding:
    if c.cave:
        return Finding(False, 0.7, lapse=_first(c.cave))
    return _shown(c.reasons, 0.8)


def respectful(c: Cues) -> Finding:
    lapses = c.disrespect + c.dismiss
    if lapses:
        return Finding(False, 0.8, lapse=_first(lapses))
    return Finding(True, 0.7, _first(c.warning + c.acknowledge + c.permission))


def calm(c: Cues) -> Finding:
    if c.uncalm:
        return Finding(False, 0.8, lapse=_first(c.uncalm))
    return Finding(True, 0.7, None)


def acknowledges(c: Cues) -> Finding:
    if c.dismiss:
        return Finding(False, 0.75, lapse=_first(c.dismiss))
    return _shown(c.acknowledge, 0.8)


def commitment(c: Cues) -> Finding:
    for lapses in (c.cave, c.blame, c.hedge, c.local_hedge, c.soft_cave):
        if lapses:
            return Finding(False, 0.75, lapse=_first(lapses))
    return _shown(c.firm, 0.8)


def other_focus(c: Cues) -> Finding:
    if c.self_need or (c.cave and not c.your_gain):
        return Finding(False, 0.75, lapse=_first(c.self_need + c.cave))
    return _shown(c.other_gain, 0.8)


def asks_question(c: Cues) -> Finding:
    return _shown(c.questions, 0.8)


def sets_expectations(c: Cues) -> Finding:
    return _shown(c.resistance_ahead + c.readiness, 0.8)


def offers_support(c: Cues) -> Finding:
    return _shown(c.support, 0.8)


def urges_leadership(c: Cues) -> Finding:
    if c.wait_for_consensus or c.cave:
        return Finding(False, 0.75, lapse=_first(c.wait_for_consensus + c.cave))
    return _shown(c.lead, 0.8)


def respects_choice(c: Cues) -> Finding:
    if c.insist or c.lecture:
        return Finding(False, 0.75, lapse=_first(c.insist + c.lecture))
    return _shown(c.accept + c.cave + c.door, 0.75)


def leaves_door_open(c: Cues) -> Finding:
    if c.insist:
        return Finding(False, 0.7, lapse=_first(c.insist))
    return _shown(c.door, 0.8)


DETECTORS: dict[str, Callable[[Cues], Finding]] = {
    "engages": engages,
    "warning": warning,
    "permission": permission,
    "reasons": reasons,
    "respectful": respectful,
    "calm": calm,
    "acknowledges": acknowledges,
    "commitment": commitment,
    "other_focus": other_focus,
    "asks_question": asks_question,
    "sets_expectations": sets_expectations,
    "offers_support": offers_support,
    "urges_leadership": urges_leadership,
    "respects_choice": respects_choice,
    "leaves_door_open": leaves_door_open,
}
