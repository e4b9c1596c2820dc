"""Spoken replies from WAV files: the same capture path as the microphone, then offline recognition."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from trainer.commands.practice import Reply, ReplySource
from trainer.delivery import measure
from trainer.engines import Transcriber, Word
from trainer.paths import AppPaths
from trainer.speech.capture import WavFileInput, capture_reply
from trainer.speech.endpoint import EndpointConfig, EndpointDetector, default_voice_activity

TRAILING_SILENCE_MS = 1000  # a file that stops right after speech still ends by the silence rule


def spoken_reply(path: Path, paths: AppPaths, transcriber: Transcriber) -> Reply:
    """Stream a WAV through the endpoint detector, keep a copy beside the database, transcribe."""
    source = WavFileInput(path, trailing_silence_ms=TRAILING_SILENCE_MS)
    captured = capture_reply(source, EndpointDetector(EndpointConfig(), default_voice_activity()))
    transcript = transcriber.transcribe_pcm(captured.pcm, captured.sample_rate) if captured.pcm else None
    text = transcript.text.strip() if transcript else ""
    words = _shifted(transcript.words, captured.speech_start_s) if transcript else ()
    delivery = measure(text, captured.duration_s, words)
    stored = paths.audio / f"{uuid.uuid4()}.wav"
    stored.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, stored)
    return Reply(text, delivery, str(stored.relative_to(paths.data)), transcriber.version())


def _shifted(words: Sequence[Word], offset: float | None) -> tuple[Word, ...]:
    """Word timings relative to the capture start (so the first word's start is the patience)."""

    # the trimmed reply keeps a small margin before speech; re-anchor to the capture start
    shift = max((offset or 0.0) - (words[0].start_s if words else 0.0), 0.0)
    return tuple(replace(w, start_s=w.start_s + shift, end_s=w.end_s + shift) for w in words)


def spoken_replies(files: Sequence[Path], paths: AppPaths, transcriber: Transcriber) -> ReplySource:
    """Replies from recorded files, in order; a missing file ends the run with a clear error."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"error: no such audio file: {', '.join(missing)}")
    return lambda index: spoken_reply(files[index], paths, transcriber)
