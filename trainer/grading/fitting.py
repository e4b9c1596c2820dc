"""Fitting the learned layer: sparse logistic regression, and the semantic probes stacked under it.

Deterministic (zero start, fixed iterations, folds by position), numpy only. Used by
tools/train_grader.py; nothing is trained at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from trainer.grading.dataset import Example
from trainer.grading.learned import vocabulary
from trainer.grading.semantic import ChunkProbes, chunk_features, pooled_logit

L2 = 4.0  # on the summed loss: a fixed prior, weaker as the data grow
PROBE_L2 = 1e-3  # on the mean loss, over the 768 pooled dimensions
ITERATIONS = 300
PROBE_ITERATIONS = 300
# Criteria whose model gets chunk probes: where they raised leave-one-set-out kappa (tools/train_grader.py
# data, by 0.009-0.026 on the final sets, and in earlier runs as the sets grew), and warning, flat leaving
# one set out (-0.003) but better on every held-out file. Not commitment: it then read a hedged start ("we
# start Monday and will review it after a month") as committed, against RUBRIC.md.
CHUNKED = frozenset({"reasons", "respectful", "sets_expectations", "urges_leadership", "warning"})
CHUNK_L2 = 1e-3  # on the mean loss, over the 384 chunk dimensions (1e-4 and 1e-2 did worse leaving one set out)
STEP = 0.5
MIN_COUNT = 3
FOLDS = 5
M = TypeVar("M")


@dataclass(frozen=True)
class Fitted:
    """One criterion's model: weights by feature name, the pooled probe (bias + 768) when semantic,
    and the chunk probes when the criterion uses them."""

    weights: dict[str, float]
    probe: np.ndarray | None = None
    chunks: ChunkProbes | None = None

    def features(self, example: Example) -> dict[str, float]:
        """The example's features as this model sees them."""
        if self.probe is None:
            return example.plain
        feats = {**example.semantic, "e:probe": probe_logit(self.probe, example)}
        if self.chunks is not None and example.bag is not None:
            feats.update(chunk_features(example.bag, self.chunks))
        return feats

    def predict(self, example: Example) -> bool:
        return sum(self.weights.get(n, 0.0) * v for n, v in self.features(example).items()) >= 0.0


def probe_logit(probe: np.ndarray, example: Example) -> float:
    assert example.pooled is not None
    return pooled_logit(probe, example.pooled)


def fit(examples: Sequence[Example], semantic: bool, chunked: bool = False) -> Fitted:
    """The criterion's model. With semantic, a probe trained on all, its out-of-fold logits a feature
    of the sparse model; with chunked too, the chunk probes' out-of-fold logits beside it."""
    if not semantic or any(e.pooled is None or e.bag is None for e in examples):
        return Fitted(fit_sparse([e.plain for e in examples], [e.gold for e in examples]))
    x = np.stack([e.pooled for e in examples if e.pooled is not None])
    bags = [e.bag for e in examples if e.bag is not None]
    y = np.array([e.gold for e in examples], dtype=np.float32)
    stacked = _out_of_fold(
        len(y), lambda idx: fit_dense(x[idx], y[idx]), lambda m, i: {"e:probe": pooled_logit(m, x[i])}
    )
    chunk_probes = None
    if chunked:
        chunk_oof = _out_of_fold(
            len(y), lambda idx: fit_chunk_probes([bags[i] for i in idx], y[idx]), lambda m, i: chunk_features(bags[i], m)
        )
        stacked = [{**a, **b} for a, b in zip(stacked, chunk_oof, strict=True)]
        chunk_probes = fit_chunk_probes(bags, y)
    rows = [{**e.semantic, **s} for e, s in zip(examples, stacked, strict=True)]
    return Fitted(fit_sparse(rows, [e.gold for e in examples]), fit_dense(x, y), chunk_probes)


def _out_of_fold(
    n: int, fit_on: Callable[[np.ndarray], M], score: Callable[[M, int], dict[str, float]]
) -> list[dict[str, float]]:
    """Each example's stacked features from a model fitted on the folds it is not in (folds by position)."""
    folds = np.arange(n) % FOLDS
    out: list[dict[str, float]] = [{} for _ in range(n)]
    for k in range(FOLDS):
        model = fit_on(np.flatnonzero(folds != k))
        for i in np.flatnonzero(folds == k):
            out[i] = score(model, int(i))
    return out


def fit_sparse(rows: Sequence[dict[str, float]], gold: Sequence[bool]) -> dict[str, float]:
    """L2 logistic regression (bias unpenalised) over named sparse features, Nesterov-accelerated."""
    names = vocabulary(rows, MIN_COUNT)
    index = {n: i for i, n in enumerate(names)}
    row_ids, cols, vals = [], [], []
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name in index and value:
                row_ids.append(i)
                cols.append(index[name])
                vals.append(value)
    r, c, v = np.array(row_ids), np.array(cols), np.array(vals, dtype=np.float64)
    y = np.array(gold, dtype=np.float64)
    n, d = len(y), len(names)
    penalty = np.full(d, L2 / n)
    penalty[index["bias"]] = 0.0
    w, ahead = np.zeros(d), np.zeros(d)
    for step in range(1, ITERATIONS + 1):
        z = np.bincount(r, weights=v * ahead[c], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(c, weights=v * (p - y)[r], minlength=d) / n + penalty * ahead
        new = ahead - STEP * grad
        ahead = new + (step - 1) / (step + 2) * (new - w)
        w = new
    return {name: float(w[i]) for name, i in index.items()}


def fit_dense(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L2 logistic regression on dense vectors: bias then weights."""
    w, ahead = np.zeros(x.shape[1] + 1, dtype=np.float32), np.zeros(x.shape[1] + 1, dtype=np.float32)
    for step in range(1, PROBE_ITERATIONS + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(ahead[0] + x @ ahead[1:], -30, 30)))
        grad = np.concatenate([[np.mean(p - y)], x.T @ (p - y) / len(y) + PROBE_L2 * ahead[1:]])
        new = ahead - 2.0 * grad.astype(np.float32)
        ahead = new + (step - 1) / (step + 2) * (new - w)
        w = new
    return w


def fit_chunk_probes(bags: Sequence[np.ndarray], y: np.ndarray) -> ChunkProbes:
    """The probe towards met and the probe towards missed, each over the reply's chunks."""
    return ChunkProbes(fit_bags(bags, y), fit_bags(bags, 1.0 - y))


def fit_bags(bags: Sequence[np.ndarray], y: np.ndarray) -> np.ndarray:
    """Multiple-instance logistic regression: a bag's logit is bias + log-sum-exp of its rows' scores,
    so one chunk that shows the behaviour is enough. Bias then weights."""
    x = np.concatenate(bags).astype(np.float32)
    sizes = np.array([len(b) for b in bags])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(bags)), sizes)
    w, ahead = np.zeros(x.shape[1] + 1, dtype=np.float32), np.zeros(x.shape[1] + 1, dtype=np.float32)
    for step in range(1, PROBE_ITERATIONS + 1):
        scores = x @ ahead[1:]
        top = np.maximum.reduceat(scores, starts)
        e = np.exp(scores - top[owner])
        total = np.add.reduceat(e, starts)
        p = 1.0 / (1.0 + np.exp(-np.clip(ahead[0] + top + np.log(total), -30, 30)))
        residual = p - y
        share = e / total[owner] * residual[owner]  # each chunk's part of its bag's gradient
        grad = np.concatenate([[np.mean(residual)], x.T @ share / len(y) + CHUNK_L2 * ahead[1:]])
        new = ahead - 2.0 * grad.astype(np.float32)
        ahead = new + (step - 1) / (step + 2) * (new - w)
        w = new
    return w
