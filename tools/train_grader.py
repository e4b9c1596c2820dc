"""Train the grader's learned layer (trainer/grading/model.json) from labelled replies.

    python tools/train_grader.py            # leave-one-set-out cross-validation, then train on all and save
    python tools/train_grader.py --cv-only  # only the cross-validation table

Deterministic: full-batch gradient descent from zero weights, fixed iterations. The held-out set
(tests/data/grader/holdout.jsonl) is never used here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.evaluation import Confusion  # noqa: E402
from trainer.grading.detectors import DETECTORS, Cues  # noqa: E402
from trainer.grading.learned import MODEL_FILE, features, save_models, vocabulary  # noqa: E402
from trainer.grading.text import Reply  # noqa: E402
from trainer.rubric import SITUATION_CRITERIA  # noqa: E402

SETS = {
    "dev": ROOT.parent / "shared" / "dev-set.jsonl",
    "own-short": ROOT / "tests" / "data" / "grader" / "own-short.jsonl",
    "own-long": ROOT / "tests" / "data" / "grader" / "own-long.jsonl",
    "own-long-b": ROOT / "tests" / "data" / "grader" / "own-long-b.jsonl",
    "own-tone": ROOT / "tests" / "data" / "grader" / "own-tone.jsonl",
}
L2 = 4.0
ITERATIONS = 600
STEP = 0.5
MIN_COUNT = 3

Row = tuple[str, dict[str, float], int, bool]  # set name, features, gold, rule verdict


def featurise_sets() -> dict[str, list[Row]]:
    """criterion -> rows, for every labelled item of every available set."""
    rows: dict[str, list[Row]] = {c: [] for c in DETECTORS}
    for name, path in SETS.items():
        if not path.is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            reply = Reply(item["reply"])
            cues = Cues(reply)
            situation = item["scenario"] if item["scenario"] in SITUATION_CRITERIA else ""
            for criterion, gold in item["labels"].items():
                rule = DETECTORS[criterion](cues).met if reply.word_count else False
                rows[criterion].append((name, features(reply, cues, rule, situation), int(gold), rule))
    return rows


def fit(rows: list[Row]) -> dict[str, float]:
    """Logistic regression with L2 (bias unpenalised) by full-batch gradient descent."""
    names = vocabulary((r[1] for r in rows), MIN_COUNT)
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, (_, feats, _, _) in enumerate(rows):
        for n, v in feats.items():
            if n in index:
                x[i, index[n]] = v
    y = np.array([r[2] for r in rows], dtype=float)
    w = np.zeros(len(names))
    penalty = np.full(len(names), L2)
    penalty[index["bias"]] = 0.0
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        w -= STEP * (x.T @ (p - y) + penalty * w) / len(y)
    return {n: float(w[i]) for n, i in index.items()}


def predict(weights: dict[str, float], feats: dict[str, float]) -> bool:
    return sum(weights.get(n, 0.0) * v for n, v in feats.items()) >= 0.0


def cross_validate(rows: dict[str, list[Row]]) -> dict[str, dict[str, float]]:
    """Leave one set out: kappa of rules alone and of rules + model on the set left out."""
    table: dict[str, dict[str, float]] = {}
    names = sorted({r[0] for rs in rows.values() for r in rs})
    for held in names:
        rule_all, model_all = Confusion(), Confusion()
        for criterion_rows in rows.values():
            train = [r for r in criterion_rows if r[0] != held]
            test = [r for r in criterion_rows if r[0] == held]
            if not test or not train:
                continue
            weights = fit(train)
            for _, feats, gold, rule in test:
                rule_all.add(bool(gold), rule)
                model_all.add(bool(gold), predict(weights, feats))
        table[held] = {"rules": round(rule_all.kappa, 3), "hybrid": round(model_all.kappa, 3), "n": rule_all.n}
        print(f"{held:12} n={rule_all.n:5d}  rules kappa {rule_all.kappa:.3f}  rules+model kappa {model_all.kappa:.3f}")
    return table


def main() -> None:
    """Cross-validate, then (unless --cv-only) train on every set and write the model file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args()
    rows = featurise_sets()
    cv = cross_validate(rows)
    if args.cv_only:
        return
    models = {c: fit(rs) for c, rs in rows.items() if rs}
    digests = {n: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for n, p in SETS.items() if p.is_file()}
    meta = {"trained_on": digests, "leave_one_set_out_kappa": cv, "l2": L2, "iterations": ITERATIONS}
    save_models(models, meta)
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
