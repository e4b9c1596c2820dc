"""run_task: a function on the thread pool, its result or error back on the GUI thread by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


def log_error(error: BaseException) -> None:
    """The default error handler: log it (a task must never fail silently)."""
    log.error("background task failed: %r", error, exc_info=error)


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits, Qt queues, the slots call back there."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: OnDone, on_error: OnError, owner: QObject) -> None:
        super().__init__(owner)  # owned by Qt: it outlives the Python call, dies with its owner
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self.deleteLater()
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        self.deleteLater()
        self._on_error(error if isinstance(error, BaseException) else RuntimeError(str(error)))


class _Task(QRunnable):
    """Runs fn once on a pool thread and reports through the relay."""

    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        """Call fn and report its result or error."""
        try:
            result = self._fn()
        except BaseException as error:  # reported, never swallowed: the GUI decides what to show
            self._emit(self._relay.failed, error)
        else:
            self._emit(self._relay.done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the owner was deleted while we ran: nobody is waiting any more
            log.debug("task result dropped: its owner is gone")


def run_task(
    fn: Callable[[], Any],
    on_done: OnDone,
    on_error: OnError = log_error,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run fn on the pool; on_done(result) or on_error(exception) runs later on the GUI thread.

    When owner (default: the application) is deleted first, the callbacks are dropped.
    """
    parent = owner if owner is not None else QCoreApplication.instance()
    if parent is None:
        raise RuntimeError("run_task needs a QCoreApplication")
    relay = _Relay(on_done, on_error, parent)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))
