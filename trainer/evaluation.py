"""Agreement between the grader and labelled replies: precision, recall, F1, Cohen's kappa."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


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
    """Per-criterion and pooled agreement, by style too (written, asr, natural)."""

    by_criterion: dict[str, Confusion]
    pooled: Confusion
    by_style: dict[str, Confusion]
    by_criterion_style: dict[str, dict[str, Confusion]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "pooled": _figures(self.pooled),
            "criteria": {c: _figures(m) for c, m in sorted(self.by_criterion.items())},
            "styles": {s: _figures(m) for s, m in sorted(self.by_style.items())},
            "criteria_by_style": {
                c: {s: _figures(m) for s, m in sorted(styles.items())}
                for c, styles in sorted(self.by_criterion_style.items())
            },
        }


def _figures(m: Confusion) -> dict[str, float]:
    return {
        "n": m.n,
        "tp": m.tp,
        "fp": m.fp,
        "fn": m.fn,
        "tn": m.tn,
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
    by_both: dict[str, dict[str, Confusion]] = defaultdict(lambda: defaultdict(Confusion))
    pooled = Confusion()
    for j in judgements:
        by_criterion[j.criterion].add(j.gold, j.predicted)
        by_style[j.style or "unknown"].add(j.gold, j.predicted)
        by_both[j.criterion][j.style or "unknown"].add(j.gold, j.predicted)
        pooled.add(j.gold, j.predicted)
    return Report(dict(by_criterion), pooled, dict(by_style), {c: dict(s) for c, s in by_both.items()})


TRUSTED_KAPPA = 0.8
USABLE_KAPPA = 0.6


@dataclass(frozen=True)
class Trust:
    """How far a trainer can trust the grader on one criterion, and which of its verdicts to check."""

    criterion: str
    overall: Confusion
    by_style: dict[str, Confusion]

    @property
    def advice(self) -> str:
        """One plain sentence: trust it, check its "met" verdicts, check its "missed" ones, or review all."""
        m = self.overall
        if m.n == 0:
            return "not measured"
        if m.kappa >= TRUSTED_KAPPA:
            return "reliable"
        side = 'its "met" verdicts' if m.fp > m.fn else 'its "missed" verdicts'
        if m.kappa >= USABLE_KAPPA:
            return f"mostly reliable; check {side}"
        return f"weak: review every verdict, above all {side}"

    def as_json(self) -> dict[str, object]:
        return {
            "criterion": self.criterion,
            **_figures(self.overall),
            "advice": self.advice,
            "styles": {s: _figures(m) for s, m in sorted(self.by_style.items())},
        }


def trust_summary(report: Report) -> list[Trust]:
    """Per criterion: the confusion overall and per style, with the advice a trainer needs."""
    return [Trust(c, m, dict(report.by_criterion_style.get(c, {}))) for c, m in sorted(report.by_criterion.items())]


def trust_table(rows: list[Trust]) -> str:
    """The trust summary as plain text: one line per criterion, then its styles indented."""
    lines = [f"{'criterion':18} {'style':8} {'n':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'kappa':>6}  advice"]
    for row in rows:
        for style, m in [("all", row.overall), *sorted(row.by_style.items())]:
            name, advice = (row.criterion, row.advice) if style == "all" else ("", "")
            lines.append(
                f"{name:18} {style:8} {m.n:5d} {m.tp:4d} {m.fp:4d} {m.fn:4d} {m.tn:4d} {m.kappa:6.3f}  {advice}".rstrip()
            )
    return "\n".join(lines)


def confusion_from(counts: list[int]) -> Confusion:
    """A confusion from [tp, fp, fn, tn]."""
    tp, fp, fn, tn = counts
    return Confusion(tp, fp, fn, tn)


def counts_of(m: Confusion) -> list[int]:
    return [m.tp, m.fp, m.fn, m.tn]


def shipped_trust(meta: dict[str, object]) -> list[Trust]:
    """The trust summary measured on the held-out sets when the shipped model was trained.

    meta is model.json's "meta"; its "trust" holds criterion -> style -> [tp, fp, fn, tn].
    """
    stored = meta.get("trust")
    if not isinstance(stored, dict):
        return []
    rows = []
    for criterion, styles in sorted(stored.items()):
        by_style = {s: confusion_from(c) for s, c in styles.items()}
        overall = Confusion()
        for m in by_style.values():
            overall = Confusion(overall.tp + m.tp, overall.fp + m.fp, overall.fn + m.fn, overall.tn + m.tn)
        rows.append(Trust(criterion, overall, by_style))
    return rows
