"""The counterpart's voice: lines synthesised on the speech thread, played on the speaker, replayable."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from trainer.engines import Persona, Synthesiser
from ui.audio import Speaker
from ui.settings import Settings
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


def persona_at_rate(persona: Persona, rate_percent: int) -> Persona:
    """The persona speaking at the learner's chosen share of its own rate."""
    return dataclasses.replace(persona, rate_wpm=max(80, round(persona.rate_wpm * rate_percent / 100)))


class CounterpartVoice(QObject):
    """Says one line per seq; `done(seq)` when it has been heard (or cannot be)."""

    speaking = Signal(object)  # seq
    done = Signal(object)  # seq
    note = Signal(str)  # a short word on the voice for the learner ("" when all is well)

    def __init__(self, tts: SerialWorker[Synthesiser], speaker: Speaker, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tts = tts
        self._speaker = speaker
        self._settings = settings
        self._seq: object = None  # the line being said, until done
        self.last_line: Path | None = None
        speaker.finished.connect(self._on_finished)
        speaker.failed.connect(self._on_failed)

    def say(self, text: str, persona: Persona | None, seq: object, cache_dir: Path) -> None:
        """Synthesise and play a line; done(seq) follows in every case."""
        self._speaker.stop()
        self._seq = seq
        self.last_line = None
        if not self._settings.voice_on or persona is None or self._tts.problem:
            why = "Voice is off (Settings)" if not self._settings.voice_on else self._tts.problem or "No voice for this counterpart"
            self.note.emit(why if self._settings.voice_on else "")
            QTimer.singleShot(0, self, lambda: self._finish(seq))
            return
        voiced = persona_at_rate(persona, self._settings.speaking_rate)
        self.note.emit("")
        self._tts.submit(lambda synth: synth.synthesise(text, voiced, cache_dir / "line.wav"),
                         lambda path: self._play(seq, path), lambda error: self._unvoiced(seq, error))

    def _play(self, seq: object, path: object) -> None:
        if seq != self._seq:
            return
        self.last_line = Path(str(path))
        self.speaking.emit(seq)
        self._speaker.play(self.last_line)

    def _unvoiced(self, seq: object, error: BaseException) -> None:
        log.warning("the counterpart's line could not be voiced: %s", error)
        if seq == self._seq:
            self.note.emit(f"The line could not be voiced ({error}); read it instead")
            self._finish(seq)

    def _on_finished(self) -> None:
        if self._seq is not None:
            self._finish(self._seq)

    def _on_failed(self, message: str) -> None:
        self.note.emit(f"Playback failed: {message}")
        self._on_finished()

    def _finish(self, seq: object) -> None:
        if seq == self._seq:
            self._seq = None
            self.done.emit(seq)

    def replay(self) -> None:
        """Say the last line again (no `done` follows)."""
        if self.last_line is not None:
            self._seq = None
            self._speaker.play(self.last_line)

    def play_file(self, path: Path) -> None:
        """Play any WAV (the learner's recorded reply)."""
        self.stop()
        self._speaker.play(path)

    def stop(self) -> None:
        """Stop speaking; a line cut short is not reported as done."""
        self._seq = None
        self._speaker.stop()
