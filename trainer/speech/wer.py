"""Word error rate after normalising both sides the same way, poolable over a corpus."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "ah", "ahh", "hmm", "mm", "uhm"})

_CONTRACTIONS = {
    "won't": "will not", "can't": "can not", "shan't": "shall not", "ain't": "is not",
    "let's": "let us", "i'm": "i am", "it's": "it is", "that's": "that is", "there's": "there is",
    "here's": "here is", "what's": "what is", "who's": "who is", "he's": "he is", "she's": "she is",
    "where's": "where is", "how's": "how is", "y'all": "you all",
}  # fmt: skip
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"))
_SPELLING = {
    "cannot": "can not", "ok": "okay", "licence": "license", "licences": "licenses",
    "sceptical": "skeptical", "sceptic": "skeptic", "organise": "organize", "prioritise": "prioritize",
    "realise": "realize", "recognise": "recognize", "analyse": "analyze", "centre": "center",
    "favour": "favor", "behaviour": "behavior", "honour": "honor", "colour": "color",
    "catalogue": "catalog", "cheque": "check", "cancelled": "canceled", "travelled": "traveled",
    "modelling": "modeling", "programme": "program", "judgement": "judgment", "labour": "labor",
    "metres": "meters", "metre": "meter", "mr": "mister", "mrs": "missus", "dr": "doctor",
}  # fmt: skip
_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
_NUMBER_AND = re.compile(r"\b(hundred|thousand|million|billion) and (" + "|".join(_ONES[1:] + _TENS[2:]) + r")\b")
_NUMBER = re.compile(r"([$£€]?)(\d[\d,]*(?:\.\d+)?)(%|st|nd|rd|th|k|m|bn)?(?![\w])")


def _below_thousand(n: int) -> list[str]:
    """Words for 0 < n < 1000."""
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
    if n:
        words.append(_ONES[n])
    return words


def number_words(n: int) -> list[str]:
    """Spell a non-negative integer the way people say it ("forty thousand five hundred")."""
    if n == 0:
        return ["zero"]
    words: list[str] = []
    for value, name in _SCALES:
        if n >= value:
            words += [*number_words(n // value), name]
            n %= value
    return words + (_below_thousand(n) if n else [])


def _ordinal(digits: str) -> str:
    """Spell an ordinal like 21st -> twenty first."""
    words = number_words(int(digits))
    last = words[-1]
    spelled = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}.get(last)  # fmt: skip
    if spelled is None:
        spelled = last[:-1] + "ieth" if last.endswith("y") else last + "th"
    return " ".join([*words[:-1], spelled])


def _spell_number(match: re.Match[str]) -> str:
    """Replace one written number (with currency, percent, ordinal or k/m suffix) by words."""
    currency, digits, suffix = match[1], match[2].replace(",", ""), (match[3] or "").lower()
    if suffix in ("st", "nd", "rd", "th") and digits.isdigit():
        return f" {_ordinal(digits)} "
    whole, _, fraction = digits.partition(".")
    words = number_words(int(whole))
    if fraction:
        words += ["point"] + [_ONES[int(d)] for d in fraction]
    words += {"k": ["thousand"], "m": ["million"], "bn": ["billion"], "%": ["percent"]}.get(suffix, [])
    if currency:
        words.append(_CURRENCY[currency])
    return " " + " ".join(words) + " "


def _expand_contraction(word: str) -> str:
    """Expand one contraction (don't -> do not, we'd -> we would); others unchanged."""
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for ending, expansion in _SUFFIXES:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)] + expansion
    return word.replace("'", "")


def normalise(text: str) -> list[str]:
    """Lower-case, spell numbers, expand contractions, drop punctuation and fillers; return words."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = _NUMBER.sub(_spell_number, text)
    text = re.sub(r"\bper cent\b", "percent", text)
    text = _NUMBER_AND.sub(r"\1 \2", text)  # "one hundred and five" -> "one hundred five"
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    words: list[str] = []
    for token in text.split():
        token = token.strip("'")
        expanded = _SPELLING.get(token) or _expand_contraction(token)
        words += [w for w in expanded.split() if w and w not in FILLERS]
    return words


@dataclass(frozen=True)
class WordErrors:
    """Edit counts between a reference and a hypothesis, in normalised words."""

    substitutions: int
    deletions: int
    insertions: int
    reference_words: int

    @property
    def errors(self) -> int:
        """Substitutions + deletions + insertions."""
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        """Errors per reference word (0.0 for an empty reference with no insertions)."""
        if self.reference_words == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.reference_words


def _align(ref: list[str], hyp: list[str]) -> tuple[int, int, int]:
    """Minimum-edit alignment; return (substitutions, deletions, insertions)."""
    # each cell: (cost, substitutions, deletions, insertions)
    prev = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i in range(1, len(ref) + 1):
        cur = [(i, 0, i, 0)]
        for j in range(1, len(hyp) + 1):
            same = ref[i - 1] == hyp[j - 1]
            d, s, ins = prev[j - 1], prev[j], cur[j - 1]
            options = [
                (d[0] + (0 if same else 1), d[1] + (0 if same else 1), d[2], d[3]),
                (s[0] + 1, s[1], s[2] + 1, s[3]),
                (ins[0] + 1, ins[1], ins[2], ins[3] + 1),
            ]
            cur.append(min(options))
        prev = cur
    _, subs, dels, inss = prev[-1]
    return subs, dels, inss


def word_errors(reference: str, hypothesis: str) -> WordErrors:
    """Count word errors of a hypothesis against a reference after normalising both."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    subs, dels, inss = _align(ref, hyp)
    return WordErrors(subs, dels, inss, len(ref))


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of one hypothesis."""
    return word_errors(reference, hypothesis).wer


def pooled_wer(results: Iterable[WordErrors]) -> float:
    """Corpus WER: all errors over all reference words."""
    items = list(results)
    words = sum(r.reference_words for r in items)
    return sum(r.errors for r in items) / words if words else 0.0
