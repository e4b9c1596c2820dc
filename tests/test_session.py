"""The practice session state machine, exhaustively: every phase against every event."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from trainer.grading.grader import Grade, PushbackGrader
from trainer.scenarios.model import END
from trainer.session import Phase, PracticeSession, SessionError

CAVE = "You're right, let's drop it."
STRONG = (
    "I see that a little differently. Would you be open to me sharing why? Our three-year cost came out "
    "12% lower once implementation fees were included."
)


def _session(library, scenario_id: str = "challenge-the-prospect") -> PracticeSession:  # type: ignore[no-untyped-def]
    return PracticeSession(library.get(scenario_id), random.Random(1))


def _grade(session: PracticeSession, text: str) -> Grade:
    scenario = session.scenario
    return PushbackGrader().grade(text, scenario.weights_for(session.turn), scenario.pass_mark)


def _to(session: PracticeSession, phase: Phase) -> None:
    """Drive a fresh session into a phase by legal events."""
    if phase is Phase.PROMPTING:
        return
    session.prompt_finished()
    if phase is Phase.LISTENING:
        return
    seq = session.reply_received(STRONG)
    if phase is Phase.EVALUATING:
        return
    session.graded(seq, _grade(session, STRONG))
    if phase is Phase.FEEDBACK:
        return
    session.give_up()


EVENTS: dict[str, Callable[[PracticeSession], object]] = {
    "prompt_finished": lambda s: s.prompt_finished(),
    "reply_received": lambda s: s.reply_received("hello"),
    "reply_failed": lambda s: s.reply_failed(),
    "retry": lambda s: s.retry(),
    "advance": lambda s: s.advance(),
    "give_up": lambda s: s.give_up(),
}
ALLOWED = {
    Phase.PROMPTING: {"prompt_finished", "reply_received", "give_up"},
    Phase.LISTENING: {"reply_received", "reply_failed", "give_up"},
    Phase.EVALUATING: {"reply_failed", "give_up"},
    Phase.FEEDBACK: {"retry", "advance", "give_up"},
    Phase.DONE: set(),
}
AFTER = {
    (Phase.PROMPTING, "prompt_finished"): Phase.LISTENING,
    (Phase.PROMPTING, "reply_received"): Phase.EVALUATING,
    (Phase.LISTENING, "reply_received"): Phase.EVALUATING,
    (Phase.LISTENING, "reply_failed"): Phase.LISTENING,
    (Phase.EVALUATING, "reply_failed"): Phase.LISTENING,
    (Phase.FEEDBACK, "retry"): Phase.PROMPTING,
    (Phase.FEEDBACK, "advance"): Phase.PROMPTING,
}


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("event", list(EVENTS))
def test_every_event_in_every_phase(library, phase: Phase, event: str) -> None:  # type: ignore[no-untyped-def]
    session = _session(library)
    _to(session, phase)
    assert session.phase is phase
    if event in ALLOWED[phase]:
        EVENTS[event](session)
        assert session.phase is AFTER.get((phase, event), Phase.DONE)
    else:
        with pytest.raises(SessionError):
            EVENTS[event](session)
        assert session.phase is phase


def test_strong_reply_moves_on_and_caving_branches(library) -> None:  # type: ignore[no-untyped-def]
    session = _session(library)
    opening = session.turn
    session.prompt_finished()
    seq = session.reply_received(CAVE)
    result = session.graded(seq, _grade(session, CAVE))
    assert result is not None and not result.grade.met("engages")
    assert result.next_turn == opening.branches[0].goto
    session.retry()
    assert session.turn_id == opening.id and session.attempt_no == 2
    session.prompt_finished()
    seq = session.reply_received(STRONG)
    result = session.graded(seq, _grade(session, STRONG))
    assert result.grade.passed and result.next_turn == opening.branches[-1].goto
    assert session.previous_score(opening.id) == session.results[0].grade.score
    session.advance()
    assert session.turn_id == opening.branches[-1].goto and session.attempt_no == 1


def test_late_grade_for_an_old_prompt_is_dropped(library) -> None:  # type: ignore[no-untyped-def]
    session = _session(library)
    session.prompt_finished()
    old_seq = session.reply_received(STRONG)
    session.reply_failed()
    new_seq = session.reply_received(STRONG)
    assert new_seq == old_seq  # same prompt: a second reply to it is still current
    session.give_up()
    assert session.graded(old_seq, _grade(session, STRONG)) is None
    assert session.results == []


def test_grade_after_retry_uses_new_seq(library) -> None:  # type: ignore[no-untyped-def]
    session = _session(library)
    session.prompt_finished()
    first = session.reply_received(STRONG)
    session.graded(first, _grade(session, STRONG))
    session.retry()
    session.prompt_finished()
    second = session.reply_received(STRONG)
    assert second != first
    assert session.graded(first, _grade(session, STRONG)) is None
    assert session.graded(second, _grade(session, STRONG)) is not None


def test_model_answers_reach_the_end(library) -> None:  # type: ignore[no-untyped-def]
    for scenario_id in library.scenarios:
        session = _session(library, scenario_id)
        while session.phase is not Phase.DONE:
            session.prompt_finished()
            answer = session.turn.model_answer
            session.graded(session.reply_received(answer), _grade(session, answer))
            session.advance()
        assert not session.ended_early
        assert session.results[-1].next_turn == END


def test_give_up_mid_scenario_is_early(library) -> None:  # type: ignore[no-untyped-def]
    session = _session(library)
    session.prompt_finished()
    session.graded(session.reply_received(STRONG), _grade(session, STRONG))
    session.give_up()
    assert session.ended_early and len(session.results) == 1


def test_lines_vary_with_the_random_source(library) -> None:  # type: ignore[no-untyped-def]
    scenario = library.get("challenge-the-prospect")
    prompts = {PracticeSession(scenario, random.Random(seed)).prompt for seed in range(20)}
    assert prompts == set(scenario.turn(scenario.start).lines)
