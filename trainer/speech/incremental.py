"""Recognition while the learner speaks: LocalAgreement over a growing buffer, cut only where the audio dips.

While audio arrives, a worker thread decodes the buffer again and again. Words on which two consecutive
decodes agree are committed: every later decode is forced to start with them (Whisper's `prefix`), so it
only generates what follows. Where committed words are separated by a real dip in the audio, the buffer
is cut there and the words before it move into the prompt (Whisper's previous-text conditioning), which
keeps the forced prefix short. At the end of speech one decode of the audio after the last cut is left,
and it generates only the words not yet agreed.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from trainer.engines import Transcript, Word
from trainer.speech.decoder import SAMPLE_RATE, Decoded, RecognitionFailed, WindowDecoder

log = logging.getLogger(__name__)

_NORMAL = re.compile(r"[^a-z0-9']+")


def _norm(word: Word) -> str:
    """A word compared without case or punctuation."""
    return _NORMAL.sub("", word.text.lower())


def agreed(previous: tuple[Word, ...], current: tuple[Word, ...]) -> int:
    """How many leading words two hypotheses share (LocalAgreement-2)."""
    count = 0
    for a, b in zip(previous, current, strict=False):
        if _norm(a) != _norm(b):
            break
        count += 1
    return count


@dataclass(frozen=True)
class StreamConfig:
    """When partial decodes run, what they may commit and where the audio may be cut."""

    step_s: float = 0.5  # new audio needed before another partial decode
    min_audio_s: float = 2.0  # no partial decode of less audio than this (early guesses are poor)
    partial_tokens: int = 16  # a partial decode generates at most this much past the committed words (bounded cost)
    hold_back_s: float = 1.0  # words ending this close to the buffer's end are never committed
    min_probability: float = 0.5  # agreement stops at the first word the decoder was less sure of...
    unsure_wait_s: float = float("inf")  # ...until it has this much audio after it (2 s: 13.0 % WER, never: 11.6 %)
    cut_search_s: float = 0.06  # a cut is looked for this far either side of the gap between two words
    dip_db: float = 30.0  # a cut needs a pause: audio this far below the speech's typical level...
    min_pause_s: float = 0.2  # ...for at least this long, between two committed words
    keep_s: float = 1.5  # committed speech kept after the cut (forced), so the decoder hears the words before
    silence_db: float = 35.0  # a tail this far below the reply's loudest moment is silence


@dataclass
class StreamStats:
    """What the session did, for benchmarks and logs."""

    partial_decodes: int = 0
    partial_s: float = 0.0
    final_s: float = 0.0
    committed_words: int = 0
    tail_words: int = 0
    tail_s: float = 0.0
    cuts: int = 0


class IncrementalDecoder:
    """The LocalAgreement state of one reply, driven synchronously: partial() while it grows, complete() at the end.

    Agreed words are committed. Those before the last safe cut (a real dip in the audio between two
    committed words) are final and go into the prompt; those after it are forced as the prefix of the
    next decode, so the audio around them is still heard whole.
    """

    def __init__(self, decoder: WindowDecoder, engine: str, context: str = "", config: StreamConfig | None = None) -> None:
        """A fresh reply; context (the scenario's words) primes every decode."""
        self._decoder = decoder
        self._engine = engine
        self._context = context.strip()
        self.config = config or StreamConfig()
        self.cut = 0  # sample of the reply where the audio still decoded begins
        self._final: tuple[Word, ...] = ()  # before the cut: reply-relative times, raw text (leading spaces)
        self._forced: tuple[Word, ...] = ()  # committed after the cut: times relative to the cut
        self._hypothesis: tuple[Word, ...] = ()  # the last guess after the cut
        self._loudest_db = -120.0
        self.stats = StreamStats()

    def _decode(self, pcm: bytes, new_tokens: int | None = None) -> Decoded:
        """Decode the audio after the cut: context and final words as the prompt, forced words as the prefix."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        final = "".join(w.text for w in self._final)
        prompt = f"{self._context} {final}".strip()
        prefix = "".join(w.text for w in self._forced).strip()
        return self._decoder.decode(samples, prompt=prompt[-800:], prefix=prefix, new_tokens=new_tokens)

    def partial(self, reply: bytes) -> None:
        """One partial decode of the reply so far: commit what two decodes in a row agree on, cut where safe."""
        pcm = reply[2 * self.cut :]
        audio_s = len(pcm) / 2 / SAMPLE_RATE
        if audio_s < self.config.min_audio_s:
            return
        self._loudest_db = max(self._loudest_db, loudest_db(pcm))
        if audio_s > self._decoder.max_window_s:
            raise RecognitionFailed("nothing could be made out of the reply for too long")
        decoded = self._decode(pcm, self.config.partial_tokens)
        self.stats.partial_decodes += 1
        self.stats.partial_s += decoded.elapsed_s
        words = () if decoded.looped else decoded.words[:-1]  # the last word may be cut off by partial_tokens
        agree = agreed(self._hypothesis, words)
        late = audio_s - self.config.unsure_wait_s
        unsure = (i for i, w in enumerate(words) if w.probability < self.config.min_probability and w.end_s > late)
        sure = next(unsure, len(words))
        agree = max(len(self._forced), min(agree, sure))
        while agree > len(self._forced) and words[agree - 1].end_s > audio_s - self.config.hold_back_s:
            agree -= 1
        self._hypothesis = words
        if agree > len(self._forced) and agreed(self._forced, words) == len(self._forced):
            self._forced = words[:agree]
            self._cut_after_forced(pcm, words)

    def _cut_after_forced(self, pcm: bytes, words: tuple[Word, ...]) -> None:
        """Move the cut to the latest real dip between committed words; they become final."""
        levels = _frame_db(pcm)
        speech = float(np.median(levels[levels > self._loudest_db - self.config.silence_db])) if levels.size else 0.0
        search = self.config.cut_search_s
        kept_from = self._forced[-1].end_s - self.config.keep_s
        for count in range(len(self._forced) - 1, 0, -1):
            if words[count - 1].end_s > kept_from:
                continue
            after = words[count].start_s if count < len(words) else words[count - 1].end_s + 2 * search
            gap = _frames(levels, words[count - 1].end_s - search, after + search)
            quiet = int(np.sum(gap <= speech - self.config.dip_db))
            if quiet >= self.config.min_pause_s * 100:
                cut_s = quietest(levels, words[count - 1].end_s - search, after + search)[0]
                self._final += _shifted(self._forced[:count], self.cut / SAMPLE_RATE)
                self._forced = _shifted(self._forced[count:], -cut_s)
                self._hypothesis = _shifted(words[count:], -cut_s)
                self.cut += round(cut_s * SAMPLE_RATE)
                self.stats.cuts += 1
                return

    def complete(self, reply: bytes) -> Transcript:
        """The final decode: the audio after the last cut, its committed words forced, the rest generated."""
        start = time.perf_counter()
        pcm = reply[2 * self.cut :]
        self._loudest_db = max(self._loudest_db, loudest_db(reply))
        tail = _shifted(self._forced, self.cut / SAMPLE_RATE)
        if len(pcm) // 2 >= 400 and loudest_db(pcm) > self._loudest_db - self.config.silence_db:
            decoded = self._decode(pcm)
            if decoded.looped:
                raise RecognitionFailed("the recogniser got stuck repeating itself")
            if not decoded.silence or self._forced:
                tail = _shifted(decoded.words, self.cut / SAMPLE_RATE)
        words = self._final + tail
        self.stats.committed_words = len(self._final) + len(self._forced)
        self.stats.tail_words = len(words) - self.stats.committed_words
        self.stats.tail_s = len(pcm) / 2 / SAMPLE_RATE
        self.stats.final_s = time.perf_counter() - start
        text = "".join(w.text for w in words).strip()
        final = tuple(replace(w, text=w.text.strip()) for w in words)
        return Transcript(text, len(reply) / 2 / SAMPLE_RATE, final, self._engine, self.stats.final_s)


class StreamingSession:
    """Feed PCM as it is recorded (any thread); a worker decodes partials; finish() returns the transcript.

    speculate(pcm) at a probable end of speech decodes that audio to the end at once (and pauses the
    partials); if the reply ends with exactly that audio, finish() returns the result without waiting.
    """

    def __init__(self, core: IncrementalDecoder) -> None:
        """Start the worker thread over a fresh IncrementalDecoder."""
        self.core = core
        self._pcm = bytearray()
        self._cond = threading.Condition()
        self._final: bytes | None = None
        self._cancelled = False
        self._paused = False
        self._speculate: bytes | None = None
        self._speculated: tuple[bytes, Transcript | BaseException] | None = None
        self._done = threading.Event()
        self._result: Transcript | BaseException | None = None
        self._decoded_to = 0
        self._thread = threading.Thread(target=self._run, name="pushback-stream", daemon=True)
        self._thread.start()

    @property
    def stats(self) -> StreamStats:
        """What the decoder did so far."""
        return self.core.stats

    def feed(self, pcm: bytes) -> None:
        """Append recorded 16 kHz mono 16-bit PCM (the reply from its first sample on)."""
        with self._cond:
            if self._final is None and not self._cancelled:
                self._pcm += pcm
                self._cond.notify()

    def speculate(self, pcm: bytes) -> None:
        """The learner paused: decode this reply audio to the end now, and hold the partials."""
        with self._cond:
            self._speculate, self._paused = pcm, True
            self._cond.notify()

    def resume(self) -> None:
        """The learner speaks again: partial decodes go on."""
        with self._cond:
            self._speculate, self._paused = None, False
            self._cond.notify()

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
            while (job := self._next_job()) is not None:
                speculative, audio = job
                if speculative:
                    self._speculated = (audio, self._attempt(audio))
                else:
                    self.core.partial(audio)
            if not self._cancelled:
                assert self._final is not None
                ready = self._speculated
                self._result = ready[1] if ready and ready[0] == self._final else self._attempt(self._final)
        except BaseException as error:  # handed to finish()
            log.exception("streaming recognition failed")
            self._result = error
        finally:
            self._done.set()

    def _attempt(self, pcm: bytes) -> Transcript | BaseException:
        """The final decode of pcm, or why it failed."""
        try:
            return self.core.complete(pcm)
        except RecognitionFailed as error:
            return error

    def _next_job(self) -> tuple[bool, bytes] | None:
        """Wait for a speculation or enough new audio for a partial decode; None once finished or cancelled."""
        config = self.core.config
        step = round(config.step_s * SAMPLE_RATE)
        least = round(config.min_audio_s * SAMPLE_RATE)
        with self._cond:
            while True:
                if self._final is not None or self._cancelled:
                    return None
                if self._speculate is not None:
                    audio, self._speculate = self._speculate, None
                    return True, audio
                have = len(self._pcm) // 2
                if not self._paused and have - self.core.cut >= least and have - self._decoded_to >= step:
                    self._decoded_to = have
                    return False, bytes(self._pcm)
                self._cond.wait()


def transcribe_incrementally(core: IncrementalDecoder, reply: bytes, step_s: float | None = None) -> Transcript:
    """Decode a whole recording as if it were streamed: a partial every step_s of audio, then the tail."""
    step = round((step_s or core.config.step_s) * SAMPLE_RATE)
    for end in range(step, len(reply) // 2 + 1, step):
        core.partial(reply[: 2 * end])
    return core.complete(reply)


def _frame_db(pcm: bytes, frame: int = 320, hop: int = 160) -> np.ndarray:
    """RMS level in dBFS of 20 ms frames every 10 ms."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if samples.shape[0] < frame:
        return np.array([-120.0])
    windows = np.lib.stride_tricks.sliding_window_view(samples, frame)[::hop]
    rms = np.sqrt(np.mean(windows**2, axis=1)) / 32768.0
    return 20 * np.log10(np.maximum(rms, 1e-6))


def loudest_db(pcm: bytes) -> float:
    """The loudest 20 ms of the audio, in dBFS."""
    return float(np.max(_frame_db(pcm)))


def _frames(levels: np.ndarray, from_s: float, to_s: float) -> np.ndarray:
    """The 10 ms-spaced levels between two moments."""
    return levels[max(0, int(from_s * 100)) : max(0, int(to_s * 100))]


def quietest(levels: np.ndarray, from_s: float, to_s: float) -> tuple[float, float]:
    """The centre (seconds) and level (dBFS) of the quietest 20 ms frame between two moments."""
    first = max(0, min(len(levels) - 1, int(from_s * 100)))
    last = min(len(levels), max(first + 1, int(to_s * 100)))
    index = first + int(np.argmin(levels[first:last]))
    return index / 100 + 0.01, float(levels[index])


def quietest_s(pcm: bytes, from_s: float, to_s: float) -> float:
    """The centre of the quietest 20 ms between two moments (clamped to the audio), in seconds."""
    return quietest(_frame_db(pcm), from_s, to_s)[0]


def _shifted(words: tuple[Word, ...], offset_s: float) -> tuple[Word, ...]:
    """Words moved by offset_s seconds."""
    return tuple(replace(w, start_s=w.start_s + offset_s, end_s=w.end_s + offset_s) for w in words)
