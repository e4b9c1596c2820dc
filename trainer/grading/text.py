"""A reply normalised for matching, with a map back to the exact words of the original."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*%?|[?!]")
FILLERS = frozenset({"um", "uh", "umm", "uhm", "er", "erm", "ah", "hmm", "mm", "eh"})
# Recogniser spellings folded to one form so that one pattern serves written and spoken replies.
_CANONICAL = {
    "okay": "ok",
    "alright": "ok",
    "yeah": "yes",
    "yep": "yes",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "cause": "because",
    "cuz": "because",
    "'cause": "because",
    "youre": "you're",
    "dont": "don't",
    "im": "i'm",
    "ill": "i'll",
    "id": "i'd",
    "ive": "i've",
    "thats": "that's",
    "its": "it's",
    "percent": "%",
}


@dataclass(frozen=True)
class Span:
    """A match: where it is in the original reply."""

    start: int
    end: int
    cue: str


@dataclass(frozen=True)
class Token:
    """One normalised word and the original characters it came from."""

    text: str
    start: int
    end: int


class Reply:
    """The reply as the grader sees it: tokens with offsets, and a matchable form."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.tokens = _tokenise(original)
        self.norm, self._owner = _join(self.tokens)

    @cached_property
    def word_count(self) -> int:
        """Words, fillers and punctuation tokens excluded."""
        return sum(1 for t in self.tokens if t.text[0].isalnum() and t.text not in FILLERS)

    @cached_property
    def has_question_mark(self) -> bool:
        return "?" in self.original

    def find(self, pattern: re.Pattern[str], cue: str = "") -> list[Span]:
        """Every match of pattern in the normalised text, as spans of the original."""
        spans = []
        for m in pattern.finditer(self.norm):
            if m.end() > m.start():
                spans.append(self.span_of(m.start(), m.end(), cue or pattern.pattern[:40]))
        return spans

    def span_of(self, norm_start: int, norm_end: int, cue: str) -> Span:
        """Map a normalised character range back to the original text."""
        first = self._owner[_skip_space(self.norm, norm_start)]
        last = self._owner[max(norm_start, norm_end - 1)]
        return Span(self.tokens[first].start, self.tokens[last].end, cue)

    def text_of(self, span: Span) -> str:
        return self.original[span.start : span.end]


def _skip_space(text: str, index: int) -> int:
    while index < len(text) - 1 and text[index] == " ":
        index += 1
    return index


def _tokenise(original: str) -> list[Token]:
    """Lower-case words with fillers and stutters removed, each tied to its original span."""
    lowered = original.lower().replace("’", "'")
    if len(lowered) != len(original):  # "İ".lower() is two characters: lower one by one to keep the offsets
        lowered = "".join(c.lower()[0] for c in original).replace("’", "'")
    tokens: list[Token] = []
    for m in _TOKEN.finditer(lowered):
        word = m.group().replace("’", "'")
        if word in FILLERS:
            continue
        for part in _CANONICAL.get(word, word).split(" "):
            tokens.append(Token(part, m.start(), m.end()))
    return _drop_stutters(tokens)


def _drop_stutters(tokens: list[Token]) -> list[Token]:
    """Remove immediate repeats of one to three words ("i i", "can i can i")."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        for n in (1, 2, 3):
            if len(out) >= 2 * n and _texts(out[-n:]) == _texts(out[-2 * n : -n]):
                if n == 1 and token.text in {"very", "no", "really", "so", "%"}:
                    continue
                del out[-n:]
                break
    return out


def _texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens]


def _join(tokens: list[Token]) -> tuple[str, list[int]]:
    """The normalised string and, for each of its characters, the index of its token."""
    parts: list[str] = []
    owner: list[int] = []
    for index, token in enumerate(tokens):
        if parts:
            parts.append(" ")
            owner.append(index)
        parts.append(token.text)
        owner.extend([index] * len(token.text))
    return "".join(parts), owner
