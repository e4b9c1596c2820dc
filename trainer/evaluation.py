"""Agreement between the grader and labelled replies: precision, recall, F1, Cohen's kappa."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Confusion:
    """A 2x2 table of grader (predicted) against labels (gold)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kappa(self) -> float:
        """Cohen's kappa; 1.0 when both raters agree on every item, even with one class."""
        n = self.n
        if n == 0:
            return 0.0
        observed = self.accuracy
        p_yes = ((self.tp + self.fp) / n) * ((self.tp + self.fn) / n)
        p_no = ((self.fn + self.tn) / n) * ((self.fp + self.tn) / n)
        expected = p_yes + p_no
        if expected >= 1.0:
            return 1.0 if observed == 1.0 else 0.0
        return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Judgement:
    """One criterion of one item: the label, the grader's verdict, and the item's style."""

    criterion: str
    gold: bool
    predicted: bool
    style: str = ""


@dataclass
class Report:
    """Per-criterion and pooled agreement, plus accuracy by style."""

    by_criterion: dict[str, Confusion]
    pooled: Confusion
    by_style: dict[str, Confusion]

    def as_json(self) -> dict[str, object]:
        return {
            "pooled": _figures(self.pooled),
            "criteria": {c: _figures(m) for c, m in sorted(self.by_criterion.items())},
            "styles": {s: _figures(m) for s, m in sorted(self.by_style.items())},
        }


def _figures(m: Confusion) -> dict[str, float]:
    return {
        "n": m.n,
        "precision": round(m.precision, 3),
        "recall": round(m.recall, 3),
        "f1": round(m.f1, 3),
        "kappa": round(m.kappa, 3),
        "accuracy": round(m.accuracy, 3),
    }


def agreement(judgements: Iterable[Judgement]) -> Report:
    """Tabulate judgements into a report."""
    by_criterion: dict[str, Confusion] = defaultdict(Confusion)
    by_style: dict[str, Confusion] = defaultdict(Confusion)
    pooled = Confusion()
    for j in judgements:
        by_criterion[j.criterion].add(j.gold, j.predicted)
        by_style[j.style or "unknown"].add(j.gold, j.predicted)
        pooled.add(j.gold, j.predicted)
    return Report(dict(by_criterion), pooled, dict(by_style))
