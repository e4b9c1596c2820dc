"""Labelled reply sets, featurised once for training and evaluating the learned layer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from trainer.grading.detectors import DETECTORS, Cues
from trainer.grading.learned import features
from trainer.grading.semantic import Reading, semantic_features
from trainer.grading.text import Reply
from trainer.rubric import SITUATION_CRITERIA

Reader = Callable[[str], Reading | None]


@dataclass(frozen=True)
class Example:
    """One criterion of one labelled reply: its features with and without the semantic layer."""

    source: str  # the set it came from
    scenario: str
    style: str
    gold: bool
    rule: bool
    plain: dict[str, float]
    semantic: dict[str, float] = field(default_factory=dict)  # plain + prototype features
    pooled: np.ndarray | None = None  # the probe's input, when the semantic layer is on
    bag: np.ndarray | None = None  # the chunk vectors: the chunk probes' input


def load_jsonl(path: Path) -> list[dict[str, object]]:
    """The labelled items of one file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def featurise(source: str, items: Iterable[dict[str, object]], reader: Reader | None) -> dict[str, list[Example]]:
    """criterion -> examples for every labelled criterion of every item."""
    out: dict[str, list[Example]] = {c: [] for c in DETECTORS}
    for item in items:
        text = str(item["reply"])
        reply = Reply(text)
        cues = Cues(reply)
        scenario = str(item["scenario"])
        situation = scenario if scenario in SITUATION_CRITERIA else ""
        reading = reader(text) if reader and reply.word_count else None
        sem = semantic_features(reading) if reading else {}
        pooled = reading.pooled if reading else None
        bag = reading.bag if reading else None
        labels = item["labels"]
        assert isinstance(labels, dict)
        for criterion, gold in labels.items():
            rule = DETECTORS[criterion](cues).met if reply.word_count else False
            plain = features(reply, cues, rule, situation)
            full = {**plain, **sem}
            style = str(item.get("style", ""))
            out[criterion].append(Example(source, scenario, style, bool(gold), rule, plain, full, pooled, bag))
    return out
