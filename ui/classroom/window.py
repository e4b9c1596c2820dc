"""The classroom screen (Roster, Class session, Calibration, Summary), its assembler, and a window around it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from ui.classroom.insight_views import CalibrationView, SummaryView
from ui.classroom.insights import InsightsController
from ui.classroom.roster import RosterController
from ui.classroom.roster_view import RosterView
from ui.classroom.session import ClassSessionController
from ui.classroom.session_view import ClassSessionView
from ui.collector import GuiThreadCollector
from ui.controllers.startup import Startup
from ui.runtime import Runtime, start_runtime
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.tasks import run_task
from ui.views.widgets import label

log = logging.getLogger(__name__)


class ClassroomView(QWidget):
    """Four tabs under a banner for problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        self.banner = label("", "error", selectable=True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.roster, self.session = RosterView(), ClassSessionView()
        self.calibration, self.summary = CalibrationView(), SummaryView()
        for page, title in ((self.roster, "Roster"), (self.session, "Class session"),
                            (self.calibration, "Calibration"), (self.summary, "Summary")):
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 12, 0, 0)
            box.addWidget(page)
            self.tabs.addTab(holder, title)
        layout.addWidget(self.tabs, 1)

    def show_tab(self, name: str) -> None:
        """Roster, Class session, Calibration or Summary."""
        pages = {"roster": 0, "session": 1, "calibration": 2, "summary": 3}
        self.tabs.setCurrentIndex(pages[name])

    def show_error(self, text: str) -> None:
        """A problem for the trainer ('' hides it)."""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))


class ClassroomController(QObject):
    """Builds and wires the classroom's controllers on a runtime (its own, or the main window's)."""

    def __init__(self, view: ClassroomView, services: Services, settings: Settings, runtime: Runtime,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.roster = RosterController(view.roster, runtime.db, self)
        self.session = ClassSessionController(view.session, services, settings, runtime, self)
        self.insights = InsightsController(view.calibration, view.summary, runtime.db, self)
        self.roster.changed.connect(self.session.set_roster)
        self.roster.changed.connect(self.insights.set_roster)
        self.session.presence.connect(self.roster.show)
        self.session.started.connect(self.insights.set_session)
        self.session.attempt_saved.connect(lambda _id: self.insights.refresh())
        self.session.review.reviewed.connect(lambda _id: self.insights.refresh())
        self.session.error.connect(view.show_error)
        runtime.db.unavailable.connect(lambda why: view.show_error(f"The progress database cannot be used: {why}"))
        view.tabs.currentChanged.connect(self._on_tab)
        self.roster.load()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The scenario library has loaded."""
        self.session.set_catalogue(catalogue)
        self.insights.set_catalogue(catalogue)

    def set_recogniser(self, state: str) -> None:
        """'ready' once the listener has a transcriber; 'loading'; or why speech is unavailable."""
        self.session.set_recogniser(state)

    def _on_tab(self, index: int) -> None:
        if index >= 2:
            self.insights.refresh()

    def shutdown(self) -> None:
        """End the class session (queued before the database thread stops); stop clocks; close the projector."""
        self.session.shutdown()


class ClassroomWindow(QMainWindow):
    """The trainer's window. With no runtime it starts (and on close stops) its own workers."""

    def __init__(self, services: Services, settings: Settings, runtime: Runtime | None = None,
                 catalogue: Catalogue | None = None, recogniser: str = "loading") -> None:
        super().__init__()
        self.setWindowTitle("Pushback: classroom")
        self._owns_runtime = runtime is None
        # on its own, collect garbage on the GUI thread only, as the main window does (see ui/collector.py)
        self.collector = GuiThreadCollector(self) if self._owns_runtime else None
        self.runtime = runtime or start_runtime(services, settings, self)
        self.view = ClassroomView()
        self.setCentralWidget(self.view)
        self.controller = ClassroomController(self.view, services, settings, self.runtime, self)
        self.startup: Startup | None = None
        if self._owns_runtime:
            self._start_up(services)
        else:
            self.controller.set_recogniser(recogniser)
            if catalogue is not None:
                self.controller.set_catalogue(catalogue)
            else:
                run_task(services.load_catalogue, self.controller.set_catalogue, owner=self)
        self._shut = False

    def _start_up(self, services: Services) -> None:
        self.startup = Startup(services, self)
        self.startup.catalogue.connect(self.controller.set_catalogue)
        self.startup.recogniser.connect(self._on_recogniser)
        self.startup.recogniser_failed.connect(self.controller.set_recogniser)
        self.startup.begin()

    def _on_recogniser(self, transcriber: object) -> None:
        self.runtime.set_transcriber(transcriber)  # type: ignore[arg-type]
        self.controller.set_recogniser("ready")

    def fit_screen(self) -> None:
        """A comfortable size on the current screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen else None
        self.resize(min(1280, free.width()) if free else 1280, min(820, free.height()) if free else 820)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    @property
    def is_shut(self) -> bool:
        """Closed for good (a new window is needed for the next class)."""
        return self._shut

    def shutdown(self) -> bool:
        """End the class session, close the projector, and stop the workers this window started; safe twice."""
        if self._shut:
            return True
        self._shut = True
        self.controller.shutdown()
        if self.startup is not None:
            self.startup.stop()
        stopped = self.runtime.stop() if self._owns_runtime else True
        if self.collector is not None:
            self.collector.stop()
        return stopped
