"""The endpoint detector on espeak-ng speech, real silence and real noise."""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from trainer.speech.endpoint import (
    EndpointConfig,
    EndpointDetector,
    EndpointEvent,
    EndReason,
    EnergyVoiceActivity,
    EventKind,
    VoiceActivity,
    WebRtcVoiceActivity,
    default_voice_activity,
)

RATE = 16000
FRAME_S = 0.03
Samples = npt.NDArray[np.int16]


def espeak_speech(text: str, folder: Path) -> Samples:
    """Speak text with espeak-ng, make it 16 kHz with sox, trim to the audible part."""
    raw, pcm16 = folder / "raw.wav", folder / "16k.wav"
    subprocess.run(["espeak-ng", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(pcm16)], check=True)
    with wave.open(str(pcm16), "rb") as wav:
        x = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    start, end = audible_span(x)
    return x[start:end].copy()


def audible_span(x: Samples) -> tuple[int, int]:
    """First and last sample of the 5 ms windows louder than -50 dBFS."""
    win = 80
    frames = x[: x.size // win * win].reshape(-1, win).astype(np.float64) / 32768
    loud = np.nonzero(np.sqrt((frames**2).mean(axis=1)) > 10 ** (-50 / 20))[0]
    return int(loud[0]) * win, (int(loud[-1]) + 1) * win


def silence(seconds: float) -> Samples:
    """Digital silence."""
    return np.zeros(round(seconds * RATE), dtype=np.int16)


def white_noise(seconds: float, dbfs: float, seed: int = 7) -> Samples:
    """Gaussian white noise at an RMS level in dBFS."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(round(seconds * RATE)) * 32768 * 10 ** (dbfs / 20)
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


def run(
    signal: Samples,
    config: EndpointConfig | None = None,
    vad: VoiceActivity | None = None,
    chunk_sizes: tuple[int, ...] = (960,),
) -> tuple[list[EndpointEvent], EndpointDetector]:
    """Feed signal in chunks of the given byte sizes (cycled); events and detector."""
    detector = EndpointDetector(config or EndpointConfig(), vad or WebRtcVoiceActivity(2))
    pcm, offset, events, i = signal.astype("<i2").tobytes(), 0, [], 0
    while offset < len(pcm):
        size = chunk_sizes[i % len(chunk_sizes)]
        events += detector.feed(pcm[offset : offset + size])
        offset, i = offset + size, i + 1
    return events, detector


def kinds(events: list[EndpointEvent]) -> list[EventKind]:
    """The kinds of the events, in order."""
    return [e.kind for e in events]


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    """About 2.8 s of continuous espeak-ng speech, trimmed to the audible part."""
    folder = tmp_path_factory.mktemp("speech")
    return espeak_speech("I hear you, but the price is fixed for this quarter.", folder)


VADS: dict[str, Callable[[], VoiceActivity]] = {
    "webrtc2": lambda: WebRtcVoiceActivity(2),
    "webrtc3": lambda: WebRtcVoiceActivity(3),
    "energy": lambda: EnergyVoiceActivity(-40.0),
}


@pytest.mark.parametrize("vad_name", sorted(VADS))
def test_speech_start_is_found_near_the_true_onset(speech: Samples, vad_name: str) -> None:
    events, detector = run(np.concatenate([silence(0.75), speech, silence(1.2)]), vad=VADS[vad_name]())
    started = events[0]
    assert started.kind is EventKind.SPEECH_STARTED
    assert abs(started.time_s - 0.75) <= 0.1
    assert started.latency_s <= 0.3 + FRAME_S  # decided within the onset window
    assert detector.speech_start_s == started.time_s


def test_trailing_silence_ends_the_reply_after_silence_ms(speech: Samples) -> None:
    events, detector = run(np.concatenate([silence(0.5), speech, silence(1.5)]))
    assert kinds(events) == [
        EventKind.SPEECH_STARTED,
        EventKind.PROBABLE_END,
        EventKind.ENDED,
    ]
    probable, ended = events[1], events[2]
    assert ended.reason is EndReason.SILENCE
    assert 0.8 <= ended.latency_s < 0.8 + FRAME_S
    assert 0.3 <= probable.latency_s < 0.3 + FRAME_S
    assert probable.detected_at < ended.detected_at and probable.sample == ended.sample
    true_end = 0.5 + speech.size / RATE
    assert -0.05 <= ended.time_s - true_end <= 0.2  # the VAD's own hangover, at most
    assert detector.endpoint_wait_s == pytest.approx(ended.latency_s)


def test_a_pause_shorter_than_silence_ms_resumes_instead_of_ending(
    speech: Samples,
) -> None:
    first_end = 0.3 + speech.size / RATE
    signal = np.concatenate([silence(0.3), speech, silence(0.5), speech, silence(1.2)])
    events, _ = run(signal)
    assert kinds(events) == [
        EventKind.SPEECH_STARTED,
        EventKind.PROBABLE_END,
        EventKind.SPEECH_RESUMED,
        EventKind.PROBABLE_END,
        EventKind.ENDED,
    ]
    assert abs(events[2].time_s - (first_end + 0.5)) <= 0.1
    assert events[4].reason is EndReason.SILENCE
    assert events[4].time_s > first_end + 0.5 + speech.size / RATE - 0.1


def test_a_pause_shorter_than_speculative_ms_reports_nothing(speech: Samples) -> None:
    signal = np.concatenate([silence(0.3), speech, silence(0.15), speech, silence(1.0)])
    events, _ = run(signal)
    assert kinds(events) == [
        EventKind.SPEECH_STARTED,
        EventKind.PROBABLE_END,
        EventKind.ENDED,
    ]


def test_silence_alone_ends_with_no_speech() -> None:
    events, detector = run(silence(9.0))
    assert kinds(events) == [EventKind.ENDED]
    assert events[0].reason is EndReason.NO_SPEECH
    assert 8.0 <= events[0].detected_at / RATE < 8.0 + FRAME_S
    assert detector.speech_start_s is None and detector.reply_pcm() == b""
    assert detector.endpoint_wait_s is None


def test_max_length_is_enforced_from_the_start_of_speech(speech: Samples) -> None:
    config = EndpointConfig(max_reply_s=1.5)
    events, detector = run(np.concatenate([silence(0.4), speech, speech]), config)
    assert kinds(events) == [EventKind.SPEECH_STARTED, EventKind.ENDED]
    started, ended = events
    assert ended.reason is EndReason.MAX_LENGTH
    assert 1.5 <= (ended.detected_at - started.sample) / RATE < 1.5 + FRAME_S
    position = detector.position
    assert detector.feed(speech.tobytes()) == [] and detector.position == position


def test_stop_ends_with_stopped_and_keeps_the_speech_so_far(speech: Samples) -> None:
    _, detector = run(np.concatenate([silence(0.6), speech[: RATE // 2 * 3]]))
    events = detector.stop()
    assert kinds(events) == [EventKind.ENDED] and events[0].reason is EndReason.STOPPED
    reply = detector.reply_pcm()
    assert abs(len(reply) / 2 / RATE - (1.5 + 0.2)) <= 0.1  # speech so far + leading margin
    assert detector.stop() == [] and detector.feed(speech.tobytes()) == []


def test_stop_before_any_speech_reports_no_speech_start() -> None:
    _, detector = run(silence(1.0))
    events = detector.stop()
    assert events[0].reason is EndReason.STOPPED and events[0].time_s == pytest.approx(0.99)
    assert detector.speech_start_s is None and detector.reply_pcm() == b""


def test_odd_chunk_sizes_give_the_same_events_as_frame_chunks(speech: Samples) -> None:
    signal = np.concatenate([silence(0.4), speech, silence(0.5), speech, silence(1.0)])
    by_frame, frame_detector = run(signal)
    by_odd, odd_detector = run(signal, chunk_sizes=(1, 7, 333, 1001, 4096, 2, 961))
    assert by_odd == by_frame
    assert odd_detector.reply_pcm() == frame_detector.reply_pcm()


@pytest.mark.parametrize("lead_s", [0.4, 1.5, 3.0])
def test_leading_silence_gives_the_patience_figure(speech: Samples, lead_s: float) -> None:
    _, detector = run(np.concatenate([silence(lead_s), speech, silence(1.0)]))
    assert detector.speech_start_s is not None
    assert abs(detector.speech_start_s - lead_s) <= 0.1


def test_reply_pcm_is_the_speech_with_200_ms_margins(speech: Samples) -> None:
    signal = np.concatenate([silence(1.0), speech, silence(1.2)])
    _, detector = run(signal)
    reply = np.frombuffer(detector.reply_pcm(), dtype="<i2")
    assert detector.speech_start_s is not None and detector.speech_end_s is not None
    first = round((detector.speech_start_s - 0.2) * RATE)
    assert np.array_equal(reply, signal[first : first + reply.size])
    assert abs(reply.size / RATE - (detector.speech_end_s - detector.speech_start_s + 0.4)) < 1e-9
    start, end = audible_span(reply)
    assert abs(start / RATE - 0.2) <= 0.1 and reply.size - end >= int(0.2 * RATE)


@pytest.mark.parametrize("aggressiveness", [2, 3])
@pytest.mark.parametrize("dbfs", [-45.0, -35.0])
def test_low_white_noise_is_not_speech(aggressiveness: int, dbfs: float) -> None:
    config = EndpointConfig(no_speech_timeout_s=4.0)
    events, _ = run(white_noise(5.0, dbfs), config, WebRtcVoiceActivity(aggressiveness))
    assert kinds(events) == [EventKind.ENDED] and events[0].reason is EndReason.NO_SPEECH


@pytest.mark.parametrize("vad_name", sorted(VADS))
def test_isolated_clicks_do_not_start_speech(vad_name: str) -> None:
    click = (np.sin(np.arange(320) * 2 * np.pi * 1000 / RATE) * 16000).astype(np.int16)
    signal = np.concatenate([np.concatenate([silence(0.3), click]) for _ in range(12)])
    config = EndpointConfig(no_speech_timeout_s=3.0)
    events, detector = run(signal, config, VADS[vad_name]())
    assert kinds(events) == [EventKind.ENDED] and events[0].reason is EndReason.NO_SPEECH
    if vad_name == "energy":
        assert detector.noise().speech_dbfs is not None  # the clicks were heard as voiced frames


def test_level_follows_each_chunk(speech: Samples) -> None:
    detector = EndpointDetector(EndpointConfig(), WebRtcVoiceActivity())
    detector.feed(silence(0.1).tobytes())
    assert detector.level.rms_dbfs == -100.0 and detector.level.peak == 0.0
    detector.feed(speech[:4001].tobytes()[:-1])  # an odd byte count still measures whole samples
    assert -35.0 < detector.level.rms_dbfs < -3.0 and 0.05 < detector.level.peak <= 1.0


@pytest.mark.parametrize(
    "bad",
    [
        {"speculative_ms": 900},
        {"speculative_ms": 0},
        {"min_speech_ms": 400},
        {"resume_ms": 200},
        {"frame_ms": 0},
        {"max_reply_s": 0.0},
        {"sample_rate": 16001, "frame_ms": 30},
    ],
)
def test_config_rejects_impossible_settings(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        EndpointConfig(**bad)


def test_webrtc_rejects_frames_it_cannot_judge() -> None:
    with pytest.raises(ValueError):
        WebRtcVoiceActivity(2).is_speech(bytes(2 * 400))
    with pytest.raises(ValueError):
        WebRtcVoiceActivity(4)


def test_default_voice_activity_is_webrtc_when_installed() -> None:
    assert isinstance(default_voice_activity(), WebRtcVoiceActivity)
