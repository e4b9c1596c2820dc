"""Recognition while the learner speaks, phrase by phrase.

The voice-activity detector finds the pauses in the reply as it is recorded. Each phrase that a pause
completes is decoded on a worker thread at once, with the scenario and the phrases before it as the
prompt (Whisper's previous-text conditioning), so at the end of speech only the last phrase is left; when
the learner paused before the talk key went up, not even that. A phrase is decoded once, whole, so the
final text is what a one-shot decode of the same phrase gives: no guessing over half-heard words.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from trainer.engines import Transcript, Word
from trainer.speech.decoder import SAMPLE_RATE, Decoded, RecognitionFailed, WindowDecoder
from trainer.speech.endpoint import VoiceActivity, default_voice_activity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhraseConfig:
    """Where a reply may be cut into phrases."""

    frame_ms: int = 30  # voice-activity frames (webrtcvad takes 10, 20 or 30 ms)
    pause_s: float = 0.3  # this much non-speech ends a phrase (stops inside words are shorter)
    min_phrase_s: float = 1.5  # a shorter phrase waits for the next pause: alone it decodes poorly
    max_phrase_s: float = 20.0  # a phrase without a pause is cut at its quietest moment (one window is ~28 s)
    prompt_chars: int = 400  # earlier phrases kept in the prompt
    # None: the last phrase gets the decoder's own beam (10). With one decoder thread beam 10 there costs ~60 ms
    # more than beam 5 and wins back 0.2 (espeak) to 1.1 (human) points of WER (tools/eval_speech.py --tail-beam).
    tail_beam: int | None = None

    @property
    def frame_samples(self) -> int:
        """Samples in one voice-activity frame."""
        return SAMPLE_RATE * self.frame_ms // 1000


@dataclass
class PhraseStats:
    """What the session did, for benchmarks and logs."""

    phrases: int = 0  # decoded while the learner spoke
    phrase_s: float = 0.0
    final_s: float = 0.0  # decoding left once the reply was complete
    tail_words: int = 0  # words decoded after the end of speech
    tail_s: float = 0.0


class PauseTracker:
    """Speech flags and levels of the frames of a growing reply, and where it may be cut."""

    def __init__(self, vad: VoiceActivity, config: PhraseConfig) -> None:
        """Track a fresh reply."""
        self._vad = vad
        self.config = config
        self.speech: list[bool] = []
        self.levels: list[float] = []

    @property
    def frames_s(self) -> float:
        """Seconds of audio analysed so far."""
        return len(self.speech) * self.config.frame_ms / 1000

    def extend(self, reply: bytes) -> None:
        """Analyse the whole frames of the reply not yet seen (reply from its first sample on)."""
        size = 2 * self.config.frame_samples
        for start in range(len(self.speech) * size, len(reply) - size + 1, size):
            frame = reply[start : start + size]
            self.speech.append(self._vad.is_speech(frame))
            samples = np.frombuffer(frame, dtype="<i2").astype(np.float64)
            self.levels.append(float(np.sqrt(np.mean(samples**2))))

    def has_speech(self, first: int, last: int) -> bool:
        """True when any frame between two frame indexes holds speech."""
        return any(self.speech[first:last])

    def next_cut(self, start: int) -> int | None:
        """The frame where the phrase beginning at frame start ends, if the audio so far shows it."""
        c = self.config
        pause = max(1, round(c.pause_s * 1000 / c.frame_ms))
        shortest = round(c.min_phrase_s * 1000 / c.frame_ms)
        longest = round(c.max_phrase_s * 1000 / c.frame_ms)
        quiet, spoke = 0, False
        for index in range(start, len(self.speech)):
            if self.speech[index]:
                quiet, spoke = 0, True
                continue
            quiet += 1
            if quiet >= pause and spoke and index + 1 - start >= shortest:
                return index + 1 - pause // 2  # inside the pause, leaving some of it to each side
        if len(self.speech) - start >= longest:
            window = self.levels[start + shortest : start + longest]
            return start + shortest + int(np.argmin(window))
        return None


class PhraseDecoder:
    """The phrases of one reply, driven synchronously: advance() while it grows, complete() at the end."""

    def __init__(
        self,
        decoder: WindowDecoder,
        engine: str,
        context: str = "",
        config: PhraseConfig | None = None,
        vad: VoiceActivity | None = None,
    ) -> None:
        """A fresh reply; context (the scenario's words) primes every decode."""
        self._decoder = decoder
        self._engine = engine
        self._context = context.strip()
        self.config = config or PhraseConfig()
        self._pauses = PauseTracker(vad or default_voice_activity(), self.config)
        self.cut = 0  # the frame where the audio not yet decoded begins
        self._words: list[Word] = []
        self._texts: list[str] = []
        self.stats = PhraseStats()

    def advance(self, reply: bytes) -> int:
        """Decode every phrase that the reply so far completes; how many were decoded."""
        self._pauses.extend(reply)
        done = 0
        while (cut := self._pauses.next_cut(self.cut)) is not None:
            started = time.perf_counter()
            self._keep(self._decode(reply, self.cut, cut), self.cut)
            self.stats.phrases += 1
            self.stats.phrase_s += time.perf_counter() - started
            self.cut, done = cut, done + 1
        return done

    def complete(self, reply: bytes) -> Transcript:
        """The transcript: any phrases still pending, then the audio after the last cut."""
        start = time.perf_counter()
        self.advance(reply)
        before = len(self._words)
        self._keep(self._decode(reply, self.cut, None), self.cut)
        self.stats.tail_words = len(self._words) - before
        self.stats.tail_s = max(0.0, len(reply) / 2 / SAMPLE_RATE - self._seconds(self.cut))
        self.stats.final_s = time.perf_counter() - start
        text = " ".join(t for t in self._texts if t).strip()
        return Transcript(text, len(reply) / 2 / SAMPLE_RATE, tuple(self._words), self._engine, self.stats.final_s)

    def _seconds(self, frames: int) -> float:
        return frames * self.config.frame_ms / 1000

    def _decode(self, reply: bytes, first: int, last: int | None) -> Decoded | None:
        """Decode the frames first..last (None: to the end of the reply); None when they hold no speech."""
        size = self.config.frame_samples
        pcm = reply[2 * first * size : None if last is None else 2 * last * size]
        if len(pcm) < 800 or not self._pauses.has_speech(first, len(self._pauses.speech) if last is None else last):
            return None
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if samples.shape[0] / SAMPLE_RATE > self._decoder.max_window_s:
            raise RecognitionFailed("nothing could be made out of the reply for too long")
        beam = self.config.tail_beam if last is None else None
        return self._decoder.decode(samples, prompt=self._prompt(), beam_size=beam)

    def _keep(self, decoded: Decoded | None, first: int) -> None:
        """Add a decoded phrase to the reply (words timed from the reply's start)."""
        if decoded is None:
            return
        if decoded.looped:
            raise RecognitionFailed("the recogniser got stuck repeating itself")
        if not decoded.silence and decoded.text:
            offset = self._seconds(first)
            self._words += [replace(w, text=w.text.strip(), start_s=w.start_s + offset, end_s=w.end_s + offset)
                            for w in decoded.words]  # fmt: skip
            self._texts.append(decoded.text.strip())

    def _prompt(self) -> str:
        """The scenario's words, then the end of what was said so far."""
        said = " ".join(self._texts)[-self.config.prompt_chars :]
        return f"{self._context} {said}".strip()


def transcribe_in_phrases(core: PhraseDecoder, reply: bytes, step_s: float = 0.5) -> Transcript:
    """Decode a whole recording as if it were streamed: phrases as their pauses arrive, then the tail."""
    step = 2 * round(step_s * SAMPLE_RATE)
    for end in range(step, len(reply) + 1, step):
        core.advance(reply[:end])
    return core.complete(reply)


class PhraseSession:
    """Feed PCM as it is recorded (any thread); a worker decodes each completed phrase; finish() returns the text."""

    def __init__(self, core: PhraseDecoder) -> None:
        """Start the worker thread over a fresh PhraseDecoder."""
        self.core = core
        self._pcm = bytearray()
        self._cond = threading.Condition()
        self._final: bytes | None = None
        self._cancelled = False
        self._seen = 0
        self._done = threading.Event()
        self._result: Transcript | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pushback-stream", daemon=True)
        self._thread.start()

    @property
    def stats(self) -> PhraseStats:
        """What the decoder did so far."""
        return self.core.stats

    def feed(self, pcm: bytes) -> None:
        """Append recorded 16 kHz mono 16-bit PCM (the reply from its first sample on)."""
        with self._cond:
            if self._final is None and not self._cancelled:
                self._pcm += pcm
                self._cond.notify()

    def speculate(self, pcm: bytes) -> None:
        """A probable end of speech: nothing to do, the pause itself completes the phrase."""

    def resume(self) -> None:
        """Speech resumed after a probable end: nothing to undo, phrases are never guessed."""

    def finish(self, pcm: bytes | None = None, timeout_s: float | None = None) -> Transcript:
        """The transcript of the reply; pcm is its final audio (default: all that was fed). Blocks."""
        with self._cond:
            if self._final is None:
                self._final = bytes(self._pcm) if pcm is None else pcm
                self._cond.notify()
        if not self._done.wait(timeout_s):
            raise TimeoutError("the recogniser did not finish in time")
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """Stop decoding; finish() must not be called afterwards."""
        with self._cond:
            self._cancelled = True
            self._cond.notify()

    def _run(self) -> None:
        try:
            while (audio := self._next_audio()) is not None:
                self.core.advance(audio)
            if not self._cancelled:
                assert self._final is not None
                self._result = self.core.complete(self._final)
        except BaseException as error:  # handed to finish()
            log.exception("phrase-wise recognition failed")
            self._result = error
        finally:
            self._done.set()

    def _next_audio(self) -> bytes | None:
        """Wait for at least one new frame of audio; None once finished or cancelled."""
        frame = 2 * self.core.config.frame_samples
        with self._cond:
            while True:
                if self._final is not None or self._cancelled:
                    return None
                if len(self._pcm) - self._seen >= frame:
                    self._seen = len(self._pcm)
                    return bytes(self._pcm)
                self._cond.wait()
