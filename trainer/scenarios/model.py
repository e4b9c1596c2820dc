"""What a scenario is: a counterpart, the criteria it trains, and turns that branch on the reply."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

END = "end"


@dataclass(frozen=True)
class Condition:
    """When a branch applies; every given part must hold."""

    met: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    any_missed: tuple[str, ...] = ()
    passed: bool | None = None

    def holds(self, met: Mapping[str, bool], passed: bool) -> bool:
        """Whether the reply's verdicts satisfy this condition."""
        if any(not met.get(c, False) for c in self.met):
            return False
        if any(met.get(c, False) for c in self.missed):
            return False
        if self.any_missed and all(met.get(c, False) for c in self.any_missed):
            return False
        return self.passed is None or self.passed == passed

    def criteria(self) -> tuple[str, ...]:
        return self.met + self.missed + self.any_missed


@dataclass(frozen=True)
class Branch:
    """Where the conversation goes next; no condition means the default."""

    goto: str
    when: Condition | None = None


@dataclass(frozen=True)
class Turn:
    """One line of the counterpart and the reply it calls for."""

    id: str
    lines: tuple[str, ...]
    requires: tuple[str, ...]
    model_answer: str
    branches: tuple[Branch, ...]

    def next_turn(self, met: Mapping[str, bool], passed: bool) -> str:
        """The id of the next turn (or END) for a reply with these verdicts."""
        for branch in self.branches:
            if branch.when is None or branch.when.holds(met, passed):
                return branch.goto
        return END

    def pick_line(self, rng: random.Random) -> str:
        """One of the worded variants, so repeats don't sound canned."""
        return rng.choice(self.lines)

    @property
    def is_branch_point(self) -> bool:
        return any(b.when is not None for b in self.branches)


@dataclass(frozen=True)
class Counterpart:
    """Who the learner talks to."""

    persona: str
    name: str
    role: str


@dataclass(frozen=True)
class Scenario:
    """A validated scenario file."""

    id: str
    version: int
    title: str
    situation: str
    learner_role: str
    counterpart: Counterpart
    brief: str
    criteria: Mapping[str, float]
    pass_mark: int
    turns: Mapping[str, Turn]
    path: Path
    start: str

    def turn(self, turn_id: str) -> Turn:
        return self.turns[turn_id]

    def weights_for(self, turn: Turn) -> dict[str, float]:
        """The weights of the criteria a turn requires."""
        return {c: self.criteria[c] for c in turn.requires}

    def main_path_length(self) -> int:
        """Turns along the default branches from the start."""
        count, turn_id = 0, self.start
        while turn_id != END and count <= len(self.turns):
            count += 1
            turn = self.turns[turn_id]
            turn_id = turn.branches[-1].goto if turn.branches else END
        return count
