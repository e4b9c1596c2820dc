"""Transcribe speech manifests and report WER one-shot vs phrase by phrase, with or without scenario context.

Usage: python tools/eval_speech.py [--manifest M ...] [--mode oneshot|phrases|both]
       [--context none|scenario|both] [--split tune|holdout|all] [--beam N] [--tail-beam N] [--json]

Per clip it also checks the decode time against the budget (0.5 x length + 1 s).
The phrases mode streams each clip as a microphone would (every step of audio, the phrases its pauses
complete are decoded, synchronously, so the result does not depend on the machine's load), then decodes
the last phrase at the end; its time is the time left after the end of speech.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import platformdirs

from trainer.engines import Transcript
from trainer.scenarios.loader import load_library
from trainer.speech.context import closest_turn, scenario_context
from trainer.speech.decoder import RecognitionFailed
from trainer.speech.phrases import PhraseConfig, transcribe_in_phrases
from trainer.speech.transcription import (
    DEFAULT_BEAM,
    DEFAULT_CPU_THREADS,
    DEFAULT_MARGIN_FRAMES,
    DEFAULT_MIN_FRAMES,
    WhisperTranscriber,
)
from trainer.speech.wav import pcm16_to_float, read_pcm16k
from trainer.speech.wer import WordErrors, pooled_wer, word_errors
from trainer.speech.whisper_model import WHISPER_BASE, WHISPER_TINY_EN, model_dir

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"base": WHISPER_BASE, "tiny.en": WHISPER_TINY_EN}
DEFAULT_MANIFESTS = (ROOT / "tests/data/speech/manifest.jsonl", ROOT / "tests/data/speech/human/manifest.jsonl")


def load_manifest(path: Path) -> list[dict[str, object]]:
    """Read a JSON-lines manifest of {"file", "text", "voice", ...} rows."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_split(index: int, split: str) -> bool:
    """Tuning uses the even-numbered rows (0, 2, ...), the hold-out the odd ones."""
    return split == "all" or (index % 2 == 0) == (split == "tune")


def budget_s(duration_s: float) -> float:
    """The longest a decode of this much audio may take."""
    return 0.5 * duration_s + 1.0


Decode = Callable[[bytes, str], Transcript]


def decoders(transcriber: WhisperTranscriber, mode: str, step_s: float) -> dict[str, Decode]:
    """The decode functions to compare, by name."""
    found: dict[str, Decode] = {}
    if mode in ("oneshot", "both"):
        found["oneshot"] = lambda pcm, ctx: transcriber.transcribe_array(pcm16_to_float(pcm), ctx)
    if mode in ("phrases", "both"):
        found["phrases"] = lambda pcm, ctx: transcribe_in_phrases(transcriber.phrases(ctx), pcm, step_s)
    return found


def run_clip(decode: Decode, pcm: bytes, reference: str, context: str) -> dict[str, object]:
    """One clip through one decoder: WER and timing."""
    duration = len(pcm) / 32000
    try:
        result = decode(pcm, context)
        heard, elapsed, failed = result.text, result.elapsed_s, False
    except RecognitionFailed:
        heard, elapsed, failed = "", 0.0, True
    errors = word_errors(reference, heard)
    return {"wer": round(errors.wer, 4), "errors": errors, "heard": heard, "failed": failed,
            "duration_s": round(duration, 3), "elapsed_s": round(elapsed, 4),
            "over_budget": elapsed > budget_s(duration)}  # fmt: skip


def evaluate(transcriber: WhisperTranscriber, manifest: Path, args: argparse.Namespace) -> dict[str, object]:
    """Every clip of the split through every decoder and context; pooled figures per variant."""
    rows = [r for i, r in enumerate(load_manifest(manifest)) if in_split(i, args.split)]
    scenarios = list(load_library(ROOT / "scenarios").scenarios.values())
    contexts = ["none", "scenario"] if args.context == "both" else [args.context]
    transcriber.transcribe_file(manifest.parent / str(rows[0]["file"]))  # warm-up, not counted
    variants: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        pcm = read_pcm16k(manifest.parent / str(row["file"]))
        reference = str(row["text"])
        for ctx_name in contexts:
            context = scenario_context(*closest_turn(scenarios, reference)) if ctx_name == "scenario" else ""
            for name, decode in decoders(transcriber, args.mode, args.step).items():
                clip = run_clip(decode, pcm, reference, context)
                clip["file"], clip["voice"] = row["file"], row.get("voice", "?")
                variants.setdefault(f"{name}/{ctx_name}", []).append(clip)
    return {"manifest": str(manifest), "split": args.split, "clips": len(rows),
            "variants": {k: summary(v) for k, v in variants.items()}}  # fmt: skip


def summary(clips: list[dict[str, object]]) -> dict[str, object]:
    """Pooled WER, per-voice WER, timing and the clips over budget."""
    by_voice: dict[str, list[WordErrors]] = {}
    for clip in clips:
        errors = clip.pop("errors")
        assert isinstance(errors, WordErrors)
        by_voice.setdefault(str(clip["voice"]), []).append(errors)
    elapsed = [float(str(c["elapsed_s"])) for c in clips]
    return {
        "pooled_wer": round(pooled_wer(e for v in by_voice.values() for e in v), 4),
        "per_voice_wer": {v: round(pooled_wer(e), 4) for v, e in sorted(by_voice.items())},
        "median_elapsed_s": round(statistics.median(elapsed), 3),
        "max_elapsed_s": round(max(elapsed), 3),
        "over_budget": [c["file"] for c in clips if c["over_budget"]],
        "failed": [c["file"] for c in clips if c["failed"]],
        "per_clip": clips,
    }


def print_report(report: dict[str, object]) -> None:
    """Print the figures as plain text."""
    print(f"{report['manifest']} ({report['split']}, {report['clips']} clips)")
    variants = report["variants"]
    assert isinstance(variants, dict)
    for name, figures in variants.items():
        print(f"  {name:<22} WER {100 * figures['pooled_wer']:5.1f} %   final decode median "
              f"{figures['median_elapsed_s']} s, max {figures['max_elapsed_s']} s   over budget: "
              f"{len(figures['over_budget'])} {figures['over_budget']}   failed: {figures['failed']}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, load the model once, evaluate and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, action="append", help="default: the espeak and human sets")
    parser.add_argument("--model", choices=sorted(MODELS), default="base")
    parser.add_argument("--model-dir", type=Path, help="a ready faster-whisper model directory")
    parser.add_argument("--cache-dir", type=Path, default=Path(platformdirs.user_cache_dir("pushback")) / "models")
    parser.add_argument("--min-frames", type=int, default=DEFAULT_MIN_FRAMES, help="encoder padding floor")
    parser.add_argument("--margin-frames", type=int, default=DEFAULT_MARGIN_FRAMES, help="padding after speech")
    parser.add_argument("--full-pad", action="store_true", help="pad every clip to 30 s (stock faster-whisper)")
    parser.add_argument("--beam", type=int, default=DEFAULT_BEAM)
    parser.add_argument("--mode", choices=("oneshot", "phrases", "both"), default="both")
    parser.add_argument("--context", choices=("none", "scenario", "both"), default="none")
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--step", type=float, default=0.5, help="seconds of audio between phrase checks")
    parser.add_argument("--pause", type=float, default=PhraseConfig.pause_s, help="pause that ends a phrase")
    parser.add_argument("--min-phrase", type=float, default=PhraseConfig.min_phrase_s, help="shortest phrase")
    parser.add_argument("--tail-beam", type=int, default=PhraseConfig.tail_beam, help="beam for the last phrase (default: --beam)")
    parser.add_argument("--cpu-threads", type=int, default=DEFAULT_CPU_THREADS, help="CTranslate2 threads")
    parser.add_argument("--no-skip-repair", action="store_true", help="do not re-decode audio a decode skipped")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    directory = args.model_dir or model_dir(args.cache_dir, MODELS[args.model])
    transcriber = WhisperTranscriber.load(
        directory, model_name=f"whisper-{args.model}", min_frames=None if args.full_pad else args.min_frames,
        margin_frames=args.margin_frames, beam_size=args.beam, cpu_threads=args.cpu_threads,
    )  # fmt: skip
    if args.no_skip_repair:
        transcriber.decoder.skip_word_s = float("inf")
    transcriber.phrase_config = PhraseConfig(pause_s=args.pause, min_phrase_s=args.min_phrase, tail_beam=args.tail_beam)
    reports = [evaluate(transcriber, m, args) for m in args.manifest or DEFAULT_MANIFESTS]
    for report in reports:
        print(json.dumps(report, indent=2) if args.json else "", end="")
        if not args.json:
            print_report(report)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, load {transcriber.load_s:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
