"""Python's garbage collector run on the GUI thread only.

A cycle holding a Qt object can otherwise be collected on whichever thread happens to allocate (a pool
thread loading scenarios, say), deleting the object there; Qt objects must die on their own thread, and
a timer deleted from another thread crashes the process (seen in tests: a segfault in "Garbage-collecting"
on a pool thread). So automatic collection is off while a window lives, and a timer collects here.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a GUI-thread timer instead, until stopped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> None:
        """Collect the generations whose thresholds have been passed, as the automatic collector would."""
        counts, limits = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > limits[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Collect once more, then hand collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
