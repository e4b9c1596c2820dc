"""`grade` and `eval`: the grader over JSONL files, with per-line errors that never stop the run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from trainer.delivery import measure
from trainer.evaluation import Judgement, Report, agreement, trust_summary, trust_table
from trainer.grading.grader import PushbackGrader
from trainer.scenarios import ScenarioLibrary


class LineError(Exception):
    """A bad input line; the run goes on."""


def _items(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, LineError(f"invalid JSON: {error.msg} (column {error.colno})")


def _grade_item(item: Any, library: ScenarioLibrary, grader: PushbackGrader) -> dict[str, Any]:
    if isinstance(item, LineError):
        raise item
    if not isinstance(item, dict):
        raise LineError("a line must be a JSON object")
    scenario = library.get(str(item.get("scenario", "")))
    if scenario is None:
        raise LineError(f"unknown scenario '{item.get('scenario')}'")
    reply = item.get("reply")
    if not isinstance(reply, str):
        raise LineError("missing reply (a string)")
    grade = grader.grade(reply, scenario.criteria, scenario.pass_mark, scenario.situation)
    return {
        "id": item.get("id"),
        "scenario": scenario.id,
        "score": grade.score,
        "passed": grade.passed,
        "criteria": {cid: r.as_json() for cid, r in grade.results.items()},
        "delivery": measure(reply).as_json(),
    }


def grade_file(path: Path, library: ScenarioLibrary, grader: PushbackGrader, out: TextIO) -> int:
    """Grade each line of a JSONL file to out; exit status 1 if any line failed."""
    failed = False
    for number, item in _items(path):
        try:
            result = _grade_item(item, library, grader)
        except LineError as error:
            failed = True
            item_id = item.get("id") if isinstance(item, dict) else None
            result = {"line": number, "id": item_id, "error": str(error)}
        out.write(json.dumps(result) + "\n")
    return 1 if failed else 0


def evaluate_file(paths: list[Path], library: ScenarioLibrary, grader: PushbackGrader) -> tuple[Report, list[str]]:
    """Agreement with labelled lines; returns the report and the lines that could not be used."""
    judgements, problems = [], []
    for path in paths:
        for number, item in _items(path):
            try:
                graded = _grade_item(item, library, grader)
                labels = item.get("labels") or {}
                if not isinstance(labels, dict) or not labels:
                    raise LineError("no labels")
            except LineError as error:
                problems.append(f"{path}:{number}: {error}")
                continue
            for cid, gold in labels.items():
                if cid in graded["criteria"]:
                    predicted = bool(graded["criteria"][cid]["met"])
                    judgements.append(Judgement(cid, bool(gold), predicted, str(item.get("style", ""))))
    return agreement(judgements), problems


def report_table(report: Report) -> str:
    """The report as plain text: agreement per criterion, pooled, then the confusion per criterion and style."""
    lines = [f"{'criterion':18} {'n':>5} {'prec':>6} {'recall':>6} {'F1':>6} {'kappa':>6}"]
    for cid, m in sorted(report.by_criterion.items()):
        lines.append(f"{cid:18} {m.n:5d} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.kappa:6.3f}")
    p = report.pooled
    lines.append(f"{'pooled':18} {p.n:5d} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} {p.kappa:6.3f}")
    lines.append("")
    styles = sorted(report.by_style.items())
    lines.append("accuracy by style: " + ", ".join(f"{s} {m.accuracy:.3f} (n={m.n})" for s, m in styles))
    lines.append("kappa by style: " + ", ".join(f"{s} {m.kappa:.3f}" for s, m in styles))
    lines.append("")
    lines.append("where to trust it (FP: said met, label missed; FN: said missed, label met):")
    lines.append(trust_table(trust_summary(report)))
    return "\n".join(lines)
