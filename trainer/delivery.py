"""Delivery figures from a transcript (and word timings when there are any): shown, not graded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise

from trainer.engines import Word

PACE_BAND = (100, 165)  # words per minute
FILLER_SHARE_MAX = 0.04  # fillers under ~4 % of words
FILLERS = ("um", "uh", "umm", "uhm", "er", "erm", "like", "you know", "sort of", "kind of")
HEDGES = ("i guess", "maybe", "just", "kind of", "sorry", "perhaps", "i think", "sort of", "probably", "hopefully")
SELF_WORDS = frozenset({"i", "me", "my", "mine", "i'm", "i've", "i'll", "i'd", "myself"})
OTHER_WORDS = frozenset(
    {
        "you",
        "your",
        "yours",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "we",
        "our",
        "us",
        "we're",
        "we'll",
        "we've",
        "yourself",
    }
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Delivery:
    """How the reply was said."""

    words: int
    duration_s: float | None
    wpm: float | None
    fillers: int
    fillers_per_min: float | None
    filler_share: float
    hedges: int
    self_words: int
    other_words: int
    i_you_ratio: float | None
    longest_sentence_words: int
    patience_s: float | None = None  # pause before the first word, when audio exists
    longest_pause_s: float | None = None

    def as_json(self) -> dict[str, object]:
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    def readings(self) -> list[str]:
        """One short reading per figure against its band."""
        notes = []
        if self.wpm is not None:
            low, high = PACE_BAND
            pace = "in the band" if low <= self.wpm <= high else ("fast" if self.wpm > high else "slow")
            notes.append(f"Pace {self.wpm:.0f} wpm: {pace} ({low}-{high}).")
        share = f"{self.filler_share:.0%}"
        notes.append(
            f"Fillers {self.fillers} ({share} of words): {'fine' if self.filler_share < FILLER_SHARE_MAX else 'cut some'}."
        )
        if self.hedges:
            notes.append(f"Hedges: {self.hedges}; each one softens your position.")
        if self.i_you_ratio is not None and self.i_you_ratio > 1.5:
            notes.append(f"I/you ratio {self.i_you_ratio:.1f}: talk more about them than about you.")
        return notes


def measure(transcript: str, duration_s: float | None = None, words: Sequence[Word] = ()) -> Delivery:
    """Delivery figures for a reply; pace needs a duration or word timings."""
    text = transcript.lower().replace("’", "'")
    tokens = _WORD.findall(text)
    spoken = _speech_span(words) or duration_s
    count = len(tokens)
    wpm = count / spoken * 60 if spoken and count else None
    fillers = _count_phrases(tokens, FILLERS)
    self_n = sum(t in SELF_WORDS for t in tokens)
    other_n = sum(t in OTHER_WORDS for t in tokens)
    return Delivery(
        words=count,
        duration_s=duration_s,
        wpm=wpm,
        fillers=fillers,
        fillers_per_min=fillers / spoken * 60 if spoken else None,
        filler_share=fillers / count if count else 0.0,
        hedges=_count_phrases(tokens, HEDGES),
        self_words=self_n,
        other_words=other_n,
        i_you_ratio=self_n / other_n if other_n else (float(self_n) if self_n else None),
        longest_sentence_words=_longest_sentence(text),
        patience_s=words[0].start_s if words else None,
        longest_pause_s=_longest_pause(words),
    )


# "like" is a filler only where it is not a verb or comparison ("I'd like", "looks like").
_LIKE_NOT_FILLER = frozenset(
    {
        "i'd",
        "would",
        "you'd",
        "we'd",
        "they'd",
        "feel",
        "feels",
        "felt",
        "look",
        "looks",
        "looked",
        "seem",
        "seems",
        "sound",
        "sounds",
        "something",
        "things",
        "more",
        "much",
        "don't",
        "didn't",
        "i",
        "you",
        "we",
        "they",
        "just",
        "exactly",
        "would've",
        "what's",
    }
)


def _count_phrases(tokens: list[str], phrases: Sequence[str]) -> int:
    joined = " " + " ".join(tokens) + " "
    count = sum(joined.count(f" {p} ") for p in phrases if p != "like")
    if "like" in phrases:
        count += sum(
            1 for i, t in enumerate(tokens) if t == "like" and (i == 0 or tokens[i - 1] not in _LIKE_NOT_FILLER)
        )
    return count


def _longest_sentence(text: str) -> int:
    sentences = re.split(r"[.?!]+", text)
    return max((len(_WORD.findall(s)) for s in sentences), default=0)


def _speech_span(words: Sequence[Word]) -> float | None:
    if len(words) < 2:
        return None
    return max(words[-1].end_s - words[0].start_s, 0.1)


def _longest_pause(words: Sequence[Word]) -> float | None:
    gaps = [b.start_s - a.end_s for a, b in pairwise(words)]
    return max(gaps) if gaps else None
