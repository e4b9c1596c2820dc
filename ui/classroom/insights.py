"""Calibration and summary: read on the database thread, shown on their tabs; exports written from the summary."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.storage.progress import ProgressStore
from ui.classroom import jobs
from ui.classroom.insight_views import CalibrationView, SummaryView
from ui.classroom.jobs import CalibrationData, RosterState, SummaryData
from ui.services import Catalogue
from ui.workers import SerialWorker

log = logging.getLogger(__name__)
KINDS = {"csv": "rows of attempts and criteria", "xapi": "xAPI statements", "report": "learners in the report"}


class InsightsController(QObject):
    """Keeps the Calibration and Summary tabs current for the chosen class and the running session."""

    calibrated = Signal(object)  # CalibrationData
    summarised = Signal(object)  # SummaryData
    exported = Signal(str, object, int)  # kind, path, how many
    export_failed = Signal(str, str)  # kind, reason

    def __init__(self, calibration_view: CalibrationView, summary_view: SummaryView, db: SerialWorker[ProgressStore],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calibration_view, self.summary_view, self._db = calibration_view, summary_view, db
        self.class_id: int | None = None
        self.class_session_id: int | None = None  # the running (or last) class session
        self.summary_session_id: int | None = None  # the one shown on the summary
        self.titles: dict[str, str] = {}
        summary_view.session_chosen.connect(self.choose_session)
        summary_view.export.connect(self.export)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Scenario titles for the xAPI export."""
        self.titles = {sid: s.title for sid, s in catalogue.scenarios.scenarios.items()}

    def set_roster(self, state: RosterState) -> None:
        """Follow the class chosen on the roster."""
        if state.class_id != self.class_id:
            self.class_id, self.summary_session_id = state.class_id, None
            self.refresh_summary()

    def set_session(self, class_session_id: int) -> None:
        """A class session started: both tabs follow it."""
        self.class_session_id = self.summary_session_id = class_session_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read both tabs."""
        self.refresh_calibration()
        self.refresh_summary()

    def refresh_calibration(self) -> None:
        """Re-read agreement for the running session and overall."""
        cs_id = self.class_session_id
        self._db.submit(lambda store: jobs.load_calibration(store, cs_id), self._show_calibration, self._failed)

    def refresh_summary(self) -> None:
        """Re-read the grid and trend of the chosen class."""
        class_id, cs_id = self.class_id, self.summary_session_id
        if class_id is None:
            self.summary_view.show_sessions([], None)
            self.summary_view.show_grid({})
            self.summary_view.trend.show_trend([])
            return
        self._db.submit(lambda store: jobs.load_summary(store, class_id, cs_id), self._show_summary, self._failed)

    def choose_session(self, class_session_id: int) -> None:
        """Show another session of the class."""
        self.summary_session_id = class_session_id
        self.refresh_summary()

    def _show_calibration(self, data: CalibrationData) -> None:
        self.calibration_view.show_calibration(data.session, data.overall, self.class_session_id is not None,
                                               data.trust)
        self.calibrated.emit(data)

    def _show_summary(self, data: SummaryData) -> None:
        self.summary_session_id = data.class_session_id
        view = self.summary_view
        view.show_sessions(data.sessions, data.class_session_id)
        view.show_grid(data.grid)
        view.trend.show_trend(data.trend)
        if not data.sessions:
            view.status.setText("No class sessions yet for this class.")
        self.summarised.emit(data)

    def export(self, kind: str, path: Path) -> None:
        """Write the CSV, the xAPI statements or the printable report of the session shown."""
        target, titles, cs_id = Path(path), dict(self.titles), self.summary_session_id
        if kind == "report" and cs_id is None:
            self._export_failed(kind, RuntimeError("choose a class session first"))
            return
        jobs_by_kind = {"csv": lambda store: jobs.export_records_csv(store, target),
                        "xapi": lambda store: jobs.export_statements(store, titles, target),
                        "report": lambda store: jobs.export_report(store, cs_id or 0, target)}
        self._db.submit(jobs_by_kind[kind], lambda n: self._exported(kind, target, int(n)),
                        lambda e: self._export_failed(kind, e))

    def _exported(self, kind: str, path: Path, count: int) -> None:
        self.summary_view.status.setText(f"Wrote {count} {KINDS[kind]} to {path}")
        self.exported.emit(kind, path, count)

    def _export_failed(self, kind: str, error: BaseException) -> None:
        log.error("export %s failed: %r", kind, error)
        self.summary_view.status.setText(f"The export failed: {error}")
        self.export_failed.emit(kind, str(error))

    def _failed(self, error: BaseException) -> None:
        log.error("classroom figures could not be read: %r", error)
        self.summary_view.status.setText(f"The figures could not be read: {error}")
