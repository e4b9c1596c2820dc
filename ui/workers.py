"""A long-lived thread that owns one resource (the SQLite connection, the TTS engine) and runs jobs in order."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from ui.tasks import OnDone, OnError, log_error

log = logging.getLogger(__name__)
R = TypeVar("R")


@dataclass
class _Job:
    """One call to make on the worker thread."""

    id: int
    fn: Callable[[Any], Any]


class SerialWorker(QObject, Generic[R]):
    """Opens its resource on its own thread; every job runs there, one at a time; results come back by signal."""

    ready = Signal()
    unavailable = Signal(str)  # opening the resource failed: the reason, for the learner
    _result = Signal(object, object)  # job id, result (object: ids and results may not fit a C int)
    _failure = Signal(object, object)
    _opened = Signal(object)  # None, or the reason it could not be opened

    def __init__(self, name: str, open_resource: Callable[[], R], close_resource: Callable[[R], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._open = open_resource
        self._close = close_resource
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._callbacks: dict[int, tuple[OnDone, OnError]] = {}
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.problem: str | None = None
        self.is_ready = False
        self._result.connect(self._deliver)
        self._failure.connect(self._deliver_failure)
        self._opened.connect(self._on_opened)

    @property
    def running(self) -> bool:
        """True while the thread runs."""
        return self._thread.is_alive()

    def start(self) -> None:
        """Start the thread; it opens the resource first (ready or unavailable follows)."""
        self._thread.start()

    def submit(self, fn: Callable[[R], Any], on_done: OnDone | None = None, on_error: OnError = log_error) -> None:
        """Queue fn(resource); on_done(result) / on_error(exception) run on the GUI thread."""
        job = _Job(next(self._ids), fn)
        self._callbacks[job.id] = (on_done or (lambda _result: None), on_error)
        self._jobs.put(job)

    def stop(self, timeout_s: float = 10.0) -> bool:
        """Finish the queued jobs, close the resource, end the thread; True when it has ended."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout_s)
        elif self._thread.ident is None:
            self._callbacks.clear()
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            resource = self._open()
        except Exception as error:
            self._opened.emit(str(error) or repr(error))
            self._drain(error)
            return
        self._opened.emit(None)
        try:
            while (job := self._jobs.get()) is not None:
                self._call(job, resource)
        finally:
            try:
                self._close(resource)
            except Exception:
                log.exception("%s: closing its resource failed", self._name)

    def _call(self, job: _Job, resource: R) -> None:
        try:
            result = job.fn(resource)
        except Exception as error:
            self._failure.emit(job.id, error)
        else:
            self._result.emit(job.id, result)

    def _drain(self, error: Exception) -> None:
        """Without a resource every job fails with the reason it could not be opened."""
        while (job := self._jobs.get()) is not None:
            self._failure.emit(job.id, error)

    @Slot(object)
    def _on_opened(self, problem: object) -> None:
        if problem is None:
            self.is_ready = True
            self.ready.emit()
        else:
            self.problem = str(problem)
            self.unavailable.emit(self.problem)

    @Slot(object, object)
    def _deliver(self, job_id: object, result: object) -> None:
        callbacks = self._callbacks.pop(int(job_id), None)  # type: ignore[call-overload]
        if callbacks:
            callbacks[0](result)

    @Slot(object, object)
    def _deliver_failure(self, job_id: object, error: object) -> None:
        callbacks = self._callbacks.pop(int(job_id), None)  # type: ignore[call-overload]
        if callbacks:
            callbacks[1](error if isinstance(error, BaseException) else RuntimeError(str(error)))
