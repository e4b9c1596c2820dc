"""The line cache with the real natural voice: miss streams sentence by sentence, hit is the same file, LRU bound."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from trainer.engines import NeuralVoice, Persona
from trainer.speech.piper_voice import JOE
from trainer.speech.synthesis import CachedSynthesiser, VoiceChooser, VoiceModels
from trainer.speech.tts_cache import find_cached
from trainer.speech.wav import wav_layout

pytestmark = pytest.mark.slow

TONY = Persona("tony", "Tony", "", "male", "US", "en-us+m4", rate_wpm=170, natural=NeuralVoice("piper", JOE, 1.1))
TWO = "That date is not going to work for me. Half my customers are away until the twelfth."


class CountingChooser(VoiceChooser):
    """The real chooser, counting the lines it renders."""

    rendered = 0

    def stream(self, text: str, persona: Persona) -> Iterator[tuple[np.ndarray, int]]:
        self.rendered += 1
        yield from super().stream(text, persona)


@pytest.fixture(scope="module")
def chooser(tmp_path_factory: pytest.TempPathFactory) -> CountingChooser:
    return CountingChooser(VoiceModels.installed(tmp_path_factory.mktemp("models")))


def test_miss_streams_each_sentence_then_a_hit_returns_the_cached_line(chooser: CountingChooser, tmp_path: Path) -> None:
    cache = CachedSynthesiser(chooser, tmp_path / "voices")
    assert find_cached(tmp_path / "voices", TWO, TONY) is None
    before = chooser.rendered
    parts = list(cache.stream_parts(TWO, TONY, tmp_path / "stream"))
    assert len(parts) == 2 and all(p.parent == tmp_path / "stream" for p in parts)  # one WAV per sentence
    whole = cache.cache_path(TWO, TONY)
    assert wav_layout(whole).frames > max(wav_layout(p).frames for p in parts)
    assert find_cached(tmp_path / "voices", TWO, TONY) == whole  # the GUI thread's look-up finds the same file
    assert list(cache.stream_parts(TWO, TONY, tmp_path / "stream")) == [whole]
    assert chooser.rendered == before + 1  # the hit rendered nothing
    assert not cache.prerender(TWO, TONY)


def test_key_follows_engine_voice_settings_and_text(chooser: CountingChooser, tmp_path: Path) -> None:
    cache = CachedSynthesiser(chooser, tmp_path)
    assert TONY.natural is not None
    faster = dataclasses.replace(TONY, natural=dataclasses.replace(TONY.natural, speed=1.3))
    classic = dataclasses.replace(TONY, natural=None)
    paths = {cache.cache_path(TWO, p) for p in (TONY, faster, classic)} | {cache.cache_path(TWO + " ", TONY)}
    assert len(paths) == 4
    # the persona's name and description do not change the sound, so they share the line
    assert cache.cache_path(TWO, dataclasses.replace(TONY, name="Anthony")) == cache.cache_path(TWO, TONY)


def test_cache_is_bounded_and_evicts_the_least_recently_used(chooser: CountingChooser, tmp_path: Path) -> None:
    one, two, three = "Line one is short.", "Line two is quite a lot longer than the first one was.", "Line three."
    unbounded = CachedSynthesiser(chooser, tmp_path)
    unbounded.prerender(one, TONY)
    unbounded.prerender(two, TONY)
    bound = sum(p.stat().st_size for p in tmp_path.glob("*.wav")) + 500
    cache = CachedSynthesiser(chooser, tmp_path, max_bytes=bound)
    assert cache.cached(one, TONY) is not None  # used again: now the most recent
    cache.prerender(three, TONY)  # over the bound: the least recently used line goes
    assert cache.cached(two, TONY) is None
    assert cache.cached(one, TONY) is not None and cache.cached(three, TONY) is not None
    assert sum(p.stat().st_size for p in tmp_path.glob("*.wav")) <= bound


def test_cache_survives_a_restart(chooser: CountingChooser, tmp_path: Path) -> None:
    CachedSynthesiser(chooser, tmp_path).prerender(TWO, TONY)
    fresh = CountingChooser(VoiceModels.installed(tmp_path / "models"))
    again = CachedSynthesiser(fresh, tmp_path)
    assert not again.prerender(TWO, TONY) and fresh.rendered == 0


def test_prerender_gives_way_between_sentences(chooser: CountingChooser, tmp_path: Path) -> None:
    cache = CachedSynthesiser(chooser, tmp_path)
    asked: list[int] = []

    def someone_waits() -> bool:
        asked.append(1)
        return True

    assert cache.prerender(TWO, TONY, someone_waits) is None and asked == [1]  # stopped after the first sentence
    assert cache.cached(TWO, TONY) is None
    assert cache.prerender(TWO, TONY) is True and cache.cached(TWO, TONY) is not None
