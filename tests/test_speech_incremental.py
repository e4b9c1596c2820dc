"""Recognition while speaking and bounded decoding: the real recogniser on the real speech sets."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainer.engines import RecognitionFailed, Word
from trainer.speech.capture import WavFileInput, capture_reply
from trainer.speech.decoder import DecodeLimits, WindowDecoder
from trainer.speech.endpoint import EndpointConfig, EndpointDetector, default_voice_activity
from trainer.speech.incremental import IncrementalDecoder, agreed, quietest_s, transcribe_incrementally
from trainer.speech.transcription import WhisperTranscriber
from trainer.speech.wav import pcm16_to_float, read_pcm16k
from trainer.speech.wer import pooled_wer, word_errors
from trainer.speech.whisper_model import model_dir

pytestmark = pytest.mark.slow

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
# Clips with long stretches of speech without a pause, espeak and human.
CLIPS = ("04-nyc-m4.wav", "06-scot-m1.wav", "human/librivox-austen-0870.wav", "human/librivox-austen-0920.wav")


def _reference(clip: str) -> str:
    folder = SPEECH / Path(clip).parent
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(str(r["text"]) for r in rows if r["file"] == Path(clip).name)


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> WhisperTranscriber:
    return WhisperTranscriber.load(model_dir(tmp_path_factory.mktemp("models")))


def test_incremental_is_as_accurate_as_one_shot_and_commits_words_early(transcriber: WhisperTranscriber) -> None:
    """Streamed in 0.5 s steps, words are committed before the end, and the WER does not get worse."""
    incremental, oneshot, committed, total = [], [], 0, 0
    for clip in CLIPS:
        pcm, reference = read_pcm16k(SPEECH / clip), _reference(clip)
        core = transcriber.incremental()
        streamed = transcribe_incrementally(core, pcm, 0.5)
        incremental.append(word_errors(reference, streamed.text))
        oneshot.append(word_errors(reference, transcriber.transcribe_pcm(pcm).text))
        committed, total = committed + core.stats.committed_words, total + len(streamed.words)
        starts = [w.start_s for w in streamed.words]
        assert starts == sorted(starts) and streamed.words[-1].end_s <= streamed.duration_s + 0.3
    assert pooled_wer(incremental) <= pooled_wer(oneshot) + 0.05  # measured: +3 points here, 11.3 vs 11.6 % on 24 clips
    assert committed >= 0.3 * total  # known before the end of speech: the final decode only generates the rest


def test_a_pause_lets_the_final_decode_run_before_the_reply_ends(transcriber: WhisperTranscriber) -> None:
    """speculate() at a probable end: finish() with the same audio returns that result; new audio does not."""
    pcm = read_pcm16k(SPEECH / "02-gb-f3.wav")
    session = transcriber.start_stream()
    session.feed(pcm)
    session.speculate(pcm)
    first = session.finish(pcm, timeout_s=120)
    assert word_errors(_reference("02-gb-f3.wav"), first.text).wer < 0.35
    assert session.stats.partial_decodes <= 1  # the pause held the partials back
    resumed = transcriber.start_stream()
    resumed.feed(pcm)
    resumed.speculate(pcm[: len(pcm) // 2])
    resumed.resume()
    assert len(resumed.finish(pcm, timeout_s=120).words) > len(transcriber.transcribe_pcm(pcm[: len(pcm) // 2]).words)


def test_streaming_session_follows_a_reply_fed_chunk_by_chunk(transcriber: WhisperTranscriber) -> None:
    """The threaded session behind the app: fed by the capture loop, finished with the captured reply."""
    clip = SPEECH / "06-scot-m1.wav"
    session = transcriber.start_stream()
    detector = EndpointDetector(EndpointConfig(), default_voice_activity())
    fed: list[bytes] = []

    def feed(pcm: bytes) -> None:
        fed.append(pcm)
        session.feed(pcm)

    captured = capture_reply(WavFileInput(clip, trailing_silence_ms=1000), detector, on_audio=feed)
    assert b"".join(fed).startswith(captured.pcm)  # the stream saw the reply from its first sample
    transcript = session.finish(captured.pcm, timeout_s=60)
    assert word_errors(_reference("06-scot-m1.wav"), transcript.text).wer < 0.35
    assert transcript.duration_s == pytest.approx(captured.duration_s)


def test_cancelled_session_ends_its_thread(transcriber: WhisperTranscriber) -> None:
    session = transcriber.start_stream()
    session.feed(read_pcm16k(SPEECH / "02-gb-f3.wav"))
    session.cancel()
    workers = [t for t in threading.enumerate() if t.name == "pushback-stream"]
    for thread in workers:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in workers)


def test_scenario_context_is_passed_to_every_decode(transcriber: WhisperTranscriber) -> None:
    """The context becomes Whisper's previous text: a name only the context spells is spelt that way."""
    pcm = read_pcm16k(SPEECH / "01-us.wav")
    prompts: list[str] = []
    decoder = transcriber.decoder

    class Spy(WindowDecoder):
        def decode(self, samples: np.ndarray, *, prompt: str = "", prefix: str = "", words: bool = True,
                   new_tokens: int | None = None) -> Any:  # fmt: skip
            prompts.append(prompt)
            return decoder.decode(samples, prompt=prompt, prefix=prefix, words=words, new_tokens=new_tokens)

    spy = Spy(decoder.model, beam_size=decoder.beam_size)
    transcribe_incrementally(IncrementalDecoder(spy, "test", "Dana Whitfield, CFO."), pcm, 1.0)
    assert len(prompts) >= 3 and all(p.startswith("Dana Whitfield, CFO.") for p in prompts)


def test_new_tokens_are_capped_by_the_audio_length(transcriber: WhisperTranscriber) -> None:
    limits = DecodeLimits(tokens_fixed=3, tokens_per_s=0.0)
    decoder = WindowDecoder(transcriber.model, limits=limits)
    decoded = decoder.decode(pcm16_to_float(read_pcm16k(SPEECH / "04-nyc-m4.wav")))
    assert 1 <= len(decoded.text.split()) <= 3
    assert DecodeLimits().max_new_tokens(10.0) == 92 and DecodeLimits().budget_s(10.0) == 6.0


def test_no_fallback_attempt_starts_after_half_the_budget(transcriber: WhisperTranscriber) -> None:
    """An impossible log-prob bar makes every attempt fall back; the time budget alone stops the retries."""
    samples = pcm16_to_float(read_pcm16k(SPEECH / "02-gb-f3.wav"))
    unbounded = WindowDecoder(transcriber.model, limits=DecodeLimits(log_prob_min=0.0, no_speech_min=1.0,
                                                                     budget_fixed_s=60.0))  # fmt: skip
    assert unbounded.decode(samples, words=False).attempts == 3
    no_time = DecodeLimits(log_prob_min=0.0, no_speech_min=1.0, budget_per_s=0.0, budget_fixed_s=0.0)
    assert WindowDecoder(transcriber.model, limits=no_time).decode(samples, words=False).attempts == 1


def test_a_reply_that_loops_fails_with_a_clear_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    loops = WhisperTranscriber.load(model_dir(tmp_path_factory.mktemp("m")), beam_size=2)
    loops.decoder.limits = DecodeLimits(compression_ratio_max=0.1)  # every text counts as a loop
    with pytest.raises(RecognitionFailed, match="repeating"):
        loops.transcribe_file(SPEECH / "02-gb-f3.wav")


def test_agreement_and_cut_helpers() -> None:
    words = tuple(Word(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate([" I", " hear", " you."]))
    assert agreed(words, (*words[:2], Word(" your", 0.6, 0.8))) == 2
    assert agreed((Word(" Hear", 0, 1),), (Word(" hear,", 0, 1),)) == 1
    tone = (np.sin(np.arange(16000) / 3) * 8000).astype("<i2")
    tone[6000:6400] = 0  # 25 ms of silence at 0.375-0.4 s
    assert quietest_s(tone.tobytes(), 0.2, 0.6) == pytest.approx(0.385, abs=0.02)
