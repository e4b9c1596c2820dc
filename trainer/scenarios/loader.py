"""Read a folder of scenario files: good ones become Scenarios, bad ones FILE:LINE: reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.rubric import CRITERIA_BY_ID, SITUATION_CRITERIA
from trainer.scenarios.errors import Invalid
from trainer.scenarios.graph import check_graph
from trainer.scenarios.model import END, Branch, Condition, Counterpart, Scenario, Turn
from trainer.scenarios.yaml_lines import Path_, YamlProblem, read_located

__all__ = ["Invalid", "ScenarioError", "ScenarioFileError", "ScenarioLibrary", "load_library", "load_scenario"]

TOP_KEYS = {
    "id",
    "version",
    "title",
    "situation",
    "learner_role",
    "counterpart",
    "brief",
    "criteria",
    "pass_mark",
    "turns",
}
REQUIRED_TOP = TOP_KEYS - {"pass_mark"}
TURN_KEYS = {"id", "lines", "requires", "model_answer", "branches"}
CONDITION_KEYS = {"met", "missed", "any_missed", "passed"}
COUNTERPART_KEYS = {"persona", "name", "role"}


@dataclass(frozen=True)
class ScenarioError:
    """Why a file could not be loaded, and where."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class ScenarioLibrary:
    """The scenarios that loaded, and the files that did not."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    errors: list[ScenarioError] = field(default_factory=list)

    def get(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)


def load_library(folder: Path, personas: Iterable[str] | None = None) -> ScenarioLibrary:
    """Load every *.yaml file in folder; bad files are reported, never raised."""
    library = ScenarioLibrary()
    known_personas = set(personas) if personas is not None else None
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            scenario = load_scenario(path, known_personas)
        except ScenarioFileError as error:
            library.errors.append(error.error)
            continue
        if scenario.id in library.scenarios:
            first = library.scenarios[scenario.id].path.name
            library.errors.append(ScenarioError(path, 1, f"duplicate id '{scenario.id}' (also in {first})"))
            continue
        library.scenarios[scenario.id] = scenario
    return library


class ScenarioFileError(Exception):
    """Raised by load_scenario with the located error."""

    def __init__(self, error: ScenarioError) -> None:
        super().__init__(str(error))
        self.error = error


def load_scenario(path: Path, personas: set[str] | None = None) -> Scenario:
    """Load and validate one file; raises ScenarioFileError with file, line and reason."""
    try:
        located = read_located(path)
    except YamlProblem as problem:
        raise ScenarioFileError(ScenarioError(path, problem.line, problem.reason)) from problem
    try:
        scenario = _build(located.data, path)
        check_graph(scenario)
        _check_persona(scenario, personas)
    except Invalid as invalid:
        raise ScenarioFileError(ScenarioError(path, located.line(invalid.path), invalid.reason)) from invalid
    return scenario


def _build(data: Any, path: Path) -> Scenario:
    top = _mapping(data, (), TOP_KEYS, REQUIRED_TOP, "scenario")
    scenario_id = _text(top, "id", ())
    if scenario_id != path.stem:
        raise Invalid(("id",), f"id '{scenario_id}' must equal the file name '{path.stem}'")
    criteria = _criteria(top["criteria"])
    situation = _text(top, "situation", ())
    if situation not in SITUATION_CRITERIA:
        raise Invalid(("situation",), f"unknown situation '{situation}' (one of {', '.join(SITUATION_CRITERIA)})")
    if scenario_id in SITUATION_CRITERIA and set(criteria) != set(SITUATION_CRITERIA[scenario_id]):
        raise Invalid(
            ("criteria",),
            f"seed scenario '{scenario_id}' must use exactly: {', '.join(SITUATION_CRITERIA[scenario_id])}",
        )
    turns = _turns(top["turns"], criteria)
    return Scenario(
        id=scenario_id,
        version=_int(top, "version", (), 1, 10_000),
        title=_text(top, "title", ()),
        situation=situation,
        learner_role=_text(top, "learner_role", ()),
        counterpart=_counterpart(top["counterpart"]),
        brief=_text(top, "brief", ()),
        criteria=criteria,
        pass_mark=_int(top, "pass_mark", (), 0, 100) if "pass_mark" in top else 70,
        turns=turns,
        path=path,
        start=next(iter(turns)),
    )


def _mapping(value: Any, at: Path_, allowed: set[str], required: set[str], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(at, f"{what} must be a mapping of keys")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise Invalid((*at, unknown[0]), f"unknown key '{unknown[0]}' in {what}")
    missing = sorted(required - set(value))
    if missing:
        raise Invalid(at, f"missing field '{missing[0]}' in {what}")
    return value


def _text(mapping: dict[str, Any], key: str, at: Path_) -> str:
    value = mapping[key]
    if not isinstance(value, str) or not value.strip():
        raise Invalid((*at, key), f"'{key}' must be non-empty text")
    return value.strip()


def _int(mapping: dict[str, Any], key: str, at: Path_, low: int, high: int) -> int:
    value = mapping[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid((*at, key), f"'{key}' must be a whole number from {low} to {high}")
    return value


def _criteria(value: Any) -> dict[str, float]:
    if isinstance(value, list):
        if not all(isinstance(c, str) for c in value):
            raise Invalid(("criteria",), "'criteria' must list rubric ids (optionally with weights)")
        value = {c: 1 for c in value}
    if not isinstance(value, dict) or not value:
        raise Invalid(("criteria",), "'criteria' must list rubric ids (optionally with weights)")
    out: dict[str, float] = {}
    for cid, weight in value.items():
        if cid not in CRITERIA_BY_ID:
            raise Invalid(("criteria", str(cid)), f"unknown criterion id '{cid}'")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise Invalid(("criteria", str(cid)), f"weight of '{cid}' must be a positive number")
        out[str(cid)] = float(weight)
    return out


def _counterpart(value: Any) -> Counterpart:
    at: Path_ = ("counterpart",)
    mapping = _mapping(value, at, COUNTERPART_KEYS, COUNTERPART_KEYS, "counterpart")
    return Counterpart(_text(mapping, "persona", at), _text(mapping, "name", at), _text(mapping, "role", at))


def _turns(value: Any, criteria: dict[str, float]) -> dict[str, Turn]:
    if not isinstance(value, list) or not value:
        raise Invalid(("turns",), "'turns' must be a non-empty list")
    turns: dict[str, Turn] = {}
    for index, item in enumerate(value):
        turn = _turn(item, ("turns", index), criteria)
        if turn.id == END or turn.id in turns:
            raise Invalid(("turns", index, "id"), f"duplicate or reserved turn id '{turn.id}'")
        turns[turn.id] = turn
    return turns


def _turn(value: Any, at: Path_, criteria: dict[str, float]) -> Turn:
    mapping = _mapping(value, at, TURN_KEYS, TURN_KEYS, "turn")
    lines = mapping["lines"]
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and x.strip() for x in lines):
        raise Invalid((*at, "lines"), "'lines' must be a list of one or more lines of text")
    requires = _criterion_list(mapping["requires"], (*at, "requires"), criteria)
    branches = mapping["branches"]
    if not isinstance(branches, list) or not branches:
        raise Invalid((*at, "branches"), "'branches' must be a non-empty list")
    built = tuple(_branch(b, (*at, "branches", i), criteria) for i, b in enumerate(branches))
    return Turn(
        id=_text(mapping, "id", at),
        lines=tuple(x.strip() for x in lines),
        requires=requires,
        model_answer=_text(mapping, "model_answer", at),
        branches=built,
    )


def _criterion_list(value: Any, at: Path_, criteria: dict[str, float]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid(at, "expected a list of criterion ids")
    for cid in value:
        if not isinstance(cid, str) or cid not in CRITERIA_BY_ID:
            raise Invalid(at, f"unknown criterion id '{cid}'")
        if cid not in criteria:
            raise Invalid(at, f"criterion '{cid}' is not in this scenario's criteria")
    return tuple(value)


def _branch(value: Any, at: Path_, criteria: dict[str, float]) -> Branch:
    mapping = _mapping(value, at, {"when", "goto"}, {"goto"}, "branch")
    goto = _text(mapping, "goto", at)
    if "when" not in mapping:
        return Branch(goto)
    when = _mapping(mapping["when"], (*at, "when"), CONDITION_KEYS, set(), "condition")
    if not when:
        raise Invalid((*at, "when"), "an empty condition; leave 'when' out for the default branch")
    passed = when.get("passed")
    if passed is not None and not isinstance(passed, bool):
        raise Invalid((*at, "when", "passed"), "'passed' must be true or false")
    lists = {
        k: _criterion_list(when[k], (*at, "when", k), criteria) for k in ("met", "missed", "any_missed") if k in when
    }
    return Branch(goto, Condition(passed=passed, **lists))


def _check_persona(scenario: Scenario, personas: set[str] | None) -> None:
    if personas is not None and scenario.counterpart.persona not in personas:
        raise Invalid(
            ("counterpart", "persona"), f"unknown persona '{scenario.counterpart.persona}' (no such file in voices/)"
        )
