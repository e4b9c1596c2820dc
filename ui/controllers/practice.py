"""The practice flow: a PracticeSession driven by the view, the voice, the talk control and the workers."""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.delivery import Delivery, measure
from trainer.grading.grader import Grade, PushbackGrader
from trainer.insights import last_turn_score
from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios import Scenario
from trainer.scenarios.model import END
from trainer.session import Phase, PracticeSession, TurnResult
from trainer.speech.context import scenario_context
from trainer.storage.progress import AttemptRecord, ProgressStore
from ui.controllers.listening import Heard
from ui.controllers.talk import STEPS, TalkControl
from ui.controllers.voice import CounterpartVoice
from ui.report_data import delivery_lines, delivery_reading, lines_from_grade, score_delta
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.tasks import run_task
from ui.views.feedback_view import FeedbackData
from ui.views.practice_view import PracticeView
from ui.workers import SerialWorker

log = logging.getLogger(__name__)


@dataclass
class Reply:
    """A reply on its way to the grader (typed, or spoken and transcribed)."""

    text: str
    audio_file: Path | None = None
    recogniser: str = ""
    duration_s: float | None = None
    words: tuple = ()  # type: ignore[type-arg]
    pause_s: float | None = None
    speech_end_at: float | None = None


@dataclass
class StoredSession:
    """Ids filled in on the database thread, read there by later jobs (jobs run in order)."""

    learner: str
    session_id: int = 0
    learner_id: int = 0


def grade_reply(grader: PushbackGrader, scenario: Scenario, turn_id: str, reply: Reply) -> tuple[Grade, Delivery]:
    """Grade a reply on its turn's criteria and measure its delivery (runs on a pool thread)."""
    turn = scenario.turn(turn_id)
    grade = grader.grade(reply.text, scenario.weights_for(turn), scenario.pass_mark, situation=scenario.situation)
    delivery = measure(reply.text, reply.duration_s, reply.words)
    return grade, dataclasses.replace(delivery, patience_s=reply.pause_s)


def _record(store: ProgressStore, stored: StoredSession, scenario: Scenario, result: TurnResult,
            delivery: Delivery, audio: str, recogniser: str) -> tuple[int, int | None]:
    record = AttemptRecord(
        session_id=stored.session_id, learner_id=stored.learner_id, scenario_id=scenario.id,
        scenario_version=scenario.version, weights=scenario.criteria, required=scenario.turn(result.turn_id).requires,
        delivery=delivery, audio_path=audio, recogniser=recogniser, pass_mark=scenario.pass_mark)
    attempt_id = store.record_attempt(record, result)
    return attempt_id, last_turn_score(store.db, stored.learner, scenario.id, result.turn_id, attempt_id)


def _open(store: ProgressStore, stored: StoredSession, scenario: Scenario) -> int:
    stored.learner_id = store.learner_id(stored.learner)
    stored.session_id = store.start_session(stored.learner_id, scenario.id, scenario.version)
    return stored.session_id


class PracticeController(QObject):
    """One scenario at a time; every graded attempt is committed as soon as it is graded."""

    feedback_shown = Signal(object)  # TurnResult
    attempt_saved = Signal(object)  # attempt id
    finished = Signal()
    go_scenarios = Signal()
    go_progress = Signal()

    def __init__(self, view: PracticeView, services: Services, settings: Settings, db: SerialWorker[ProgressStore],
                 voice: CounterpartVoice, talk: TalkControl, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings, self._db = view, services, settings, db
        self.voice, self.talk = voice, talk
        self.catalogue: Catalogue | None = None
        self.session: PracticeSession | None = None
        self.scenario: Scenario | None = None
        self._stored: StoredSession | None = None
        self._reply: Reply | None = None
        self._delivery: Delivery | None = None
        self._prompt_done_at: float | None = None
        self._visited = 0
        self._voice_note = ""
        self.latencies: list[float] = []
        self._wire()

    def _wire(self) -> None:
        v, f = self.view, self.view.feedback
        v.send_typed.connect(self.send_typed)
        v.replay.connect(self.voice.replay)
        v.end.connect(self.end)
        v.again.connect(lambda: self.start(self.scenario.id) if self.scenario else None)
        v.to_scenarios.connect(self.go_scenarios)
        v.to_progress.connect(self.go_progress)
        f.retry.connect(self.retry)
        f.proceed.connect(self.proceed)
        f.end.connect(self.end)
        f.hear_reply.connect(self._hear_reply)
        self.voice.done.connect(self._on_prompt_done)
        self.voice.speaking.connect(lambda seq: self._show_voice(seq, True))
        self.voice.note.connect(self._on_voice_note)
        self.talk.started.connect(self._on_talk_started)
        self.talk.heard.connect(self._on_heard)
        self.talk.busy.connect(lambda busy: self.view.set_typing(not busy and self._awaiting_reply()))

    # -- starting and prompting ----------------------------------------------------------------

    def start(self, scenario_id: str, turn_id: str | None = None) -> bool:
        """Begin a scenario (at its start, or at a given turn); False when it is not in the library."""
        scenario = self.catalogue.scenarios.scenarios.get(scenario_id) if self.catalogue else None
        if scenario is None or (turn_id and turn_id not in scenario.turns):
            return False
        if self.session is not None and self.session.phase is not Phase.DONE:
            self.end(show_summary=False)
        self.scenario, self._visited = scenario, 0
        self.session = PracticeSession(scenario, random.Random(), turn_id=turn_id or "")
        self._stored = StoredSession(self._settings.learner)
        stored = self._stored
        self._db.submit(lambda store: _open(store, stored, scenario))
        c = scenario.counterpart
        self.view.show_scenario(scenario.title, scenario.learner_role, scenario.brief, c.name, c.role)
        self._prompt(new_turn=True)
        return True

    def _prompt(self, new_turn: bool) -> None:
        session, scenario = self.session, self.scenario
        assert session is not None and scenario is not None
        self._visited += int(new_turn)
        self._reply, self._prompt_done_at = None, None
        self.talk.cancel()
        label = f"Turn {self._visited} of about {scenario.main_path_length()}"
        if session.attempt_no > 1:
            label += f" · attempt {session.attempt_no}"
        skills = [(CRITERIA_BY_ID[c].name, CRITERIA_BY_ID[c].shows) for c in session.turn.requires if c in CRITERIA_BY_ID]
        self.view.show_line(session.prompt, label, skills)
        self.view.typed.clear()
        self.view.set_typing(True)
        name = scenario.counterpart.name.split()[0]
        self.view.set_state(f"{name} is speaking…", "Listen, then answer. Talking now interrupts.", "")
        self.view.set_voice(False, "")
        self.talk.context = scenario_context(scenario, session.turn_id, session.prompt)  # primes the recogniser
        self.talk.allow(True)
        self.view.focus_reply()
        persona = self.catalogue.personas.get(scenario.counterpart.persona) if self.catalogue else None
        self.voice.say(session.prompt, persona, session.seq, self._services.tts_cache)

    def _show_voice(self, _seq: object, speaking: bool) -> None:
        self.view.set_voice(True, "Speaking…" if speaking else self._voice_note, speaking)

    def _on_voice_note(self, note: str) -> None:
        self._voice_note = note
        self.view.set_voice(self.voice.last_line is not None, note)

    def _voice_quiet(self) -> None:
        """The counterpart has stopped: replay is possible, any problem note stays."""
        self.view.set_voice(self.voice.last_line is not None, self._voice_note)

    def _on_prompt_done(self, seq: object) -> None:
        session = self.session
        if session is None or seq != session.seq or session.phase is not Phase.PROMPTING:
            return
        session.prompt_finished()
        self._prompt_done_at = time.monotonic()
        self._voice_quiet()
        if not self.talk.recording:
            self._ready_state()

    def _ready_state(self) -> None:
        hint = ("Hold Space while you talk, or tap Space / click Talk and just pause when you are done."
                if self.talk.available else "Type your reply below and press Enter.")
        self.view.set_state("Your turn", hint, "")
        self.talk.refresh()

    def _awaiting_reply(self) -> bool:
        return self.session is not None and self.session.phase in (Phase.PROMPTING, Phase.LISTENING)

    def _on_talk_started(self) -> None:
        session = self.session
        if session is not None and session.phase is Phase.PROMPTING:
            self.voice.stop()
            session.prompt_finished()
            self._prompt_done_at = time.monotonic()
            self._voice_quiet()

    # -- replies -------------------------------------------------------------------------------

    def send_typed(self, text: str) -> None:
        """A typed reply (always possible while the session waits for one)."""
        if not self._awaiting_reply() or self.talk.recording or not text.strip():
            return
        self.talk.cancel()
        self._submit(Reply(text.strip()))

    def _on_heard(self, heard: Heard) -> None:
        if not self._awaiting_reply():
            return
        pause = None
        if heard.speech_start_at is not None and self._prompt_done_at is not None:
            pause = max(0.0, heard.speech_start_at - self._prompt_done_at)
        t = heard.transcript
        self._submit(Reply(t.text.strip(), heard.audio_file, t.engine, heard.duration_s, t.words, pause, heard.speech_end_at))

    def _submit(self, reply: Reply) -> None:
        session, scenario = self.session, self.scenario
        assert session is not None and scenario is not None
        if session.phase is Phase.PROMPTING:
            self.voice.stop()
            session.prompt_finished()
            self._voice_quiet()
        seq = session.reply_received(reply.text)
        self._reply = reply
        self.talk.allow(False)
        self.view.set_typing(False)
        self.view.set_state("Grading…", "Checking your reply against the criteria.", STEPS["grading"])
        grader, turn_id = self._services.grader, session.turn_id
        run_task(lambda: grade_reply(grader, scenario, turn_id, reply),
                 lambda graded: self._on_graded(seq, reply, graded), lambda e: self._on_grading_failed(seq, e), owner=self)

    def _on_grading_failed(self, seq: int, error: BaseException) -> None:
        session = self.session
        log.error("grading failed: %r", error)
        if session is not None and session.seq == seq and session.phase is Phase.EVALUATING:
            session.reply_failed()
            self.view.set_state("Your turn", f"The reply could not be graded ({error}). Try again.", "")
            self.view.set_typing(True)
            self.talk.allow(True)

    def _on_graded(self, seq: int, reply: Reply, graded: tuple[Grade, Delivery]) -> None:
        session, scenario = self.session, self.scenario
        if session is None or scenario is None:
            return
        grade, delivery = graded
        result = session.graded(seq, grade)
        if result is None:
            return  # a late grade for a turn the learner has left: dropped
        self._delivery = delivery
        self._show_feedback(result, reply, delivery)
        self._save(result, reply, delivery)

    def _show_feedback(self, result: TurnResult, reply: Reply, delivery: Delivery) -> None:
        scenario = self.scenario
        assert scenario is not None
        turn = scenario.turn(result.turn_id)
        figures = delivery.as_json()
        self.view.feedback.show_feedback(FeedbackData(
            score=result.grade.score, passed=result.grade.passed, pass_mark=scenario.pass_mark,
            transcript=result.transcript, lines=lines_from_grade(result.grade, turn.requires),
            model_answer=turn.model_answer, delivery=delivery_lines(figures), reading=delivery_reading(figures),
            has_audio=reply.audio_file is not None, last_turn=result.next_turn == END,
            said_by=scenario.counterpart.name, prompt=result.prompt))
        self.view.show_feedback_page()
        if reply.speech_end_at is not None:
            self.latencies.append(time.monotonic() - reply.speech_end_at)
            log.info("feedback %.2f s after the end of speech", self.latencies[-1])
        self.feedback_shown.emit(result)

    def _save(self, result: TurnResult, reply: Reply, delivery: Delivery) -> None:
        scenario, stored = self.scenario, self._stored
        assert scenario is not None and stored is not None
        audio = ""
        if reply.audio_file is not None:
            try:
                audio = reply.audio_file.relative_to(self._services.paths.data).as_posix()
            except ValueError:
                audio = str(reply.audio_file)
        seq = result.seq
        self._db.submit(lambda store: _record(store, stored, scenario, result, delivery, audio, reply.recogniser),
                        lambda saved: self._on_saved(seq, result, saved), self._on_save_failed)

    def _on_saved(self, seq: int, result: TurnResult, saved: tuple[int, int | None]) -> None:
        attempt_id, previous = saved
        if self.session is not None and self.session.seq == seq:
            self.view.feedback.set_delta(score_delta(result.grade.score, previous))
        self.attempt_saved.emit(attempt_id)

    def _on_save_failed(self, error: BaseException) -> None:
        log.error("the attempt could not be saved: %r", error)
        self.view.feedback.set_delta(f"Not saved: {error}")

    # -- after feedback ------------------------------------------------------------------------

    def retry(self) -> None:
        """Try the same turn again with the same line (R)."""
        if self.session is not None and self.session.phase is Phase.FEEDBACK:
            self.session.retry()
            self._prompt(new_turn=False)

    def proceed(self) -> None:
        """Go on along the branch the reply chose, or finish (Enter)."""
        session = self.session
        if session is None or session.phase is not Phase.FEEDBACK:
            return
        session.advance()
        if session.phase is Phase.DONE:
            self._close_session("done")
            self._summary(complete=True)
        else:
            self._prompt(new_turn=True)

    def end(self, show_summary: bool = True) -> None:
        """End the session now; graded attempts are already stored."""
        session = self.session
        if session is None or session.phase is Phase.DONE:
            return
        session.give_up()
        self.talk.cancel()
        self.talk.allow(False)
        self.voice.stop()
        self._close_session("done" if not session.ended_early else "incomplete")
        if show_summary:
            self._summary(complete=not session.ended_early)

    def _close_session(self, status: str) -> None:
        stored = self._stored
        if stored is not None:
            self._db.submit(lambda store: store.end_session(stored.session_id, status) if stored.session_id else None)
        self.finished.emit()

    def _summary(self, complete: bool) -> None:
        session = self.session
        assert session is not None
        results = session.results
        if not results:
            self.view.show_summary("Session ended", "No reply was graded in this session.")
            return
        scores = [r.grade.score for r in results]
        passed = sum(r.grade.passed for r in results)
        text = (f"{len(results)} graded {'reply' if len(results) == 1 else 'replies'}, "
                f"average score {sum(scores) / len(scores):.0f}, {passed} passed. Every attempt is saved in Progress.")
        self.view.show_summary("Scenario complete" if complete else "Session ended", text)

    def _hear_reply(self) -> None:
        if self._reply is not None and self._reply.audio_file is not None:
            self.voice.play_file(self._reply.audio_file)

    def shutdown(self) -> None:
        """Close the open session row (queued before the database thread stops)."""
        if self.session is not None and self.session.phase is not Phase.DONE:
            self.end(show_summary=False)
        self.voice.stop()
        self.talk.shutdown()
