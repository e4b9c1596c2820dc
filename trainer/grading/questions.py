"""Tell genuine open questions from leading, rhetorical and yes/no ones."""

from __future__ import annotations

import re

from trainer.grading.cues import LEADING_QUESTION, READINESS_CHECK
from trainer.grading.text import Reply, Span

_WH = r"(?:what|how|which|where|when|who|why)"
_AUX = r"(?:'s|'re|'d| is| are| was| were| do| does| did| would| could| can| should| will| might| kind| sort| part| parts| piece| time| day| days| number| numbers| accounts| deals| level| target| goal| one| ones| exactly| specifically| else| much| many| about| if| matters| worries| concerns| gets| keeps| stops| helps| makes| made| happened| objections?| complaints?| questions?| support| help| feels?| things?| bits?| types?| sorts?| of (?:your|the|these|those|them|their|our))"
# Words that, right before a wh-word, make it part of a statement ("that's what funds...").
_STATEMENT_LEAD = (
    r"(?:that's|that is|it's|this is|here's|exactly|know|knows|see|matter|matters|about|of|on|to|is|was|"
    r"are|in|for|from|and that's|like|showing|show|tell|told|where|no matter|remember|understand|decide|"
    r"decides|choose|care|explain|see|saw|regardless of|depending on|depends on|shows|exactly|just|at|by|"
    r"with|around|into|out|ask|asked|hear|heard)"
)
_OPEN_START = re.compile(
    rf"(?:^|\b(?:so|and|but|ok|then|now|honestly|well|look|yes|right|also|tell me|i'm curious|curious|i wonder|i'm wondering|quick question|genuine question|question)\s)\s*{_WH}{_AUX}\b"
)
_WH_ANY = re.compile(rf"\b{_WH}{_AUX}\b")
_INVITE = re.compile(
    r"\b(?:tell me (?:more|about|what|how|which|where)|walk me through (?:what|how|your)|help me understand|i'd love to hear (?:what|how|your)|i'm curious (?:what|how|about)|i'm wondering (?:what|how)|what do you think|how do you see|your thoughts on)\b"
)
_STATEMENT_BEFORE = re.compile(rf"\b{_STATEMENT_LEAD}\s$")


def open_questions(reply: Reply) -> list[Span]:
    """Spans of genuine open questions about the other person's view, goals or plan."""
    spans = _punctuated_questions(reply) if _is_punctuated(reply.original) else _spoken_questions(reply)
    spans += [reply.span_of(m.start(), m.end(), "invitation") for m in _INVITE.finditer(reply.norm)]
    return spans


_SENTENCE = re.compile(r"[^.?!]+[.?!]*")
_WH_IN_SENTENCE = re.compile(
    rf"(?:^|[,;:\u2014-]\s*|\b(?:so|and|but|ok|okay|then|now|honestly|well|look|also|curious|question)\s+){_WH}\b",
    re.IGNORECASE,
)


def _punctuated_questions(reply: Reply) -> list[Span]:
    """Sentences ending in '?' whose clause opens with a wh-word, and are not leading."""
    spans = []
    for m in _SENTENCE.finditer(reply.original):
        sentence = m.group()
        if not sentence.rstrip().endswith("?"):
            continue
        wh = _WH_IN_SENTENCE.search(sentence.strip()) if sentence.strip() else None
        if not wh:
            continue
        lead = len(sentence) - len(sentence.lstrip())
        start = m.start() + lead + wh.start()
        while start < m.end() and not reply.original[start].isalpha():
            start += 1
        if _leading_text(reply.original[m.start() : m.end()]) or len(sentence.split()) < 3:
            continue
        end = m.start() + len(sentence.rstrip())
        spans.append(Span(start + _skip_words(reply.original[start:end]), end, "open question"))
    return spans


def _skip_words(text: str) -> int:
    """Offset of the wh-word inside a clause that starts with a discourse word."""
    found = re.search(rf"\b{_WH}\b", text, re.IGNORECASE)
    return found.start() if found else 0


def _leading_text(sentence: str) -> bool:
    norm = Reply(sentence).norm
    return bool(LEADING_QUESTION.search(norm))


def _spoken_questions(reply: Reply) -> list[Span]:
    """Unpunctuated speech: a wh-word that opens a question, not part of a statement."""
    spans: list[Span] = []
    for m in _WH_ANY.finditer(reply.norm):
        before = reply.norm[max(0, m.start() - 25) : m.start()]
        if _STATEMENT_BEFORE.search(before) and not _OPEN_START.match(reply.norm, max(0, m.start() - 20)):
            continue
        if _is_leading(reply.norm, m.start()):
            continue
        spans.append(reply.span_of(m.start(), min(len(reply.norm), m.end() + 30), "open question"))
    return spans


def _is_leading(norm: str, start: int) -> bool:
    """A rhetorical or leading question around this position."""
    window = norm[max(0, start - 5) : start + 60]
    return any(m.start() <= 12 for m in LEADING_QUESTION.finditer(window))


def _is_punctuated(text: str) -> bool:
    return bool(re.search(r"[.?!,]", text))


def readiness_checks(reply: Reply) -> list[Span]:
    """Yes/no checks that the other person is ready for what comes ("are you OK with that?")."""
    return reply.find(READINESS_CHECK, "readiness check")
