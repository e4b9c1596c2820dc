"""Tell genuine open questions from leading, rhetorical and yes/no ones."""

from __future__ import annotations

import re

from trainer.grading.cues import LEADING_QUESTION, READINESS_CHECK
from trainer.grading.text import Reply, Span

_WH = r"(?:what|how|which|where|when|who|why)"
_AUX = r"(?:'s|'re|'d| is| are| was| were| do| does| did| would| could| can| should| will| might| kind| sort| part| parts| piece| time| day| days| number| numbers| accounts| deals| level| target| goal| one| ones| exactly| specifically| else| much| many| about| if| matters| worries| concerns| gets| keeps| stops| helps| makes| made| happened| objections?| complaints?| questions?| support| help| feels?| things?| bits?| types?| sorts?)"
# Words that, right before a wh-word, make it part of a statement ("that's what funds...").
_STATEMENT_LEAD = (
    r"(?:that's|that is|it's|this is|here's|exactly|know|knows|see|matter|matters|about|of|on|to|is|was|"
    r"are|in|for|from|and that's|like|showing|show|tell|told|where|no matter|remember|understand|decide|"
    r"decides|choose|care|explain|see|saw|regardless of|depending on|depends on|shows|exactly|just|at|by|"
    r"with|around|into|out|ask|asked|hear|heard)"
)
_OPEN_START = re.compile(rf"(?:^|\b(?:so|and|but|ok|then|now|honestly|well|look|yes|right|also|tell me|i'm curious|curious|i wonder|i'm wondering|quick question|genuine question|question)\s)\s*{_WH}{_AUX}\b")
_WH_ANY = re.compile(rf"\b{_WH}{_AUX}\b")
_INVITE = re.compile(
    r"\b(?:tell me (?:more|about|what|how|which|where)|walk me through (?:what|how|your)|help me understand|i'd love to hear (?:what|how|your)|i'm curious (?:what|how|about)|i'm wondering (?:what|how)|what do you think|how do you see|your thoughts on)\b"
)
_STATEMENT_BEFORE = re.compile(rf"\b{_STATEMENT_LEAD}\s$")


def open_questions(reply: Reply) -> list[Span]:
    """Spans of genuine open questions about the other person's view, goals or plan."""
    spans: list[Span] = []
    for m in _WH_ANY.finditer(reply.norm):
        before = reply.norm[max(0, m.start() - 25) : m.start()]
        if _STATEMENT_BEFORE.search(before) and not _OPEN_START.match(reply.norm, max(0, m.start() - 20)):
            continue
        if _is_leading(reply.norm, m.start()):
            continue
        if not _sentence_is_question(reply, m.start()):
            continue
        spans.append(reply.span_of(m.start(), min(len(reply.norm), m.end() + 30), "open question"))
    for m in _INVITE.finditer(reply.norm):
        spans.append(reply.span_of(m.start(), m.end(), "invitation"))
    return _trim(reply, spans)


def _is_leading(norm: str, start: int) -> bool:
    """A rhetorical or leading question around this position."""
    window = norm[max(0, start - 5) : start + 60]
    for m in LEADING_QUESTION.finditer(window):
        if m.start() <= 12:
            return True
    return False


def _sentence_is_question(reply: Reply, norm_start: int) -> bool:
    """In punctuated text the wh-word's sentence must end with '?'; unpunctuated text is trusted."""
    if not _is_punctuated(reply.original):
        return True
    span = reply.span_of(norm_start, norm_start + 1, "")
    tail = reply.original[span.start :]
    end = re.search(r"[.?!]", tail)
    return bool(end) and end.group() == "?"  # type: ignore[union-attr]


def _is_punctuated(text: str) -> bool:
    return bool(re.search(r"[.?!,]", text))


def _trim(reply: Reply, spans: list[Span]) -> list[Span]:
    """Cut a question's evidence at its question mark where there is one."""
    out = []
    for span in spans:
        text = reply.original[span.start : span.end]
        cut = text.find("?")
        end = span.start + cut + 1 if cut >= 0 else span.end
        out.append(Span(span.start, end, span.cue))
    return out


def readiness_checks(reply: Reply) -> list[Span]:
    """Yes/no checks that the other person is ready for what comes ("are you OK with that?")."""
    return reply.find(READINESS_CHECK, "readiness check")
