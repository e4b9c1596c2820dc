"""The main window: it only assembles the views, the controllers and the workers, and routes between screens.

Only the shell, the Scenarios screen and the screen shown first are built before the window shows. Every other
screen, with its controllers and their modules (numpy, ruamel.yaml, charts…), is built the first time anyone asks
for it, or when idle once start-up has loaded everything (see ui/screens.py): start-up pays only for what is on
screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from ui.collector import GuiThreadCollector
from ui.controllers.scenarios import ScenariosController
from ui.controllers.startup import Startup
from ui.runtime import Runtime, start_runtime
from ui.screens import PracticeScreen, ProgressScreen, Screens, build_practice, build_progress
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.tasks import run_task
from ui.views.scenarios_view import ScenariosView
from ui.views.sidebar import SCREENS, Sidebar
from ui.views.widgets import label

if TYPE_CHECKING:
    from trainer.scenarios import Scenario
    from ui.classroom.due import DueList
    from ui.classroom.window import ClassroomWindow
    from ui.controllers.practice import PracticeController
    from ui.controllers.prerender import Prerenderer
    from ui.controllers.progress import ProgressController
    from ui.controllers.settings import SettingsController
    from ui.controllers.solo import SoloPractice
    from ui.controllers.talk import TalkControl
    from ui.controllers.voice import CounterpartVoice
    from ui.controllers.welcome import WelcomeController
    from ui.editor.controller import EditorController

log = logging.getLogger(__name__)
W = TypeVar("W", bound=QWidget)
BUILT_BY = {"welcome": "welcome", "scenarios": "scenarios", "practice": "_practice", "progress": "_progress",
            "settings": "settings_control", "editor": "editor"}  # screen -> the attribute that builds it
# Built one per turn of the event loop once start-up has loaded everything, so a first visit is quick then.
# Not before: alongside the recogniser's loading, building the Practice screen would stall the GUI for ~0.5 s.
PREBUILT = ("practice", "progress", "settings", "editor")


class MainWindow(QMainWindow):
    """Sidebar + one screen at a time; closing it stops every worker."""

    def __init__(self, services: Services, settings: Settings) -> None:
        super().__init__()
        self.setWindowTitle("Pushback")
        self.services, self.settings = services, settings
        self.collector = GuiThreadCollector(self)
        self.classroom: ClassroomWindow | None = None
        self._reloads = 0  # catalogue reloads asked for; only the newest one's result is shown
        self._screen = ""  # the one on show
        self._settled = False  # the scenario cards are in: what the first screen does not need may load now
        self._shut = False
        self._catalogue_users: list[Callable[[Catalogue], None]] = []
        self.recogniser = "loading"  # "loading" | "ready" | the reason it failed (for screens built later)
        self.mic_problem: str | None = None
        self.startup = Startup(services, self)
        self.runtime: Runtime = start_runtime(services, settings, self, store_after=self.startup.after_library,
                                              voice_after=self.startup.after_store)
        self.startup.watch_store(self.runtime.db)
        self._build_shell()
        self.scenarios = ScenariosController(self._add(ScenariosView()), self.runtime.db, settings, self,
                                             lambda: services.now())
        self.views = Screens({name: (lambda built=built: getattr(self, built).view) for name, built in BUILT_BY.items()})
        self._wire()
        self.navigate("scenarios" if settings.first_run_done else "welcome")
        self.startup.begin()  # after the first screen is built: the library's reading would slow that down

    def _build_shell(self) -> None:
        self.sidebar = Sidebar()
        self.stack = QStackedWidget()
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

    def _wire(self) -> None:
        self.sidebar.chosen.connect(self.navigate)
        for index, (name, _text) in enumerate(SCREENS, start=1):
            QShortcut(QKeySequence(f"Ctrl+{index}"), self).activated.connect(lambda n=name: self.navigate(n))
        self.startup.status.connect(self.sidebar.set_status)
        self.startup.catalogue.connect(self._on_catalogue)
        self.startup.settled.connect(self._on_settled)
        self.startup.recogniser.connect(self._on_recogniser)
        self.startup.recogniser_failed.connect(self._set_recogniser)
        self.runtime.db.unavailable.connect(self._on_db_refused)
        self.startup.recogniser.connect(lambda _t: self._prebuild_later(list(PREBUILT)))
        self.startup.recogniser_failed.connect(lambda _reason: self._prebuild_later(list(PREBUILT)))
        self.sidebar.classroom.connect(self.open_classroom)
        self.scenarios.start.connect(lambda sid: self.start_practice(sid))
        self.scenarios.start_turn.connect(self.start_practice)
        self.scenarios.edit.connect(lambda sid: self.editor.open(sid) and self.navigate("editor"))
        self.scenarios.new_scenario.connect(lambda: (self.editor.new_from_template("hold-the-line"), self.navigate("editor")))
        self._use_catalogue(self.scenarios.show_catalogue)  # it reads the scores too
        self.sidebar.mic.setText("Microphone: checking…")

    # -- the screens, each built on first use ------------------------------------------------------

    def _add(self, view: W) -> W:
        self.stack.addWidget(view)
        return view

    def _built(self, attribute: str) -> bool:
        """True once that cached_property has been built (it keeps its value in the instance dict)."""
        return attribute in self.__dict__

    def _prebuild_later(self, names: list[str]) -> None:
        """Build the first of these screens not built yet once pending events are handled, then the next."""
        QTimer.singleShot(0, self, lambda: self._prebuild(names))

    def _prebuild(self, names: list[str]) -> None:
        while names and self._built(BUILT_BY[names[0]]):
            names.pop(0)
        if names and not self._shut:
            self.views[names.pop(0)]
            self._prebuild_later(names)

    def _use_catalogue(self, use: Callable[[Catalogue], None]) -> None:
        """Hand use every catalogue from now on, starting with the one already loaded (for a screen built late)."""
        self._catalogue_users.append(use)
        if self.startup.loaded_catalogue is not None:
            use(self.startup.loaded_catalogue)

    @cached_property
    def voice(self) -> CounterpartVoice:
        """The counterpart's voice, shared by every screen that speaks."""
        from ui.controllers.voice import CounterpartVoice

        return CounterpartVoice(self.runtime.tts, self.runtime.speaker, self.settings, self)

    @cached_property
    def prerender(self) -> Prerenderer:
        """Renders lines ahead in the background."""
        from ui.controllers.prerender import Prerenderer

        return Prerenderer(self.runtime.tts, self.settings, self.services.tts_cache, self.voice.waiting, self)

    @cached_property
    def welcome(self) -> WelcomeController:
        """The first-run page."""
        from ui.controllers.welcome import WelcomeController
        from ui.views.welcome_view import WelcomeView

        welcome = WelcomeController(self._add(WelcomeView()), self.services, self.settings, self.runtime, self)
        welcome.done.connect(self._on_welcome_done)
        return welcome

    @cached_property
    def _practice(self) -> PracticeScreen:
        screen = build_practice(self.services, self.settings, self.runtime, self.voice, self)
        self._add(screen.view)
        talk, flow = screen.talk, screen.flow
        talk.mic_problem, talk.recogniser = self.mic_problem, self.recogniser
        talk.set_shown(self._screen == "practice")
        talk.busy.connect(self.prerender.hold)
        flow.attempt_saved.connect(lambda _id: self.scenarios.refresh_scores())
        screen.solo.go_scenarios.connect(lambda: self.navigate("scenarios"))
        screen.solo.go_progress.connect(lambda: self.navigate("progress"))
        self._use_catalogue(lambda catalogue: setattr(flow, "catalogue", catalogue))
        return screen

    @property
    def practice(self) -> PracticeController:
        """The practice flow on the Practice screen."""
        return self._practice.flow

    @property
    def talk(self) -> TalkControl:
        """The Practice screen's talk control."""
        return self._practice.talk

    @property
    def solo(self) -> SoloPractice:
        """One learner's rounds on the Practice screen."""
        return self._practice.solo

    @cached_property
    def _progress(self) -> ProgressScreen:
        screen = build_progress(self.services, self.settings, self.runtime, self)
        view = self._add(screen.view)
        screen.due.practise.connect(self.start_practice)
        screen.control.start_turn.connect(self.start_practice)
        screen.control.play.connect(lambda path: self.voice.play_file(path))
        self._use_catalogue(lambda c: view.history.set_versions({s.id: s.version for s in c.scenarios.scenarios.values()}))
        self._use_catalogue(screen.control.set_catalogue)
        return screen

    @property
    def progress(self) -> ProgressController:
        """The Progress screen's controller."""
        return self._progress.control

    @property
    def due_list(self) -> DueList:
        """The spaced-practice list on the Progress screen."""
        return self._progress.due

    @cached_property
    def settings_control(self) -> SettingsController:
        """The Settings screen's controller."""
        from ui.controllers.settings import SettingsController
        from ui.views.settings_view import SettingsView

        control = SettingsController(self._add(SettingsView()), self.services, self.settings, self, voice=self.voice)
        control.changed.connect(self._on_settings_changed)
        control.check_devices.connect(lambda: self.navigate("welcome"))
        self._use_catalogue(lambda catalogue: control.set_personas(catalogue.personas))
        return control

    @cached_property
    def editor(self) -> EditorController:
        """The scenario editor's controller."""
        from ui.editor.controller import EditorController
        from ui.editor.view import EditorView

        editor = EditorController(self._add(EditorView()), self.services, self.settings, self.runtime.tts,
                                  self.runtime.speaker, self)
        editor.saved.connect(lambda _path: self.reload_catalogue())
        editor.library_changed.connect(self.reload_catalogue)
        editor.try_scenario.connect(self.practise)
        self._use_catalogue(editor.set_catalogue)
        return editor

    # -- routing -----------------------------------------------------------------------------------

    def navigate(self, name: str) -> None:
        """Show a screen (refreshing what it shows from the store)."""
        if name == "progress":
            from ui.classroom.due import refresh_due

            self.progress.refresh()
            catalogue = self.startup.loaded_catalogue
            scenarios = catalogue.scenarios.scenarios if catalogue else None
            refresh_due(self.runtime.db, self.due_list, self.settings.learner, self.services.now(), scenarios)
        elif name == "settings":
            self.settings_control.show()
        self.stack.setCurrentWidget(self.views[name])
        self.sidebar.select(name)
        self._screen = name
        self._keep_microphone_warm()

    def _keep_microphone_warm(self) -> None:
        """For the page on show; the welcome page waits for start-up to settle (opening it loads the listener)."""
        if self._built("welcome"):
            self.welcome.set_active(self._screen == "welcome" and self._settled)
        if self._built("_practice"):
            self.talk.set_shown(self._screen == "practice")

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

    # -- what start-up and the other windows report ------------------------------------------------

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
        for use in self._catalogue_users:
            use(catalogue)

    def _on_settled(self) -> None:
        """Start-up's first stage is on screen: check the microphone (QtMultimedia loads now) and warm it."""
        self._settled = True
        self._check_microphone()
        self._keep_microphone_warm()

    def _on_recogniser(self, transcriber: object) -> None:
        self.runtime.set_transcriber(transcriber)  # type: ignore[arg-type]
        from trainer.commands.speech_cmds import DEFAULT_PERSONA

        self.prerender.warm([DEFAULT_PERSONA])  # the men's natural voice, before the first line needs it
        self._set_recogniser("ready")

    def _set_recogniser(self, state: str) -> None:
        """'ready', or why speech cannot be recognised."""
        self.recogniser = state
        if self._built("_practice"):
            self.talk.recogniser = state
            self.talk.refresh()

    def _on_db_refused(self, reason: str) -> None:
        self.banner.setText(f"Your progress database cannot be used, so nothing will be saved: {reason}")
        self.banner.show()

    def _check_microphone(self) -> None:
        self.mic_problem = self.services.microphone_problem(self.settings.microphone)
        self.sidebar.mic.setText(f"Microphone: {'ready' if self.mic_problem is None else 'none (type instead)'}")
        if self._built("_practice"):
            self.talk.mic_problem = self.mic_problem
            self.talk.refresh()

    def _on_settings_changed(self) -> None:
        self._check_microphone()
        if self.runtime.has_listener:
            self.runtime.listener.reopen()
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
                                   catalogue=self.startup.loaded_catalogue, recogniser=self.recogniser)
            self.startup.catalogue.connect(room.controller.set_catalogue)
            self.startup.recogniser.connect(lambda _t: room.controller.set_recogniser("ready"))
            self.startup.recogniser_failed.connect(room.controller.set_recogniser)
            room.fit_screen()
            self.classroom = room
        self.classroom.show()
        self.classroom.raise_()

    def shutdown(self) -> bool:
        """End the session row, then stop every worker; safe to call twice."""
        self._shut = True
        if not self.runtime.running:
            return True
        if self.classroom is not None:
            self.classroom.shutdown()
            self.classroom.close()
        if self._built("_practice"):
            self.solo.shutdown()
        if self._built("editor"):
            self.editor.shutdown()
        self.startup.stop()
        stopped = self.runtime.stop()
        self.collector.stop()
        return stopped
