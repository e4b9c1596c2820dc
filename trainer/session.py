"""The practice session as a plain state machine: no threads, no I/O, no clock.

prompting -> listening -> evaluating -> feedback -> (retry | next turn | done)
Every prompt gets a sequence number; results for an older prompt are refused, so a late
transcription or grade can never land on the wrong turn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from trainer.scenarios.model import END, Scenario, Turn

if TYPE_CHECKING:
    from trainer.grading.grader import Grade


class Phase(Enum):
    """Where the session is."""

    PROMPTING = "prompting"  # the counterpart is saying its line
    LISTENING = "listening"  # waiting for the learner's reply
    EVALUATING = "evaluating"  # transcribing and grading the reply
    FEEDBACK = "feedback"  # the grade is shown; retry, continue or end
    DONE = "done"


class SessionError(Exception):
    """An event that is not allowed in the current phase."""


@dataclass(frozen=True)
class TurnResult:
    """One graded reply to one turn."""

    seq: int
    turn_id: str
    attempt_no: int
    prompt: str
    transcript: str
    grade: Grade
    next_turn: str  # a turn id or END


@dataclass
class PracticeSession:
    """One learner working through one scenario."""

    scenario: Scenario
    rng: random.Random = field(default_factory=random.Random)
    phase: Phase = Phase.PROMPTING
    turn_id: str = ""
    prompt: str = ""
    seq: int = 0
    attempt_no: int = 1
    results: list[TurnResult] = field(default_factory=list)
    ended_early: bool = False
    transcript: str = ""

    def __post_init__(self) -> None:
        self.turn_id = self.turn_id or self.scenario.start
        self.prompt = self.turn.pick_line(self.rng)
        self.seq = 1

    @property
    def turn(self) -> Turn:
        return self.scenario.turn(self.turn_id)

    @property
    def last_result(self) -> TurnResult | None:
        return self.results[-1] if self.results else None

    def _expect(self, *phases: Phase) -> None:
        if self.phase not in phases:
            allowed = " or ".join(p.value for p in phases)
            raise SessionError(f"not allowed while {self.phase.value} (needs {allowed})")

    def prompt_finished(self) -> None:
        """The counterpart's line has been played (or shown): listen for the reply."""
        self._expect(Phase.PROMPTING)
        self.phase = Phase.LISTENING

    def reply_received(self, transcript: str) -> int:
        """The learner's reply is in (typed, or spoken and transcribed); returns the prompt's seq."""
        self._expect(Phase.LISTENING, Phase.PROMPTING)
        self.transcript = transcript
        self.phase = Phase.EVALUATING
        return self.seq

    def reply_failed(self) -> None:
        """Capture or transcription failed: listen again for the same prompt."""
        self._expect(Phase.EVALUATING, Phase.LISTENING)
        self.phase = Phase.LISTENING

    def graded(self, seq: int, grade: Grade) -> TurnResult | None:
        """Record the grade for prompt seq; a grade for an older prompt is dropped (None)."""
        if seq != self.seq or self.phase is not Phase.EVALUATING:
            return None
        met = {cid: r.met for cid, r in grade.results.items()}
        result = TurnResult(
            seq=seq,
            turn_id=self.turn_id,
            attempt_no=self.attempt_no,
            prompt=self.prompt,
            transcript=self.transcript,
            grade=grade,
            next_turn=self.turn.next_turn(met, grade.passed),
        )
        self.results.append(result)
        self.phase = Phase.FEEDBACK
        return result

    def retry(self) -> None:
        """Try the same turn again, with the same line."""
        self._expect(Phase.FEEDBACK)
        self.attempt_no += 1
        self._new_prompt(self.turn_id, keep_line=True)

    def advance(self) -> None:
        """Go on along the branch the last reply chose, or finish."""
        self._expect(Phase.FEEDBACK)
        result = self.results[-1]
        if result.next_turn == END:
            self.phase = Phase.DONE
            return
        self.attempt_no = 1
        self._new_prompt(result.next_turn, keep_line=False)

    def give_up(self) -> None:
        """End the session now; graded attempts stay recorded."""
        self._expect(Phase.PROMPTING, Phase.LISTENING, Phase.EVALUATING, Phase.FEEDBACK)
        self.ended_early = self.phase is not Phase.FEEDBACK or self.results[-1].next_turn != END
        self.phase = Phase.DONE
        self.seq += 1  # anything still in flight is now stale

    def _new_prompt(self, turn_id: str, keep_line: bool) -> None:
        self.turn_id = turn_id
        if not keep_line:
            self.prompt = self.turn.pick_line(self.rng)
        self.seq += 1
        self.transcript = ""
        self.phase = Phase.PROMPTING

    def previous_score(self, turn_id: str) -> int | None:
        """The score of the attempt before the last one at this turn, in this session."""
        scores = [r.grade.score for r in self.results if r.turn_id == turn_id]
        return scores[-2] if len(scores) >= 2 else None
