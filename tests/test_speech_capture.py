"""Capturing a reply from a WAV 'microphone' of espeak-ng speech; level figures."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from trainer.speech.capture import (
    CapturedReply,
    WavFileInput,
    capture_reply,
)
from trainer.speech.endpoint import (
    EndpointConfig,
    EndpointDetector,
    EndpointEvent,
    EndReason,
    EventKind,
    WebRtcVoiceActivity,
)
from trainer.speech.levels import Level, estimate_noise, measure, power_mean_dbfs
from trainer.speech.wav import read_pcm16k

RATE = 16000
Samples = npt.NDArray[np.int16]


class FakeClock:
    """A monotonic clock that only moves when something sleeps on it."""

    def __init__(self) -> None:
        """Start at an arbitrary time."""
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        """The current time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Move time on instead of waiting."""
        self.sleeps.append(seconds)
        self.now += seconds


def no_sleep(seconds: float) -> None:
    """A sleeper for inputs that must never wait."""
    raise AssertionError(f"slept {seconds} s")


def read_samples(path: Path) -> Samples:
    """A 16-bit WAV file's samples (any rate, mono)."""
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").copy()


def write_wav(path: Path, x: Samples, rate: int = RATE) -> Path:
    """Write mono 16-bit samples as a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(x.astype("<i2").tobytes())
    return path


def silence(seconds: float) -> Samples:
    """Digital silence."""
    return np.zeros(round(seconds * RATE), dtype=np.int16)


def trim(x: Samples) -> Samples:
    """The part of x from the first to the last 5 ms window louder than -50 dBFS."""
    frames = x[: x.size // 80 * 80].reshape(-1, 80).astype(np.float64) / 32768
    loud = np.nonzero(np.sqrt((frames**2).mean(axis=1)) > 10 ** (-50 / 20))[0]
    return x[int(loud[0]) * 80 : (int(loud[-1]) + 1) * 80].copy()


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Samples]:
    """espeak-ng's own 22.05 kHz WAV, and the same speech at 16 kHz by sox, trimmed."""
    folder = tmp_path_factory.mktemp("voice")
    raw, pcm16 = folder / "raw.wav", folder / "16k.wav"
    subprocess.run(["espeak-ng", "-w", str(raw), "That discount is not on the table."], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(pcm16)], check=True)
    return raw, trim(read_samples(pcm16))


def detector() -> EndpointDetector:
    """A fresh detector with default timings and WebRTC at aggressiveness 2."""
    return EndpointDetector(EndpointConfig(), WebRtcVoiceActivity(2))


def capture_file(path: Path, chunk_ms: int = 30, trailing_silence_ms: int = 0) -> CapturedReply:
    """Capture a reply from a WAV file delivered instantly, default detector."""
    source = WavFileInput(path, chunk_ms, trailing_silence_ms=trailing_silence_ms, sleep=no_sleep)
    return capture_reply(source, detector())


@pytest.mark.parametrize(
    "sox_format",
    [
        ["-r", "22050"],
        ["-r", "48000", "-c", "2"],
        ["-b", "8"],
        ["-r", "44100", "-b", "24"],
    ],
)
def test_wav_files_are_read_as_16k_mono(voice: tuple[Path, Samples], tmp_path: Path, sox_format: list[str]) -> None:
    raw, _ = voice
    reference, other = tmp_path / "ref.wav", tmp_path / "other.wav"
    subprocess.run(["sox", str(raw), "-r", "16000", "-b", "16", str(reference)], check=True)
    subprocess.run(["sox", str(raw), *sox_format, str(other)], check=True)
    expected = read_samples(reference).astype(np.float64)
    got = np.frombuffer(read_pcm16k(other), dtype="<i2").astype(np.float64)
    assert abs(got.size - expected.size) <= 2
    n = min(got.size, expected.size)
    assert np.corrcoef(got[:n], expected[:n])[0, 1] > 0.99


def test_a_file_ending_right_after_speech_still_ends_by_silence(voice: tuple[Path, Samples], tmp_path: Path) -> None:
    path = write_wav(tmp_path / "bare.wav", voice[1])
    padded = capture_file(path, trailing_silence_ms=1000)
    assert padded.end_reason is EndReason.SILENCE
    assert padded.endpoint_wait_ms is not None and 800 <= padded.endpoint_wait_ms < 830
    assert capture_file(path).end_reason is EndReason.STOPPED  # no padding: the input ran dry


def test_leading_silence_gives_patience_and_the_reply_is_trimmed(voice: tuple[Path, Samples], tmp_path: Path) -> None:
    speech = voice[1]
    path = write_wav(tmp_path / "late.wav", np.concatenate([silence(1.2), speech, silence(1.0)]))
    reply = capture_file(path)
    assert reply.speech_start_s is not None and abs(reply.speech_start_s - 1.2) <= 0.1
    assert abs(reply.duration_s - (speech.size / RATE + 0.4)) <= 0.15
    assert reply.captured_s > reply.duration_s + 1.2
    assert reply.level.peak > 0.1 and reply.level.rms_dbfs > -35.0
    assert not reply.noisy
    assert [e.kind for e in reply.events] == [
        EventKind.SPEECH_STARTED,
        EventKind.PROBABLE_END,
        EventKind.ENDED,
    ]


def test_realtime_pacing_follows_the_injected_clock(voice: tuple[Path, Samples], tmp_path: Path) -> None:
    path = write_wav(tmp_path / "paced.wav", np.concatenate([silence(0.5), voice[1]]))
    clock = FakeClock()
    source = WavFileInput(path, realtime=True, trailing_silence_ms=1000, clock=clock, sleep=clock.sleep)
    seen: list[tuple[EndpointEvent, float]] = []
    reply = capture_reply(source, detector(), on_event=lambda e: seen.append((e, clock.now)))
    assert reply.end_reason is EndReason.SILENCE
    assert clock.now - 100.0 == pytest.approx(reply.captured_s, abs=0.031)
    assert len(clock.sleeps) > 50 and all(s > 0 for s in clock.sleeps)
    for event, at in seen:  # nothing was known before it had been 'recorded'
        assert event.detected_at / RATE <= at - 100.0 + 1e-9


def test_push_to_talk_release_ends_with_stopped(voice: tuple[Path, Samples], tmp_path: Path) -> None:
    path = write_wav(tmp_path / "ptt.wav", np.concatenate([silence(0.4), voice[1], voice[1]]))
    source = WavFileInput(path, sleep=no_sleep)

    def release_after_start(event: EndpointEvent) -> None:
        if event.kind is EventKind.SPEECH_STARTED:
            source.stop()

    reply = capture_reply(source, detector(), on_event=release_after_start)
    assert reply.end_reason is EndReason.STOPPED
    assert reply.speech_start_s is not None and reply.duration_s > 0.2
    assert reply.captured_s < 1.0
    assert source.read() is None


def test_silence_only_gives_no_speech_and_no_audio(tmp_path: Path) -> None:
    reply = capture_file(write_wav(tmp_path / "quiet.wav", silence(9.0)))
    assert reply.end_reason is EndReason.NO_SPEECH
    assert reply.pcm == b"" and reply.duration_s == 0.0
    assert reply.speech_start_s is None and reply.endpoint_wait_ms is None
    assert not reply.noisy and reply.noise.snr_db is None


@pytest.mark.parametrize(("snr_db", "noisy"), [(5.0, True), (30.0, False)])
def test_noisy_flag_follows_the_snr(voice: tuple[Path, Samples], tmp_path: Path, snr_db: float, noisy: bool) -> None:
    speech = voice[1].astype(np.float64)
    clean = np.concatenate([np.zeros(RATE), speech, np.zeros(RATE)])
    noise_rms = np.sqrt(np.mean(speech**2) / 10 ** (snr_db / 10))
    mixed = clean + np.random.default_rng(3).standard_normal(clean.size) * noise_rms
    path = write_wav(tmp_path / "mixed.wav", np.clip(np.round(mixed), -32768, 32767).astype(np.int16))
    reply = capture_file(path, trailing_silence_ms=1000)
    assert reply.noisy is noisy
    assert reply.noise.snr_db is not None and abs(reply.noise.snr_db - snr_db) <= 6.0


@pytest.mark.parametrize("chunk_ms", [10, 25, 45])
def test_chunk_size_does_not_change_the_reply(voice: tuple[Path, Samples], tmp_path: Path, chunk_ms: int) -> None:
    path = write_wav(tmp_path / "chunks.wav", np.concatenate([silence(0.7), voice[1], silence(1.0)]))
    base, other = capture_file(path), capture_file(path, chunk_ms=chunk_ms)
    assert other.events == base.events and other.pcm == base.pcm


def test_on_level_drives_a_meter(voice: tuple[Path, Samples], tmp_path: Path) -> None:
    path = write_wav(tmp_path / "meter.wav", np.concatenate([silence(0.5), voice[1], silence(1.0)]))
    levels: list[Level] = []
    capture_reply(WavFileInput(path, sleep=no_sleep), detector(), on_level=levels.append)
    assert levels[0].rms_dbfs == -100.0 and levels[-1].rms_dbfs == -100.0
    assert max(level.rms_dbfs for level in levels) > -25.0
    assert max(level.peak for level in levels) > 0.1


def test_capture_needs_a_fresh_detector_and_reading_needs_start(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "s.wav", silence(0.5))
    used = detector()
    used.feed(silence(0.1).tobytes())
    with pytest.raises(ValueError):
        capture_reply(WavFileInput(path), used)
    with pytest.raises(RuntimeError):
        WavFileInput(path).read()


def test_levels_of_a_sine_and_of_silence() -> None:
    sine = (np.sin(np.arange(RATE) * 2 * np.pi * 440 / RATE) * 16384).astype("<i2").tobytes()
    level = measure(sine)
    assert level.rms_dbfs == pytest.approx(-9.03, abs=0.05)  # half scale: -6.02, sine: -3.01
    assert level.peak == pytest.approx(0.5, abs=1e-3) and level.peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert measure(bytes(960)) == Level(rms_dbfs=-100.0, peak=0.0) and measure(b"").peak == 0.0
    assert power_mean_dbfs([-20.0, -20.0]) == pytest.approx(-20.0)


def test_noise_estimate_compares_speech_and_quiet_frames() -> None:
    estimate = estimate_noise([-20.0] * 10 + [-50.0] * 10, [True] * 10 + [False] * 10)
    assert estimate.snr_db == pytest.approx(30.0) and not estimate.noisy
    assert estimate_noise([-20.0] * 10 + [-28.0] * 10, [True] * 10 + [False] * 10).noisy
    with pytest.raises(ValueError):
        estimate_noise([-20.0], [])
