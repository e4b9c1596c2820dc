"""Transcribe a speech manifest with WhisperTranscriber and report WER, latency and real-time factor.

Usage: python tools/eval_speech.py [--manifest M] [--full-pad | --min-frames N] [--beam N] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import platformdirs

from trainer.speech.transcription import DEFAULT_BEAM, DEFAULT_MARGIN_FRAMES, DEFAULT_MIN_FRAMES, WhisperTranscriber
from trainer.speech.wer import WordErrors, pooled_wer, word_errors
from trainer.speech.whisper_model import WHISPER_BASE, WHISPER_TINY_EN, model_dir

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"base": WHISPER_BASE, "tiny.en": WHISPER_TINY_EN}


def load_manifest(path: Path) -> list[dict[str, object]]:
    """Read a JSON-lines manifest of {"file", "text", "voice", ...} rows."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(transcriber: WhisperTranscriber, manifest: Path) -> dict[str, object]:
    """Transcribe every clip once (after one warm-up call) and collect figures."""
    rows = load_manifest(manifest)
    transcriber.transcribe_file(manifest.parent / str(rows[0]["file"]))  # warm-up, not counted
    by_voice: dict[str, list[WordErrors]] = {}
    clips = []
    for row in rows:
        result = transcriber.transcribe_file(manifest.parent / str(row["file"]))
        errors = word_errors(str(row["text"]), result.text)
        by_voice.setdefault(str(row.get("voice", "?")), []).append(errors)
        clips.append({"file": row["file"], "wer": round(errors.wer, 4), "heard": result.text,
                      "duration_s": round(result.duration_s, 3), "elapsed_s": round(result.elapsed_s, 4)})  # fmt: skip
    elapsed = [float(str(c["elapsed_s"])) for c in clips]
    audio = sum(float(str(c["duration_s"])) for c in clips)
    return {
        "engine": transcriber.version(),
        "clips": len(clips),
        "pooled_wer": round(pooled_wer(e for v in by_voice.values() for e in v), 4),
        "per_voice_wer": {v: round(pooled_wer(e), 4) for v, e in sorted(by_voice.items())},
        "median_latency_s": round(statistics.median(elapsed), 3),
        "max_latency_s": round(max(elapsed), 3),
        "rtf": round(sum(elapsed) / audio, 4),
        "audio_s": round(audio, 1),
        "load_s": round(transcriber.load_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "per_clip": clips,
    }


def print_report(report: dict[str, object]) -> None:
    """Print the figures as plain text."""
    print(f"engine: {report['engine']}   clips: {report['clips']}   audio: {report['audio_s']} s")
    per_voice = report["per_voice_wer"]
    assert isinstance(per_voice, dict)
    for voice, value in per_voice.items():
        print(f"  {voice:<22} WER {100 * value:5.1f} %")
    print(f"pooled WER {100 * float(str(report['pooled_wer'])):.1f} %")
    print(f"median latency {report['median_latency_s']} s (max {report['max_latency_s']} s), RTF {report['rtf']}")
    print(f"model load {report['load_s']} s, peak RSS {report['peak_rss_mb']} MB")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, load the model once, evaluate and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=ROOT / "tests/data/speech/manifest.jsonl")
    parser.add_argument("--model", choices=sorted(MODELS), default="base")
    parser.add_argument("--model-dir", type=Path, help="a ready faster-whisper model directory")
    parser.add_argument("--cache-dir", type=Path, default=Path(platformdirs.user_cache_dir("pushback")) / "models")
    parser.add_argument("--min-frames", type=int, default=DEFAULT_MIN_FRAMES, help="encoder padding floor")
    parser.add_argument("--margin-frames", type=int, default=DEFAULT_MARGIN_FRAMES, help="padding after speech")
    parser.add_argument("--full-pad", action="store_true", help="pad every clip to 30 s (stock faster-whisper)")
    parser.add_argument("--beam", type=int, default=DEFAULT_BEAM)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    directory = args.model_dir or model_dir(args.cache_dir, MODELS[args.model])
    transcriber = WhisperTranscriber.load(
        directory,
        model_name=f"whisper-{args.model}",
        min_frames=None if args.full_pad else args.min_frames,
        margin_frames=args.margin_frames,
        beam_size=args.beam,
    )
    report = evaluate(transcriber, args.manifest)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
