"""The practice flow shared by solo practice and the classroom: a PracticeSession driven by a turn view, the voice,
the talk control and the workers.

A turn: the counterpart says its line, the reply is recorded or typed, graded off the GUI thread, shown as feedback
and stored at once; then retry or go on along the branch the reply chose. What stores the attempts (one learner's
session, or the hot seat's) is a Recorder handed to `start`; the layers around the flow listen to its signals.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from trainer.delivery import Delivery
from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios import Scenario
from trainer.scenarios.model import END
from trainer.session import Phase, PracticeSession, TurnResult
from trainer.speech.context import scenario_context
from trainer.storage.progress import ProgressStore
from ui.controllers.attempts import Attempt, Recorder, Reply, Saved, grade_reply
from ui.controllers.listening import Heard
from ui.controllers.talk import STEPS, TalkControl
from ui.controllers.voice import CounterpartVoice
from ui.report_data import delivery_lines, delivery_reading, lines_from_grade
from ui.services import Catalogue, Services
from ui.tasks import run_task
from ui.views.feedback_view import FeedbackData, FeedbackView
from ui.views.talk_view import TalkView
from ui.workers import SerialWorker

if TYPE_CHECKING:
    from trainer.grading.grader import Grade

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Words:
    """What the flow tells the person answering ({learner} is the recorder's learner)."""

    listen: str  # while the counterpart speaks
    ready: str  # once it has spoken
    talk_hint: str  # how to answer out loud
    type_hint: str  # how to answer with no microphone or recogniser
    grading: str


SOLO_WORDS = Words("Listen, then answer. Talking now interrupts.", "Your turn",
                   "Hold Space while you talk, or tap Space / click Talk and just pause when you are done.",
                   "Type your reply below and press Enter.", "Checking your reply against the criteria.")


class TurnView(Protocol):
    """What the flow drives: the Practice screen, or the classroom's live page."""

    talk: TalkView
    feedback: FeedbackView
    replay: SignalInstance

    def show_line(self, text: str, turn_label: str, skills: list[tuple[str, str]]) -> None:
        """The counterpart's line, the turn, the skills it trains; back to answering."""

    def set_voice(self, can_replay: bool, note: str, speaking: bool = False) -> None:
        """Replay possible, a note on the voice, speaking now."""

    def show_feedback_page(self) -> None:
        """Switch from answering to the feedback panel."""


class PracticeController(QObject):
    """One scenario at a time on a turn view; every graded attempt is committed as soon as it is graded."""

    line_shown = Signal()  # the current line is on show for whoever answers now (said or handed over)
    listening = Signal()  # a reply may come now (the line has been said, or the answer interrupted it)
    grading = Signal(bool)  # True: a reply went to the grader; False: its grade is back (or it failed)
    feedback_shown = Signal(object)  # TurnResult
    saved = Signal(object, object)  # TurnResult still on show, Saved
    attempt_saved = Signal(object)  # attempt id
    error = Signal(str)

    def __init__(self, view: TurnView, services: Services, db: SerialWorker[ProgressStore], voice: CounterpartVoice,
                 talk: TalkControl, words: Words | None = None, rng: random.Random | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._db = view, services, db
        self.voice, self.talk = voice, talk
        self.words = words or SOLO_WORDS
        self._rng = rng
        self.catalogue: Catalogue | None = None
        self.session: PracticeSession | None = None
        self.scenario: Scenario | None = None
        self.recorder: Recorder | None = None
        self.visited = 0  # turns of this scenario put so far
        self._line_no = 0  # lines said by the voice (its sequence numbers)
        self._said_seq = 0  # the session seq whose line has been said
        self._held = False  # nobody can answer now (the classroom's empty hot seat)
        self._reply: Reply | None = None
        self._prompt_done_at: float | None = None
        self._voice_note = ""
        self.latencies: list[float] = []
        self._wire()

    def _wire(self) -> None:
        v = self.view
        v.talk.send_typed.connect(self.send_typed)
        v.replay.connect(self.voice.replay)
        v.feedback.hear_reply.connect(self._hear_reply)
        self.voice.done.connect(self._on_prompt_done)
        self.voice.speaking.connect(lambda _seq: self._show_voice(True))
        self.voice.note.connect(self._on_voice_note)
        self.talk.started.connect(self._on_talk_started)
        self.talk.heard.connect(self._on_heard)
        self.talk.busy.connect(lambda busy: v.talk.set_typing(not busy and self.awaiting_reply))

    @property
    def awaiting_reply(self) -> bool:
        """The line waits for a reply (and someone is there to give it)."""
        return not self._held and self.session is not None and self.session.phase in (Phase.PROMPTING, Phase.LISTENING)

    @property
    def phase(self) -> Phase | None:
        """Where the session is (None before the first start)."""
        return self.session.phase if self.session is not None else None

    # -- starting and prompting ----------------------------------------------------------------

    def start(self, scenario: Scenario, recorder: Recorder, turn_id: str | None = None, say: bool = True) -> bool:
        """Begin a round of this scenario (at its start, or at a turn) for the recorder's learner; False for no turn."""
        if turn_id and turn_id not in scenario.turns:
            return False
        self.end()
        self.scenario, self.recorder, self.visited = scenario, recorder, 0
        self.session = PracticeSession(scenario, self._rng or random.Random(), turn_id=turn_id or "")
        self._said_seq = 0
        job = recorder.open(scenario)
        if job is not None:
            self._db.submit(job)
        if say:
            self.offer()
        return True

    def offer(self) -> None:
        """Put the current line to whoever answers now: say it if it has not been said, else hand it over."""
        session = self.session
        if session is None or session.phase in (Phase.EVALUATING, Phase.FEEDBACK, Phase.DONE):
            return
        self._held = False
        if session.seq != self._said_seq:
            self._prompt(new_turn=True)
            return
        self._show_line()
        if session.phase is Phase.LISTENING:
            self._ready_state()

    def hold(self) -> None:
        """Nobody can answer now: recording and typing are off until the next offer()."""
        self._held = True
        self.talk.cancel()
        self.talk.allow(False)
        self.view.talk.set_typing(False)

    def _prompt(self, new_turn: bool) -> None:
        session, scenario = self.session, self.scenario
        assert session is not None and scenario is not None
        self.visited += int(new_turn)
        self._said_seq, self._line_no = session.seq, self._line_no + 1
        self._reply, self._prompt_done_at = None, None
        self._show_line()
        name = scenario.counterpart.name.split()[0]
        self.view.talk.set_state(f"{name} is speaking…", self.words.listen, "")
        self.view.set_voice(False, "")
        self.view.talk.focus_reply()
        persona = self.catalogue.personas.get(scenario.counterpart.persona) if self.catalogue else None
        self.voice.say(session.prompt, persona, self._line_no, self._services.tts_cache)

    def _show_line(self) -> None:
        session, scenario = self.session, self.scenario
        assert session is not None and scenario is not None
        self.talk.cancel()
        label = f"Turn {self.visited} of about {scenario.main_path_length()}"
        if session.attempt_no > 1:
            label += f" · attempt {session.attempt_no}"
        skills = [(CRITERIA_BY_ID[c].name, CRITERIA_BY_ID[c].shows) for c in session.turn.requires if c in CRITERIA_BY_ID]
        self.view.show_line(session.prompt, label, skills)
        self.view.talk.typed.clear()
        self.view.talk.set_typing(True)
        self.talk.context = scenario_context(scenario, session.turn_id, session.prompt)  # primes the recogniser
        self.talk.allow(True)
        self.line_shown.emit()

    def _show_voice(self, speaking: bool) -> None:
        self.view.set_voice(True, "Speaking…" if speaking else self._voice_note, speaking)

    def _on_voice_note(self, note: str) -> None:
        self._voice_note = note
        self.view.set_voice(self.voice.last_line is not None, note)

    def _voice_quiet(self) -> None:
        """The counterpart has stopped: replay is possible, any problem note stays."""
        self.view.set_voice(self.voice.last_line is not None, self._voice_note)

    def _on_prompt_done(self, seq: object) -> None:
        session = self.session
        if session is None or seq != self._line_no or session.phase is not Phase.PROMPTING:
            return
        self._prompt_finished()
        if not self.talk.recording and not self._held:
            self._ready_state()

    def _prompt_finished(self) -> None:
        assert self.session is not None
        self.session.prompt_finished()
        self._prompt_done_at = time.monotonic()
        self._voice_quiet()

    def _ready_state(self) -> None:
        hint = self.words.talk_hint if self.talk.available else self.words.type_hint
        self.view.talk.set_state(self._ready_title(), hint, "")
        self.talk.refresh()
        self.listening.emit()

    def _ready_title(self) -> str:
        return self.words.ready.format(learner=self.recorder.learner if self.recorder is not None else "")

    def _on_talk_started(self) -> None:
        session = self.session
        if session is not None and session.phase is Phase.PROMPTING:
            self.voice.stop()
            self._prompt_finished()
            self.listening.emit()

    # -- replies -------------------------------------------------------------------------------

    def send_typed(self, text: str) -> None:
        """A typed reply (always possible while the session waits for one)."""
        if not self.awaiting_reply or self.talk.recording or not text.strip():
            return
        self.talk.cancel()
        self._submit(Reply(text.strip()))

    def _on_heard(self, heard: Heard) -> None:
        if not self.awaiting_reply:
            return
        pause = None
        if heard.speech_start_at is not None and self._prompt_done_at is not None:
            pause = max(0.0, heard.speech_start_at - self._prompt_done_at)
        t = heard.transcript
        self._submit(Reply(t.text.strip(), heard.audio_file, t.engine, heard.duration_s, t.words, pause, heard.speech_end_at))

    def _submit(self, reply: Reply) -> None:
        session, scenario, recorder = self.session, self.scenario, self.recorder
        assert session is not None and scenario is not None and recorder is not None
        if session.phase is Phase.PROMPTING:
            self.voice.stop()
            self._prompt_finished()
        seq = session.reply_received(reply.text)
        self._reply = reply
        self.talk.allow(False)
        self.view.talk.set_typing(False)
        self.view.talk.set_state("Grading…", self.words.grading, STEPS["grading"])
        self.grading.emit(True)
        grader, turn_id = self._services.grader, session.turn_id
        run_task(lambda: grade_reply(grader, scenario, turn_id, reply),
                 lambda graded: self._on_graded(session, seq, reply, recorder, graded),
                 lambda e: self._on_grading_failed(session, seq, e), owner=self)

    def _on_grading_failed(self, session: PracticeSession, seq: int, error: BaseException) -> None:
        log.error("grading failed: %r", error)
        self.grading.emit(False)
        if session is self.session and session.seq == seq and session.phase is Phase.EVALUATING:
            session.reply_failed()
            self.view.talk.set_state(self._ready_title(), f"The reply could not be graded ({error}). Try again.", "")
            self.view.talk.set_typing(True)
            self.talk.allow(True)

    def _on_graded(self, session: PracticeSession, seq: int, reply: Reply, recorder: Recorder,
                   graded: tuple[Grade, Delivery]) -> None:
        self.grading.emit(False)
        grade, delivery = graded
        result = session.graded(seq, grade) if session is self.session else None
        if result is None:
            return  # a late grade for a turn (or a round) that has been left: dropped
        self._show_feedback(result, reply, delivery)
        self._save(recorder, result, reply, delivery)

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

    def _save(self, recorder: Recorder, result: TurnResult, reply: Reply, delivery: Delivery) -> None:
        scenario, session = self.scenario, self.session
        assert scenario is not None and session is not None
        audio = ""
        if reply.audio_file is not None:
            try:
                audio = reply.audio_file.relative_to(self._services.paths.data).as_posix()
            except ValueError:
                audio = str(reply.audio_file)
        job = recorder.record(Attempt(scenario, result, delivery, audio, reply.recogniser))
        self._db.submit(job, lambda saved: self._on_saved(session, result, saved), self._on_save_failed)

    def _on_saved(self, session: PracticeSession, result: TurnResult, saved: Saved) -> None:
        if session is self.session and session.seq == result.seq and session.phase is Phase.FEEDBACK:
            self.saved.emit(result, saved)
        self.attempt_saved.emit(saved.attempt_id)

    def _on_save_failed(self, error: BaseException) -> None:
        log.error("the attempt could not be saved: %r", error)
        self.view.feedback.set_delta(f"Not saved: {error}")
        self.error.emit(f"The reply could not be saved: {error}")

    # -- after feedback ------------------------------------------------------------------------

    def retry(self) -> None:
        """Try the same turn again with the same line (R)."""
        if self.session is not None and self.session.phase is Phase.FEEDBACK:
            self.session.retry()
            self._prompt(new_turn=False)

    def proceed(self) -> bool:
        """Go on along the branch the reply chose; False when that finished the scenario."""
        session = self.session
        if session is None or session.phase is not Phase.FEEDBACK:
            return True
        session.advance()
        if session.phase is Phase.DONE:
            self._close("done")
            return False
        self._held = False
        self._prompt(new_turn=True)
        return True

    def end(self) -> bool:
        """End the round now (graded attempts are already stored); False when none was running."""
        session = self.session
        if session is None or session.phase is Phase.DONE:
            return False
        session.give_up()
        self.talk.cancel()
        self.talk.allow(False)
        self.voice.stop()
        self._close("incomplete" if session.ended_early else "done")
        return True

    def _close(self, status: str) -> None:
        job = self.recorder.close(status) if self.recorder is not None else None
        if job is not None:
            self._db.submit(job)

    def _hear_reply(self) -> None:
        if self._reply is not None and self._reply.audio_file is not None:
            self.voice.play_file(self._reply.audio_file)

    def shutdown(self) -> None:
        """Close the open round (queued before the database thread stops); stop the voice and the clock."""
        self.end()
        self.voice.stop()
        self.talk.shutdown()

