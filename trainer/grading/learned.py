"""A second opinion learned from labelled replies: one logistic model per criterion.

Its inputs are the rule detector's verdict, how often each cue family fired, the reply's words
and word pairs, and the scenario's situation. The rules carry the rubric's conventions; the model
learns how much to trust them and which wordings they miss. Weights live in a JSON file made by
tools/train_grader.py; nothing is downloaded or trained at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from trainer.grading.detectors import Cues
from trainer.grading.semantic import ChunkProbes
from trainer.grading.text import Reply

MODEL_FILE = Path(__file__).with_name("model.json")
FAMILIES = (
    "warning", "permission", "reasons", "cave", "firm", "hedge", "local_hedge", "blame", "self_need", "your_gain",
    "other_gain", "questions", "readiness", "resistance_ahead", "support", "lead", "wait_for_consensus", "accept",
    "insist", "lecture", "door", "acknowledge", "dismiss", "disrespect", "uncalm", "change_subject", "soft_cave",
    "hold_plea", "leading", "flat_contradiction",
)  # fmt: skip
MAX_FAMILY_COUNT = 3


def features(reply: Reply, cues: Cues, rule_met: bool, situation: str) -> dict[str, float]:
    """Sparse features of one reply for one criterion (the semantic layer's are added beside them)."""
    out: dict[str, float] = {"bias": 1.0, "rule": 1.0 if rule_met else 0.0}
    if situation:
        out[f"s:{situation}"] = 1.0
    for family in FAMILIES:
        count = len(getattr(cues, family))
        if count:
            out[f"f:{family}"] = float(min(count, MAX_FAMILY_COUNT))
    for gram in word_grams(reply):
        out[f"g:{gram}"] = 1.0
    return out


def word_grams(reply: Reply) -> set[str]:
    """Words and adjacent word pairs of the normalised reply (fillers and stutters removed)."""
    words = [t.text for t in reply.tokens if t.text[0].isalnum()]
    return set(words) | {f"{a} {b}" for a, b in pairwise(words)}


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression over named sparse features; probe and chunks: the semantic layer's probes."""

    weights: dict[str, float]
    probe: np.ndarray | None = None
    chunks: ChunkProbes | None = None

    def score(self, feats: dict[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in feats.items())

    def probability(self, feats: dict[str, float]) -> float:
        z = max(min(self.score(feats), 30.0), -30.0)
        return 1.0 / (1.0 + math.exp(-z))

    def strongest_words(self, feats: dict[str, float], positive: bool) -> list[str]:
        """The reply's word features that push hardest towards met (or missed), strongest first."""
        grams = [(self.weights.get(n, 0.0), n[2:]) for n in feats if n.startswith("g:")]
        grams = [(w, g) for w, g in grams if (w > 0) == positive and w != 0.0]
        return [g for _, g in sorted(grams, key=lambda item: abs(item[0]), reverse=True)]


def load_models(path: Path = MODEL_FILE, semantic: bool = True) -> dict[str, LinearModel]:
    """The trained models by criterion ({} when the file is absent: rules only).

    semantic=False gives the models trained without the encoder's features, for when it is missing.
    """
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not semantic:
        return {criterion: LinearModel(weights) for criterion, weights in data["plain"].items()}
    probes = {c: np.array(p, dtype=np.float32) for c, p in data.get("probes", {}).items()}
    chunks = {
        c: ChunkProbes(np.array(met, dtype=np.float32), np.array(missed, dtype=np.float32))
        for c, (met, missed) in data.get("chunks", {}).items()
    }
    return {c: LinearModel(weights, probes.get(c), chunks.get(c)) for c, weights in data["models"].items()}


def load_meta(path: Path = MODEL_FILE) -> dict[str, object]:
    """The model file's provenance and measured figures ({} when absent); "trust" feeds shipped_trust."""
    if not path.is_file():
        return {}
    meta = json.loads(path.read_text(encoding="utf-8")).get("meta", {})
    return meta if isinstance(meta, dict) else {}


Weights = dict[str, dict[str, float]]


def save_models(
    models: Weights,
    probes: dict[str, list[float]],
    chunks: dict[str, ChunkProbes],
    plain: Weights,
    meta: dict[str, object],
    path: Path = MODEL_FILE,
) -> None:
    """Write both model sets (with and without the semantic layer), the probes and their provenance."""
    rounded_probes = {c: _rounded_vector(p) for c, p in sorted(probes.items())}
    rounded_chunks = {c: [_rounded_vector(p.met), _rounded_vector(p.missed)] for c, p in sorted(chunks.items())}
    data = {
        "meta": meta,
        "models": _rounded(models),
        "probes": rounded_probes,
        "chunks": rounded_chunks,
        "plain": _rounded(plain),
    }
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _rounded_vector(vector: Iterable[float]) -> list[float]:
    return [round(float(v), 4) for v in vector]


def _rounded(models: Weights) -> Weights:
    return {c: {n: round(w, 4) for n, w in sorted(ws.items()) if abs(w) >= 1e-3} for c, ws in sorted(models.items())}


def vocabulary(rows: Iterable[dict[str, float]], min_count: int) -> list[str]:
    """Feature names seen in at least min_count rows (word features); every other kind is kept."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    return sorted(n for n, c in counts.items() if not n.startswith("g:") or c >= min_count)
