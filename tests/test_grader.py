"""The grader against labelled replies (kappa asserted), and its contract: evidence, scores, edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.evaluation import Confusion, Judgement, agreement
from trainer.grading.grader import PushbackGrader
from trainer.rubric import SITUATION_CRITERIA

DATA = Path(__file__).resolve().parent / "data" / "grader"
SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-set.jsonl"


def _load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _report(items: list[dict], grader: PushbackGrader):  # type: ignore[no-untyped-def,type-arg]
    judgements = []
    for item in items:
        grade = grader.grade(item["reply"], {c: 1.0 for c in item["labels"]})
        judgements += [
            Judgement(c, gold, grade.results[c].met, item.get("style", "")) for c, gold in item["labels"].items()
        ]
    return agreement(judgements)


@pytest.mark.parametrize(
    ("name", "pooled_min", "per_criterion_min"),
    [("own-short.jsonl", 0.88, 0.70), ("own-long.jsonl", 0.82, 0.50)],
)
def test_agreement_on_our_labelled_sets(name: str, pooled_min: float, per_criterion_min: float, grader) -> None:  # type: ignore[no-untyped-def]
    items = _load(DATA / name)
    assert len(items) >= 200
    report = _report(items, grader)
    assert report.pooled.kappa >= pooled_min
    weak = {c: round(m.kappa, 3) for c, m in report.by_criterion.items() if m.kappa < per_criterion_min}
    assert weak == {}


@pytest.mark.skipif(not SHARED_DEV.exists(), reason="the shared dev set lives beside the project")
def test_agreement_on_the_shared_dev_set(grader) -> None:  # type: ignore[no-untyped-def]
    report = _report(_load(SHARED_DEV), grader)
    assert report.pooled.kappa >= 0.90
    assert min(m.kappa for m in report.by_criterion.values()) >= 0.80


def test_evidence_is_an_exact_substring_and_empty_when_missed(grader) -> None:  # type: ignore[no-untyped-def]
    items = _load(DATA / "own-short.jsonl") + _load(DATA / "own-long.jsonl")
    for item in items:
        grade = grader.grade(item["reply"], {c: 1.0 for c in item["labels"]})
        for result in grade.results.values():
            assert 0.0 <= result.confidence <= 1.0
            if result.met:
                assert result.evidence and result.evidence in item["reply"], (item["id"], result)
            else:
                assert result.evidence == ""
                assert result.lapse == "" or result.lapse in item["reply"]


@pytest.mark.parametrize("reply", ["", "   ", "um uh", "..."])
def test_empty_reply_meets_nothing(reply: str, grader) -> None:  # type: ignore[no-untyped-def]
    grade = grader.grade(reply, {c: 1.0 for c in SITUATION_CRITERIA["hold-the-line"]})
    assert grade.score == 0 and not grade.passed
    assert not any(r.met for r in grade.results.values())


def test_score_is_the_weighted_share_met_and_suggestions_cover_misses(grader) -> None:  # type: ignore[no-untyped-def]
    weights = {"acknowledges": 1.0, "commitment": 3.0}
    grade = grader.grade("I hear you're worried about the extra admin.", weights, pass_mark=50)
    assert grade.met("acknowledges") and not grade.met("commitment")
    assert grade.score == 25 and not grade.passed
    assert set(grade.suggestions) == {"commitment"}


def test_grading_is_deterministic(grader) -> None:  # type: ignore[no-untyped-def]
    reply = "i see that a bit differently can i share why our uptime was ninety nine point nine percent"
    weights = {c: 1.0 for c in SITUATION_CRITERIA["challenge-the-prospect"]}
    assert grader.grade(reply, weights) == grader.grade(reply, weights)


def test_unknown_criterion_is_refused(grader) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="bravery"):
        grader.grade("hello", {"bravery": 1.0})


@pytest.mark.parametrize(
    ("scenario", "reply", "expect"),
    [
        (
            "challenge-the-prospect",
            "With all due respect, you're wrong. Our churn is 4%.",
            {"warning": False, "respectful": False, "reasons": True},
        ),
        (
            "challenge-the-prospect",
            "Would it be okay if I educated you a little? Our churn is 4%.",
            {"permission": False, "respectful": False},
        ),
        (
            "challenge-the-prospect",
            "Can I offer a counterpoint?",
            {"warning": True, "permission": True, "reasons": False},
        ),
        (
            "sale-after-the-sale",
            "There will probably be push back. Are you OK with that?",
            {"sets_expectations": True, "asks_question": False},
        ),
        ("mutual-goals", "Don't you want to earn more this year?", {"asks_question": False}),
        ("mutual-goals", "what would make those extra demos worth it for you", {"asks_question": True}),
        ("hold-the-line", "I understand, but that's your problem.", {"acknowledges": False, "respectful": False}),
        ("hold-the-line", "We start Monday and will review it after a month.", {"engages": True, "commitment": False}),
        (
            "hold-the-line",
            "Corporate made the call, not me, so it's happening.",
            {"engages": True, "commitment": False},
        ),
        (
            "hold-the-line",
            "I'm so sorry, please don't hold it against me, it's staying.",
            {"calm": False, "respectful": True},
        ),
        (
            "coaching-rebuffed",
            "Fair enough, it's your call. If you ever want a second pair of ears, just grab me.",
            {"respects_choice": True, "leaves_door_open": True},
        ),
        (
            "coaching-rebuffed",
            "Fine, but I'll expect you in my office by Friday. My door's open.",
            {"respects_choice": False, "leaves_door_open": False},
        ),
    ],
)
def test_rubric_conventions(scenario: str, reply: str, expect: dict, grader) -> None:  # type: ignore[no-untyped-def,type-arg]
    grade = grader.grade(reply, {c: 1.0 for c in SITUATION_CRITERIA[scenario]})
    assert {c: grade.met(c) for c in expect} == expect


def test_kappa_matches_a_hand_computation() -> None:
    m = Confusion(tp=20, fp=5, fn=10, tn=15)
    # po = 35/50 = 0.7; pe = (25/50)(30/50) + (25/50)(20/50) = 0.3 + 0.2 = 0.5; kappa = 0.2/0.5
    assert m.kappa == pytest.approx(0.4)
    assert Confusion(tp=3).kappa == 1.0
