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


ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def _hostile_files() -> dict[str, tuple[str | bytes, int, str]]:
    """File name -> (content, line expected, reason expected) for files a shared folder might hold."""
    deep = "turns: " + "[" * 40 + "]" * 40 + "\n"
    wide = "turns: [" + ", ".join(["x"] * 12_000) + "]\n"
    return {
        "alias-bomb.yaml": (ALIAS_BOMB, 2, "aliases"),
        "merge-key.yaml": ("base: &b {id: x}\nother:\n  <<: *b\n", 3, "aliases"),
        "deep.yaml": (deep, 1, "nested more than"),
        "wide.yaml": (wide, 1, "more than 10000 values"),
        "huge.yaml": ("# padding\n" * 30_000, 1, "file too large"),
        "latin1.yaml": (b"id: x\ntitle: caf\xe9\n", 2, "not UTF-8"),
        "python-tag.yaml": (
            "id: !!python/object/apply:os.system ['true']\n",
            1,
            "tag 'tag:yaml.org,2002:python/object",
        ),
        "python-scalar.yaml": ("id: !!python/name:os.system x\n", 1, "YAML syntax: could not determine a constructor"),
    }


@pytest.mark.timeout(10)
def test_hostile_files_are_reported_quickly_while_good_ones_load(tmp_path: Path) -> None:
    """The billion-laughs shape and its cousins are one FILE:LINE: reason each; the good files still load."""
    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    (tmp_path / "good-two.yaml").write_text(GOOD.format(id="good-two"))
    hostile = _hostile_files()
    for name, (content, _, _) in hostile.items():
        target = tmp_path / name
        target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content)
    lib = load_library(tmp_path)
    assert sorted(lib.scenarios) == ["good-one", "good-two"]
    found = {e.path.name: (e.line, e.reason) for e in lib.errors}
    assert set(found) == set(hostile)
    for name, (_, line, reason) in hostile.items():
        assert found[name][0] == line and reason in found[name][1], (name, found[name])


@pytest.mark.timeout(10)
def test_alias_bomb_in_the_command_check(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import main

    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    (tmp_path / "laughs.yaml").write_text(ALIAS_BOMB)
    assert main.main(["--data-dir", str(tmp_path / "d"), "scenarios", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ok good-one" in out and f"{tmp_path / 'laughs.yaml'}:2: aliases (*name) are not allowed" in out


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    """A named pipe would block a reader for ever; it is reported, not opened."""
    os = pytest.importorskip("os")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good-one.yaml").write_text(GOOD.format(id="good-one"))
    lib = load_library(tmp_path)
    assert list(lib.scenarios) == ["good-one"]
    assert [(e.path.name, e.reason) for e in lib.errors] == [("pipe.yaml", "not a regular file")]


@pytest.mark.timeout(10)
def test_persona_files_are_read_the_same_bounded_way(tmp_path: Path, root: Path) -> None:
    from trainer.personas import load_personas

    for good in ("cfo-sceptic.yaml", "it-director.yaml"):
        (tmp_path / good).write_text((root / "voices" / good).read_text())
    (tmp_path / "laughs.yaml").write_text(ALIAS_BOMB)
    lib = load_personas(tmp_path)
    assert sorted(lib.personas) == ["cfo-sceptic", "it-director"]
    assert lib.errors == [
        f"{tmp_path / 'laughs.yaml'}:2: aliases (*name) are not allowed here; write the value out in full"
    ]
