"""The class session: the shared practice flow, with the hot seat naming who answers, a per-turn timer, the trainer's
override and the projector around it."""

from __future__ import annotations

import logging
import random

from PySide6.QtCore import QObject, Signal

from trainer.classroom import HotSeat, Member
from trainer.session import Phase, TurnResult
from ui.classroom.jobs import RosterState, SeatRecorder, close_class_session, open_class_session, set_present
from ui.classroom.projector import ProjectorWindow, place
from ui.classroom.review import ReviewController
from ui.classroom.run import ClassRun, setup_problem, stage_of
from ui.classroom.session_view import ClassSessionView
from ui.classroom.timer import TurnTimer
from ui.classroom.values import Stage, clock, timer_state
from ui.controllers.attempts import Saved
from ui.controllers.practice import PracticeController, Words
from ui.controllers.talk import TalkControl
from ui.controllers.voice import CounterpartVoice
from ui.runtime import Runtime
from ui.services import Catalogue, Services
from ui.settings import Settings

log = logging.getLogger(__name__)

CLASS_WORDS = Words(listen="Listen; recording or typing the reply interrupts.", ready="{learner}'s turn",
                    talk_hint="Click Record (or press Space) while they answer, or type what they said.",
                    type_hint="Type what they said and press Enter.", grading="Checking the reply against the criteria.")


class ClassSessionController(QObject):
    """Runs one class session at a time in the trainer's window, mirrored on the projector."""

    started = Signal(object)  # class session id
    ended = Signal(object)  # class session id
    attempt_saved = Signal(object)  # attempt id
    feedback_shown = Signal(object)  # TurnResult
    presence = Signal(object)  # RosterState: the trainer marked someone absent from the hot seat
    error = Signal(str)

    def __init__(self, view: ClassSessionView, services: Services, settings: Settings, runtime: Runtime,
                 parent: QObject | None = None, rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.view, self.live, self._db = view, view.live, runtime.db
        self._rng = rng or random.Random()
        self.talk = TalkControl(view.live.talk, runtime.listener, settings, self)  # type: ignore[arg-type]
        self.talk.mic_problem = services.microphone_problem(settings.microphone)
        self.voice = CounterpartVoice(runtime.tts, runtime.speaker, settings, self)
        self.flow = PracticeController(view.live, services, runtime.db, self.voice, self.talk, CLASS_WORDS,
                                       self._rng, self)
        self.timer = TurnTimer(self)
        self.review = ReviewController(view.live.feedback, runtime.db, settings.learner_name or "Trainer", self)
        self.projector: ProjectorWindow | None = None
        self.catalogue: Catalogue | None = None
        self.roster: RosterState | None = None
        self.run: ClassRun | None = None
        self._wire()

    def _wire(self) -> None:
        v, live, flow = self.view, self.live, self.flow
        v.setup.start.connect(self.start)
        v.end.connect(self.end)
        v.show_projector.connect(self.show_projector)
        live.next_learner.connect(self.next_learner)
        live.skip_absent.connect(self.skip_absent)
        flow.line_shown.connect(self._on_line_shown)
        flow.listening.connect(self._on_listening)
        self.talk.started.connect(lambda: self._set_status("Listening…"))
        flow.grading.connect(self._on_grading)
        flow.feedback_shown.connect(self._on_feedback)
        flow.saved.connect(self._on_saved)
        flow.attempt_saved.connect(self.attempt_saved)
        flow.error.connect(self.error)
        self.timer.tick.connect(self._on_tick)
        self.timer.expired.connect(self._on_time_up)
        self.review.lines_changed.connect(lambda _lines: self._update_stage())
        self.review.error.connect(self.error)

    # -- set-up ---------------------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The scenarios to choose from."""
        self.catalogue = self.flow.catalogue = catalogue
        items = sorted(((s.id, s.title) for s in catalogue.scenarios.scenarios.values()), key=lambda p: p[1])
        self.view.setup.show_scenarios(items)

    def set_roster(self, state: RosterState) -> None:
        """The class chosen on the Roster tab (a running session keeps its own class)."""
        self.roster = state
        line = (f"{state.class_name}: {len(state.members)} learners, {len(state.present)} present"
                if state.class_id is not None else "Choose or create a class on the Roster tab.")
        self.view.setup.class_line.setText(line)
        if self.run is not None and self.run.class_id == state.class_id:
            present = {m.learner_id for m in state.members if m.present}
            for member in self.run.members:
                self.run.seat.mark_absent(member.learner_id, member.learner_id not in present)
            self._show_seats()

    def set_recogniser(self, state: str) -> None:
        """'ready', 'loading' or why speech recognition is unavailable."""
        self.talk.recogniser = state
        self.talk.refresh()

    def start(self) -> None:
        """Open a class session with the chosen scenarios, rotation and timer."""
        setup, state = self.view.setup, self.roster
        problem = setup_problem(self.catalogue is not None, state, setup.chosen())
        setup.set_message(problem)
        if problem or state is None or state.class_id is None or self.run is not None:
            return
        rotation = str(setup.rotation.currentData())
        run = ClassRun(state.class_id, state.class_name, list(state.members), setup.chosen(),
                       HotSeat(state.members, rotation, self._rng), setup.timer.value())
        setup.start_button.setEnabled(False)
        book, class_id, ids, timer_s = run.book, state.class_id, run.scenario_ids, run.timer_s
        self._db.submit(lambda store: open_class_session(store, book, class_id, ids, rotation, timer_s),
                        lambda cs_id: self._begin(run, int(cs_id)), self._on_start_failed)

    def _on_start_failed(self, error: BaseException) -> None:
        self.view.setup.start_button.setEnabled(True)
        self.view.setup.set_message(f"The class session could not be started: {error}")

    def _begin(self, run: ClassRun, class_session_id: int) -> None:
        self.view.setup.start_button.setEnabled(True)
        run.class_session_id = class_session_id
        self.run = run
        self.view.set_running(True)
        member = run.seat.next()
        if member is None:
            self._nobody()
        else:
            self._open_scenario(0, member)
        self.started.emit(class_session_id)

    def _open_scenario(self, index: int, member: Member) -> None:
        """A scenario of the rotation, its first line put to the learner in the hot seat."""
        run = self.run
        assert run is not None and self.catalogue is not None
        run.scenario_index = index % len(run.scenario_ids)
        scenario = self.catalogue.scenarios.scenarios[run.scenario_ids[run.scenario_index]]
        self._seat(member)
        self.flow.start(scenario, SeatRecorder(run.book, member))

    # -- the hot seat -----------------------------------------------------------------------------

    def _seat(self, member: Member) -> None:
        """This learner answers next: their name, their recorder, a full clock."""
        run = self.run
        assert run is not None
        self.flow.recorder = SeatRecorder(run.book, member)
        self.live.show_seat(member.name)
        self.live.next_button.setEnabled(True)
        self.timer.reset(run.timer_s)
        self._show_seats()

    def _nobody(self) -> None:
        self.flow.hold()
        self.live.show_seat("Nobody present", "")
        self.live.show_line("")
        self.live.talk.set_state("Nobody is present", "Mark learners present on the Roster tab.", "")
        self.timer.reset(0)
        self._show_seats()
        self._set_status("")

    def _on_line_shown(self) -> None:
        run, scenario, session = self.run, self.flow.scenario, self.flow.session
        if run is None or scenario is None or session is None:
            return
        c = scenario.counterpart
        self.view.title.setText(scenario.title)
        self.view.turn_label.setText(run.turn_text(scenario, self.flow.visited))
        member = run.seat.current
        self.live.show_seat(member.name if member else "", f"{c.name}, {c.role}")
        self._set_status("Listen…" if session.phase is Phase.PROMPTING else "")

    def _on_listening(self) -> None:
        self._set_status("")
        self.timer.start()

    def _show_seats(self) -> None:
        run = self.run
        if run is not None:
            current = run.seat.current.learner_id if run.seat.current else None
            self.live.show_seats(run.members, run.seat.absent, current, run.replies)

    # -- the clock --------------------------------------------------------------------------------

    def _on_tick(self, remaining: float) -> None:
        total = self.timer.total
        text, state = clock(remaining if total else 0), timer_state(remaining, total)
        self.view.set_clock("" if state == "off" else text, state)
        if self.projector is not None:
            self.projector.set_clock(text, state)

    def _on_time_up(self) -> None:
        """Time is up: a reply being recorded is ended and graded as it is; typing still works."""
        if self.talk.recording:
            self.talk.stop()
        elif self.flow.awaiting_reply:
            self.live.talk.set_state("Time's up", "Type what they managed to say, or move on to the next learner.")
            self._set_status("Time's up")

    # -- grading and review -----------------------------------------------------------------------

    def _on_grading(self, busy: bool) -> None:
        self.live.next_button.setEnabled(not busy)
        if busy:
            self.timer.stop()
            self._set_status("Grading…")

    def _on_feedback(self, result: TurnResult) -> None:
        run, scenario = self.run, self.flow.scenario
        if run is None or scenario is None:
            return
        self.review.show(result.grade.score, scenario.pass_mark)
        member = run.seat.current
        if member is not None:
            run.replies[member.learner_id] = run.replies.get(member.learner_id, 0) + 1
        self._show_seats()
        self._set_status("")
        self.feedback_shown.emit(result)

    def _on_saved(self, _result: TurnResult, saved: Saved) -> None:
        self.review.stored(saved.attempt_id)

    # -- moving on --------------------------------------------------------------------------------

    def next_learner(self) -> None:
        """Move the hot seat on; after a graded reply the conversation goes on along its branch."""
        run, phase = self.run, self.flow.phase
        if run is None or phase is Phase.EVALUATING:
            return
        member = run.seat.next()
        self.review.clear()
        if member is None:
            self._nobody()
        elif phase is Phase.FEEDBACK:
            self._seat(member)
            if not self.flow.proceed():
                self._open_scenario(run.scenario_index + 1, member)
        elif phase in (Phase.PROMPTING, Phase.LISTENING):
            self._seat(member)
            self.flow.offer()  # nobody answered the line yet: it goes to the next learner
        else:
            self._open_scenario(run.scenario_index, member)  # nobody was here when the session began

    def skip_absent(self) -> None:
        """The learner in the hot seat is not here: mark them absent and move on."""
        run = self.run
        member = run.seat.current if run is not None else None
        if run is None or member is None or self.flow.phase is Phase.EVALUATING:
            return
        run.seat.mark_absent(member.learner_id)
        class_id, learner_id = run.class_id, member.learner_id
        self._db.submit(lambda store: set_present(store, class_id, learner_id, False), self.presence.emit)
        self.next_learner()

    def end(self) -> None:
        """End the class session; every graded reply is already stored."""
        run, self.run = self.run, None
        if run is None:
            return
        self.flow.end()
        self.timer.reset(0)
        self.review.clear()
        book = run.book
        self._db.submit(lambda store: close_class_session(store, book), None, lambda e: self.error.emit(str(e)))
        self.view.set_running(False)
        if self.projector is not None:
            self.projector.show_stage(Stage(class_name=run.class_name, status="The class session has ended. Thank you!"))
        self.ended.emit(run.class_session_id)

    # -- the projector ----------------------------------------------------------------------------

    def show_projector(self) -> None:
        """Open (or bring back) the projector window: a second screen when there is one."""
        if self.projector is None:
            self.projector = ProjectorWindow(self.view)
        place(self.projector, self.view.screen())
        self._update_stage()

    def _set_status(self, status: str) -> None:
        if self.run is not None:
            self.run.status = status
        self._update_stage()

    def _update_stage(self) -> None:
        if self.projector is not None:
            self.projector.show_stage(self.stage())

    def stage(self) -> Stage:
        """What the room may see now: no scores, no other learners."""
        return stage_of(self.run, self.flow.session, self.flow.visited, self.review.lines, self.timer.remaining,
                        self.timer.total)

    def shutdown(self) -> None:
        """End the session, stop the clocks, close the projector."""
        self.end()
        self.timer.reset(0)
        self.flow.shutdown()
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None
