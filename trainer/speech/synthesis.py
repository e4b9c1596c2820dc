"""Text to verified WAV in a persona's voice: one import for every engine, the chooser and the cache.

The engines live in their own modules: espeak_voice (espeak-ng CLI), pyttsx3_voice (pyttsx3 + libespeak-ng),
piper_voice and kokoro_voice (the natural voices), voice_chooser (who speaks a persona) and tts_cache.
"""

from __future__ import annotations

from pathlib import Path

from trainer.speech.espeak_voice import (
    MAX_RATE_WPM,
    MIN_RATE_WPM,
    EspeakCliSynthesiser,
    VoiceCatalogue,
    available_voice,
    speaking_rate,
)
from trainer.speech.pyttsx3_voice import Pyttsx3Synthesiser
from trainer.speech.speech_checks import SynthesisError, UnknownVoiceError, count_words, verify_speech_wav
from trainer.speech.tts_cache import DEFAULT_MAX_BYTES, CachedSynthesiser
from trainer.speech.voice_chooser import VoiceChooser, VoiceModels, VoiceRoute

__all__ = [
    "MAX_RATE_WPM",
    "MIN_RATE_WPM",
    "CachedSynthesiser",
    "EspeakCliSynthesiser",
    "Pyttsx3Synthesiser",
    "SynthesisError",
    "UnknownVoiceError",
    "VoiceCatalogue",
    "VoiceChooser",
    "VoiceModels",
    "VoiceRoute",
    "available_voice",
    "count_words",
    "default_synthesiser",
    "speaking_rate",
    "verify_speech_wav",
]


def default_synthesiser(cache_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> CachedSynthesiser:
    """The app's voice: natural voices where installed, espeak-ng otherwise, with the line cache.

    cache_dir is the data folder's cache/: lines go to cache/voices, Kokoro's joined model to cache/models.
    Nothing is loaded until the first line is spoken.
    """
    chooser = VoiceChooser(VoiceModels.installed(cache_dir / "models"))
    return CachedSynthesiser(chooser, cache_dir / "voices", max_bytes)
