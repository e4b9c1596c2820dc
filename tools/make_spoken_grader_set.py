"""Speak labelled written replies with the app's voices and transcribe them with the app's recogniser.

Usage:
  python tools/make_spoken_grader_set.py make WRITTEN.jsonl --out tests/data/grader/spoken-a.jsonl \
      --prefix spoken-a --voices cfo-sceptic,it-director --rates 140,165,190 [--reuse]
  python tools/make_spoken_grader_set.py check tests/data/grader/spoken-*.jsonl

WRITTEN.jsonl holds {"scenario", "prompt", "reply" (the written text), "labels"} lines, optionally
"relabel": {criterion: bool} (decided after reading the transcript) and "note". The output line is
the grader's format with the TRANSCRIPT as "reply" (style "asr"), plus "written_reply", "voice",
"rate_wpm" and "source". Everything runs in one process: the synthesiser and the Whisper model load
once. With --reuse, lines whose written text, voice and rate are unchanged keep their transcript from
the existing --out file, so relabels can be applied without speaking again. A committed output file
is itself a valid WRITTEN.jsonl (its written_reply, written labels and relabels are read back), so
`make tests/data/grader/spoken-a.jsonl --out /tmp/again.jsonl ...` speaks the same set again.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.engines import Persona, Synthesiser, Transcriber  # noqa: E402
from trainer.paths import resolve_paths  # noqa: E402
from trainer.personas import load_personas  # noqa: E402
from trainer.rubric import SITUATION_CRITERIA  # noqa: E402

SOURCE = "written for Pushback by {author}, spoken by {voice}, transcribed by the app's recogniser, 2026-12-07"
Key = tuple[str, str, int]
ID_PATTERN = re.compile(r"spoken-[a-z]-\d{3}")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every non-blank line of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_written(item: dict[str, Any]) -> dict[str, Any]:
    """A written line; a line of an earlier output file turns back into one (its relabels kept)."""
    if "written_reply" not in item:
        return item
    flipped = set(item.get("relabelled", []))
    labels = {c: (not v) if c in flipped else v for c, v in item["labels"].items()}
    written = {"scenario": item["scenario"], "prompt": item["prompt"], "reply": item["written_reply"], "labels": labels}
    if flipped:
        written["relabel"] = {c: item["labels"][c] for c in flipped}
        written["note"] = item.get("relabel_note", "")
    return written


def check_written(item: dict[str, Any], number: int) -> None:
    """Refuse a written line whose situation or labels do not match the rubric."""
    wanted = SITUATION_CRITERIA.get(item.get("scenario", ""))
    if wanted is None:
        raise SystemExit(f"line {number}: unknown situation {item.get('scenario')!r}")
    if set(item["labels"]) != set(wanted):
        raise SystemExit(f"line {number}: labels {sorted(item['labels'])} != {sorted(wanted)}")
    if not set(item.get("relabel", {})) <= set(wanted):
        raise SystemExit(f"line {number}: relabel names a criterion the situation does not use")


def voice_plan(count: int, voices: list[str], rates: list[int]) -> list[tuple[str, int]]:
    """(persona id, rate) per item, rotating voices and shifting the rate each full turn of voices."""
    return [(voices[i % len(voices)], rates[(i + i // len(voices)) % len(rates)]) for i in range(count)]


def speak_and_transcribe(
    text: str, persona: Persona, synthesiser: Synthesiser, transcriber: Transcriber, tmp: Path
) -> str:
    """The recogniser's transcript of the line spoken in the persona's voice."""
    wav = synthesiser.synthesise(text, persona, tmp / "reply.wav")
    return transcriber.transcribe_file(wav).text.strip()


def build_line(item: dict[str, Any], item_id: str, voice: str, rate: int, transcript: str, author: str) -> dict[str, Any]:
    """The output line: transcript as reply, written labels with any relabels applied."""
    wanted = SITUATION_CRITERIA[item["scenario"]]
    relabel = item.get("relabel", {})
    labels = {c: bool(relabel.get(c, item["labels"][c])) for c in wanted}
    line: dict[str, Any] = {
        "id": item_id,
        "scenario": item["scenario"],
        "prompt": item["prompt"],
        "reply": transcript,
        "style": "asr",
        "labels": labels,
        "written_reply": item["reply"],
        "voice": voice,
        "rate_wpm": rate,
        "source": SOURCE.format(author=author, voice=voice),
    }
    changed = [c for c in wanted if c in relabel and relabel[c] != item["labels"][c]]
    if changed:
        line["relabelled"] = changed
        line["relabel_note"] = item.get("note", "")
    return line


def previous_transcripts(path: Path) -> dict[Key, str]:
    """(written text, voice, rate) -> transcript from an earlier run of the same output file."""
    if not path.is_file():
        return {}
    return {(r["written_reply"], r["voice"], int(r["rate_wpm"])): r["reply"] for r in read_jsonl(path)}


def make_set(args: argparse.Namespace, synthesiser: Synthesiser, transcriber: Transcriber) -> list[dict[str, Any]]:
    """Speak, transcribe and label every written item."""
    items = [as_written(item) for item in read_jsonl(args.written)]
    for number, item in enumerate(items, start=1):
        check_written(item, number)
    personas = load_personas(ROOT / "voices").personas
    plan = voice_plan(len(items), args.voices.split(","), [int(r) for r in args.rates.split(",")])
    cached = previous_transcripts(args.out) if args.reuse else {}
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, (item, (voice, rate)) in enumerate(zip(items, plan, strict=True), start=1):
            transcript = cached.get((item["reply"], voice, rate))
            if transcript is None:
                persona = dataclasses.replace(personas[voice], rate_wpm=rate)
                transcript = speak_and_transcribe(item["reply"], persona, synthesiser, transcriber, Path(tmp))
            lines.append(build_line(item, f"{args.prefix}-{number:03d}", voice, rate, transcript, args.author))
    return lines


def line_problems(line: str, seen: set[str]) -> list[str]:
    """What is wrong with one output line (empty when it is fine); records its id in seen."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return [f"invalid JSON: {error.msg}"]
    wanted = SITUATION_CRITERIA.get(item.get("scenario", ""))
    if wanted is None:
        return [f"unknown situation {item.get('scenario')!r}"]
    problems = []
    item_id = str(item.get("id", ""))
    if not ID_PATTERN.fullmatch(item_id):
        problems.append(f"id {item_id!r} is not spoken-a-NNN or spoken-h-NNN")
    if item_id in seen:
        problems.append(f"duplicate id {item_id}")
    seen.add(item_id)
    labels = item.get("labels", {})
    if set(labels) != set(wanted) or not all(isinstance(v, bool) for v in labels.values()):
        problems.append(f"{item_id}: labels must be exactly {list(wanted)} as true/false")
    for key in ("prompt", "reply", "written_reply", "voice", "source"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            problems.append(f"{item_id}: missing {key}")
    if item.get("style") != "asr":
        problems.append(f"{item_id}: style must be asr")
    if not set(item.get("relabelled", [])) <= set(wanted):
        problems.append(f"{item_id}: relabelled names a criterion the situation does not use")
    return problems


def check_files(paths: list[Path]) -> int:
    """Validate every line of every file (ids unique across all of them); print problems."""
    seen: set[str] = set()
    bad = 0
    for path in paths:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            for problem in line_problems(line, seen):
                bad += 1
                print(f"{path}:{number}: {problem}")
        print(f"{path}: {len(lines)} lines checked")
    return 1 if bad else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The make and check sub-commands."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="speak, transcribe and label a written set")
    make.add_argument("written", type=Path)
    make.add_argument("--out", type=Path, required=True)
    make.add_argument("--prefix", required=True, help="id prefix, e.g. spoken-a")
    make.add_argument("--voices", required=True, help="comma-separated persona ids from voices/")
    make.add_argument("--rates", default="140,165,190", help="comma-separated words per minute")
    make.add_argument("--reuse", action="store_true", help="keep transcripts of unchanged lines in --out")
    make.add_argument("--author", default="data2", help="who wrote the written replies (for the source field)")
    check = sub.add_parser("check", help="validate spoken set files")
    check.add_argument("files", type=Path, nargs="+")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Make a set (the engines load once) or check files."""
    args = parse_args(argv)
    if args.command == "check":
        return check_files(args.files)
    from trainer.speech.synthesis import Pyttsx3Synthesiser
    from trainer.speech.transcription import WhisperTranscriber
    from trainer.speech.whisper_model import model_dir

    paths = resolve_paths(ROOT, None, os.environ)  # the same models folder as main.py

    start = time.perf_counter()
    transcriber = WhisperTranscriber.load(model_dir(paths.cache / "models"))
    with Pyttsx3Synthesiser() as synthesiser:
        lines = make_set(args, synthesiser, transcriber)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} lines to {args.out} in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
