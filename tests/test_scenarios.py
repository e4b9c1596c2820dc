"""The shipped scenarios load, cover the rubric's situations, and their model answers pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.rubric import SITUATION_CRITERIA
from trainer.scenarios import Scenario, load_library
from trainer.scenarios.model import END

ROOT = Path(__file__).resolve().parent.parent


def test_every_shipped_file_loads(library) -> None:  # type: ignore[no-untyped-def]
    assert library.errors == []
    assert len(library.scenarios) >= 10


def test_seed_scenarios_use_exactly_the_rubric_criteria(library) -> None:  # type: ignore[no-untyped-def]
    for seed, criteria in SITUATION_CRITERIA.items():
        assert set(library.get(seed).criteria) == set(criteria)


def test_hold_the_line_covers_the_five_rep_types(library) -> None:  # type: ignore[no-untyped-def]
    for kind in ("excuse-maker", "needs-approval", "fears-rejection", "lacks-commitment", "outlook-problem"):
        assert library.get(f"hold-the-line-{kind}") is not None


def test_shape_of_every_scenario(library) -> None:  # type: ignore[no-untyped-def]
    for scenario in library.scenarios.values():
        assert scenario.main_path_length() >= 3, scenario.id
        assert sum(t.is_branch_point for t in scenario.turns.values()) >= 2, scenario.id
        for turn in scenario.turns.values():
            assert 2 <= len(turn.lines) <= 3, (scenario.id, turn.id)
            assert set(turn.requires) <= set(scenario.criteria)


def _walk_model_answers(scenario: Scenario, grader) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer each turn with its model answer; return the turns visited."""
    visited, turn_id = [], scenario.start
    while turn_id != END and len(visited) <= len(scenario.turns):
        turn = scenario.turn(turn_id)
        grade = grader.grade(turn.model_answer, scenario.weights_for(turn), scenario.pass_mark)
        assert grade.passed, (scenario.id, turn.id, {c: r.met for c, r in grade.results.items()})
        visited.append(turn_id)
        turn_id = turn.next_turn({c: r.met for c, r in grade.results.items()}, grade.passed)
    return visited


def test_model_answers_pass_and_follow_the_main_path(library, grader) -> None:  # type: ignore[no-untyped-def]
    for scenario in library.scenarios.values():
        visited = _walk_model_answers(scenario, grader)
        assert len(visited) == scenario.main_path_length(), scenario.id


def test_a_caving_reply_takes_the_caving_branch(library, grader) -> None:  # type: ignore[no-untyped-def]
    scenario = library.get("challenge-the-prospect")
    turn = scenario.turn(scenario.start)
    grade = grader.grade("You're right, let's drop it and talk about the discount.", scenario.weights_for(turn))
    nxt = turn.next_turn({c: r.met for c, r in grade.results.items()}, grade.passed)
    assert nxt != turn.branches[-1].goto
    assert "engages" in turn.branches[0].when.missed  # the file routes caving elsewhere


GOOD = """\
id: {id}
version: 1
title: A test scenario
situation: hold-the-line
learner_role: Sales manager
counterpart: {{persona: rep-excuse-maker, name: Tony Ruiz, role: Rep}}
brief: Hold the line.
criteria: [engages, respectful, calm, acknowledges, commitment]
turns:
  - id: opening
    lines: ["This new rule is pointless.", "Why bother with this rule?"]
    requires: [engages, commitment]
    model_answer: I hear you. It stays, and I'm committed to it.
    branches:
      - when: {{missed: [engages]}}
        goto: caved
      - goto: end
  - id: caved
    lines: ["So we can drop it?", "So it's gone?"]
    requires: [engages]
    model_answer: No, it stays.
    branches:
      - goto: end
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("title: A test scenario", "title: A test: scenario", 3, "YAML syntax"),
        ("requires: [engages, commitment]", "requires: [engages, bravery]", 12, "unknown criterion id 'bravery'"),
        ("goto: caved", "goto: nowhere", 16, "branch to missing turn 'nowhere'"),
        ("brief: Hold the line.\n", "", 1, "missing field 'brief'"),
        ("criteria: [engages, respectful", "criteria: [engages, warning, respectful", 8, "must use exactly"),
        (
            "    model_answer: No, it stays.\n",
            "    model_answer: No, it stays.\n    colour: red\n",
            22,
            "unknown key 'colour'",
        ),
    ],
)
def test_bad_file_reported_with_line_and_reason(tmp_path: Path, old: str, new: str, line: int, reason: str) -> None:
    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    text = GOOD.format(id="hold-the-line") if "must use exactly" in reason else GOOD.format(id="bad-one")
    name = "hold-the-line.yaml" if "must use exactly" in reason else "bad-one.yaml"
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new))
    lib = load_library(tmp_path)
    assert list(lib.scenarios) == ["good-one"]
    [error] = lib.errors
    assert error.path.name == name
    assert error.line == line, str(error)
    assert reason in error.reason
    assert str(error).startswith(f"{tmp_path / name}:{line}: ")


def test_duplicate_id_and_cycle_reported(tmp_path: Path) -> None:
    (tmp_path / "a-one.yaml").write_text(GOOD.format(id="a-one"))
    looped = GOOD.format(id="b-two").replace("      - goto: end\n", "      - goto: opening\n", 2)
    (tmp_path / "b-two.yaml").write_text(looped)
    lib = load_library(tmp_path)
    assert list(lib.scenarios) == ["a-one"]
    assert "loop" in lib.errors[0].reason


def test_unknown_persona_reported(tmp_path: Path) -> None:
    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    lib = load_library(tmp_path, personas=["someone-else"])
    assert lib.scenarios == {}
    assert "unknown persona 'rep-excuse-maker'" in lib.errors[0].reason
    assert lib.errors[0].line == 6


def test_check_command_reports_and_fails(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    (tmp_path / "bad-one.yaml").write_text(GOOD.format(id="bad-one").replace("goto: caved", "goto: nowhere"))
    status = main.main(["--data-dir", str(tmp_path / "d"), "scenarios", "check", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "ok good-one" in out
    assert f"{tmp_path / 'bad-one.yaml'}:16: branch to missing turn 'nowhere'" in out
    assert main.main(["--data-dir", str(tmp_path / "d"), "scenarios", "check"]) == 0
