"""Train the grader's learned layer (trainer/grading/model.json) from labelled replies.

    python tools/train_grader.py            # cross-validation tables, then train on all and save
    python tools/train_grader.py --cv-only  # only the tables
    python tools/train_grader.py --json     # the tables as JSON

Training sets: tests/data/grader/*.jsonl except the held-out files (*holdout*), plus the shared dev
set when it is there. Two model sets are trained: with the semantic layer's prototype features and
without (used when the encoder is missing). The tables report rules alone, rules + learned
(plain) and rules + learned + semantic, leaving one set out, one scenario out, and on every
held-out file (trained on all training sets; the held-out files are never trained or tuned on).
Deterministic: full-batch accelerated gradient descent from zero weights, fixed iterations.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.evaluation import Confusion, counts_of  # noqa: E402
from trainer.grading.dataset import Example, featurise, load_jsonl  # noqa: E402
from trainer.grading.fitting import CHUNKED, ITERATIONS, L2, fit  # noqa: E402
from trainer.grading.learned import MODEL_FILE, save_models  # noqa: E402
from trainer.grading.semantic import Reading, SemanticLayer  # noqa: E402
from trainer.grading.text import Span  # noqa: E402

DATA = ROOT / "tests" / "data" / "grader"
CACHE = Path(tempfile.gettempdir()) / "pushback-grader-embeddings-v3.pkl"

Rows = dict[str, list[Example]]
# Sets that hold the same replies (spoken-b is own-respect-a as the recogniser heard it) are left out together.
SAME_REPLIES = {"spoken-b": "own-respect-a+spoken-b", "own-respect-a": "own-respect-a+spoken-b"}


def shared_dev_set() -> Path | None:
    """The shared dev set beside the checkout (or beside the worktrees' folder)."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        if (folder / "shared" / "dev-set.jsonl").is_file():
            return folder / "shared" / "dev-set.jsonl"
    return None


def training_sets() -> dict[str, Path]:
    """name -> file of every set the learned layer is trained on."""
    dev = shared_dev_set()
    sets = {"dev": dev} if dev else {}
    sets.update({p.stem: p for p in sorted(DATA.glob("*.jsonl")) if "holdout" not in p.stem})
    return sets


def holdout_sets() -> dict[str, Path]:
    """name -> file of every held-out set (never trained or tuned on)."""
    return {p.stem: p for p in sorted(DATA.glob("*holdout*.jsonl"))}


class CachedReader:
    """The semantic layer's readings, with chunk vectors cached on disk across runs (keyed by text)."""

    def __init__(self, layer: SemanticLayer) -> None:
        self.layer = layer
        self.vectors: dict[str, tuple[list[tuple[int, int, str]], np.ndarray]] = {}
        if CACHE.is_file():
            self.vectors = pickle.loads(CACHE.read_bytes())
        self.dirty = False

    def __call__(self, text: str) -> Reading | None:
        if not self.layer.ready():
            return None
        if text not in self.vectors:
            reading = self.layer.read(text)
            if reading is None:
                return None
            self.vectors[text] = ([(s.start, s.end, s.cue) for s in reading.spans], reading.vectors.astype(np.float16))
            self.dirty = True
        spans, vectors = self.vectors[text]
        return self.layer.reading([Span(*s) for s in spans], vectors.astype(np.float32))

    def save(self) -> None:
        if self.dirty:
            CACHE.write_bytes(pickle.dumps(self.vectors))


def featurise_sets(sets: dict[str, Path], reader: Callable[[str], Reading | None] | None) -> Rows:
    """criterion -> examples over every set given."""
    rows: Rows = {}
    for name, path in sets.items():
        for criterion, examples in featurise(name, load_jsonl(path), reader).items():
            rows.setdefault(criterion, []).extend(examples)
    return rows


Tables = dict[str, Confusion]


def score(train: Rows, test: Rows, styles: dict[str, Tables] | None = None) -> tuple[Tables, dict[str, Tables]]:
    """Train on train, grade test: pooled and per-criterion confusion for rules, plain and semantic.

    styles, when given, collects the full grader's confusion per criterion and style.
    """
    pooled = {k: Confusion() for k in ("rules", "plain", "semantic")}
    per: dict[str, Tables] = {}
    for criterion, examples in test.items():
        if not examples or not train.get(criterion):
            continue
        plain, semantic = fit(train[criterion], False), fit(train[criterion], True, criterion in CHUNKED)
        tables = per.setdefault(criterion, {k: Confusion() for k in pooled})
        for e in examples:
            for kind, verdict in (("rules", e.rule), ("plain", plain.predict(e)), ("semantic", semantic.predict(e))):
                pooled[kind].add(e.gold, verdict)
                tables[kind].add(e.gold, verdict)
            if styles is not None:
                styles.setdefault(criterion, {}).setdefault(e.style, Confusion()).add(e.gold, semantic.predict(e))
    return pooled, per


def leave_one_out(rows: Rows, key: Callable[[Example], str]) -> dict[str, dict[str, float]]:
    """Leave one group out (set or scenario): kappa of each layer on the group left out."""
    groups = sorted({key(e) for es in rows.values() for e in es})
    table = {}
    for group in groups:
        train = {c: [e for e in es if key(e) != group] for c, es in rows.items()}
        test = {c: [e for e in es if key(e) == group] for c, es in rows.items()}
        pooled, _ = score(train, test)
        table[group] = _kappas(pooled)
        print(f"  {group:24} {_line(table[group])}", flush=True)
    return table


def _kappas(pooled: Tables) -> dict[str, float]:
    return {"n": pooled["rules"].n, **{k: round(m.kappa, 3) for k, m in pooled.items()}}


def _line(row: dict[str, float]) -> str:
    return (
        f"n={int(row['n']):5d}  rules {row['rules']:.3f}  +learned {row['plain']:.3f}  +semantic {row['semantic']:.3f}"
    )


def held_out(rows: Rows, holdouts: dict[str, Rows], styles: dict[str, Tables]) -> dict[str, dict[str, object]]:
    """Train on every training set, grade each held-out file: pooled and per-criterion kappa."""
    out: dict[str, dict[str, object]] = {}
    for name, test in holdouts.items():
        pooled, per = score(rows, test, styles)
        criteria = {c: {k: round(m.kappa, 3) for k, m in t.items()} for c, t in sorted(per.items())}
        out[name] = {**_kappas(pooled), "criteria": criteria}
        print(f"  {name:24} {_line(_kappas(pooled))}", flush=True)
        for c, ks in criteria.items():
            print(f"      {c:18} rules {ks['rules']:.3f}  +learned {ks['plain']:.3f}  +semantic {ks['semantic']:.3f}")
    return out


def main() -> None:
    """Cross-validate, then (unless --cv-only) train on every training set and write the model file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--skip-cv", action="store_true", help="train and save without the tables")
    parser.add_argument("--tables", default="held,set,scenario", help="which tables: held, set, scenario")
    args = parser.parse_args()
    reader = CachedReader(SemanticLayer())
    sets = training_sets()
    rows = featurise_sets(sets, reader)
    holdouts = {name: featurise_sets({name: path}, reader) for name, path in holdout_sets().items()}
    reader.save()
    report: dict[str, object] = {}
    tables = set() if args.skip_cv else set(args.tables.split(","))
    if "held" in tables:
        print("held-out files (trained on all training sets):")
        styles: dict[str, Tables] = {}
        report["held_out"] = held_out(rows, holdouts, styles)
        # What the trust summary (trainer/evaluation.py) shows: all held-out files, per criterion and style.
        report["trust"] = {c: {s: counts_of(m) for s, m in sorted(t.items())} for c, t in sorted(styles.items())}
    if "set" in tables:
        print("leave one set out:")
        report["leave_one_set_out"] = leave_one_out(rows, lambda e: SAME_REPLIES.get(e.source, e.source))
    if "scenario" in tables:
        print("leave one scenario out:")
        report["leave_one_scenario_out"] = leave_one_out(rows, lambda e: e.scenario)
    if args.cv_only:
        return
    models = {c: fit(es, True, c in CHUNKED) for c, es in rows.items() if es}
    plain = {c: fit(es, False).weights for c, es in rows.items() if es}
    probes = {c: m.probe.tolist() for c, m in models.items() if m.probe is not None}
    chunks = {c: m.chunks for c, m in models.items() if m.chunks is not None}
    digests = {n: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for n, p in sets.items()}
    meta = {"trained_on": digests, "l2": L2, "iterations": ITERATIONS, **report}
    save_models({c: m.weights for c, m in models.items()}, probes, chunks, plain, meta)
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
