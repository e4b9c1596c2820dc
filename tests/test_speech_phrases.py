"""Recognition while speaking (phrase by phrase) and bounded decoding: the real recogniser on real speech."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainer.engines import RecognitionFailed
from trainer.speech.capture import WavFileInput, capture_reply
from trainer.speech.decoder import DecodeLimits, WindowDecoder
from trainer.speech.endpoint import EndpointConfig, EndpointDetector, EnergyVoiceActivity, default_voice_activity
from trainer.speech.phrases import PauseTracker, PhraseConfig, PhraseDecoder, transcribe_in_phrases
from trainer.speech.transcription import WhisperTranscriber
from trainer.speech.wav import pcm16_to_float, read_pcm16k
from trainer.speech.wer import pooled_wer, word_errors
from trainer.speech.whisper_model import model_dir

pytestmark = pytest.mark.slow

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
# Clips with pauses inside them, espeak and neural (the espeak and human sets mostly have none: one phrase).
CLIPS = ("01-us.wav", "24-rp-f4.wav", "../speech-neural/01-piper-joe.wav", "../speech-neural/06-kokoro-jf_nezumi.wav",
         "../speech-neural/16-kokoro-jf_tebukuro.wav")  # fmt: skip


def _reference(clip: str) -> str:
    folder = (SPEECH / clip).parent
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(str(r["text"]) for r in rows if r["file"] == Path(clip).name)


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> WhisperTranscriber:
    return WhisperTranscriber.load(model_dir(tmp_path_factory.mktemp("models")))


def test_phrases_are_as_accurate_as_one_shot_and_decoded_before_the_end(transcriber: WhisperTranscriber) -> None:
    """Streamed in 0.5 s steps, phrases are decoded while the reply grows and the WER does not get worse."""
    phrased, oneshot, early_words, total = [], [], 0, 0
    for clip in CLIPS:
        pcm, reference = read_pcm16k(SPEECH / clip), _reference(clip)
        core = transcriber.phrases()
        streamed = transcribe_in_phrases(core, pcm, 0.5)
        phrased.append(word_errors(reference, streamed.text))
        oneshot.append(word_errors(reference, transcriber.transcribe_pcm(pcm).text))
        early_words, total = early_words + len(streamed.words) - core.stats.tail_words, total + len(streamed.words)
        starts = [w.start_s for w in streamed.words]
        assert starts == sorted(starts) and streamed.words[-1].end_s <= streamed.duration_s + 0.3
    assert pooled_wer(phrased) <= pooled_wer(oneshot) + 0.03
    assert early_words >= 0.3 * total  # decoded before the end of speech: the final decode only does the rest


def test_session_follows_a_reply_fed_chunk_by_chunk(transcriber: WhisperTranscriber) -> None:
    """The threaded session behind the app: fed by the capture loop, finished with the captured reply."""
    clip = "human/librivox-austen-0870.wav"
    session = transcriber.start_stream()
    detector = EndpointDetector(EndpointConfig(), default_voice_activity())
    fed: list[bytes] = []

    def feed(pcm: bytes) -> None:
        fed.append(pcm)
        session.feed(pcm)

    captured = capture_reply(WavFileInput(SPEECH / clip, trailing_silence_ms=1000), detector, on_audio=feed)
    assert b"".join(fed).startswith(captured.pcm)  # the stream saw the reply from its first sample
    transcript = session.finish(captured.pcm, timeout_s=60)
    assert word_errors(_reference(clip), transcript.text).wer < 0.2
    assert transcript.duration_s == pytest.approx(captured.duration_s)
    assert session.stats.phrases >= 1  # decoded while the reply was still coming in


def test_cancelled_session_ends_its_thread(transcriber: WhisperTranscriber) -> None:
    session = transcriber.start_stream()
    session.feed(read_pcm16k(SPEECH / "02-gb-f3.wav"))
    session.cancel()
    workers = [t for t in threading.enumerate() if t.name == "pushback-stream"]
    for thread in workers:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in workers)


def test_scenario_context_is_passed_to_every_decode(transcriber: WhisperTranscriber) -> None:
    """The context and the phrases before become Whisper's previous text; the tail gets the smaller beam."""
    pcm = read_pcm16k(SPEECH / "../speech-neural/06-kokoro-jf_nezumi.wav")[: 2 * 16000 * 6]  # ends mid-phrase
    calls: list[tuple[str, int | None]] = []
    decoder = transcriber.decoder

    class Spy(WindowDecoder):
        def decode(self, samples: np.ndarray, **options: Any) -> Any:
            calls.append((options.get("prompt", ""), options.get("beam_size")))
            return decoder.decode(samples, **options)

    spy = Spy(decoder.model, beam_size=decoder.beam_size)
    heard = transcribe_in_phrases(PhraseDecoder(spy, "test", "Dana Whitfield, CFO.", PhraseConfig(tail_beam=4)), pcm)
    assert len(calls) >= 2 and all(prompt.startswith("Dana Whitfield, CFO.") for prompt, _ in calls)
    first_phrase = heard.text.split(".")[0].split()[0]
    assert first_phrase in calls[-1][0]  # later decodes see what was said before
    assert [beam for _, beam in calls] == [None] * (len(calls) - 1) + [4]


def test_pauses_cut_phrases_and_long_speech_is_cut_at_its_quietest() -> None:
    """Speech, a 0.45 s pause, speech: one cut inside the pause; without pauses, a cut at the quietest frame."""
    rate, t = 16000, np.arange(16000 * 2) / 16000
    voiced = (np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t)) * 9000).astype("<i2")
    gap = np.zeros(int(0.45 * rate), dtype="<i2")
    config = PhraseConfig(min_phrase_s=1.0, max_phrase_s=3.0)
    tracker = PauseTracker(EnergyVoiceActivity(), config)
    tracker.extend(np.concatenate([voiced, gap, voiced]).tobytes())
    cut = tracker.next_cut(0)
    assert cut is not None and 2.0 <= cut * config.frame_ms / 1000 <= 2.45
    assert tracker.next_cut(cut) is None  # the last phrase is still open
    steady = PauseTracker(EnergyVoiceActivity(), config)
    quiet = voiced.copy()
    quiet[int(1.8 * rate) : int(1.83 * rate)] //= 50
    steady.extend(np.concatenate([quiet, voiced]).tobytes())
    forced = steady.next_cut(0)
    assert forced is not None and abs(forced * config.frame_ms / 1000 - 1.8) <= 0.06


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
    with pytest.raises(RecognitionFailed, match="repeating"):
        transcribe_in_phrases(loops.phrases(), read_pcm16k(SPEECH / "02-gb-f3.wav"))
