"""The capture thread: a microphone feeds the EndpointDetector; events and the reply come back by signal."""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from trainer.engines import TranscriptionStream
from trainer.speech.capture import ReplyFeeder
from trainer.speech.endpoint import EndpointConfig, EndpointDetector, EndReason, EventKind, default_voice_activity
from trainer.speech.wav import write_wav
from ui.audio import Microphone, MicrophoneFactory

log = logging.getLogger(__name__)

LEVEL_FLOOR_DB = -60.0
SILENT_INPUT_S = 4.0  # a microphone that delivers nothing for this long is treated as broken
PRE_ROLL_S = 0.3  # audio from just before talk was pressed, so a word begun with the press is kept


@dataclass(frozen=True)
class CaptureRequest:
    """One reply to record."""

    token: int
    config: EndpointConfig
    audio_dir: Path  # where the reply's WAV is written
    stream: TranscriptionStream | None = None  # fed the reply as it is recorded (recognition while speaking)


@dataclass(frozen=True)
class CaptureResult:
    """A finished recording: the speech with margins and when it ended."""

    token: int
    pcm: bytes
    sample_rate: int
    reason: EndReason
    speech_start_s: float | None  # seconds from the start of the audio analysed to the first speech
    audio_file: Path | None
    speech_end_at: float  # time.monotonic() of the end of speech (for latency figures)
    lead_s: float = 0.0  # audio from before talk was pressed at the start of what was analysed

    @property
    def heard_speech(self) -> bool:
        """True when the recording holds speech."""
        return bool(self.pcm)


def level_fraction(rms_dbfs: float) -> float:
    """A meter position 0..1 for an RMS level (-60 dBFS and below read as empty)."""
    if math.isnan(rms_dbfs):
        return 0.0
    return min(1.0, max(0.0, (rms_dbfs - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB))


class CaptureWorker(QObject):
    """Lives on the capture thread; the microphone is created and driven there.

    Audio servers can take a second or two to deliver the first samples of a new stream (measured:
    ~1.8 s with PulseAudio), so while a reply is expected the stream is kept open ("warm") and the
    last PRE_ROLL_S of it is fed to the detector when talking starts: the first word is never lost.
    """

    level = Signal(object, float)  # token, 0..1
    speech_started = Signal(object)
    probable_end = Signal(object, object)  # token, the reply PCM so far (transcribe it early)
    resumed = Signal(object)
    ended = Signal(object)  # CaptureResult
    failed = Signal(object, str)  # token (None while only warm), why the microphone cannot be used

    def __init__(self, factory: MicrophoneFactory) -> None:
        super().__init__()
        self._factory = factory
        self._mic: Microphone | None = None
        self._detector: EndpointDetector | None = None
        self._feeder: ReplyFeeder | None = None
        self._request: CaptureRequest | None = None
        self._watchdog: QTimer | None = None
        self._warm = False
        self._pre_roll: deque[bytes] = deque()
        self._lead_s = 0.0
        self._last_level_at = 0.0

    @Slot(bool)
    def keep_warm(self, warm: bool) -> None:
        """Keep the stream open between replies (True) or close it when no reply is recording (False)."""
        self._warm = warm
        if warm and self._mic is None:
            self._open()
        elif not warm and self._request is None:
            self._release()

    @Slot(object)
    def begin(self, request: CaptureRequest) -> None:
        """Start recording one reply (anything running is cancelled first)."""
        self.cancel(None)
        self._request = request
        self._detector = EndpointDetector(request.config, default_voice_activity())
        stream = request.stream
        self._feeder = ReplyFeeder(self._detector, stream.feed) if stream is not None else None
        if self._mic is None and not self._open():
            return
        self._arm_watchdog()
        pre_roll, self._pre_roll = b"".join(self._pre_roll), deque()
        self._lead_s = len(pre_roll) / 2 / request.config.sample_rate
        if pre_roll:
            self._on_chunk(pre_roll)

    @Slot(object)
    def finish(self, token: object) -> None:
        """End the reply now (talk released): what was said so far is the reply."""
        if self._request is not None and self._request.token == token and self._detector is not None:
            self._handle(self._detector.stop())

    @Slot(object)
    def cancel(self, token: object) -> None:
        """Drop the recording without a result (token None: whatever is running)."""
        if self._request is not None and (token is None or self._request.token == token):
            self._done_recording()

    @Slot()
    def halt(self) -> None:
        """Release the microphone and timers before the thread ends."""
        self._warm = False
        self._done_recording()
        self._release()
        app = QCoreApplication.instance()
        if app is not None:  # hand the worker back, so the GUI thread can delete it after the join
            self.moveToThread(app.thread())

    def _open(self) -> bool:
        try:
            self._mic = self._factory()
        except Exception as error:  # a broken audio stack must not take the app down
            self._fail(f"The microphone could not be opened: {error}")
            return False
        self._mic.chunk.connect(self._on_chunk)
        self._mic.failed.connect(self._fail)
        self._mic.start()
        return self._mic is not None

    def _arm_watchdog(self) -> None:
        if self._watchdog is None:
            self._watchdog = QTimer(self)
            self._watchdog.setSingleShot(True)
            self._watchdog.timeout.connect(self._on_silent_input)
        self._watchdog.start(round(SILENT_INPUT_S * 1000))

    @Slot(object)
    def _on_chunk(self, pcm: object) -> None:
        data = bytes(pcm)  # type: ignore[call-overload]
        if self._detector is None or self._request is None:
            self._keep_pre_roll(data)
            return
        self._arm_watchdog()
        events = self._detector.feed(data)
        if self._feeder is not None:
            self._feeder.update()
        now = time.monotonic()
        if now - self._last_level_at >= 0.04:  # ~25 meter updates a second are plenty
            self._last_level_at = now
            self.level.emit(self._request.token, level_fraction(self._detector.level.rms_dbfs))
        self._handle(events)

    def _keep_pre_roll(self, data: bytes) -> None:
        self._pre_roll.append(data)
        limit = round(PRE_ROLL_S * 16000) * 2
        while sum(len(c) for c in self._pre_roll) - len(self._pre_roll[0]) >= limit:
            self._pre_roll.popleft()

    def _handle(self, events: list) -> None:  # type: ignore[type-arg]
        request, detector = self._request, self._detector
        if request is None or detector is None:
            return
        for event in events:
            if event.kind is EventKind.SPEECH_STARTED:
                self.speech_started.emit(request.token)
            elif event.kind is EventKind.PROBABLE_END:
                self.probable_end.emit(request.token, detector.reply_pcm())
            elif event.kind is EventKind.SPEECH_RESUMED:
                self.resumed.emit(request.token)
            elif event.kind is EventKind.ENDED:
                self._complete(request, detector, event.reason or EndReason.STOPPED, event.latency_s)

    def _complete(self, request: CaptureRequest, detector: EndpointDetector, reason: EndReason, waited_s: float) -> None:
        speech_end_at = time.monotonic() - max(0.0, waited_s)
        self._done_recording()
        pcm = detector.reply_pcm()
        audio_file = None
        if pcm:
            try:
                audio_file = write_wav(request.audio_dir / f"{uuid.uuid4().hex}.wav", pcm, request.config.sample_rate)
            except OSError:
                log.exception("could not keep the recorded reply")
        self.ended.emit(CaptureResult(request.token, pcm, request.config.sample_rate, reason,
                                      detector.speech_start_s, audio_file, speech_end_at, self._lead_s))

    @Slot(str)
    def _fail(self, message: str) -> None:
        token = self._request.token if self._request else None
        self._warm = False
        self._done_recording()
        self._release()
        self.failed.emit(token, message)

    @Slot()
    def _on_silent_input(self) -> None:
        self._fail("The microphone delivers no audio (is it muted or in use by another program?)")

    def _done_recording(self) -> None:
        """The reply is over: stop analysing; close the stream unless it is kept warm."""
        self._request, self._detector, self._feeder = None, None, None
        if self._watchdog is not None:
            self._watchdog.stop()
        if not self._warm:
            self._release()

    def _release(self) -> None:
        mic, self._mic = self._mic, None
        self._pre_roll.clear()
        if mic is not None:
            mic.chunk.disconnect(self._on_chunk)
            mic.failed.disconnect(self._fail)
            mic.stop()
            if isinstance(mic, QObject):
                mic.deleteLater()


class CaptureThread(QObject):
    """The GUI side: owns the thread and forwards requests to the worker living on it."""

    _begin = Signal(object)
    _finish = Signal(object)
    _cancel = Signal(object)
    _halt = Signal()
    _warm = Signal(bool)

    def __init__(self, factory: MicrophoneFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("pushback-capture")
        self.worker = CaptureWorker(factory)
        self.worker.moveToThread(self._thread)
        self._begin.connect(self.worker.begin)
        self._finish.connect(self.worker.finish)
        self._cancel.connect(self.worker.cancel)
        self._warm.connect(self.worker.keep_warm)
        self._halt.connect(self.worker.halt, Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.start()

    @property
    def running(self) -> bool:
        """True until stop() has ended the thread."""
        return self._thread.isRunning()

    def begin(self, request: CaptureRequest) -> None:
        """Record one reply on the capture thread."""
        self._begin.emit(request)

    def finish(self, token: int) -> None:
        """End the reply now."""
        self._finish.emit(token)

    def cancel(self, token: int | None = None) -> None:
        """Drop a recording (None: whatever runs)."""
        self._cancel.emit(token)

    def keep_warm(self, warm: bool) -> None:
        """Keep the stream open between replies, or not."""
        self._warm.emit(warm)

    def stop(self) -> None:
        """Release the microphone on its own thread, then end the thread."""
        if not self._thread.isRunning():
            return
        self._halt.emit()
        self._thread.quit()
        self._thread.wait(5000)
        # Delete the worker (and its timer) here, on the GUI thread it was handed back to: left to the
        # garbage collector, it could be deleted on whatever thread happens to collect, and crash.
        shiboken6.delete(self.worker)
