"""Fitting the learned layer: sparse logistic regression, and the semantic probes stacked under it.

Deterministic (zero start, fixed iterations, folds by position), numpy only. Used by
tools/train_grader.py; nothing is trained at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trainer.grading.dataset import Example
from trainer.grading.learned import vocabulary
from trainer.grading.semantic import PROBE_CLIP

L2 = 4.0  # on the summed loss: a fixed prior, weaker as the data grow
PROBE_L2 = 1e-3  # on the mean loss, over the 768 pooled dimensions
ITERATIONS = 300
PROBE_ITERATIONS = 300
STEP = 0.5
MIN_COUNT = 3
FOLDS = 5


@dataclass(frozen=True)
class Fitted:
    """One criterion's model: weights by feature name, and the probe (bias + 768) when semantic."""

    weights: dict[str, float]
    probe: np.ndarray | None = None

    def features(self, example: Example) -> dict[str, float]:
        """The example's features as this model sees them."""
        if self.probe is None:
            return example.plain
        return {**example.semantic, "e:probe": probe_logit(self.probe, example)}

    def predict(self, example: Example) -> bool:
        return sum(self.weights.get(n, 0.0) * v for n, v in self.features(example).items()) >= 0.0


def probe_logit(probe: np.ndarray, example: Example) -> float:
    assert example.pooled is not None
    return float(np.clip(probe[0] + example.pooled @ probe[1:], -PROBE_CLIP, PROBE_CLIP))


def fit(examples: Sequence[Example], semantic: bool) -> Fitted:
    """The criterion's model; with semantic, a probe trained on all, its out-of-fold logits as a feature."""
    if not semantic or any(e.pooled is None for e in examples):
        return Fitted(fit_sparse([e.plain for e in examples], [e.gold for e in examples]))
    x = np.stack([e.pooled for e in examples if e.pooled is not None])
    y = np.array([e.gold for e in examples], dtype=np.float32)
    out_of_fold = np.zeros(len(examples), dtype=np.float32)
    folds = np.arange(len(examples)) % FOLDS
    for k in range(FOLDS):
        probe = fit_dense(x[folds != k], y[folds != k])
        out_of_fold[folds == k] = np.clip(probe[0] + x[folds == k] @ probe[1:], -PROBE_CLIP, PROBE_CLIP)
    rows = [{**e.semantic, "e:probe": float(s)} for e, s in zip(examples, out_of_fold, strict=True)]
    return Fitted(fit_sparse(rows, [e.gold for e in examples]), fit_dense(x, y))


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
