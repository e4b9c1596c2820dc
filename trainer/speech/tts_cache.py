"""Rendered lines kept on disk across restarts: keyed by engine, voice, settings and text; bounded, LRU."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from trainer.engines import Persona, Synthesiser
from trainer.speech.speech_checks import join_sentences, temp_beside, write_float_wav
from trainer.speech.voice_chooser import VoiceChooser, VoiceRoute, voice_key, write_checked
from trainer.speech.wav import wav_problem

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 300 * 1024 * 1024  # ~1,700 lines of 8 s at 22 kHz


class CachedSynthesiser:
    """Returns a cached WAV at once; otherwise renders it (streamed sentence by sentence when it can)."""

    def __init__(self, inner: Synthesiser, cache_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        """Wrap a synthesiser; cache_dir is created when needed and kept under max_bytes."""
        self._inner = inner
        self._dir = cache_dir
        self._max_bytes = max_bytes

    def version(self) -> str:
        """The wrapped synthesiser's version."""
        return self._inner.version()

    def route(self, persona: Persona) -> VoiceRoute | None:
        """Who speaks this persona (None when the wrapped synthesiser cannot say)."""
        return self._inner.route(persona) if isinstance(self._inner, VoiceChooser) else None

    def cache_path(self, text: str, persona: Persona) -> Path:
        """Where the WAV for this line in this voice lives in the cache."""
        if isinstance(self._inner, VoiceChooser):
            return line_path(self._dir, text, self._inner.voice_key(persona))
        return line_path(self._dir, text, {"persona": dataclasses.asdict(persona), "engine": self._inner.version()})

    def warm(self, persona: Persona) -> str:
        """Load the persona's natural engine now (off the GUI thread), so its first line is quick; who speaks it."""
        route = self._inner.check(persona) if isinstance(self._inner, VoiceChooser) else None
        return route.engine if route else self.version()

    def cached(self, text: str, persona: Persona) -> Path | None:
        """The cached WAV (marked as just used), or None."""
        return _usable(self.cache_path(text, persona))

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        """Return the cached WAV at once, or make it; out_path is not written: use the result."""
        for _ in self.stream_parts(text, persona, None):
            pass
        return self.cache_path(text, persona)

    def prerender(self, text: str, persona: Persona, stop: Callable[[], bool] = lambda: False) -> bool | None:
        """Render the line into the cache unless it is there: True when rendered, False when it was there,
        None when stop() said between two sentences that a line someone waits for should go first."""
        if self.cached(text, persona) is not None:
            return False
        if not isinstance(self._inner, VoiceChooser):
            self.synthesise(text, persona, self.cache_path(text, persona))
            return True
        made = []
        for piece in self._inner.stream(text, persona):
            made.append(piece)
            if stop():
                return None
        self._store(text, persona, [audio for audio, _ in made], made[0][1])
        return True

    def stream_parts(self, text: str, persona: Persona, parts_dir: Path | None) -> Iterator[Path]:
        """On a hit, the cached WAV; on a miss, one WAV per sentence as each is made (in parts_dir), then cached."""
        hit = self.cached(text, persona)
        if hit is not None:
            yield hit
            return
        target = self.cache_path(text, persona)
        if not isinstance(self._inner, VoiceChooser):
            yield self._store_whole(text, persona, target)
            return
        if parts_dir is not None:
            _clear(parts_dir)
        pieces: list[np.ndarray] = []
        rate = 0
        for n, (audio, rate) in enumerate(self._inner.stream(text, persona)):
            pieces.append(audio)
            if parts_dir is not None:
                parts_dir.mkdir(parents=True, exist_ok=True)
                spoken = join_sentences([np.zeros(0, np.float32), audio], rate, 0.2) if n else audio  # a breath before
                yield write_float_wav(parts_dir / f"{target.stem}-{n}.wav", spoken, rate)
        self._store(text, persona, pieces, rate)
        if parts_dir is None:
            yield target

    def _store(self, text: str, persona: Persona, pieces: list[np.ndarray], rate: int) -> Path:
        """Write a rendered line (checked) into the cache, then keep the cache in its bound."""
        assert isinstance(self._inner, VoiceChooser)
        target = self.cache_path(text, persona)
        self._dir.mkdir(parents=True, exist_ok=True)
        write_checked(target, join_sentences(pieces, rate), rate, text, self._inner.words_per_minute(persona))
        self._evict(keep=target)
        return target

    def _store_whole(self, text: str, persona: Persona, target: Path) -> Path:
        tmp = temp_beside(target, "cache")
        try:
            made = self._inner.synthesise(text, persona, tmp)
            os.replace(made, target)
        finally:
            tmp.unlink(missing_ok=True)
        self._evict(keep=target)
        return target

    def _evict(self, keep: Path) -> None:
        """Remove the least recently used lines until the cache fits its bound."""
        files = sorted(self._dir.glob("*.wav"), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in files)
        for path in files:
            if total <= self._max_bytes:
                break
            if path != keep:
                total -= path.stat().st_size
                path.unlink(missing_ok=True)


def line_path(cache_dir: Path, text: str, voice: dict[str, object]) -> Path:
    """The cache file of a line in a voice (engine, voice, settings), whatever synthesiser made it."""
    key = json.dumps({"text": text, "voice": voice}, sort_keys=True)
    return cache_dir / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.wav"


def find_cached(cache_dir: Path, text: str, persona: Persona) -> Path | None:
    """The line already rendered in the voice the persona asks for (natural when it names one); None on a miss.

    It loads no engine and reads only a file header, so the GUI thread may ask it (a hit plays at once).
    """
    return _usable(line_path(cache_dir, text, voice_key(persona, natural=persona.natural is not None)))


def _usable(path: Path) -> Path | None:
    """path when it holds a complete WAV (its time touched: the modification time is the LRU clock)."""
    if not path.is_file() or wav_problem(path) is not None:
        return None
    os.utime(path)
    return path


def _clear(parts_dir: Path) -> None:
    """Remove the sentence files of an earlier line."""
    for old in parts_dir.glob("*.wav"):
        old.unlink(missing_ok=True)

