"""`practice`: play a scenario turn by turn with typed (or spoken) replies, storing every attempt."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from trainer.delivery import Delivery, measure
from trainer.grading.grader import PushbackGrader
from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios import Scenario
from trainer.session import Phase, PracticeSession, TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore


@dataclass(frozen=True)
class Reply:
    """A learner's reply as it reaches the grader."""

    transcript: str
    delivery: Delivery
    audio_path: str = ""  # relative to the data folder
    recogniser: str = ""


ReplySource = Callable[[int], Reply]  # index of the reply -> the reply


def typed_reply(texts: Sequence[str]) -> ReplySource:
    """Replies given as text on the command line."""
    return lambda index: Reply(texts[index], measure(texts[index]))


@dataclass
class PracticeRun:
    """Everything practice needs, passed in explicitly."""

    scenario: Scenario
    learner: str
    grader: PushbackGrader
    store: ProgressStore
    out: TextIO
    seed: int | None = None


def run_practice(run: PracticeRun, replies: ReplySource, count: int) -> int:
    """Play up to count replies; print each turn; every graded attempt is committed at once."""
    learner_id = run.store.learner_id(run.learner)
    scenario = run.scenario
    session_id = run.store.start_session(learner_id, scenario.id, scenario.version)
    session = PracticeSession(scenario, random.Random(run.seed))
    run.out.write(f"{scenario.title}\nYou are: {scenario.learner_role}. {scenario.brief}\n\n")
    for index in range(count):
        if session.phase is Phase.DONE:
            run.out.write(f"(the scenario ended; {count - index} reply(ies) left unused)\n")
            break
        reply = replies(index)
        result = _play_turn(
            run,
            session,
            reply,
            AttemptRecord(
                session_id=session_id,
                learner_id=learner_id,
                scenario_id=scenario.id,
                scenario_version=scenario.version,
                weights=scenario.criteria,
                required=session.turn.requires,
                delivery=reply.delivery,
                audio_path=reply.audio_path,
                recogniser=reply.recogniser,
                pass_mark=scenario.pass_mark,
            ),
        )
        _print_result(run.out, result, reply.delivery)
        session.advance()
    finished = session.phase is Phase.DONE
    run.store.end_session(session_id, "done" if finished else "incomplete")
    run.out.write("Scenario complete.\n" if finished else "Stopped before the end of the scenario.\n")
    return 0


def _play_turn(run: PracticeRun, session: PracticeSession, reply: Reply, record: AttemptRecord) -> TurnResult:
    name = run.scenario.counterpart.name
    run.out.write(f"{name}: {session.prompt}\n")
    session.prompt_finished()
    seq = session.reply_received(reply.transcript)
    scenario = run.scenario
    grade = run.grader.grade(
        reply.transcript, scenario.weights_for(session.turn), scenario.pass_mark, scenario.situation
    )
    result = session.graded(seq, grade)
    assert result is not None  # the seq is current: nothing else runs here
    run.store.record_attempt(record, result)
    return result


def _print_result(out: TextIO, result: TurnResult, delivery: Delivery) -> None:
    grade = result.grade
    out.write(f"You: {result.transcript}\n")
    out.write(f"Score {grade.score} - {'passed' if grade.passed else 'not yet'}\n")
    for cid, r in grade.results.items():
        mark = "met   " if r.met else "missed"
        quote = f'  "{r.evidence}"' if r.met and r.evidence else (f'  (because: "{r.lapse}")' if r.lapse else "")
        out.write(f"  [{mark}] {CRITERIA_BY_ID[cid].name}{quote}\n")
    for tip in grade.suggestions.values():
        out.write(f"  try: {tip}\n")
    for note in delivery.readings():
        out.write(f"  delivery: {note}\n")
    out.write("\n")
