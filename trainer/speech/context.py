"""The scenario as the recogniser's context: the words a reply to this turn is likely to contain."""

from __future__ import annotations

import re

from trainer.scenarios.model import Scenario

_WORD = re.compile(r"[a-z0-9']+")
MAX_CONTEXT_CHARS = 600  # Whisper keeps at most 223 prompt tokens; the end of the prompt matters most


def scenario_context(scenario: Scenario, turn_id: str | None = None, line: str | None = None) -> str:
    """Names, roles and the line the learner answers, as a prompt that reads like the talk before the reply."""
    turn = scenario.turns.get(turn_id or scenario.start)
    heard = line or (turn.lines[0] if turn is not None and turn.lines else "")
    who = scenario.counterpart
    parts = [f"{who.name}, {who.role}.", heard.strip()]
    return " ".join(p for p in parts if p)[-MAX_CONTEXT_CHARS:]


def closest_turn(scenarios: list[Scenario], text: str) -> tuple[Scenario, str]:
    """The scenario turn whose lines and model answer share most words with text (for evaluation)."""
    words = set(_WORD.findall(text.lower()))
    best: tuple[float, Scenario, str] | None = None
    for scenario in scenarios:
        for turn in scenario.turns.values():
            theirs = set(_WORD.findall(" ".join((*turn.lines, turn.model_answer)).lower()))
            score = len(words & theirs) / (len(theirs) ** 0.5 or 1.0)
            if best is None or score > best[0]:
                best = (score, scenario, turn.id)
    if best is None:
        raise ValueError("no scenarios to choose from")
    return best[1], best[2]
