"""The hardware edge: QtMicrophone (QAudioSource, 16 kHz mono Int16) and QtSpeaker (QMediaPlayer)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QIODevice, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioOutput,
    QAudioSource,
    QMediaDevices,
    QMediaPlayer,
    QtAudio,
)

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
NO_MICROPHONE = "No microphone was found"


class Microphone(Protocol):
    """What the capture thread needs from an input: chunks of 16 kHz mono Int16 PCM, or a failure."""

    chunk: Signal  # bytes
    failed: Signal  # str: why recording cannot go on

    def start(self) -> None:
        """Start delivering chunks."""

    def stop(self) -> None:
        """Stop and release the device."""


MicrophoneFactory = Callable[[], Microphone]  # called on the capture thread, once per reply


class Speaker(Protocol):
    """Plays WAV files; `finished` when one ends, `failed` when it cannot play."""

    finished: Signal
    failed: Signal  # str

    def play(self, path: Path) -> None:
        """Play a WAV file from its start."""

    def stop(self) -> None:
        """Stop playing."""


def capture_format() -> QAudioFormat:
    """16 kHz, mono, signed 16-bit: what the endpoint detector and the recogniser take."""
    fmt = QAudioFormat()
    fmt.setSampleRate(SAMPLE_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


def input_devices() -> list[tuple[str, str]]:
    """(id, description) of every microphone the system offers."""
    return [(bytes(d.id().data()).decode(errors="replace"), d.description()) for d in QMediaDevices.audioInputs()]


def find_input(device_id: str) -> QAudioDevice:
    """The chosen microphone, else the system default (a null device when there is none)."""
    for device in QMediaDevices.audioInputs():
        if device_id and bytes(device.id().data()).decode(errors="replace") == device_id:
            return device
    return QMediaDevices.defaultAudioInput()


def microphone_problem(device_id: str) -> str | None:
    """Why recording cannot work with this choice, or None when a usable microphone exists."""
    device = find_input(device_id)
    if device.isNull():
        return f"{NO_MICROPHONE} (is one plugged in, and is the sound server running?)"
    if not device.isFormatSupported(capture_format()):
        return f"The microphone '{device.description()}' cannot record 16 kHz mono audio"
    return None


class QtMicrophone(QObject):
    """QAudioSource in push mode; create, start and stop it on the one thread that owns it."""

    chunk = Signal(object)
    failed = Signal(str)

    def __init__(self, device: QAudioDevice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device = device
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None

    def start(self) -> None:
        """Open the device; an absent device or OpenError is reported by `failed`, not raised."""
        if self._device.isNull():
            QTimer.singleShot(0, self, lambda: self.failed.emit(NO_MICROPHONE))
            return
        self._source = QAudioSource(self._device, capture_format())
        self._source.setBufferSize(SAMPLE_RATE * 2 // 5)  # 200 ms: no dropouts while the GUI is busy
        self._source.stateChanged.connect(self._on_state)
        self._io = self._source.start()
        if self._io is None or self._source.error() != QtAudio.Error.NoError:
            self._report(self._source.error())
            return
        self._io.readyRead.connect(self._on_ready)

    def stop(self) -> None:
        """Stop recording and release the device (on the owning thread)."""
        source, self._source, self._io = self._source, None, None
        if source is not None:
            source.stateChanged.disconnect(self._on_state)
            source.stop()
            source.deleteLater()

    @Slot()
    def _on_ready(self) -> None:
        if self._io is not None:
            data = bytes(self._io.readAll().data())
            if data:
                self.chunk.emit(data)

    @Slot(QtAudio.State)
    def _on_state(self, _state: QtAudio.State) -> None:
        if self._source is not None and self._source.error() != QtAudio.Error.NoError:
            self._report(self._source.error())

    def _report(self, error: QtAudio.Error) -> None:
        reasons = {
            QtAudio.Error.OpenError: "The microphone could not be opened (no device, or the sound server is not running)",
            QtAudio.Error.IOError: "The microphone stopped delivering audio",
            QtAudio.Error.UnderrunError: "The microphone stopped delivering audio",
            QtAudio.Error.FatalError: "The audio system failed",
        }
        self.stop()
        self.failed.emit(reasons.get(error, f"The microphone failed ({error.name})"))


class QtSpeaker(QObject):
    """QMediaPlayer + QAudioOutput playing one WAV at a time on the GUI thread."""

    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._output = QAudioOutput(self)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)
        self.played: list[Path] = []

    @property
    def has_device(self) -> bool:
        """False when there is no speaker to play to (playback would end silently)."""
        return not QMediaDevices.defaultAudioOutput().isNull()

    @property
    def playing(self) -> bool:
        """True while something is playing."""
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def play(self, path: Path) -> None:
        """Play a WAV from its start, stopping whatever was playing."""
        self._player.stop()
        self.played.append(path)
        self._output.setDevice(QMediaDevices.defaultAudioOutput())
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def stop(self) -> None:
        """Stop playing (no `finished` follows)."""
        self._player.stop()
        self._player.setSource(QUrl())

    @Slot(QMediaPlayer.MediaStatus)
    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.finished.emit()

    @Slot(QMediaPlayer.Error, str)
    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.failed.emit(message or error.name)


class PartQueue:
    """The sentences of one line played in order as they arrive: the next starts when the last one ends."""

    def __init__(self, speaker: Speaker) -> None:
        self._speaker = speaker
        self._pending: list[Path] = []
        self._open = False  # more sentences may still come
        self.playing = False

    def begin(self) -> None:
        """A new line: forget the old one's sentences; more will come until close()."""
        self._pending, self._open, self.playing = [], True, False

    def add(self, path: Path) -> bool:
        """Queue a sentence; True when it started playing at once (the first one)."""
        if self.playing:
            self._pending.append(path)
            return False
        self.playing = True
        self._speaker.play(path)
        return True

    def close(self) -> bool:
        """No more sentences will come; True when the line has already been heard to its end."""
        self._open = False
        return not self.playing

    def next(self) -> bool:
        """The speaker finished a sentence: play the next one; True when the whole line has been heard."""
        if self._pending:
            self._speaker.play(self._pending.pop(0))
            return False
        self.playing = False
        return not self._open
