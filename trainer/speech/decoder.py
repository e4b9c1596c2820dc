"""One bounded Whisper decode of one window of audio: short padding, a prompt, a forced prefix, word timings.

faster-whisper's `transcribe` pads every window to 30 s, may decode a second window after the last word
(with a full 30 s encode) and retries up to six temperatures with up to 448 new tokens each: one clip of
8.6 s took 8.8-14.7 s. `WindowDecoder` runs the same model parts once per window, under limits:
max_new_tokens proportional to the audio, a short list of fallback temperatures, and no new fallback
attempt once half the time budget (`DecodeLimits.budget_s`) is spent.
"""

from __future__ import annotations

import dataclasses
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import merge_punctuations

from trainer.engines import RecognitionFailed, Word

__all__ = ["DecodeLimits", "Decoded", "RecognitionFailed", "WindowDecoder"]

SAMPLE_RATE = 16000
FULL_WINDOW_FRAMES = 3000  # Whisper's 30 s window: 100 feature frames per second
MAX_LENGTH = 448  # Whisper's decoder context, prompt included
# A word the alignment stretches over this long hides audio the decoder skipped (Whisper at times starts
# its text seconds into the window, or jumps ahead, without timestamps): that stretch is decoded again.
SKIP_WORD_S = 2.5
_SKIP_TAIL_S = 0.4  # the stretch's last part is the stretched word itself
_PREPEND = "\"'“¿([{-"
_APPEND = "\"'.。,，!！?？:：”)]}、"


@dataclass(frozen=True)
class DecodeLimits:
    """What one decode may cost: fallback temperatures, thresholds, tokens and time per second of audio."""

    temperatures: tuple[float, ...] = (0.0, 0.4, 0.8)
    compression_ratio_max: float = 2.4  # above: the text repeats itself (a loop)
    log_prob_min: float = -1.0  # below: unsure, try the next temperature
    no_speech_min: float = 0.6  # above, with a low log-prob: silence, accept as it is
    tokens_per_s: float = 8.0  # fast speech is ~4-5 tokens a second
    tokens_fixed: int = 12
    budget_per_s: float = 0.5  # the time budget: budget_per_s x audio seconds + budget_fixed_s
    budget_fixed_s: float = 1.0

    def max_new_tokens(self, audio_s: float) -> int:
        """New tokens allowed for audio of this length."""
        return self.tokens_fixed + int(self.tokens_per_s * audio_s)

    def budget_s(self, audio_s: float) -> float:
        """Seconds a decode of audio of this length may take."""
        return self.budget_per_s * audio_s + self.budget_fixed_s


@dataclass(frozen=True)
class Decoded:
    """The result of one window: text and words include the forced prefix."""

    text: str
    words: tuple[Word, ...]
    avg_logprob: float
    compression_ratio: float
    temperature: float
    attempts: int
    elapsed_s: float
    looped: bool  # every attempt repeated itself: the text is not to be trusted
    silence: bool  # the model says there is no speech (and is unsure of any words)


@dataclass(frozen=True)
class _Attempt:
    tokens: list[int]
    avg_logprob: float
    compression_ratio: float
    no_speech_prob: float
    temperature: float


def compression_ratio(text: str) -> float:
    """How well the text compresses; Whisper's loops compress far better than speech."""
    raw = text.encode("utf-8")
    return len(raw) / len(zlib.compress(raw)) if raw else 0.0


class WindowDecoder:
    """Decodes up to ~28 s of 16 kHz float audio in one encoder pass and one bounded decoder run."""

    def __init__(
        self,
        model: WhisperModel,
        *,
        beam_size: int = 10,
        min_frames: int = 1000,
        margin_frames: int = 200,
        limits: DecodeLimits | None = None,
    ) -> None:
        """Use a loaded model; min_frames is the encoder's padding floor (10 s)."""
        if not 2 <= min_frames <= FULL_WINDOW_FRAMES:
            raise ValueError(f"min_frames must be in 2..{FULL_WINDOW_FRAMES}, not {min_frames}")
        self.model = model
        self.beam_size = beam_size
        self.min_frames = min_frames
        self.margin_frames = max(0, margin_frames)
        self.limits = limits or DecodeLimits()
        self.skip_word_s = SKIP_WORD_S  # float("inf") turns the skipped-audio repair off (for measuring it)
        self.tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="en")

    @property
    def max_window_s(self) -> float:
        """The longest audio one window takes (the rest of the 30 s is the margin)."""
        return (FULL_WINDOW_FRAMES - self.margin_frames) / 100

    def encoder_frames(self, content_frames: int) -> int:
        """Feature frames the encoder sees for content_frames of audio (even: the convolution has stride 2)."""
        frames = max(self.min_frames, content_frames + self.margin_frames)
        return min(FULL_WINDOW_FRAMES, frames + frames % 2)

    def decode(
        self,
        samples: np.ndarray,
        *,
        prompt: str = "",
        prefix: str = "",
        words: bool = True,
        new_tokens: int | None = None,
        beam_size: int | None = None,
    ) -> Decoded:
        """Decode one window; prompt is earlier text or context, prefix the text the window surely starts with.

        new_tokens caps the tokens generated after the prefix (default: in proportion to the audio);
        beam_size overrides the decoder's own beam for this window.
        """
        start = time.perf_counter()
        audio_s = samples.shape[0] / SAMPLE_RATE
        if audio_s > self.max_window_s:
            raise ValueError(f"{audio_s:.1f} s is longer than one window ({self.max_window_s:.1f} s)")
        features = self.model.feature_extractor(samples)
        content = max(1, features.shape[-1] - 1)
        encoded = self.model.encode(pad_or_trim(features[:, :content], self.encoder_frames(content)))
        prompt_tokens = self._prompt(prompt, prefix)
        beam = beam_size or self.beam_size
        attempts = self._attempts(encoded, prompt_tokens, audio_s, start, new_tokens, beam)
        best = self._choose(attempts)
        tokens = [t for t in best.tokens if t < self.tokenizer.eot]  # CTranslate2 returns the prefix too
        found = self._words(tokens, encoded, content) if words and tokens else ()
        decoded = Decoded(
            text=self.tokenizer.decode(tokens).strip(),
            words=found,
            avg_logprob=best.avg_logprob,
            compression_ratio=best.compression_ratio,
            temperature=best.temperature,
            attempts=len(attempts),
            elapsed_s=time.perf_counter() - start,
            looped=all(a.compression_ratio > self.limits.compression_ratio_max for a in attempts),
            silence=best.no_speech_prob > self.limits.no_speech_min and best.avg_logprob < self.limits.log_prob_min,
        )
        ran_out = len(tokens) >= self._allowed(audio_s, new_tokens)  # its words then run on over the rest
        if prefix or new_tokens is not None or decoded.looped or ran_out:
            return decoded
        return self._fill_skip(samples, decoded, prompt, beam, start)

    def _fill_skip(self, samples: np.ndarray, decoded: Decoded, prompt: str, beam: int, start: float) -> Decoded:
        """Decode again the stretch of audio under the first over-long word, and splice its words in."""
        # The last word running on is a decode that ran out of tokens: more decoding would break the cap.
        index = next((i for i, w in enumerate(decoded.words[:-1]) if w.end_s - w.start_s > self.skip_word_s), None)
        if index is None:
            return decoded
        stretched = decoded.words[index]
        before = decoded.words[:index]
        offset = stretched.start_s
        piece = samples[int(offset * SAMPLE_RATE) : int((stretched.end_s - _SKIP_TAIL_S) * SAMPLE_RATE)]
        earlier = " ".join(filter(None, [prompt.strip(), "".join(w.text for w in before).strip()]))
        allowed = self.limits.max_new_tokens(piece.size / SAMPLE_RATE)  # given, so the head is not repaired again
        head = self.decode(piece, prompt=earlier, beam_size=beam, new_tokens=allowed) if piece.size else None
        if head is None or head.silence or head.looped or not head.words:
            return decoded
        moved = tuple(dataclasses.replace(w, start_s=w.start_s + offset, end_s=w.end_s + offset) for w in head.words)
        rest = (dataclasses.replace(stretched, start_s=stretched.end_s - _SKIP_TAIL_S), *decoded.words[index + 1 :])
        spliced = (*before, *moved, *rest)
        return dataclasses.replace(
            decoded,
            text=" ".join(t for t in ("".join(w.text for w in part).strip() for part in (before, moved, rest)) if t),
            words=spliced,
            attempts=decoded.attempts + head.attempts,
            elapsed_s=time.perf_counter() - start,
        )

    def _prompt(self, prompt: str, prefix: str) -> list[int]:
        """Whisper's prompt: earlier text, the start-of-transcript sequence, no timestamps, the prefix."""
        previous = self.tokenizer.encode(" " + prompt.strip()) if prompt.strip() else []
        return list(self.model.get_prompt(self.tokenizer, previous, without_timestamps=True, prefix=prefix or None))

    def _allowed(self, audio_s: float, new: int | None) -> int:
        """New tokens this decode may generate."""
        cap = self.limits.max_new_tokens(audio_s)
        return cap if new is None else min(new, cap)

    def _attempts(
        self, encoded: Any, prompt: list[int], audio_s: float, start: float, new: int | None, beam: int
    ) -> list[_Attempt]:
        """Decode at each temperature until one is good enough, the list ends or half the budget is spent."""
        max_length = min(MAX_LENGTH, len(prompt) + self._allowed(audio_s, new))
        half_budget = self.limits.budget_s(audio_s) / 2
        attempts: list[_Attempt] = []
        for temperature in self.limits.temperatures:
            if attempts and time.perf_counter() - start > half_budget:
                break  # another attempt would likely overrun the budget: keep the best so far
            attempt = self._generate(encoded, prompt, temperature, max_length, beam)
            attempts.append(attempt)
            if not self._needs_fallback(attempt):
                break
        return attempts

    def _generate(self, encoded: Any, prompt: list[int], temperature: float, max_length: int, beam: int) -> _Attempt:
        """One decoder run: beam search at temperature 0, else best of 5 samples."""
        if temperature > 0:
            options: dict[str, Any] = {"beam_size": 1, "num_hypotheses": 5, "sampling_topk": 0,
                                       "sampling_temperature": temperature}  # fmt: skip
        else:
            options = {"beam_size": beam}
        result = self.model.model.generate(
            encoded, [prompt], max_length=max_length, return_scores=True, return_no_speech_prob=True,
            suppress_blank=True, suppress_tokens=[-1], **options,
        )[0]  # fmt: skip
        tokens = list(result.sequences_ids[0])
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        text = self.tokenizer.decode([t for t in tokens if t < self.tokenizer.eot])
        return _Attempt(tokens, avg_logprob, compression_ratio(text), result.no_speech_prob, temperature)

    def _needs_fallback(self, attempt: _Attempt) -> bool:
        """Whisper's rule: a loop, or an unsure result that is not silence."""
        limits = self.limits
        if attempt.compression_ratio > limits.compression_ratio_max:
            return True
        unsure = attempt.avg_logprob < limits.log_prob_min
        return unsure and attempt.no_speech_prob <= limits.no_speech_min

    def _choose(self, attempts: Sequence[_Attempt]) -> _Attempt:
        """The last attempt if it passed, else the surest of those that did not loop."""
        if not self._needs_fallback(attempts[-1]):
            return attempts[-1]
        fluent = [a for a in attempts if a.compression_ratio <= self.limits.compression_ratio_max]
        return max(fluent or attempts, key=lambda a: a.avg_logprob)

    def _words(self, tokens: list[int], encoded: Any, frames: int) -> tuple[Word, ...]:
        """Word timings by cross-attention alignment over the whole window."""
        alignment = self.model.find_alignment(self.tokenizer, [tokens], encoded, frames)[0]
        merge_punctuations(alignment, _PREPEND, _APPEND)
        return tuple(
            Word(str(w["word"]), float(w["start"]), float(w["end"]), float(w["probability"]))
            for w in alignment
            if str(w["word"]).strip()
        )
