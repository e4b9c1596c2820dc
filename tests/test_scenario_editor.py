"""The scenario editor driven as a trainer would: build, check, save, reload, practise; broken drafts refused."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QPlainTextEdit

from main import main
from trainer.scenarios.loader import ScenarioFileError, load_library, load_scenario
from trainer.scenarios.writer import to_yaml
from ui.settings import Settings

pytest_plugins = ["ui_fakes"]

WEAK = "Okay, fair enough. If your CRM is tidy, maybe you can skip the Monday review."
GOOD = "I hear you, and I understand the worry. The review stays every Monday, and I am committed to it."


def retype(qtbot, box: QLineEdit | QPlainTextEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all in a box and type over it, as a trainer would."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)
    if isinstance(box, QLineEdit):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def click_node(qtbot, editor, turn_id: str) -> None:  # type: ignore[no-untyped-def]
    graph = editor.view.graph
    graph.repaint()
    qtbot.mouseClick(graph, Qt.MouseButton.LeftButton, pos=graph.node_rect(turn_id).center().toPoint())
    assert editor.view.selected == turn_id


def wait_checked(qtbot, editor, valid: bool) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not editor._timer.isActive() and (editor.scenario is not None) == valid
                    and bool(editor.errors) != valid, timeout=10000)


def open_editor(qtbot, ui, window):  # type: ignore[no-untyped-def]
    ui.ready(window)
    qtbot.mouseClick(window.sidebar.buttons["editor"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.editor.view
    return window.editor


def build_two_turns(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    """From the hold-the-line template: opening -> (missed engages) so-its-optional -> end, otherwise end."""
    view = editor.view
    next(a for a in view.new_menu.actions() if a.text() == "Template: Hold the line").trigger()
    retype(qtbot, view.id_edit, "monday-review")
    retype(qtbot, view.title_edit, "Keep the Monday review")
    click_node(qtbot, editor, "push-harder")
    qtbot.mouseClick(view.remove_turn_button, Qt.MouseButton.LeftButton)
    assert [t.id for t in view.draft.turns] == ["opening"]
    qtbot.mouseClick(view.add_turn_button, Qt.MouseButton.LeftButton)  # opening's default now leads to it
    turn = view.turn_editor
    retype(qtbot, turn.turn_id, "so-its-optional")
    retype(qtbot, turn.lines[0], "So if my CRM is tidy I can skip Mondays?")
    retype(qtbot, turn.lines[1], "Sounds optional to me, then.")
    retype(qtbot, turn.model_answer, "No, the Monday review is for everyone, and I'm committed to it.")
    click_node(qtbot, editor, "opening")
    retype(qtbot, turn.lines[0], "Weekly pipeline reviews? I already update the CRM every Friday.")
    retype(qtbot, turn.lines[1], "A Monday meeting on top of Friday admin? That's less selling.")
    first, default = turn.branch_rows
    assert first.kind.currentText() == "If it misses" and first.criteria.chosen() == ["engages"]
    retype(qtbot, first.goto.lineEdit(), "so-its-optional")
    retype(qtbot, default.goto.lineEdit(), "end")


def built_window(qtbot, ui, make_window):  # type: ignore[no-untyped-def]
    """A main window whose editor holds the checked two-turn draft."""
    window = make_window()
    editor = open_editor(qtbot, ui, window)
    build_two_turns(qtbot, editor)
    wait_checked(qtbot, editor, valid=True)
    return window, editor


def test_a_trainer_builds_saves_reloads_and_practises_a_branching_scenario(qtbot, ui, make_window,  # type: ignore[no-untyped-def]
                                                                           app_paths) -> None:
    window, editor = built_window(qtbot, ui, make_window)
    assert editor.view.problems.text().startswith("✓")
    assert [(e.source, e.target, e.caption) for e in editor.view.graph.edges] == [
        ("opening", "so-its-optional", "missed engages"), ("opening", "end", "otherwise"),
        ("so-its-optional", "end", "otherwise")]
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.view.save_button, Qt.MouseButton.LeftButton)
    saved = app_paths.user_scenarios / "monday-review.yaml"
    assert load_library(app_paths.user_scenarios).errors == []
    assert main(["--data-dir", str(app_paths.data), "scenarios", "check", str(app_paths.user_scenarios)]) == 0
    qtbot.waitUntil(lambda: "monday-review" in [c.data.id for c in window.scenarios.view.cards], timeout=10000)
    card = next(c for c in window.scenarios.view.cards if c.data.id == "monday-review")
    assert card.data.source == "Yours" and card.data.title == "Keep the Monday review"

    assert editor.open("monday-review")  # reload from disk, change, save: the version goes up
    assert editor.view.draft.turn("so-its-optional").lines == ["So if my CRM is tidy I can skip Mondays?",
                                                                "Sounds optional to me, then."]
    retype(qtbot, editor.view.title_edit, "Keep the Monday pipeline review")
    wait_checked(qtbot, editor, valid=True)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.view.save_button, Qt.MouseButton.LeftButton)
    assert load_scenario(saved).version == 2 and "version 2" in editor.view.status.text()

    qtbot.waitUntil(lambda: any(c.data.title == "Keep the Monday pipeline review" for c in window.scenarios.view.cards),
                    timeout=10000)
    window.navigate("scenarios")
    ui.open(window, "monday-review")
    with qtbot.waitSignal(window.practice.attempt_saved, timeout=10000):
        ui.type_reply(window, WEAK)
    qtbot.keyClick(window.practice.view, Qt.Key.Key_Return)
    ui.wait_turn(window)
    assert window.practice.session.turn_id == "so-its-optional"
    assert window.practice.view.line.text().strip("“”") in {"So if my CRM is tidy I can skip Mondays?",
                                                            "Sounds optional to me, then."}


def test_a_broken_draft_shows_file_line_and_is_never_saved_over_the_good_file(qtbot, ui, make_window,  # type: ignore[no-untyped-def]
                                                                              app_paths) -> None:
    assert main(["--data-dir", str(app_paths.data), "scenarios", "new", "--from", "hold-the-line",
                 "--id", "my-weekly-review"]) == 0
    good = app_paths.user_scenarios / "my-weekly-review.yaml"
    before = good.read_bytes()
    window = make_window()
    editor = open_editor(qtbot, ui, window)
    assert editor.open("my-weekly-review")
    wait_checked(qtbot, editor, valid=True)
    box = editor.view.criteria.boxes["commitment"]  # the turns still require it
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.iconSize().width() // 2 + 2, box.height() // 2))
    assert not box.isChecked()
    wait_checked(qtbot, editor, valid=False)
    probe = app_paths.data / "probe" / "my-weekly-review.yaml"  # the same text, read by `scenarios check`
    probe.parent.mkdir()
    probe.write_text(to_yaml(editor.view.draft.to_plain(), before.decode()))
    with pytest.raises(ScenarioFileError) as failed:
        load_scenario(probe)
    expected = f"my-weekly-review.yaml:{failed.value.error.line}: {failed.value.error.reason}"
    assert editor.view.problems.text() == expected
    assert "criterion 'commitment' is not in this scenario's criteria" in expected
    assert "opening" in editor.view.graph.problem_turns
    assert not editor.view.try_button.isEnabled()
    with qtbot.waitSignal(editor.refused, timeout=5000):
        qtbot.mouseClick(editor.view.save_button, Qt.MouseButton.LeftButton)
    kept = good.parent / "drafts" / "my-weekly-review.yaml"
    assert editor.view.problems.text() == (f"Not saved: {expected}\n"
                                           f"Your draft is kept in {kept}; my-weekly-review.yaml is unchanged.")
    assert good.read_bytes() == before
    assert sorted(p.name for p in good.parent.iterdir()) == ["drafts", "my-weekly-review.yaml"]
    assert load_scenario(good).criteria["commitment"] == 2  # the good file still loads as it was
    editor.new_from_template("mutual-goals")  # switching away from unsaved changes keeps them, and says where
    assert editor.view.notice.text() == f"Your unsaved changes are kept in {kept} (Open ▸ Drafts)."
    editor.open_draft(kept)  # the kept draft opens again, still broken, still aimed at the good file
    assert editor.target() == good and "commitment" not in editor.view.draft.criteria


def test_editing_a_built_in_saves_your_copy_which_wins_and_history_notes_the_version(qtbot, ui, make_window,  # type: ignore[no-untyped-def]
                                                                                     app_paths, root: Path) -> None:
    built_in = (root / "scenarios" / "hold-the-line.yaml").read_bytes()
    window = make_window()
    ui.ready(window)
    ui.open(window, "hold-the-line")
    with qtbot.waitSignal(window.practice.attempt_saved, timeout=10000):
        ui.type_reply(window, GOOD)
    window.navigate("scenarios")
    card = next(c for c in window.scenarios.view.cards if c.data.id == "hold-the-line")
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert window.stack.currentWidget() is editor.view and "read-only" in editor.view.notice.text()
    retype(qtbot, editor.view.turn_editor.lines[2], "Mondays? I'd rather be selling.")
    wait_checked(qtbot, editor, valid=True)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.view.save_button, Qt.MouseButton.LeftButton)
    copy = app_paths.user_scenarios / "hold-the-line.yaml"
    assert load_scenario(copy).version == 2 and (root / "scenarios" / "hold-the-line.yaml").read_bytes() == built_in
    qtbot.waitUntil(lambda: any(c.data.id == "hold-the-line" and c.data.source == "Yours"
                                for c in window.scenarios.view.cards), timeout=10000)
    card = next(c for c in window.scenarios.view.cards if c.data.id == "hold-the-line")
    assert card.data.note == "Your copy: used instead of the built-in one"
    window.navigate("progress")
    history = window.progress.view.history
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=10000)
    assert "(graded on v1, now v2)" in history.table.item(0, 1).text()
    history.table.selectRow(0)
    qtbot.waitUntil(lambda: history.detail is not None, timeout=5000)
    assert history.result.text().endswith("graded on v1, now v2")


def test_try_it_practises_the_unsaved_draft_and_preview_speaks_in_the_persona(qtbot, ui, make_window,  # type: ignore[no-untyped-def]
                                                                              app_paths) -> None:
    window, editor = built_window(qtbot, ui, make_window)
    speaker = window.runtime.speaker
    qtbot.mouseClick(editor.view.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(speaker.played) == 1, timeout=15000)
    with wave.open(str(speaker.played[0])) as spoken:
        assert spoken.getnframes() / spoken.getframerate() > 1.0
    qtbot.mouseClick(editor.view.try_button, Qt.MouseButton.LeftButton)
    ui.wait_turn(window)
    assert window.stack.currentWidget() is window.practice.view
    assert window.practice.scenario.title == "Keep the Monday review"
    assert not (app_paths.user_scenarios / "monday-review.yaml").exists()
    ui.type_reply(window, GOOD)
    assert window.practice.view.feedback.verdict.text().startswith("Passed")
    window.close()  # closing with unsaved edits keeps them as a draft, not as a scenario
    assert (app_paths.user_scenarios / "drafts" / "monday-review.yaml").is_file()
    assert not (app_paths.user_scenarios / "monday-review.yaml").exists()


def test_the_editor_screenshots_render_filled_in_and_with_an_error(qtbot, ui, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.editor.screenshots import render_editor_screenshots
    from ui.screenshots import grab, wait_for

    window = make_window()
    ui.ready(window)
    shots = render_editor_screenshots(window, tmp_path, grab, wait_for)
    assert [p.name for p in shots] == ["scenario-editor.png", "scenario-editor-error.png"]
    assert all(QImage(str(p)).size().toTuple() == (1280, 800) for p in shots)
    assert window.editor.view.problems.text().endswith("branch to missing turn 'escalate'")
    assert "escalate" in window.editor.view.graph.ghosts


def answer_import_question(button: str, new_id: str) -> None:
    """Once the rename-or-replace question is up, press `button` (and type `new_id` when asked for one)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        next(b for b in box.buttons() if b.text() == button).click()
        if new_id:
            QTimer.singleShot(20, type_id)

    def type_id() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, type_id)
            return
        dialog.setTextValue(new_id)
        dialog.accept()

    QTimer.singleShot(20, press)


def test_import_with_a_taken_id_renames_and_an_added_folder_shows_its_scenarios(qtbot, ui, make_window,  # type: ignore[no-untyped-def]
                                                                                app_paths, root: Path,
                                                                                tmp_path: Path) -> None:
    window = make_window()
    editor = open_editor(qtbot, ui, window)
    outside = tmp_path / "from-a-colleague.yaml"
    outside.write_bytes((root / "scenarios" / "mutual-goals.yaml").read_bytes())
    answer_import_question("Rename…", "colleagues-goals")  # the trainer is asked: the id is the built-in's
    written = editor.import_path(outside)
    assert written == app_paths.user_scenarios / "colleagues-goals.yaml"
    answer_import_question("Cancel", "")
    assert editor.import_path(outside) is None and not (app_paths.user_scenarios / "mutual-goals.yaml").exists()
    shared = tmp_path / "class-drive"
    shared.mkdir()
    assert main(["--data-dir", str(app_paths.data), "scenarios", "new", "--from", "coaching-rebuffed",
                 "--id", "class-coaching", "--dir", str(shared)]) == 0
    editor.add_folder(shared)
    assert Settings.load(app_paths.data).scenario_folders == [str(shared)]
    view = window.scenarios.view
    qtbot.waitUntil(lambda: {"colleagues-goals", "class-coaching"} <= {c.data.id for c in view.cards}, timeout=10000)
    assert {c.data.id: c.data.source for c in view.cards}["class-coaching"] == "class-drive"
    assert editor.open("class-coaching") and editor.target() == shared / "class-coaching.yaml"
    wait_checked(qtbot, editor, valid=True)
    assert editor.export_to(tmp_path / "handout.yaml")
    assert (tmp_path / "handout.yaml").read_text() == (shared / "class-coaching.yaml").read_text()
