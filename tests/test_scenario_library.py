"""Scenario sources, the round-trip writer, templates, import/export and `scenarios new`, on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from main import main
from trainer.personas import load_personas
from trainer.scenarios.library import (
    BUILT_IN,
    YOURS,
    IdTaken,
    export_file,
    import_file,
    load_sources,
    scenario_sources,
)
from trainer.scenarios.loader import ScenarioFileError, load_scenario
from trainer.scenarios.template import copy_of, draft_of, template
from trainer.scenarios.writer import DraftInvalid, save, to_yaml

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = list(load_personas(ROOT / "voices").personas)
HAND_WRITTEN = """# A trainer's own file: these comments must survive the editor.
id: weekly-review
version: 3
title: Weekly review  # keep it short
situation: hold-the-line
learner_role: Sales manager
counterpart:
  persona: rep-quota-pressured
  name: Sam
  role: Account executive
brief: >-
  Sam wants to skip the review.
criteria:
  engages: 2   # the one that matters
  commitment: 1
turns:
  # the only turn
  - id: opening
    lines:
      - "I'm skipping Monday."
      - "Monday's review is a waste of my time."
    requires: [engages, commitment]
    model_answer: The review stays, and I'm committed to it.
    branches:
      - goto: end
"""


def sources(tmp_path: Path, *added: Path):  # type: ignore[no-untyped-def]
    return load_sources(scenario_sources(ROOT / "scenarios", tmp_path / "mine", added), PERSONAS)


def test_scenarios_new_writes_a_copy_that_check_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "scenarios", "new", "--from", "hold-the-line", "--id", "my-weekly-review", "--dir", str(out)]) == 0
    assert main([*data, "scenarios", "check", str(out)]) == 0
    text = (out / "my-weekly-review.yaml").read_text()
    assert text.startswith("id: my-weekly-review\nversion: 1\ntitle: Hold the line on weekly pipeline reviews (copy)\n")
    assert main([*data, "scenarios", "new", "--from", "hold-the-line", "--id", "my-weekly-review", "--dir", str(out)]) == 1
    assert main([*data, "scenarios", "new", "--from", "hold-the-line", "--id", "challenge-the-prospect"]) == 1
    assert "already used (Built-in)" in capsys.readouterr().err


def test_check_without_a_folder_covers_every_source_and_names_the_winner(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "scenarios", "new", "--from", "mutual-goals", "--id", "mine"]) == 0
    shutil.copy(ROOT / "scenarios" / "hold-the-line.yaml", data / "scenarios")
    (data / "scenarios" / "broken.yaml").write_text("id: broken\nbogus: 1\n")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "scenarios", "check"]) == 1
    printed = capsys.readouterr().out
    assert "ok mine (" in printed and "ok challenge-the-prospect (" in printed
    assert f"{ROOT / 'scenarios' / 'hold-the-line.yaml'}: id 'hold-the-line' is also in your scenarios" in printed
    assert f"{data / 'scenarios' / 'broken.yaml'}:2: unknown key 'bogus' in scenario" in printed


def test_your_copy_of_a_built_in_wins_and_hides_it(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    shutil.copy(ROOT / "scenarios" / "hold-the-line.yaml", tmp_path / "mine")
    library = sources(tmp_path, tmp_path / "gone")
    assert library.source_of("hold-the-line").kind == YOURS
    assert library.get("hold-the-line").path == tmp_path / "mine" / "hold-the-line.yaml"
    assert [c.hidden.kind for c in library.hidden_by("hold-the-line")] == [BUILT_IN]
    assert library.source_of("mutual-goals").read_only
    assert [e.reason for e in library.errors] == ["added scenario folder not found"]


def test_an_unchanged_save_is_byte_identical_and_a_change_keeps_comments_and_bumps(tmp_path: Path) -> None:
    target = tmp_path / "weekly-review.yaml"
    target.write_text(HAND_WRITTEN)
    draft = draft_of(HAND_WRITTEN)
    assert to_yaml(draft.to_plain(), HAND_WRITTEN) == HAND_WRITTEN
    assert save(draft.to_plain(), target, PERSONAS, HAND_WRITTEN).bumped is False
    draft.turns[0].lines.append("Mondays are for calling schools, not meetings.")
    draft.criteria["calm"] = 1
    saved = save(draft.to_plain(), target, PERSONAS, HAND_WRITTEN)
    text = target.read_text()
    assert (saved.version, saved.bumped) == (4, True) and "version: 4\n" in text
    for kept in ("# A trainer's own file", "# keep it short", "# the one that matters", "# the only turn"):
        assert kept in text
    assert '      - "Mondays are for calling schools, not meetings."\n' in text
    assert text.index("commitment: 1") < text.index("calm: 1") < text.index("turns:")
    assert load_scenario(target, set(PERSONAS)).turn("opening").lines[-1].startswith("Mondays")


def test_an_invalid_draft_is_refused_with_check_messages_and_the_good_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "weekly-review.yaml"
    target.write_text(HAND_WRITTEN)
    draft = draft_of(HAND_WRITTEN)
    draft.turns[0].requires.append("empathy")
    draft.turns[0].branches[0].goto = "nowhere"
    with pytest.raises(DraftInvalid) as refused:
        save(draft.to_plain(), target, PERSONAS, HAND_WRITTEN)
    assert target.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weekly-review.yaml"]
    broken = tmp_path / "copy" / "weekly-review.yaml"  # the same text checked the way `scenarios check` does
    broken.parent.mkdir()
    broken.write_text(to_yaml({**draft.to_plain(), "version": 4}, HAND_WRITTEN))
    with pytest.raises(ScenarioFileError) as checked:
        load_scenario(broken, set(PERSONAS))
    (error,) = refused.value.errors
    assert (error.line, error.reason) == (checked.value.error.line, checked.value.error.reason)
    assert str(error) == f"{target}:22: unknown criterion id 'empathy'"


@pytest.mark.parametrize("situation", ["hold-the-line", "challenge-the-prospect", "sale-after-the-sale"])
def test_every_template_is_valid_as_created_and_branches(tmp_path: Path, situation: str) -> None:
    saved = save(template(situation).to_plain(), tmp_path / "new-scenario.yaml", PERSONAS, None)
    opening = saved.scenario.turn("opening")
    assert opening.is_branch_point and [b.goto for b in opening.branches] == ["push-harder", "end"]
    assert "brief: >-\n" in (tmp_path / "new-scenario.yaml").read_text()


def test_a_copy_is_marked_and_restarts_at_version_one(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    draft = copy_of(draft_of(library.get("mutual-goals").path.read_text()), "goals-for-my-team")
    saved = save(draft.to_plain(), tmp_path / "goals-for-my-team.yaml", PERSONAS, None)
    assert saved.scenario.title.endswith("(copy)") and saved.version == 1


def test_import_asks_to_rename_or_replace_an_existing_id_and_export_copies(tmp_path: Path) -> None:
    outside = tmp_path / "downloads" / "from a colleague.yaml"
    outside.parent.mkdir()
    shutil.copy(ROOT / "scenarios" / "hold-the-line.yaml", outside)
    library = sources(tmp_path)
    with pytest.raises(IdTaken) as taken:
        import_file(outside, library, PERSONAS)
    assert taken.value.where.kind == BUILT_IN and not (tmp_path / "mine").exists()
    renamed = import_file(outside, library, PERSONAS, rename_to="colleagues-review")
    assert renamed == tmp_path / "mine" / "colleagues-review.yaml"
    replaced = import_file(outside, library, PERSONAS, replace=True)
    library = sources(tmp_path)
    assert library.source_of("hold-the-line").kind == YOURS and replaced.is_file()
    assert library.get("colleagues-review").title == library.get("hold-the-line").title
    exported = export_file(library, "colleagues-review", tmp_path / "out.yaml")
    assert exported.read_text() == renamed.read_text()
    (tmp_path / "bad.yaml").write_text("id: bad\n")
    with pytest.raises(DraftInvalid, match="missing field"):
        import_file(tmp_path / "bad.yaml", library, PERSONAS)


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_built_in_file_round_trips_unchanged_through_a_draft(path: Path) -> None:
    text = path.read_text()
    assert to_yaml(draft_of(text).to_plain(), text) == text
