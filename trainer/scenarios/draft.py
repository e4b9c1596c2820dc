"""A scenario being edited: plain, mutable values that serialise to the YAML the loader reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CONDITION_LISTS = ("met", "missed", "any_missed")


@dataclass
class DraftBranch:
    """Where a reply goes: `when` holds met/missed/any_missed lists and passed; empty means the default."""

    goto: str = "end"
    when: dict[str, Any] = field(default_factory=dict)

    def to_plain(self) -> dict[str, Any]:
        """The branch as the file spells it (`when` first, left out for the default)."""
        when = {k: list(self.when[k]) for k in CONDITION_LISTS if self.when.get(k)}
        if isinstance(self.when.get("passed"), bool):
            when["passed"] = self.when["passed"]
        return {"when": when, "goto": self.goto} if when else {"goto": self.goto}

    def label(self) -> str:
        """A short caption for the arrow: 'missed engages', 'passed', 'otherwise'."""
        plain = self.to_plain().get("when", {})
        parts = [f"{k.replace('_', ' ')} {', '.join(v)}" for k, v in plain.items() if k != "passed"]
        if "passed" in plain:
            parts.append("passed" if plain["passed"] else "not passed")
        return "; ".join(parts) or "otherwise"


@dataclass
class DraftTurn:
    """One counterpart line (2-3 variants), the criteria its reply needs, a model answer and branches."""

    id: str
    lines: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    model_answer: str = ""
    branches: list[DraftBranch] = field(default_factory=lambda: [DraftBranch()])

    def to_plain(self) -> dict[str, Any]:
        """The turn in the file's key order; blank line variants are left out."""
        return {"id": self.id, "lines": [x for x in self.lines if x.strip()], "requires": list(self.requires),
                "model_answer": self.model_answer, "branches": [b.to_plain() for b in self.branches]}


@dataclass
class Draft:
    """Everything a scenario file says, editable."""

    id: str
    title: str
    situation: str
    learner_role: str
    persona: str
    name: str
    role: str
    brief: str
    criteria: dict[str, float] = field(default_factory=dict)
    turns: list[DraftTurn] = field(default_factory=list)
    version: int = 1
    pass_mark: int | None = None

    def to_plain(self) -> dict[str, Any]:
        """The scenario in the README's key order (weights as whole numbers where they are)."""
        out: dict[str, Any] = {
            "id": self.id, "version": self.version, "title": self.title, "situation": self.situation,
            "learner_role": self.learner_role,
            "counterpart": {"persona": self.persona, "name": self.name, "role": self.role},
            "brief": self.brief, "criteria": {c: _number(w) for c, w in self.criteria.items()},
        }
        if self.pass_mark is not None:
            out["pass_mark"] = self.pass_mark
        out["turns"] = [t.to_plain() for t in self.turns]
        return out

    def turn(self, turn_id: str) -> DraftTurn | None:
        return next((t for t in self.turns if t.id == turn_id), None)

    @classmethod
    def from_plain(cls, data: Any) -> Draft:
        """A draft from parsed YAML; tolerant, so a broken file can still be opened and fixed."""
        top = data if isinstance(data, Mapping) else {}
        counterpart = _mapping(top.get("counterpart"))
        criteria = top.get("criteria")
        if isinstance(criteria, list):
            criteria = {c: 1 for c in criteria}
        weights = {str(c): float(w) for c, w in _mapping(criteria).items() if isinstance(w, int | float)}
        turns = _items(top.get("turns"))
        version, pass_mark = top.get("version"), top.get("pass_mark")
        return cls(
            id=_str(top.get("id")), title=_str(top.get("title")), situation=_str(top.get("situation")),
            learner_role=_str(top.get("learner_role")), persona=_str(counterpart.get("persona")),
            name=_str(counterpart.get("name")), role=_str(counterpart.get("role")), brief=_str(top.get("brief")),
            criteria=weights, turns=[_turn(t) for t in turns],
            version=version if isinstance(version, int) and not isinstance(version, bool) else 1,
            pass_mark=pass_mark if isinstance(pass_mark, int) and not isinstance(pass_mark, bool) else None,
        )


def _number(weight: float) -> float | int:
    return int(weight) if float(weight).is_integer() else weight


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [str(x) for x in value] if isinstance(value, list) else []


def _turn(value: Any) -> DraftTurn:
    turn = _mapping(value)
    branches = _items(turn.get("branches"))
    return DraftTurn(id=_str(turn.get("id")), lines=[x.strip() for x in _strings(turn.get("lines"))],
                     requires=_strings(turn.get("requires")), model_answer=_str(turn.get("model_answer")),
                     branches=[_branch(b) for b in branches] or [DraftBranch()])


def _branch(value: Any) -> DraftBranch:
    branch = _mapping(value)
    when = _mapping(branch.get("when"))
    kept: dict[str, Any] = {k: _strings(when.get(k)) for k in CONDITION_LISTS if k in when}
    if isinstance(when.get("passed"), bool):
        kept["passed"] = when["passed"]
    return DraftBranch(goto=_str(branch.get("goto")) or "end", when=kept)
