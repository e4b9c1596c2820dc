"""Renders every counterpart line of the opened scenario into the cache, one line at a time, in the background."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.engines import Persona, Synthesiser
from trainer.scenarios.model import END, Scenario
from trainer.speech.tts_cache import find_cached
from ui.controllers.voice import voiced
from ui.settings import Settings
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


def lines_in_order(scenario: Scenario) -> list[str]:
    """Every counterpart line, turns nearest the start first (the order the learner is likely to meet them)."""
    seen, order, queue = {scenario.start}, [], deque([scenario.start])
    while queue:
        turn = scenario.turns[queue.popleft()]
        order.extend(turn.lines)
        for branch in turn.branches:
            if branch.goto != END and branch.goto not in seen and branch.goto in scenario.turns:
                seen.add(branch.goto)
                queue.append(branch.goto)
    return order


class Prerenderer(QObject):
    """Keeps at most one pre-render job on the speech thread, so a line the learner waits for is never far back."""

    rendered = Signal(int, int)  # lines ready, lines planned

    def __init__(self, tts: SerialWorker[Synthesiser], settings: Settings, cache_dir: Path,
                 waiting: threading.Event | None = None, parent: QObject | None = None) -> None:
        """waiting: set while a line the learner waits for is queued (the job in hand stops at its next sentence)."""
        super().__init__(parent)
        self._tts, self._settings, self._cache = tts, settings, cache_dir
        self._waiting = waiting or threading.Event()
        self._todo: deque[tuple[str, Persona]] = deque()
        self._busy = False
        self._held = False  # the learner is speaking or being transcribed: leave the CPU to the recogniser
        self._planned = self._ready = 0

    def hold(self, held: bool) -> None:
        """Pause (True) or resume (False) between lines."""
        self._held = held
        if not held:
            self._next()

    def scenario(self, scenario: Scenario, persona: Persona | None) -> None:
        """Render all of this scenario's lines (what was queued for another scenario is dropped)."""
        self._todo.clear()
        if persona is None or not self._settings.voice_on:
            return
        self._todo.extend((line, persona) for line in dict.fromkeys(lines_in_order(scenario)))
        self._planned, self._ready = len(self._todo), 0
        self._next()

    def warm(self, personas: list[Persona]) -> None:
        """Load the natural engines these personas use, in the background (after the window is shown)."""
        if self._settings.voice_on and self._settings.voice_engine == "natural":
            for persona in personas:
                self._tts.submit(lambda synth, p=persona: getattr(synth, "warm", lambda _p: "")(p))

    @property
    def idle(self) -> bool:
        """True when nothing is queued or rendering."""
        return not self._busy and not self._todo

    def _next(self) -> None:
        while self._todo and not self._busy and not self._held:
            text, persona = self._todo.popleft()
            speaker = voiced(persona, self._settings)
            if find_cached(self._cache, text, speaker) is not None:
                self._count()
                continue
            self._busy = True
            self._tts.submit(lambda synth, t=text, p=speaker, stop=self._waiting.is_set: _prerender(synth, t, p, stop),
                             lambda result, t=text, p=persona: self._done(result, t, p), self._failed)

    def _done(self, result: object, text: str = "", persona: Persona | None = None) -> None:
        self._busy = False
        if result is None and persona is not None:  # it gave way to a line the learner waits for: again later
            self._todo.appendleft((text, persona))
        else:
            self._count()
        self._next()

    def _failed(self, error: BaseException) -> None:
        log.warning("pre-rendering a line failed: %s", error)
        self._done(None)

    def _count(self) -> None:
        self._ready += 1
        self.rendered.emit(self._ready, self._planned)


def _prerender(synth: Synthesiser, text: str, persona: Persona, stop: Callable[[], bool]) -> bool | None:
    """Fill the cache with the line (a synthesiser without a cache has nothing to fill)."""
    prerender = getattr(synth, "prerender", None)
    if prerender is None:
        return False
    return prerender(text, persona, stop)  # type: ignore[no-any-return]
