"""The main window: it only assembles the views, the controllers and the workers, and routes between screens."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from trainer.scenarios import Scenario
from ui.classroom.due import DueList, refresh_due
from ui.collector import GuiThreadCollector
from ui.controllers.practice import PracticeController
from ui.controllers.prerender import Prerenderer
from ui.controllers.progress import ProgressController
from ui.controllers.scenarios import ScenariosController
from ui.controllers.settings import SettingsController
from ui.controllers.solo import SoloPractice
from ui.controllers.startup import Startup
from ui.controllers.talk import TalkControl
from ui.controllers.voice import CounterpartVoice
from ui.controllers.welcome import WelcomeController
from ui.editor.controller import EditorController
from ui.editor.view import EditorView
from ui.runtime import Runtime, start_runtime
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.tasks import run_task
from ui.views.practice_view import PracticeView
from ui.views.progress_view import ProgressView
from ui.views.scenarios_view import ScenariosView
from ui.views.settings_view import SettingsView
from ui.views.sidebar import SCREENS, Sidebar
from ui.views.welcome_view import WelcomeView
from ui.views.widgets import label

if TYPE_CHECKING:
    from ui.classroom.window import ClassroomWindow

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Sidebar + one screen at a time; closing it stops every worker."""

    def __init__(self, services: Services, settings: Settings) -> None:
        super().__init__()
        self.setWindowTitle("Pushback")
        self.services, self.settings = services, settings
        self.collector = GuiThreadCollector(self)
        self.classroom: ClassroomWindow | None = None
        self._reloads = 0  # catalogue reloads asked for; only the newest one's result is shown
        self.runtime: Runtime = start_runtime(services, settings, self)
        self._build_views()
        self._build_controllers()
        self._wire()
        self.startup.begin()
        self.navigate("scenarios" if settings.first_run_done else "welcome")

    def _build_views(self) -> None:
        self.sidebar = Sidebar()
        self.views = {"welcome": WelcomeView(), "scenarios": ScenariosView(), "practice": PracticeView(),
                      "progress": ProgressView(), "settings": SettingsView(), "editor": EditorView()}
        self.due_list = DueList()
        self.views["progress"].add_due(self.due_list)  # type: ignore[attr-defined]
        self.stack = QStackedWidget()
        for view in self.views.values():
            self.stack.addWidget(view)
        self.banner = label("", "error", selectable=True)
        self.banner.hide()
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        root = QWidget()
        row = QHBoxLayout(root)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(main, 1)
        self.setCentralWidget(root)

    def _build_controllers(self) -> None:
        rt, s, svc = self.runtime, self.settings, self.services
        practice_view: PracticeView = self.views["practice"]  # type: ignore[assignment]
        self.startup = Startup(svc, self)
        self.voice = CounterpartVoice(rt.tts, rt.speaker, s, self)
        self.prerender = Prerenderer(rt.tts, s, svc.tts_cache, self.voice.waiting, self)
        self.talk = TalkControl(practice_view.talk, rt.listener, s, self)  # type: ignore[arg-type]
        self.scenarios = ScenariosController(self.views["scenarios"], rt.db, s, self, lambda: svc.now())  # type: ignore[arg-type]
        self.practice = PracticeController(practice_view, svc, rt.db, self.voice, self.talk, parent=self)
        self.solo = SoloPractice(self.practice, practice_view, s, self)
        self.progress = ProgressController(self.views["progress"], svc, s, rt.db, self)  # type: ignore[arg-type]
        self.settings_control = SettingsController(self.views["settings"], svc, s, self, voice=self.voice)  # type: ignore[arg-type]
        self.welcome = WelcomeController(self.views["welcome"], svc, s, rt.tts, rt.speaker, rt.listener, self)  # type: ignore[arg-type]
        self.editor = EditorController(self.views["editor"], svc, s, rt.tts, rt.speaker, self)  # type: ignore[arg-type]
        self.talk.mic_problem = svc.microphone_problem(s.microphone)

    def _wire(self) -> None:
        self.sidebar.chosen.connect(self.navigate)
        for index, (name, _text) in enumerate(SCREENS, start=1):
            QShortcut(QKeySequence(f"Ctrl+{index}"), self).activated.connect(lambda n=name: self.navigate(n))
        self.startup.status.connect(self.sidebar.set_status)
        self.talk.busy.connect(self.prerender.hold)
        self.startup.catalogue.connect(self._on_catalogue)
        self.startup.recogniser.connect(self._on_recogniser)
        self.startup.recogniser_failed.connect(self._on_recogniser_failed)
        self.runtime.db.unavailable.connect(self._on_db_refused)
        self.scenarios.start.connect(lambda sid: self.start_practice(sid))
        self.progress.start_turn.connect(self.start_practice)
        self.progress.play.connect(self.voice.play_file)
        self.practice.attempt_saved.connect(lambda _id: self.scenarios.refresh_scores())
        self.solo.go_scenarios.connect(lambda: self.navigate("scenarios"))
        self.solo.go_progress.connect(lambda: self.navigate("progress"))
        self.settings_control.changed.connect(self._on_settings_changed)
        self.settings_control.check_devices.connect(lambda: self.navigate("welcome"))
        self.welcome.done.connect(self._on_welcome_done)
        self.due_list.practise.connect(self.start_practice)
        self.sidebar.classroom.connect(self.open_classroom)
        self.scenarios.start_turn.connect(self.start_practice)
        self.scenarios.edit.connect(lambda sid: self.editor.open(sid) and self.navigate("editor"))
        self.scenarios.new_scenario.connect(lambda: (self.editor.new_from_template("hold-the-line"), self.navigate("editor")))
        self.editor.saved.connect(lambda _path: self.reload_catalogue())
        self.editor.library_changed.connect(self.reload_catalogue)
        self.editor.try_scenario.connect(self.practise)
        self._on_settings_changed()

    def navigate(self, name: str) -> None:
        """Show a screen (refreshing what it shows from the store)."""
        if name == "progress":
            self.progress.refresh()
            scenarios = self.practice.catalogue.scenarios.scenarios if self.practice.catalogue else None
            refresh_due(self.runtime.db, self.due_list, self.settings.learner, self.services.now(), scenarios)
        elif name == "settings":
            self.settings_control.show()
        self.stack.setCurrentWidget(self.views[name])
        self.sidebar.select(name)
        self.welcome.set_active(name == "welcome")
        self.talk.set_shown(name == "practice")

    def start_practice(self, scenario_id: str, turn_id: str = "") -> None:
        """Start a scenario (at a given turn) and show the Practice screen."""
        if self.solo.open(scenario_id, turn_id or None):
            self._prerender_round()
            self.navigate("practice")

    def practise(self, scenario: Scenario, turn_id: str = "") -> bool:
        """Start a round of any Scenario (a draft from the editor, say) and show the Practice screen."""
        started = self.solo.start(scenario, turn_id=turn_id or None)
        if started:
            self._prerender_round()
            self.navigate("practice")
        return started

    def _prerender_round(self) -> None:
        """Render the rest of the open scenario's lines in the background, while its first is heard."""
        scenario, catalogue = self.practice.scenario, self.practice.catalogue
        if scenario is not None and catalogue is not None:
            self.prerender.scenario(scenario, catalogue.personas.get(scenario.counterpart.persona))

    def reload_catalogue(self) -> None:
        """Read every scenario source again (after the editor saved, imported or added a folder); the newest wins."""
        self._reloads += 1
        seq = self._reloads
        run_task(self.services.load_catalogue, lambda c: self._on_reloaded(c) if seq == self._reloads else None,
                 owner=self)

    def _on_reloaded(self, catalogue: Catalogue) -> None:
        self._on_catalogue(catalogue)
        if self.classroom is not None and not self.classroom.is_shut:  # it took the first catalogue from start-up
            self.classroom.controller.set_catalogue(catalogue)

    def _on_catalogue(self, catalogue: Catalogue) -> None:
        self.startup.loaded_catalogue = catalogue
        self.practice.catalogue = catalogue
        self.editor.set_catalogue(catalogue)
        self.views["progress"].history.set_versions({s.id: s.version for s in catalogue.scenarios.scenarios.values()})  # type: ignore[attr-defined]
        self.scenarios.show_catalogue(catalogue)
        self.progress.set_catalogue(catalogue)
        self.settings_control.set_personas(catalogue.personas)

    def _on_recogniser(self, transcriber: object) -> None:
        self.runtime.listener.set_transcriber(transcriber)  # type: ignore[arg-type]
        from trainer.commands.speech_cmds import DEFAULT_PERSONA

        self.prerender.warm([DEFAULT_PERSONA])  # the men's natural voice, before the first line needs it
        self.talk.recogniser = "ready"
        self.talk.refresh()

    def _on_recogniser_failed(self, reason: str) -> None:
        self.talk.recogniser = reason
        self.talk.refresh()

    def _on_db_refused(self, reason: str) -> None:
        self.banner.setText(f"Your progress database cannot be used, so nothing will be saved: {reason}")
        self.banner.show()

    def _on_settings_changed(self) -> None:
        self.talk.mic_problem = self.services.microphone_problem(self.settings.microphone)
        self.runtime.listener.reopen()
        self.sidebar.mic.setText(f"Microphone: {'ready' if self.talk.mic_problem is None else 'none (type instead)'}")
        self.talk.refresh()
        self.scenarios.refresh_scores()

    def _on_welcome_done(self) -> None:
        self._on_settings_changed()
        self.navigate("scenarios")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop every worker before the window goes."""
        self.shutdown()
        super().closeEvent(event)

    def open_classroom(self) -> None:
        """The trainer's classroom window, sharing this window's workers (one at a time)."""
        if self.classroom is None or self.classroom.is_shut:
            from ui.classroom.window import ClassroomWindow  # the trainer's window: loaded when first opened

            room = ClassroomWindow(self.services, self.settings, runtime=self.runtime,
                                   catalogue=self.startup.loaded_catalogue, recogniser=self.talk.recogniser)
            self.startup.catalogue.connect(room.controller.set_catalogue)
            self.startup.recogniser.connect(lambda _t: room.controller.set_recogniser("ready"))
            self.startup.recogniser_failed.connect(room.controller.set_recogniser)
            room.fit_screen()
            self.classroom = room
        self.classroom.show()
        self.classroom.raise_()

    def shutdown(self) -> bool:
        """End the session row, then stop every worker; safe to call twice."""
        if not self.runtime.running:
            return True
        if self.classroom is not None:
            self.classroom.shutdown()
            self.classroom.close()
        self.solo.shutdown()
        self.editor.shutdown()
        stopped = self.runtime.stop()
        self.collector.stop()
        return stopped
