"""Whisper (faster-whisper, CTranslate2 int8) transcriber, loaded once, with short-utterance padding."""

from __future__ import annotations

import importlib.metadata as md
import time
from pathlib import Path
from typing import Any

import numpy as np
import speech_recognition as sr
from faster_whisper import WhisperModel
from faster_whisper.audio import pad_or_trim

from trainer.engines import Transcript, Word
from trainer.speech.decoder import DecodeLimits, RecognitionFailed, WindowDecoder
from trainer.speech.phrases import PhraseConfig, PhraseDecoder, PhraseSession
from trainer.speech.wav import TARGET_RATE, TARGET_WIDTH, pcm16_to_float, read_pcm16k, resample_pcm16

FULL_WINDOW_FRAMES = 3000  # Whisper's 30 s window: 100 feature frames per second
# Beam 10 measured 12.6 % WER on our espeak set against 14.5 % for beam 5 (temperature 0), same 3.1 % on
# human clips, for ~0.05 s more per reply.
DEFAULT_BEAM = 10
DEFAULT_MIN_FRAMES = 1000  # 10 s floor: shorter encoder inputs measurably hurt accuracy
DEFAULT_MARGIN_FRAMES = 200  # padding after the speech; without it long replies loop and repeat
# One CTranslate2 thread: the decoder's steps are small matrix products (beam x 512) where a second thread
# costs more in hand-offs than it saves. Measured on 2 cores (tools/eval_speech.py --cpu-threads): the
# last phrase's decode 2-3x faster, the 10 s encoder pass ~25 ms slower; the other core stays free for
# the window and the audio.
DEFAULT_CPU_THREADS = 1
_MIN_SAMPLES = 400  # one STFT window (25 ms); less than this is treated as silence


class ShortPadWhisperModel(WhisperModel):
    """A WhisperModel that pads a short utterance's features to its own length, not to 30 s.

    faster-whisper 1.2.1 pads every window to 3000 frames before the encoder, so a 3 s reply
    costs as much as a 30 s one. CTranslate2's encoder accepts shorter inputs, and
    `generate_segments` takes a ready `encoder_output` for the first window: this subclass
    computes that output from features padded to max(min_frames, utterance length) and
    hands everything else to faster-whisper unchanged. Audio longer than one window, or
    min_frames=None, gets the stock 30 s behaviour.
    """

    def __init__(
        self,
        model_path: str,
        *,
        min_frames: int | None = DEFAULT_MIN_FRAMES,
        margin_frames: int = DEFAULT_MARGIN_FRAMES,
        **kwargs: Any,
    ) -> None:
        """Load the CTranslate2 model; min_frames=None keeps the full 30 s padding."""
        super().__init__(model_path, **kwargs)
        if min_frames is not None and not 2 <= min_frames <= FULL_WINDOW_FRAMES:
            raise ValueError(f"min_frames must be in 2..{FULL_WINDOW_FRAMES}, not {min_frames}")
        self.min_frames = min_frames
        self.margin_frames = max(0, margin_frames)

    def encoder_frames(self, content_frames: int) -> int:
        """How many feature frames the encoder sees for an utterance of content_frames."""
        if self.min_frames is None or content_frames > FULL_WINDOW_FRAMES:
            return FULL_WINDOW_FRAMES
        frames = max(self.min_frames, content_frames + self.margin_frames)
        return min(FULL_WINDOW_FRAMES, frames + frames % 2)  # the encoder's convolution has stride 2

    def generate_segments(
        self,
        features: np.ndarray,
        tokenizer: Any,
        options: Any,
        log_progress: bool = False,
        encoder_output: Any = None,
    ) -> Any:
        """Encode a single-window utterance with short padding, then decode as faster-whisper does."""
        content_frames = features.shape[-1] - 1  # faster-whisper's own count (drops the last frame)
        frames = self.encoder_frames(content_frames)
        if encoder_output is None and frames < FULL_WINDOW_FRAMES:
            encoder_output = self.encode(pad_or_trim(features[:, :content_frames], frames))
        return super().generate_segments(features, tokenizer, options, log_progress, encoder_output)


class WhisperTranscriber:
    """Transcriber over one faster-whisper model kept for the life of the process."""

    def __init__(
        self,
        model: WhisperModel,
        *,
        model_name: str = "whisper-base",
        compute_type: str = "int8",
        beam_size: int = DEFAULT_BEAM,
        vad_filter: bool = False,
        load_s: float = 0.0,
        limits: DecodeLimits | None = None,
        phrase_config: PhraseConfig | None = None,
    ) -> None:
        """Wrap a loaded model; use `load` to build one from a model directory."""
        self._model = model
        self._version = f"faster-whisper {md.version('faster-whisper')} {model_name} {compute_type}"
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.load_s = load_s
        self.limits = limits or DecodeLimits()
        self.phrase_config = phrase_config or PhraseConfig()
        min_frames = getattr(model, "min_frames", DEFAULT_MIN_FRAMES) or FULL_WINDOW_FRAMES
        margin = getattr(model, "margin_frames", DEFAULT_MARGIN_FRAMES)
        self.decoder = WindowDecoder(model, beam_size=beam_size, min_frames=min_frames, margin_frames=margin,
                                     limits=self.limits)  # fmt: skip

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        model_name: str = "whisper-base",
        min_frames: int | None = DEFAULT_MIN_FRAMES,
        margin_frames: int = DEFAULT_MARGIN_FRAMES,
        cpu_threads: int = DEFAULT_CPU_THREADS,
        compute_type: str = "int8",
        beam_size: int = DEFAULT_BEAM,
        vad_filter: bool = False,
    ) -> WhisperTranscriber:
        """Load the model once from a local directory (never downloads) and wrap it."""
        if not (model_dir / "model.bin").is_file():
            raise FileNotFoundError(f"no Whisper model in {model_dir}")
        start = time.perf_counter()
        model = ShortPadWhisperModel(
            str(model_dir),
            min_frames=min_frames,
            margin_frames=margin_frames,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=cpu_threads,
            local_files_only=True,
        )
        return cls(
            model,
            model_name=model_name,
            compute_type=compute_type,
            beam_size=beam_size,
            vad_filter=vad_filter,
            load_s=time.perf_counter() - start,
        )

    @property
    def model(self) -> WhisperModel:
        """The faster-whisper model in use."""
        return self._model

    def version(self) -> str:
        """Engine, model and precision, e.g. "faster-whisper 1.2.1 whisper-base int8"."""
        return self._version

    def start_stream(self, context: str = "") -> PhraseSession:
        """A session that decodes a reply phrase by phrase while it is recorded (feed it PCM, then finish)."""
        return PhraseSession(self.phrases(context))

    def phrases(self, context: str = "") -> PhraseDecoder:
        """The synchronous phrase decoder behind start_stream (for evaluation)."""
        return PhraseDecoder(self.decoder, self._version, context, self.phrase_config)

    def transcribe_array(self, samples: np.ndarray, context: str = "") -> Transcript:
        """Transcribe float32 samples in [-1, 1], 16 kHz mono, without touching disk.

        context (the scenario's lines and names) primes the decoder; RecognitionFailed when it loops.
        """
        samples = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
        duration = samples.shape[0] / TARGET_RATE
        start = time.perf_counter()
        if samples.shape[0] < _MIN_SAMPLES:
            return Transcript("", duration, (), self._version, time.perf_counter() - start)
        if duration <= self.decoder.max_window_s and not self.vad_filter:
            decoded = self.decoder.decode(samples, prompt=context)
            if decoded.looped:
                raise RecognitionFailed("the recogniser got stuck repeating itself")
            words = tuple(Word(w.text.strip(), w.start_s, w.end_s, w.probability) for w in decoded.words)
            text = "" if decoded.silence else decoded.text
            return Transcript(text, duration, words if text else (), self._version, time.perf_counter() - start)
        return self._transcribe_long(samples, context, start)

    def _transcribe_long(self, samples: np.ndarray, context: str, start: float) -> Transcript:
        """Audio over one window: faster-whisper's own loop, with the same bounded fallback."""
        limits = self.limits
        segments, _info = self._model.transcribe(
            samples,
            language="en",
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=self.vad_filter,
            initial_prompt=context or None,
            temperature=list(limits.temperatures),
            compression_ratio_threshold=limits.compression_ratio_max,
            log_prob_threshold=limits.log_prob_min,
            no_speech_threshold=limits.no_speech_min,
            max_new_tokens=limits.max_new_tokens(30.0),
        )
        segments = list(segments)  # the generator does the work
        words = tuple(
            Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
            for segment in segments
            for w in segment.words or ()
        )
        text = "".join(segment.text for segment in segments).strip()
        duration = samples.shape[0] / TARGET_RATE
        return Transcript(text, duration, words, self._version, time.perf_counter() - start)

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = TARGET_RATE, context: str = "") -> Transcript:
        """Transcribe mono 16-bit little-endian PCM at any sample rate."""
        return self.transcribe_array(pcm16_to_float(resample_pcm16(pcm, sample_rate)), context)

    def transcribe_audio(self, audio: sr.AudioData) -> Transcript:
        """Transcribe a SpeechRecognition AudioData (any rate and width)."""
        pcm = audio.get_raw_data(convert_rate=TARGET_RATE, convert_width=TARGET_WIDTH)
        return self.transcribe_array(pcm16_to_float(bytes(pcm)))

    def transcribe_file(self, path: Path) -> Transcript:
        """Transcribe a WAV (any format wav.read_pcm16k reads)."""
        return self.transcribe_array(pcm16_to_float(read_pcm16k(path)))
