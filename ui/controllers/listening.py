"""Speech in: the capture thread records a reply; the recogniser transcribes it (early, when it can)."""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.engines import RecognitionFailed, StreamingTranscriber, Transcriber, Transcript, TranscriptionStream
from trainer.speech.endpoint import EndpointConfig, EndReason
from ui.audio import MicrophoneFactory
from ui.capture import CaptureRequest, CaptureResult, CaptureThread
from ui.tasks import run_task

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Heard:
    """A transcribed spoken reply."""

    token: int
    transcript: Transcript
    audio_file: Path | None
    speech_start_at: float | None  # time.monotonic() when the learner started speaking
    speech_end_at: float  # time.monotonic() when the learner stopped speaking
    duration_s: float


@dataclass
class _Early:
    """A transcription started at the probable end of speech, before the endpoint is sure."""

    pcm: bytes
    done: bool = False
    transcript: Transcript | None = None  # None when done: it failed


def endpoint_config(silence_ms: int) -> EndpointConfig:
    """The detector's timings for the learner's chosen silence length."""
    return EndpointConfig(silence_ms=silence_ms, speculative_ms=min(300, silence_ms), no_speech_timeout_s=10.0)


class Listener(QObject):
    """One reply at a time: start, (stop), then `heard`, `missed` or `failed` for its token."""

    state = Signal(object, str)  # token, "listening" | "speaking" | "transcribing"
    level = Signal(object, float)  # token, 0..1
    heard = Signal(object)  # Heard
    missed = Signal(object, str)  # token, what to tell the learner
    failed = Signal(object, str)  # token, the microphone cannot be used

    def __init__(self, factory: MicrophoneFactory, audio_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audio_dir = audio_dir
        self._tokens = itertools.count(1)
        self._token: int | None = None
        self._transcriber: Transcriber | None = None
        self._early: _Early | None = None
        self._stream: TranscriptionStream | None = None  # recognising while the learner speaks
        # Phrase by phrase while the learner speaks: at the end only the last phrase is left to decode
        # (bench: 0.61 s against 1.14 s one-shot for a 10 s reply; WER within 0.5 points on the speech sets).
        self.streaming = True
        self._context = ""
        self._waiting: CaptureResult | None = None  # ended, waiting for the early transcript
        self._started_at = 0.0
        self._warm_for: set[str] = set()
        self._capture = CaptureThread(factory, self)
        worker = self._capture.worker
        worker.level.connect(self._on_level)
        worker.speech_started.connect(lambda t: self._emit_state(t, "speaking"))
        worker.probable_end.connect(self._on_probable_end)
        worker.resumed.connect(self._on_resumed)
        worker.ended.connect(self._on_ended)
        worker.failed.connect(self._on_failed)

    @property
    def active(self) -> bool:
        """True while a reply is being recorded or transcribed."""
        return self._token is not None

    @property
    def running(self) -> bool:
        """True while the capture thread runs."""
        return self._capture.running

    def set_transcriber(self, transcriber: Transcriber) -> None:
        """Use this recogniser from now on."""
        self._transcriber = transcriber

    def start(self, silence_ms: int, context: str = "") -> int:
        """Record one reply; returns its token (results for other tokens are not for you).

        context (the scenario's names and the line being answered) primes the recogniser.
        """
        self.cancel()
        token = next(self._tokens)
        self._token = token
        self._started_at = time.monotonic()
        self._context = context
        if self.streaming and isinstance(self._transcriber, StreamingTranscriber):
            self._stream = self._transcriber.start_stream(context)
        self._capture.begin(CaptureRequest(token, endpoint_config(silence_ms), self._audio_dir, self._stream))
        self.state.emit(token, "listening")
        return token

    def warm(self, who: str, warm: bool) -> None:
        """Keep the microphone open while anyone (practice, the welcome check) expects a reply soon."""
        before = bool(self._warm_for)
        (self._warm_for.add if warm else self._warm_for.discard)(who)
        if bool(self._warm_for) != before:
            self._capture.keep_warm(bool(self._warm_for))

    def reopen(self) -> None:
        """Reopen a warm microphone (another device was chosen)."""
        if self._warm_for and self._token is None:
            self._capture.keep_warm(False)
            self._capture.keep_warm(True)

    def stop(self) -> None:
        """End the reply now; it is transcribed as it is."""
        if self._token is not None:
            self._capture.finish(self._token)

    def cancel(self) -> None:
        """Drop the current reply; nothing is reported for it."""
        if self._token is not None:
            self._capture.cancel(self._token)
        if self._stream is not None:
            self._stream.cancel()
        self._token, self._early, self._waiting, self._stream = None, None, None, None

    def shutdown(self) -> None:
        """Cancel any reply and end the capture thread."""
        self.cancel()
        self._capture.stop()

    def _emit_state(self, token: object, state: str) -> None:
        if token == self._token:
            self.state.emit(token, state)

    def _on_level(self, token: object, value: float) -> None:
        if token == self._token:
            self.level.emit(token, value)

    def _on_probable_end(self, token: object, pcm: object) -> None:
        if token != self._token or self._transcriber is None:
            return
        if self._stream is not None:
            self._stream.speculate(bytes(pcm))  # type: ignore[call-overload]
            return
        early = self._early = _Early(bytes(pcm))  # type: ignore[call-overload]
        transcriber = self._transcriber
        decode = self._decode
        run_task(lambda: decode(transcriber, early.pcm),
                 lambda t: self._on_early(early, t), lambda _e: self._on_early(early, None), owner=self)

    def _on_early(self, early: _Early, transcript: Transcript | None) -> None:
        if early is not self._early:
            return  # speech resumed, or the reply was cancelled: this guess is stale
        early.done, early.transcript = True, transcript
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._use(waiting, transcript)

    def _on_resumed(self, token: object) -> None:
        if token == self._token:
            self._early = None
            if self._stream is not None:
                self._stream.resume()
            self.state.emit(token, "speaking")

    def _on_ended(self, result: CaptureResult) -> None:
        if result.token != self._token:
            return
        if not result.heard_speech:
            if self._stream is not None:
                self._stream.cancel()
            self._token, self._stream = None, None
            why = "Nothing was heard" if result.reason is EndReason.NO_SPEECH else "No speech was recorded"
            self.missed.emit(result.token, f"{why}. Talk again, or type your reply.")
            return
        self.state.emit(result.token, "transcribing")
        stream, self._stream = self._stream, None
        if stream is not None:
            run_task(lambda: stream.finish(result.pcm),
                     lambda t: self._use(result, t) if result.token == self._token else None,
                     lambda e: self._on_transcription_error(result.token, e), owner=self)
            return
        early = self._early
        if early is not None and early.pcm == result.pcm:
            if not early.done:
                self._waiting = result  # the early transcription is on its way
                return
            self._use(result, early.transcript)
            return
        self._transcribe(result)

    def _transcribe(self, result: CaptureResult) -> None:
        transcriber = self._transcriber
        if transcriber is None:
            self._token = None
            self.missed.emit(result.token, "The speech recogniser is not ready yet. Type your reply, or talk again shortly.")
            return
        pcm = result.pcm
        decode = self._decode
        run_task(lambda: decode(transcriber, pcm),
                 lambda t: self._use(result, t) if result.token == self._token else None,
                 lambda e: self._on_transcription_error(result.token, e), owner=self)

    def _decode(self, transcriber: Transcriber, pcm: bytes) -> Transcript:
        """One-shot decode (any thread); our own recogniser (the streaming kind) also takes the context."""
        if self._context and isinstance(transcriber, StreamingTranscriber):
            return transcriber.transcribe_pcm(pcm, 16000, self._context)  # type: ignore[attr-defined, no-any-return]
        return transcriber.transcribe_pcm(pcm, 16000)

    def _use(self, result: CaptureResult, transcript: Transcript | None) -> None:
        if transcript is None:
            self._transcribe(result)  # the early attempt failed: try once more with the final audio
            return
        self._token, self._early = None, None
        if not transcript.text.strip():
            self.missed.emit(result.token, "No words could be made out. Talk again a little louder, or type your reply.")
            return
        log.debug("heard %.2f s after the end of speech", time.monotonic() - result.speech_end_at)
        start = None if result.speech_start_s is None else self._started_at - result.lead_s + result.speech_start_s
        self.heard.emit(Heard(result.token, transcript, result.audio_file, start,
                              result.speech_end_at, len(result.pcm) / 2 / result.sample_rate))

    def _on_transcription_error(self, token: int, error: BaseException) -> None:
        if token == self._token:
            self._token = None
            log.error("transcription failed: %r", error)
            if isinstance(error, RecognitionFailed):
                self.missed.emit(token, "Your reply could not be made out reliably. Type it below, or talk again.")
                return
            self.missed.emit(token, f"The reply could not be transcribed ({error}). Type it instead.")

    def _on_failed(self, token: object, message: str) -> None:
        if token == self._token or token is None:
            self._token = None
            self.failed.emit(token, message)
