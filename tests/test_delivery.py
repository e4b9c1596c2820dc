"""Delivery figures from the transcript and word timings."""

from __future__ import annotations

from trainer.delivery import measure
from trainer.engines import Word


def test_counts_fillers_hedges_and_pronouns() -> None:
    d = measure("um so like I guess we could maybe, you know, try it. I'd like your view on it.")
    assert d.fillers == 3  # um, like (not "I'd like"), you know
    assert d.hedges >= 2  # I guess, maybe
    assert d.self_words == 2 and d.other_words == 3
    assert d.longest_sentence_words == 12
    assert d.wpm is None


def test_pace_from_duration_and_word_timings() -> None:
    words = tuple(
        Word(w, 1.0 + i * 0.4, 1.3 + i * 0.4) for i, w in enumerate(["we", "are", "keeping", "the", "review"])
    )
    d = measure("we are keeping the review", duration_s=10.0, words=words)
    assert d.patience_s == 1.0
    assert round(d.wpm or 0) == round(5 / (words[-1].end_s - 1.0) * 60)
    assert d.longest_pause_s is not None and abs(d.longest_pause_s - 0.1) < 1e-9
    assert any("Pace" in r for r in d.readings())


def test_empty_reply() -> None:
    d = measure("")
    assert d.words == 0 and d.filler_share == 0.0 and d.i_you_ratio is None
