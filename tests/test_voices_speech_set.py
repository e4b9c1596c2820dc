"""The second, more human synthetic set: replies in the natural voices, heard by the app's own recogniser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.speech.wav import read_pcm16k, wav_layout
from trainer.speech.wer import pooled_wer, word_errors

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
NEURAL = DATA / "speech-neural"


def _manifest(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_neural_set_is_small_16k_mono_and_its_texts_are_new() -> None:
    rows = _manifest(NEURAL)
    assert len(rows) == 40 and {row["engine"] for row in rows} == {"piper", "kokoro"}
    for row in rows:
        lay = wav_layout(NEURAL / str(row["file"]))
        assert (lay.sample_rate, lay.channels, lay.bits) == (16000, 1, 16)
    old = {row["text"] for row in _manifest(DATA / "speech")}
    assert not old & {row["text"] for row in rows}
    assert sum((NEURAL / str(row["file"])).stat().st_size for row in rows) < 10_000_000


def test_the_recogniser_hears_the_natural_voices(tmp_path: Path) -> None:
    from trainer.speech.transcription import WhisperTranscriber
    from trainer.speech.whisper_model import model_dir

    transcriber = WhisperTranscriber.load(model_dir(tmp_path / "models"))
    results = {"piper": [], "kokoro": []}  # type: dict[str, list]
    for row in _manifest(NEURAL):
        heard = transcriber.transcribe_pcm(read_pcm16k(NEURAL / str(row["file"])), 16000).text
        results[str(row["engine"])].append(word_errors(str(row["text"]), heard))
    assert pooled_wer(results["piper"]) <= 0.06
    assert pooled_wer(results["kokoro"]) <= 0.06
