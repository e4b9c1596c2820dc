"""Check a scenario's branches form a sound conversation: every goto resolves, all paths end."""

from __future__ import annotations

from trainer.scenarios.errors import Invalid
from trainer.scenarios.model import END, Scenario
from trainer.scenarios.yaml_lines import Path_


def check_graph(scenario: Scenario) -> None:
    """Raise Invalid at the offending branch for a bad goto, missing default, orphan or cycle."""
    order = list(scenario.turns)
    for index, turn in enumerate(scenario.turns.values()):
        for j, branch in enumerate(turn.branches):
            at: Path_ = ("turns", index, "branches", j)
            if branch.goto != END and branch.goto not in scenario.turns:
                raise Invalid((*at, "goto"), f"branch to missing turn '{branch.goto}'")
            if branch.when is None and j != len(turn.branches) - 1:
                raise Invalid(at, "the default branch (no 'when') must be the last one")
        if turn.branches[-1].when is not None:
            raise Invalid(
                ("turns", index, "branches"), f"turn '{turn.id}' needs a default branch (one without 'when') last"
            )
    cycle = _find_cycle(scenario)
    if cycle:
        raise Invalid(("turns", order.index(cycle[0])), f"branches loop back: {' -> '.join(cycle)}")
    reachable = _reachable(scenario)
    for index, turn_id in enumerate(order):
        if turn_id not in reachable:
            raise Invalid(("turns", index, "id"), f"turn '{turn_id}' cannot be reached from '{scenario.start}'")


def _successors(scenario: Scenario, turn_id: str) -> list[str]:
    return [b.goto for b in scenario.turns[turn_id].branches if b.goto != END]


def _reachable(scenario: Scenario) -> set[str]:
    seen: set[str] = set()
    stack = [scenario.start]
    while stack:
        turn_id = stack.pop()
        if turn_id not in seen:
            seen.add(turn_id)
            stack.extend(_successors(scenario, turn_id))
    return seen


def _find_cycle(scenario: Scenario) -> list[str]:
    """A list of turn ids forming a loop, or [] (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in scenario.turns:
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, child = stack.pop()
            if child == 0:
                state[node] = 1
                path.append(node)
            successors = _successors(scenario, node)
            if child < len(successors):
                stack.append((node, child + 1))
                nxt = successors[child]
                if state.get(nxt) == 1:
                    return [*path[path.index(nxt) :], nxt]
                if nxt not in state:
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return []
