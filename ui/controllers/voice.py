"""The counterpart's voice: a cached line plays at once; a new one streams sentence by sentence; replayable."""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from trainer.engines import Persona, Synthesiser
from trainer.speech.tts_cache import find_cached
from ui.audio import PartQueue, Speaker
from ui.settings import Settings
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


def persona_at_rate(persona: Persona, rate_percent: int, engine: str = "natural") -> Persona:
    """The persona at the learner's share of its own pace, with its natural voice unless classic is chosen."""
    natural = persona.natural if engine == "natural" else None
    if natural is not None:
        natural = dataclasses.replace(natural, speed=round(natural.speed * rate_percent / 100, 3))
    return dataclasses.replace(persona, rate_wpm=max(80, round(persona.rate_wpm * rate_percent / 100)), natural=natural)


def voiced(persona: Persona, settings: Settings) -> Persona:
    """The persona as the learner's settings make it speak."""
    return persona_at_rate(persona, settings.speaking_rate, settings.voice_engine)


def render_line(synth: Any, text: str, persona: Persona, parts_dir: Path, on_part: Any) -> tuple[Path, str]:
    """On the speech thread: stream the line's sentences to on_part(path); return the whole line and any notice."""
    stream = getattr(synth, "stream_parts", None)
    if stream is None:  # a plain Synthesiser: the whole line in one piece
        made = Path(synth.synthesise(text, persona, parts_dir / "line.wav"))
        on_part(made)
        return made, ""
    for part in stream(text, persona, parts_dir):
        on_part(part)
    route = synth.route(persona)
    return synth.cache_path(text, persona), route.notice if route else ""


class CounterpartVoice(QObject):
    """Says one line per seq; `done(seq)` when it has been heard (or cannot be)."""

    speaking = Signal(object)  # seq
    done = Signal(object)  # seq
    note = Signal(str)  # a short word on the voice for the learner ("" when all is well)
    _part = Signal(object, object)  # seq, path of the next sentence (from the speech thread)

    def __init__(self, tts: SerialWorker[Synthesiser], speaker: Speaker, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tts = tts
        self._speaker = speaker
        self._settings = settings
        self._queue = PartQueue(speaker)
        self._seq: object = None  # the line being said, until done
        self.last_line: Path | None = None
        self.waiting = threading.Event()  # set while a line the learner waits for is queued: pre-rendering yields
        speaker.finished.connect(self._on_finished)
        speaker.failed.connect(self._on_failed)
        self._part.connect(self._on_part)

    def say(self, text: str, persona: Persona | None, seq: object, cache_dir: Path) -> None:
        """Play a line (at once when cached, else as it is rendered); done(seq) follows in every case."""
        self._speaker.stop()
        self._seq = seq
        self.last_line = None
        self._queue.begin()
        if not self._settings.voice_on or persona is None or self._tts.problem:
            why = "Voice is off (Settings)" if not self._settings.voice_on else self._tts.problem or "No voice for this counterpart"
            self.note.emit(why if self._settings.voice_on else "")
            QTimer.singleShot(0, self, lambda: self._finish(seq))
            return
        speaker = voiced(persona, self._settings)
        self.note.emit("")
        hit = find_cached(cache_dir, text, speaker)
        if hit is not None:
            self._on_part(seq, hit)
            self._on_rendered(seq, (hit, ""))
            return
        self.waiting.set()

        def render(synth: Synthesiser) -> tuple[Path, str]:
            self.waiting.clear()
            return render_line(synth, text, speaker, cache_dir / "stream", lambda p: self._part.emit(seq, p))

        self._tts.submit(render, lambda result: self._on_rendered(seq, result), lambda error: self._unvoiced(seq, error))

    def _on_part(self, seq: object, path: object) -> None:
        if seq != self._seq:
            return
        if self._queue.add(Path(str(path))):
            self.speaking.emit(seq)

    def _on_rendered(self, seq: object, result: object) -> None:
        if seq != self._seq:
            return
        line, notice = result  # type: ignore[misc]
        self.last_line = Path(str(line))
        if notice:
            self.note.emit(f"Classic voice: {notice}")
        if self._queue.close():
            self._finish(seq)

    def _unvoiced(self, seq: object, error: BaseException) -> None:
        log.warning("the counterpart's line could not be voiced: %s", error)
        if seq == self._seq:
            self.note.emit(f"The line could not be voiced ({error}); read it instead")
            self._queue.begin()
            self._speaker.stop()
            self._finish(seq)

    def _on_finished(self) -> None:
        if self._seq is not None and self._queue.next():
            self._finish(self._seq)

    def _on_failed(self, message: str) -> None:
        self.note.emit(f"Playback failed: {message}")
        if self._seq is not None:
            self._queue.begin()
            self._finish(self._seq)

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
