"""Word error rate: normalisation, edit counts and corpus pooling."""

from __future__ import annotations

import pytest

from trainer.speech.wer import WordErrors, normalise, number_words, pooled_wer, wer, word_errors


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Our churn last year was 6%.", "our churn last year was six percent"),
        ("That would cost us $40,000.", "that would cost us forty thousand dollars"),
        ("My close rate was 28 per cent", "my close rate was twenty-eight percent"),
        ("It's 3.5 points", "it is three point five points"),
        ("the 21st of March", "the twenty first of march"),
        ("105 seats", "one hundred and five seats"),
        ("Go forward 10 metres.", "go forward ten meters"),
        ("Mr. Dashwood", "mister dashwood"),
    ],
)
def test_numbers_and_spellings_normalise_to_the_same_words(written: str, spoken: str) -> None:
    assert normalise(written) == normalise(spoken)


def test_contractions_fillers_punctuation_and_case_are_normalised() -> None:
    assert normalise("Um, I DON'T think—uh—we’ll manage; can't you wait?") == normalise(
        "i do not think we will manage can not you wait"
    )
    assert normalise("I'm sure it's fine, won't it? We'd, they're, you've") == (
        ["i", "am", "sure", "it", "is", "fine", "will", "not", "it", "we", "would", "they", "are", "you", "have"]
    )
    assert normalise("Cannot. OK?") == ["can", "not", "okay"]


def test_number_words_cover_scales() -> None:
    assert number_words(0) == ["zero"]
    assert number_words(19) == ["nineteen"]
    assert number_words(1_200_005) == ["one", "million", "two", "hundred", "thousand", "five"]
    assert number_words(40_000) == ["forty", "thousand"]


def test_edit_counts() -> None:
    assert word_errors("a b c d", "a x c d e") == WordErrors(1, 0, 1, 4)
    assert word_errors("a b c d", "b c d") == WordErrors(0, 1, 0, 4)
    assert word_errors("a b c d", "a b c d").errors == 0
    assert wer("one two three four", "one two") == pytest.approx(0.5)


def test_identical_after_normalisation_is_zero() -> None:
    ref = "I see that a bit differently; would you mind if I shared why? Our churn last year was six percent."
    hyp = "I see that a bit differently. Would you mind if I shared why? Our churn last year was 6%"
    assert wer(ref, hyp) == 0.0


def test_empty_reference() -> None:
    assert word_errors("", "").wer == 0.0
    assert word_errors("um", "hello").wer == 1.0
    assert word_errors("", "hello").reference_words == 0


def test_pooled_wer_weights_by_reference_length() -> None:
    short = word_errors("yes", "no")  # 1 error / 1 word
    long = word_errors("one two three four five six seven eight nine", "one two three four five six seven eight nine")
    assert pooled_wer([short, long]) == pytest.approx(1 / 10)
    assert pooled_wer([]) == 0.0
