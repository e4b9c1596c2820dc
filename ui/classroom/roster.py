"""The roster controller: classes and learners read and written on the database thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from trainer.classroom import ImportResult
from trainer.storage.progress import ProgressStore
from ui.classroom import jobs
from ui.classroom.jobs import RosterState
from ui.classroom.roster_view import RosterView
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


class RosterController(QObject):
    """Wires the Roster tab; `changed(RosterState)` whenever the chosen class or its members change."""

    changed = Signal(object)  # RosterState
    imported = Signal(object)  # ImportResult

    def __init__(self, view: RosterView, db: SerialWorker[ProgressStore], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._db = view, db
        self.state = RosterState([], None, [])
        view.class_chosen.connect(self.choose)
        view.create_class.connect(lambda name: self._job(lambda s: jobs.create_class(s, name)))
        view.add_learner.connect(self.add)
        view.import_csv.connect(self.import_csv)
        view.present_changed.connect(self.set_present)

    def load(self) -> None:
        """Read the classes (the first is chosen)."""
        self._job(lambda store: jobs.roster_state(store, self.state.class_id))

    def choose(self, class_id: int) -> None:
        """Show another class."""
        self._job(lambda store: jobs.roster_state(store, class_id))

    def add(self, name: str, email: str, team: str) -> None:
        """Add a learner to the chosen class."""
        class_id = self.state.class_id
        if class_id is not None:
            self._job(lambda store: jobs.add_learner(store, class_id, name, email, team))

    def import_csv(self, path: Path) -> None:
        """Add learners from a CSV; lines it cannot use are listed as FILE:LINE: reason."""
        class_id = self.state.class_id
        if class_id is None:
            return
        self._db.submit(lambda store: jobs.import_roster(store, class_id, Path(path)), self._on_imported, self._failed)

    def set_present(self, learner_id: int, present: bool) -> None:
        """Mark a learner of the chosen class present or absent."""
        class_id = self.state.class_id
        if class_id is not None:
            self._job(lambda store: jobs.set_present(store, class_id, learner_id, present))

    def show(self, state: RosterState) -> None:
        """Show a state read elsewhere (the hot seat marked someone absent)."""
        self._show(state)

    def _job(self, fn: Callable[[ProgressStore], Any]) -> None:
        self._db.submit(fn, self._show, self._failed)

    def _show(self, state: RosterState) -> None:
        self.state = state
        self.view.show_classes(state.classes, state.class_id)
        self.view.show_members(state.class_name, state.members)
        self.changed.emit(state)

    def _on_imported(self, out: tuple[RosterState, ImportResult]) -> None:
        state, result = out
        self._show(state)
        self.view.show_problems(result.problems, len(result.added))
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        log.error("roster change failed: %r", error)
        self.view.show_problems([str(error) or type(error).__name__])
