"""Developer tool: run the grader on a labelled JSONL set and list disagreements."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.evaluation import Judgement, agreement
from trainer.grading.grader import PushbackGrader


def main() -> None:
    """Print per-criterion kappa and, with --show, the disagreements for one criterion."""
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    grader = PushbackGrader()
    judgements = []
    for path in args.files:
        for line in path.read_text().splitlines():
            item = json.loads(line)
            grade = grader.grade(item["reply"], {c: 1.0 for c in item["labels"]}, situation=item["scenario"])
            for cid, gold in item["labels"].items():
                r = grade.results[cid]
                judgements.append(Judgement(cid, gold, r.met, item.get("style", "")))
                if cid == args.show and r.met != gold:
                    why = r.evidence or r.lapse
                    print(f"gold={int(gold)} [{why}] {item['reply'][:260]}")
    report = agreement(judgements)
    print(json.dumps(report.as_json()["pooled"]))
    for cid, m in sorted(report.by_criterion.items(), key=lambda kv: kv[1].kappa):
        print(f"{cid:18} k={m.kappa:.3f} p={m.precision:.2f} r={m.recall:.2f} n={m.n} fp={m.fp} fn={m.fn}")


if __name__ == "__main__":
    main()
