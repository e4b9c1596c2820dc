"""`bench`: speed and memory of the real components on this machine, as medians."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from trainer.engines import Persona
from trainer.grading.grader import PushbackGrader
from trainer.paths import AppPaths
from trainer.rubric import SITUATION_CRITERIA
from trainer.speech.capture import WavFileInput, capture_reply
from trainer.speech.endpoint import EndpointConfig, EndpointDetector, default_voice_activity

if TYPE_CHECKING:
    from trainer.speech.transcription import WhisperTranscriber

REPLY_10S = (
    "I hear that the weekly review feels like one more thing on a full plate. It is staying, though. "
    "I decided on it, and I am committed to making it short and useful for you."
)
LINE_25 = (
    "Honestly, your platform is the most expensive option we have looked at, and everybody in our network "
    "says the rollout takes far too long."
)
VOICE = Persona("bench", "Bench", "benchmark voice", "male", "British English", "en-gb", 165, 50)


@dataclass
class BenchConfig:
    """How many repetitions of each measurement."""

    feedback_runs: int
    tts_runs: int
    startup_runs: int
    grade_items: int

    @classmethod
    def make(cls, quick: bool) -> BenchConfig:
        return cls(3, 3, 3, 200) if quick else cls(7, 7, 5, 2000)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def bench_grading(root: Path, items: int) -> dict[str, float]:
    """Median and 95th percentile of grading one reply, over the labelled sets' replies."""
    replies: list[tuple[str, str]] = []
    for path in sorted((root / "tests" / "data" / "grader").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            replies.append((item["scenario"], item["reply"]))
    grader = PushbackGrader()
    times = []
    for i in range(items):
        scenario, reply = replies[i % len(replies)]
        weights = {c: 1.0 for c in SITUATION_CRITERIA[scenario]}
        start = time.perf_counter()
        grader.grade(reply, weights, situation=scenario)
        times.append(time.perf_counter() - start)
    times.sort()
    return {"grade_ms_p50": _median_ms(times), "grade_ms_p95": round(times[int(len(times) * 0.95)] * 1000, 2)}


def bench_tts(work: Path, runs: int, root: Path) -> tuple[dict[str, float], Path]:
    """The default (natural) voice: first audio when a turn opens on a pre-rendered line, first streamed
    sentence on a miss (each scenario's opening line), load time, and a ~10 s reply WAV for the STT runs."""
    import dataclasses

    import yaml

    from trainer.engines import NeuralVoice
    from trainer.speech.piper_voice import JOE
    from trainer.speech.synthesis import default_synthesiser
    from trainer.speech.tts_cache import find_cached

    scenario_files = sorted((root / "scenarios").glob("*.yaml"))
    openings = [yaml.safe_load(p.read_text(encoding="utf-8"))["turns"][0]["lines"][0] for p in scenario_files]
    voice = dataclasses.replace(VOICE, natural=NeuralVoice("piper", JOE))
    synth = default_synthesiser(work)
    start = time.perf_counter()
    synth.prerender("Loading the voice.", voice)
    load_ms = (time.perf_counter() - start) * 1000
    misses = []
    for line in openings[: max(runs, 1) * 2]:
        start = time.perf_counter()
        parts = synth.stream_parts(line, voice, work / "stream")
        next(parts)
        misses.append(time.perf_counter() - start)
        for _ in parts:
            pass  # the rest of the line, then it is cached
    hits = _timed(lambda: find_cached(work / "voices", openings[0], voice), runs * 5)
    reply = synth.synthesise(REPLY_10S, voice, work / "reply.wav")
    return {"tts_first_audio_ms_p50": _median_ms(hits), "tts_miss_first_sentence_ms_p50": _median_ms(misses),
            "tts_load_ms": round(load_ms, 1)}, reply


def _grade_ms(grader: PushbackGrader, text: str) -> None:
    weights = {c: 1.0 for c in SITUATION_CRITERIA["hold-the-line"]}
    grader.grade(text, weights, situation="hold-the-line")


def _streamed_once(
    transcriber: WhisperTranscriber, reply_wav: Path, grader: PushbackGrader, silence_ms: int = 0
) -> tuple[float, Any]:
    """Stream the WAV in real time through capture and the phrase-wise recogniser -> graded, and stats.

    silence_ms 0: the talk key goes up with the last word (the source runs dry); else the learner falls
    silent and the voice-activity detector ends the reply, timed from the moment it does.
    """
    session = transcriber.start_stream()
    detector = EndpointDetector(EndpointConfig(), default_voice_activity())
    source = WavFileInput(reply_wav, realtime=True, trailing_silence_ms=silence_ms)
    captured = capture_reply(source, detector, on_audio=session.feed)
    released = time.perf_counter()
    transcript = session.finish(captured.pcm)
    _grade_ms(grader, transcript.text)
    return time.perf_counter() - released, session.stats


def bench_feedback(paths: AppPaths, reply_wav: Path, runs: int) -> dict[str, float]:
    """Talk key released at the end of a ~10 s reply streamed in real time -> graded result; and one-shot."""
    from trainer.speech.transcription import DEFAULT_CPU_THREADS, WhisperTranscriber
    from trainer.speech.whisper_model import model_dir

    start = time.perf_counter()
    transcriber = WhisperTranscriber.load(model_dir(paths.cache / "models"))
    load_ms = (time.perf_counter() - start) * 1000
    grader = PushbackGrader()
    streamed, tails, oneshot, rtf, endpoint, handsfree = [], [], [], [], [], []
    for _ in range(runs + 1):  # the first run warms the model up and is not counted
        elapsed, stats = _streamed_once(transcriber, reply_wav, grader)
        streamed.append(elapsed)
        handsfree.append(_streamed_once(transcriber, reply_wav, grader, silence_ms=1500)[0])
        tails.append(stats.tail_words)
        captured = capture_reply(WavFileInput(reply_wav), EndpointDetector(EndpointConfig(), default_voice_activity()))
        released = time.perf_counter()
        transcript = transcriber.transcribe_pcm(captured.pcm, captured.sample_rate)
        _grade_ms(grader, transcript.text)
        oneshot.append(time.perf_counter() - released)
        rtf.append(transcript.elapsed_s / max(transcript.duration_s, 0.1))
        silent = capture_reply(
            WavFileInput(reply_wav, trailing_silence_ms=1500),
            EndpointDetector(EndpointConfig(), default_voice_activity()),
        )
        endpoint.append((silent.endpoint_wait_ms or 0.0) / 1000)
    return {
        "feedback_ms_p50": _median_ms(streamed[1:]),
        "feedback_ms_max": round(max(streamed[1:]) * 1000, 1),
        "feedback_oneshot_ms_p50": _median_ms(oneshot[1:]),
        "feedback_after_endpoint_ms_p50": _median_ms(handsfree[1:]),
        "tail_words_p50": statistics.median(tails[1:]),
        "endpoint_ms": _median_ms(endpoint[1:]),
        "stt_rtf": round(statistics.median(rtf[1:]), 3),
        "stt_load_ms": round(load_ms, 1),
        "stt_threads": DEFAULT_CPU_THREADS,
        "reply_s": round(captured.duration_s, 2),
    }


def _time_to_shown(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning the process to its 'shown' line (main window on screen) and 'usable' line."""
    start = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.setdefault(line.strip(), time.perf_counter() - start)
            if "usable" in seen:
                break
        proc.wait(timeout=60)
    if "shown" not in seen:
        raise RuntimeError("the app exited without showing its window")
    return seen["shown"], seen.get("usable", float("nan"))


def bench_startup(root: Path, runs: int) -> dict[str, float]:
    """Process start to the main window shown, and to usable: scenario cards in, event loop answering (offscreen)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as data:
        command = [sys.executable, str(root / "main.py"), "--data-dir", data, "--exit-when-shown"]
        times = [_time_to_shown(command, env) for _ in range(runs)]
    return {"startup_ms_p50": _median_ms([t[0] for t in times]), "usable_ms_p50": _median_ms([t[1] for t in times])}


def machine() -> dict[str, object]:
    """CPU model, cores and load: timings mean little without them."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"cpu": model, "cores": os.cpu_count() or 0, "load_1min": round(load, 2)}


def run_bench(root: Path, paths: AppPaths, quick: bool, as_json: bool, out: TextIO) -> int:
    """Run every measurement; print a table, and with --json one JSON object as the last line."""
    config = BenchConfig.make(quick)
    figures: dict[str, object] = dict(machine())
    figures.update(bench_grading(root, config.grade_items))
    with tempfile.TemporaryDirectory() as tmp:
        tts, reply = bench_tts(Path(tmp), config.tts_runs, root)
        figures.update(tts)
        figures.update(bench_feedback(paths, reply, config.feedback_runs))
    figures.update(bench_startup(root, config.startup_runs))
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["load_1min_end"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else float("nan")
    for key, value in figures.items():
        out.write(f"{key:24} {value}\n")
    if as_json:
        out.write(json.dumps(figures) + "\n")
    return 0
