"""How well the app's own recogniser hears the counterpart voices: each scenario's opening line, pooled WER.

Usage: python tools/eval_voices.py [--classic] [--allow-network] [--data-dir DIR] [--json]
For every scenarios/*.yaml, the first line of its first turn is spoken by `main.py say --voice PERSONA`
with the network cut (`unshare -n`), then all the WAVs go through `main.py transcribe` in one process.
Prints per-persona and pooled WER (trainer/speech/wer.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.speech.wer import WordErrors, pooled_wer, word_errors  # noqa: E402


def opening_lines(scenarios: Path) -> list[tuple[str, str, str]]:
    """(scenario id, persona id, line) for the first line of the first turn of every scenario."""
    import yaml

    rows = []
    for path in sorted(scenarios.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        first = data["turns"][0]
        rows.append((data["id"], data["counterpart"]["persona"], first["lines"][0]))
    return rows


def offline_prefix(allow_network: bool) -> list[str]:
    """`unshare -n` (a new network namespace with no interfaces up), unless told not to or impossible."""
    if allow_network:
        return []
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        raise SystemExit("eval_voices: cannot cut the network here (`unshare -n` needs root); use --allow-network")
    return ["unshare", "-n"]


def speak_all(rows: list[tuple[str, str, str]], out: Path, data: Path, classic: bool, prefix: list[str]) -> list[str]:
    """Run `say` once per line (each its own process, as a user would); return the engine lines printed."""
    said = []
    for scenario, persona, line in rows:
        command = [*prefix, sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "say", line,
                   "--voice", persona, "--out", str(out / f"{scenario}.wav")]
        run = subprocess.run(command + (["--classic"] if classic else []), capture_output=True, text=True, timeout=600)
        if run.returncode:
            raise SystemExit(f"say failed for {scenario}: {run.stderr.strip()}")
        said.append(run.stdout.strip().splitlines()[-1])
    return said


def transcribe_all(files: list[Path], data: Path, prefix: list[str]) -> dict[str, str]:
    """One `transcribe` process for every file: file name -> text heard."""
    command = [*prefix, sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "transcribe", *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    heard = {}
    for line in run.stdout.splitlines():
        row = json.loads(line)
        heard[Path(row["file"]).name] = row.get("text", "")
    return heard


def report(rows: list[tuple[str, str, str]], heard: dict[str, str], said: list[str], as_json: bool) -> float:
    """Print per-line, per-persona and pooled WER; return the pooled figure."""
    by_persona: dict[str, list[WordErrors]] = defaultdict(list)
    for (scenario, persona, line), engine in zip(rows, said, strict=True):
        errors = word_errors(line, heard.get(f"{scenario}.wav", ""))
        by_persona[persona].append(errors)
        if not as_json:
            print(f"{errors.wer:6.1%}  {scenario:44} {engine.split(', ', 1)[-1].rstrip(')')}")
            if errors.errors:
                print(f"        heard: {heard.get(f'{scenario}.wav', '')}")
    pooled = pooled_wer(e for errors in by_persona.values() for e in errors)
    per_persona = {p: round(pooled_wer(errors), 4) for p, errors in sorted(by_persona.items())}
    if as_json:
        print(json.dumps({"pooled_wer": round(pooled, 4), "per_persona": per_persona, "lines": len(rows)}))
    else:
        for persona, value in per_persona.items():
            print(f"{persona:24} {value:6.1%}")
        print(f"pooled WER {pooled:.1%} over {len(rows)} opening lines")
    return pooled


def main(argv: list[str] | None = None) -> int:
    """Speak, transcribe and score every opening line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classic", action="store_true", help="the espeak-ng voices instead of the natural ones")
    parser.add_argument("--allow-network", action="store_true", help="do not cut the network")
    parser.add_argument("--data-dir", type=Path, help="data folder to use (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="one JSON summary line")
    args = parser.parse_args(argv)
    prefix = offline_prefix(args.allow_network)
    rows = opening_lines(ROOT / "scenarios")
    with tempfile.TemporaryDirectory(prefix="eval-voices-") as tmp:
        data = args.data_dir or Path(tmp) / "data"
        out = Path(tmp) / "wav"
        out.mkdir()
        said = speak_all(rows, out, data, args.classic, prefix)
        heard = transcribe_all([out / f"{scenario}.wav" for scenario, _, _ in rows], data, prefix)
        report(rows, heard, said, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
