"""The per-turn countdown: ticks a few times a second, reports when the time is up."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal


class TurnTimer(QObject):
    """Counts down from a number of seconds; `tick(remaining)` while running, `expired` once at zero."""

    tick = Signal(float)
    expired = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.total = 0
        self._deadline = 0.0
        self._left = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def active(self) -> bool:
        """True while counting down."""
        return self._timer.isActive()

    @property
    def remaining(self) -> float:
        """Seconds left."""
        return max(0.0, self._deadline - time.monotonic()) if self.active else self._left

    def reset(self, seconds: int) -> None:
        """Stop and show the full time again (0: no timer)."""
        self._timer.stop()
        self.total = max(0, seconds)
        self._left = float(self.total)
        self.tick.emit(self._left)

    def start(self) -> None:
        """Run from what is left (nothing happens without a timer or with no time left)."""
        if self.total <= 0 or self.active or self._left <= 0:
            return
        self._deadline = time.monotonic() + self._left
        self._timer.start()

    def stop(self) -> None:
        """Pause where it is."""
        if self.active:
            self._left = self.remaining
            self._timer.stop()

    def _on_timeout(self) -> None:
        left = max(0.0, self._deadline - time.monotonic())
        self.tick.emit(left)
        if left <= 0:
            self._left = 0.0
            self._timer.stop()
            self.expired.emit()
