"""The class session: the hot seat names who answers, the counterpart says a line, the reply is graded and stored."""

from __future__ import annotations

import logging
import random

from PySide6.QtCore import QObject, Signal

from trainer.classroom import HotSeat
from trainer.session import Phase, PracticeSession, TurnResult
from ui.classroom.grading import Graded, SeatGrader
from ui.classroom.jobs import RosterState, close_class_session, open_class_session, set_present
from ui.classroom.projector import ProjectorWindow, place
from ui.classroom.review import ReviewController
from ui.classroom.run import ClassRun, setup_problem, stage_of
from ui.classroom.session_view import ClassSessionView
from ui.classroom.timer import TurnTimer
from ui.classroom.values import Stage, clock, lines_from_grade, timer_state
from ui.controllers.listening import Heard
from ui.controllers.practice import Reply
from ui.controllers.talk import STEPS, TalkControl
from ui.controllers.voice import CounterpartVoice
from ui.runtime import Runtime
from ui.services import Catalogue, Services
from ui.settings import Settings

log = logging.getLogger(__name__)


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
        self.view, self.live = view, view.live
        self._services, self._settings, self._db = services, settings, runtime.db
        self._rng = rng or random.Random()
        self.talk = TalkControl(view.live.talk, runtime.listener, settings, self)  # type: ignore[arg-type]
        self.talk.mic_problem = services.microphone_problem(settings.microphone)
        self.voice = CounterpartVoice(runtime.tts, runtime.speaker, settings, self)
        self.timer = TurnTimer(self)
        self.review = ReviewController(view.live.result, runtime.db, settings.learner_name or "Trainer", self)
        self.grader = SeatGrader(services.grader, runtime.db, services.paths.data, self)
        self.projector: ProjectorWindow | None = None
        self.catalogue: Catalogue | None = None
        self.roster: RosterState | None = None
        self.run: ClassRun | None = None
        self._wire()

    def _wire(self) -> None:
        v, live = self.view, self.live
        v.setup.start.connect(self.start)
        v.end.connect(self.end)
        v.show_projector.connect(self.show_projector)
        live.next_learner.connect(self.next_learner)
        live.skip_absent.connect(self.skip_absent)
        live.replay.connect(self.voice.replay)
        live.talk.send_typed.connect(self.send_typed)
        self.voice.done.connect(self._on_prompt_done)
        self.talk.started.connect(self._on_talk_started)
        self.talk.heard.connect(self._on_heard)
        self.talk.busy.connect(lambda busy: live.talk.set_typing(not busy and self._awaiting_reply()))
        self.timer.tick.connect(self._on_tick)
        self.timer.expired.connect(self._on_time_up)
        self.review.lines_changed.connect(lambda _lines: self._update_stage())
        self.review.error.connect(self.error)
        self.grader.graded.connect(self._on_graded)
        self.grader.failed.connect(self._on_grading_failed)
        self.grader.saved.connect(self._on_saved)
        self.grader.error.connect(self.error)

    # -- set-up ---------------------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The scenarios to choose from."""
        self.catalogue = catalogue
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
        self._open_scenario(0)
        self.started.emit(class_session_id)
        self._seat_next()

    def _open_scenario(self, index: int) -> None:
        run = self.run
        assert run is not None and self.catalogue is not None
        run.scenario_index = index % len(run.scenario_ids)
        run.scenario = self.catalogue.scenarios.scenarios[run.scenario_ids[run.scenario_index]]
        run.session = PracticeSession(run.scenario, self._rng)
        run.visited, run.said = 0, 0

    # -- the hot seat and the line ----------------------------------------------------------------

    def _seat_next(self) -> None:
        run = self.run
        assert run is not None
        member = run.seat.next()
        self.review.clear()
        if member is None:
            self._nobody()
            return
        session = run.session
        assert session is not None
        if session.seq != run.said:
            self._prompt()
        else:
            self._hand_over()

    def _nobody(self) -> None:
        self.live.show_line("Nobody present", "", "")
        self.live.talk.set_state("Nobody is present", "Mark learners present on the Roster tab.", "")
        self.talk.cancel()
        self.talk.allow(False)
        self.live.talk.set_typing(False)
        self.timer.reset(0)
        self._show_seats()
        self._set_status("")

    def _prompt(self) -> None:
        """Put the session's current line to the learner in the hot seat."""
        run = self.run
        assert run is not None and run.session is not None and run.scenario is not None
        run.visited += 1
        run.turns += 1
        run.said = run.session.seq
        self._show_turn()
        self.talk.cancel()
        name = run.scenario.counterpart.name.split()[0]
        self.live.talk.set_state(f"{name} is speaking…", "Listen; recording or typing the reply interrupts.", "")
        self._set_status("Listen…")
        persona = self.catalogue.personas.get(run.scenario.counterpart.persona) if self.catalogue else None
        self.voice.say(run.session.prompt, persona, run.turns, self._services.tts_cache)

    def _hand_over(self) -> None:
        """The same line goes to the next learner (nobody answered it yet)."""
        run = self.run
        assert run is not None and run.session is not None
        self._show_turn()
        if run.session.phase is Phase.LISTENING:
            self._ready()

    def _show_turn(self) -> None:
        run = self.run
        assert run is not None and run.session is not None and run.scenario is not None
        member, scenario, session = run.seat.current, run.scenario, run.session
        c = scenario.counterpart
        self.view.title.setText(scenario.title)
        self.view.turn_label.setText(run.turn_text())
        self.live.show_line(member.name if member else "", f"{c.name}, {c.role}", session.prompt)
        self.live.talk.typed.clear()
        self.live.talk.set_typing(True)
        self.talk.allow(True)
        self.timer.reset(run.timer_s)
        self._show_seats()

    def _show_seats(self) -> None:
        run = self.run
        if run is not None:
            current = run.seat.current.learner_id if run.seat.current else None
            self.live.show_seats(run.members, run.seat.absent, current, run.replies)

    def _on_prompt_done(self, seq: object) -> None:
        run = self.run
        if run is None or run.session is None or seq != run.turns:
            return
        if run.session.phase is Phase.PROMPTING:
            run.session.prompt_finished()
        if not self.talk.recording:
            self._ready()

    def _ready(self) -> None:
        run = self.run
        assert run is not None and run.seat.current is not None
        hint = ("Click Record (or press Space) while they answer, or type what they said."
                if self.talk.available else "Type what they said and press Enter.")
        self.live.talk.set_state(f"{run.seat.current.name}'s turn", hint, "")
        self._set_status("")
        self.timer.start()
        self.talk.refresh()

    def _on_talk_started(self) -> None:
        run = self.run
        if run is not None and run.session is not None and run.session.phase is Phase.PROMPTING:
            self.voice.stop()
            run.session.prompt_finished()
            self.timer.start()
        self._set_status("Listening…")

    def _awaiting_reply(self) -> bool:
        return self.run is not None and self.run.awaiting_reply

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
        elif self._awaiting_reply():
            self.live.talk.set_state("Time's up", "Type what they managed to say, or move on to the next learner.")
            self._set_status("Time's up")

    # -- replies ----------------------------------------------------------------------------------

    def send_typed(self, text: str) -> None:
        """A typed reply for the learner in the hot seat."""
        if not self._awaiting_reply() or self.talk.recording or not text.strip():
            return
        self.talk.cancel()
        self._submit(Reply(text.strip()))

    def _on_heard(self, heard: Heard) -> None:
        if self._awaiting_reply():
            t = heard.transcript
            self._submit(Reply(t.text.strip(), heard.audio_file, t.engine, heard.duration_s, t.words))

    def _submit(self, reply: Reply) -> None:
        run = self.run
        assert run is not None and run.session is not None and run.scenario is not None
        session, member = run.session, run.seat.current
        assert member is not None
        if session.phase is Phase.PROMPTING:
            self.voice.stop()
            session.prompt_finished()
        seq = session.reply_received(reply.text)
        self.timer.stop()
        self.talk.allow(False)
        self.live.talk.set_typing(False)
        self.live.next_button.setEnabled(False)
        self.live.talk.set_state("Grading…", "Checking the reply against the criteria.", STEPS["grading"])
        self._set_status("Grading…")
        self.grader.grade(session, run.scenario, seq, member, reply)

    def _on_grading_failed(self, session: PracticeSession, seq: int, error: BaseException) -> None:
        log.error("grading failed: %r", error)
        self.live.next_button.setEnabled(True)
        if self.run is not None and self.run.session is session and session.seq == seq:
            session.reply_failed()
            self.live.talk.set_state("Not graded", f"The reply could not be graded ({error}). Try again.")
            self.live.talk.set_typing(True)
            self.talk.allow(True)

    def _on_graded(self, graded: Graded) -> None:
        run = self.run
        self.live.next_button.setEnabled(True)
        if run is None or run.session is not graded.session or run.scenario is None:
            return  # the class session ended while grading: dropped
        result = graded.session.graded(graded.seq, graded.grade)
        if result is None:
            return
        turn = run.scenario.turn(result.turn_id)
        self.review.show(result.transcript, lines_from_grade(graded.grade, turn.requires), graded.grade.score,
                         graded.grade.passed, run.scenario.pass_mark)
        self.live.stack.setCurrentWidget(self.live.result)
        self.live.next_button.setFocus()
        learner = graded.member.learner_id
        run.replies[learner] = run.replies.get(learner, 0) + 1
        self._show_seats()
        self._set_status("")
        self.feedback_shown.emit(result)
        self.grader.save(run.book, graded, run.scenario, result)

    def _on_saved(self, result: TurnResult, attempt_id: int) -> None:
        run = self.run
        if run is not None and run.session is not None and run.session.last_result is result \
                and run.session.phase is Phase.FEEDBACK:
            self.review.stored(attempt_id)
        self.attempt_saved.emit(attempt_id)

    # -- moving on --------------------------------------------------------------------------------

    def next_learner(self) -> None:
        """Move the hot seat on; after a graded reply the conversation goes on along its branch."""
        run = self.run
        if run is None or run.session is None or run.session.phase is Phase.EVALUATING:
            return
        self.talk.cancel()
        if run.session.phase is Phase.FEEDBACK:
            run.session.advance()
            if run.session.phase is Phase.DONE:
                self._open_scenario(run.scenario_index + 1)
        self._seat_next()

    def skip_absent(self) -> None:
        """The learner in the hot seat is not here: mark them absent and move on."""
        run = self.run
        member = run.seat.current if run is not None else None
        if run is None or member is None or run.session is None or run.session.phase is Phase.EVALUATING:
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
        if run.session is not None and run.session.phase is not Phase.DONE:
            run.session.give_up()
        self.talk.cancel()
        self.talk.allow(False)
        self.voice.stop()
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
        return stage_of(self.run, self.review.lines, self.timer.remaining, self.timer.total)

    def shutdown(self) -> None:
        """End the session, stop the clocks, close the projector."""
        self.end()
        self.timer.reset(0)
        self.talk.shutdown()
        self.voice.stop()
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None
