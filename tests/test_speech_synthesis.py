"""Real pyttsx3/espeak-ng synthesis: verified WAVs, one worker thread, voices, fallback and cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.engines import Persona
from trainer.personas import load_personas
from trainer.speech.pyttsx3_voice import _foreign_espeak_library
from trainer.speech.synthesis import (
    CachedSynthesiser,
    EspeakCliSynthesiser,
    Pyttsx3Synthesiser,
    SynthesisError,
    UnknownVoiceError,
    VoiceCatalogue,
    available_voice,
    count_words,
    verify_speech_wav,
)
from trainer.speech.wav import is_complete_wav, wav_duration, write_wav

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
LONG = (
    "I hear that the new reporting rule feels like extra admin on an already full week, and I understand why "
    "you are frustrated, but the weekly review is staying, so let us look together at what we can take off your plate."
)
SHORT = "Fair enough, let us talk."
DANA = Persona("cfo", "Dana", "", "female", "British", "en-gb+f3", rate_wpm=160, pitch=42)
MARCUS = Persona("it", "Marcus", "", "male", "American", "en-us+m3", rate_wpm=168, pitch=38)


class CountingSynthesiser:
    """A real synthesiser that also counts its calls."""

    def __init__(self, inner: EspeakCliSynthesiser) -> None:
        self.inner = inner
        self.calls = 0

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        self.calls += 1
        return self.inner.synthesise(text, persona, out_path)

    def version(self) -> str:
        return self.inner.version()


@pytest.fixture(scope="module")
def catalogue() -> VoiceCatalogue:
    return VoiceCatalogue.from_espeak()


@pytest.fixture(scope="module")
def cli(catalogue: VoiceCatalogue) -> EspeakCliSynthesiser:
    return EspeakCliSynthesiser(catalogue)


@pytest.fixture(scope="module")
def tts(catalogue: VoiceCatalogue) -> Iterator[Pyttsx3Synthesiser]:
    synthesiser = Pyttsx3Synthesiser(catalogue=catalogue)
    yield synthesiser
    synthesiser.close()


def test_long_line_gives_complete_wav_from_pyttsx3(tts: Pyttsx3Synthesiser, tmp_path: Path) -> None:
    if tts.driver_error and "another libespeak-ng" in tts.driver_error:
        pytest.skip("Kokoro's libespeak-ng was loaded first in this test process, so pyttsx3 is refused")
    assert tts.driver_error is None
    before = tts.fallback_count
    out = tts.synthesise(LONG, DANA, tmp_path / "long.wav")
    assert out == tmp_path / "long.wav" and is_complete_wav(out)
    words = count_words(LONG)
    assert words > 30
    assert wav_duration(out) > 0.6 * words * 60 / DANA.rate_wpm  # the whole line, not a cut-off stub
    assert tts.fallback_count == before  # pyttsx3 itself produced it
    assert verify_speech_wav(out, LONG, DANA.rate_wpm) is None


def test_repeated_lines_each_get_their_own_audio(
    tts: Pyttsx3Synthesiser, cli: EspeakCliSynthesiser, tmp_path: Path
) -> None:
    """No off-by-one between files, and each line at its own persona's rate."""
    lines = [(SHORT, DANA), (LONG, MARCUS), (SHORT, MARCUS), (LONG, DANA)]
    for i, (text, persona) in enumerate(lines):
        made = wav_duration(tts.synthesise(text, persona, tmp_path / f"p{i}.wav"))
        reference = wav_duration(cli.synthesise(text, persona, tmp_path / f"c{i}.wav"))
        assert made == pytest.approx(reference, rel=0.08, abs=0.15), (i, text[:20])
    assert len(list(tmp_path.glob(".*"))) == 0  # no temporary files left


def test_persona_voices_are_available_and_unknown_ones_are_not(catalogue: VoiceCatalogue) -> None:
    personas = load_personas(ROOT / "voices").personas.values()
    assert personas
    assert all(available_voice(p, catalogue) for p in personas)
    assert catalogue.resolve("en-gb+f3") == "gmw/en+f3"  # pyttsx3 rejects "en-gb" itself
    for voice in ("xx-nowhere", "en-us+nosuchvariant", "us-mbrola-1"):
        assert not available_voice(Persona("x", "X", "", "", "", voice), catalogue)


def test_unknown_voice_raises_instead_of_speaking_the_default(tts: Pyttsx3Synthesiser, tmp_path: Path) -> None:
    ghost = Persona("ghost", "Ghost", "", "", "", "xx-nowhere")
    with pytest.raises(UnknownVoiceError):
        tts.synthesise(SHORT, ghost, tmp_path / "ghost.wav")
    assert not (tmp_path / "ghost.wav").exists()
    with pytest.raises(SynthesisError):
        tts.synthesise(" ... ", DANA, tmp_path / "nothing.wav")


def test_cli_synthesiser_writes_verified_wav(cli: EspeakCliSynthesiser, tmp_path: Path) -> None:
    out = cli.synthesise(LONG, MARCUS, tmp_path / "cli.wav")
    assert verify_speech_wav(out, LONG, MARCUS.rate_wpm) is None
    assert cli.version().startswith("espeak-ng ")


def test_verification_rejects_stubs_and_silence(tmp_path: Path) -> None:
    stub = write_wav(tmp_path / "stub.wav", b"\x10\x27" * 1600)  # 0.1 s
    silent = write_wav(tmp_path / "silent.wav", b"\x00\x00" * 16000 * 8)
    assert "too short" in (verify_speech_wav(stub, LONG, 160) or "")
    assert verify_speech_wav(silent, LONG, 160) == "silent"
    assert verify_speech_wav(tmp_path / "none.wav", LONG, 160) == "missing"


def test_cache_hit_returns_without_synthesising(cli: EspeakCliSynthesiser, tmp_path: Path) -> None:
    counting = CountingSynthesiser(cli)
    cached = CachedSynthesiser(counting, tmp_path / "cache")
    first = cached.synthesise(SHORT, DANA, tmp_path / "a.wav")
    second = cached.synthesise(SHORT, DANA, tmp_path / "b.wav")
    assert first == second and is_complete_wav(first)
    assert counting.calls == 1
    slower = Persona(**{**DANA.__dict__, "rate_wpm": 150})
    assert cached.synthesise(SHORT, slower, tmp_path / "c.wav") != first
    assert counting.calls == 2
    first.write_bytes(first.read_bytes()[:100])  # a damaged cache entry is made again
    assert is_complete_wav(cached.synthesise(SHORT, DANA, tmp_path / "d.wav"))
    assert counting.calls == 3


def test_one_worker_thread_and_close(catalogue: VoiceCatalogue, tmp_path: Path) -> None:
    def workers() -> int:
        return sum(1 for t in threading.enumerate() if t.name == "pyttsx3-tts")

    before = workers()
    synthesiser = Pyttsx3Synthesiser(catalogue=catalogue)
    assert workers() == before + 1
    for i in range(3):
        synthesiser.synthesise(SHORT, DANA, tmp_path / f"x{i}.wav")
    assert workers() == before + 1  # every line on the same thread
    synthesiser.close()
    assert workers() == before
    with pytest.raises(SynthesisError):
        synthesiser.synthesise(SHORT, DANA, tmp_path / "y.wav")


def test_pyttsx3_is_refused_once_a_bundled_libespeak_ng_is_loaded(tmp_path: Path) -> None:
    """pyttsx3 after Kokoro's own libespeak-ng ended the process (exit 1, no message): it is refused instead."""
    maps = tmp_path / "maps"
    bundled = "/venv/lib/python3.12/site-packages/espeakng_loader/libespeak-ng.so"
    maps.write_text(f"7f00-7f10 r-xp 00000000 08:01 1 {bundled}\n7f20-7f30 r-xp 0 08:01 2 /usr/lib/libc.so.6\n")
    assert _foreign_espeak_library(maps) == bundled
    maps.write_text("7f00-7f10 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libespeak-ng.so.1\n")
    assert _foreign_espeak_library(maps) is None
    assert _foreign_espeak_library(tmp_path / "absent") is None
