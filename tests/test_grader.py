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
        grade = grader.grade(item["reply"], {c: 1.0 for c in item["labels"]}, situation=item["scenario"])
        judgements += [
            Judgement(c, gold, grade.results[c].met, item.get("style", "")) for c, gold in item["labels"].items()
        ]
    return agreement(judgements)


# Held-out files: never trained or tuned on (the honest estimate). Floors sit a little under the
# figures measured at the last training (model.json's meta), so that a regression fails.
HELD_OUT_FLOORS = {"holdout": 0.85, "para-holdout": 0.80, "spoken-holdout": 0.85}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_agreement_on_the_held_out_sets(name: str, grader) -> None:  # type: ignore[no-untyped-def]
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path.name} is written separately")
    items = _load(path)
    assert len(items) >= 100
    report = _report(items, grader)
    assert report.pooled.kappa >= HELD_OUT_FLOORS[name]
    weak = {c: round(m.kappa, 3) for c, m in report.by_criterion.items() if m.kappa < 0.25}
    assert weak == {}


def _train_module():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_grader", Path(__file__).parents[1] / "tools" / "train_grader.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_model_file_matches_the_labelled_sets() -> None:
    """The committed weights were trained on exactly the sets in the repo (retrain when they change)."""
    import hashlib

    from trainer.grading.learned import MODEL_FILE

    train = _train_module()
    meta = json.loads(MODEL_FILE.read_text())["meta"]
    for name, path in train.training_sets().items():
        assert meta["trained_on"][name] == hashlib.sha256(path.read_bytes()).hexdigest()[:16], name
    assert not set(train.holdout_sets()) & set(meta["trained_on"])


def test_rules_alone_still_meet_the_short_set_bar() -> None:
    from trainer.grading.grader import PushbackGrader

    report = _report(_load(DATA / "own-short.jsonl"), PushbackGrader(models={}))
    assert report.pooled.kappa >= 0.88
    assert min(m.kappa for m in report.by_criterion.values()) >= 0.70


def test_evidence_is_an_exact_substring_and_empty_when_missed(grader) -> None:  # type: ignore[no-untyped-def]
    items = [i for p in sorted(DATA.glob("*.jsonl")) for i in _load(p)]
    for item in items:
        grade = grader.grade(item["reply"], {c: 1.0 for c in item["labels"]}, situation=item["scenario"])
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
@pytest.mark.parametrize("rules_only", [False, True])
def test_rubric_conventions(scenario: str, reply: str, expect: dict, rules_only: bool) -> None:  # type: ignore[type-arg]
    from trainer.grading.grader import PushbackGrader

    if not rules_only and reply == "Can I offer a counterpoint?":
        pytest.xfail("known: the learned layer overrules the rule's warning on this bare one-line question (p=0.41)")
    grader = PushbackGrader(models={}) if rules_only else PushbackGrader()
    grade = grader.grade(reply, {c: 1.0 for c in SITUATION_CRITERIA[scenario]}, situation=scenario)
    assert {c: grade.met(c) for c in expect} == expect


def test_kappa_matches_a_hand_computation() -> None:
    m = Confusion(tp=20, fp=5, fn=10, tn=15)
    # po = 35/50 = 0.7; pe = (25/50)(30/50) + (25/50)(20/50) = 0.3 + 0.2 = 0.5; kappa = 0.2/0.5
    assert m.kappa == pytest.approx(0.4)
    assert Confusion(tp=3).kappa == 1.0


def test_trust_summary_says_which_verdicts_to_check() -> None:
    from trainer.evaluation import trust_summary, trust_table

    judgements = [Judgement("warning", True, True, "written")] * 40 + [Judgement("warning", False, False, "asr")] * 40
    judgements += [Judgement("respectful", False, True, "asr")] * 12 + [Judgement("respectful", True, True, "asr")] * 30
    judgements += [Judgement("respectful", False, False, "written")] * 10
    rows = {t.criterion: t for t in trust_summary(agreement(judgements))}
    assert rows["warning"].advice == "reliable"
    assert rows["respectful"].advice.startswith("weak") and '"met"' in rows["respectful"].advice
    assert rows["respectful"].by_style["asr"].fp == 12
    table = trust_table(list(rows.values()))
    assert "TP" in table and "asr" in table and "written" in table


def test_the_shipped_model_carries_its_held_out_trust_summary() -> None:
    from trainer.evaluation import shipped_trust
    from trainer.grading.learned import load_meta

    rows = shipped_trust(load_meta())
    assert {r.criterion for r in rows} >= {"respectful", "warning", "acknowledges"}
    assert all(r.overall.n > 0 and r.by_style for r in rows)


def test_eval_prints_the_confusion_per_criterion_and_style(library, grader) -> None:  # type: ignore[no-untyped-def]
    from trainer.commands.grading import evaluate_file, report_table

    report, problems = evaluate_file([DATA / "own-short.jsonl"], library, grader)
    assert problems == []
    table = report_table(report)
    assert "FP" in table and "FN" in table
    assert any(line.split()[:1] == ["respectful"] for line in table.splitlines())
    assert set(report.by_criterion_style["respectful"]) == {"written", "asr"}
