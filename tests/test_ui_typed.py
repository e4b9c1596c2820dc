"""The desktop app driven as a learner would, with typed replies (no speech model needed)."""

from __future__ import annotations

import sqlite3
import threading

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QAudioDevice

from ui.audio import QtMicrophone

pytest_plugins = ["ui_fakes"]

GOOD = "I hear you, and I understand the worry. The review stays every Monday, and I am committed to it."
WEAK = "Okay, fair enough. If your CRM is tidy, maybe you can skip the Monday review."


def test_typed_reply_gets_feedback_and_follows_the_branch(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)
    ui.open(window, "hold-the-line")
    view = window.practice.view
    assert window.stack.currentWidget() is view
    assert view.line.text().strip("“”") in window.practice.scenario.turn("opening").lines
    with qtbot.waitSignal(window.practice.attempt_saved, timeout=10000):
        ui.type_reply(window, WEAK)
    lines = {line.id: line for line in view.feedback.criteria.lines}
    assert not lines["engages"].met and lines["engages"].try_saying
    assert view.feedback.verdict.text().startswith("Not yet")
    assert view.feedback.delivery.reading.text().startswith("Typed reply")
    assert not view.feedback.hear_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    ui.wait_turn(window)
    assert window.practice.session.turn_id == "so-its-optional"
    with sqlite3.connect(app_paths.database) as db:  # committed as soon as graded, seen from another connection
        assert db.execute("SELECT turn_id, score FROM attempts").fetchall() == [("opening", int(view.feedback.score.text()))]


def test_no_microphone_shows_a_notice_and_typing_works(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(microphone_problem=lambda _device: "No microphone was found")
    ui.ready(window)
    window.start_practice("hold-the-line")
    ui.wait_turn(window)
    view = window.practice.view
    assert view.talk.notice.isVisible() and "No microphone was found" in view.talk.notice.text()
    assert not view.talk.talk_button.isEnabled()
    ui.type_reply(window, GOOD)
    assert view.feedback.verdict.text().startswith("Passed")


def test_microphone_that_fails_to_open_falls_back_to_typing(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(microphone_factory=lambda _device: lambda: QtMicrophone(QAudioDevice()))
    ui.ready(window)
    window.start_practice("hold-the-line")
    ui.wait_turn(window)
    view = window.practice.view  # the microphone is opened as the turn starts, so it fails before any click
    qtbot.waitUntil(lambda: view.talk.notice.isVisible(), timeout=5000)
    assert "No microphone" in view.talk.notice.text() and not view.talk.talk_button.isEnabled()
    ui.type_reply(window, GOOD)
    assert int(view.feedback.score.text()) == 100


def test_typing_works_while_the_recogniser_loads(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    loaded = threading.Event()
    transcriber = ui.FixedTranscriber("I hear you.")
    window = make_window(load_transcriber=lambda: (loaded.wait(10), transcriber)[1])
    qtbot.waitUntil(lambda: window.practice.catalogue is not None, timeout=10000)
    assert window.sidebar.busy.isVisible() and "Loading" in window.sidebar.status.text()
    window.start_practice("hold-the-line")
    ui.wait_turn(window)
    view = window.practice.view
    assert "still loading" in view.talk.notice.text() and not view.talk.talk_button.isEnabled()
    ui.type_reply(window, GOOD)
    loaded.set()
    qtbot.waitUntil(lambda: window.talk.recogniser == "ready", timeout=5000)
    assert not window.sidebar.busy.isVisible()


def test_a_grade_for_a_turn_already_left_is_dropped(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    from trainer.grading.grader import PushbackGrader

    gate, real = threading.Event(), PushbackGrader()

    class SlowGrader:
        version = real.version

        def grade(self, reply, criteria, pass_mark=70):  # type: ignore[no-untyped-def]
            gate.wait(10)
            return real.grade(reply, criteria, pass_mark)

    window = make_window(grader=SlowGrader())
    ui.ready(window)
    window.start_practice("hold-the-line")
    ui.wait_turn(window)
    view = window.practice.view
    qtbot.keyClicks(view.talk.typed, GOOD)
    qtbot.keyClick(view.talk.typed, Qt.Key.Key_Return)
    assert view.talk.state.text() == "Grading…"
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)  # leave while the grade is in flight
    shown: list[object] = []
    window.practice.feedback_shown.connect(shown.append)
    gate.set()
    qtbot.waitUntil(lambda: window.services.grader is not None and gate.is_set(), timeout=1000)
    window.shutdown()  # waits for the pool: the late grade has arrived and been dropped
    qtbot.wait(50)
    assert shown == [] and view.stack.currentIndex() == 2
    with sqlite3.connect(app_paths.database) as db:
        assert db.execute("SELECT COUNT(*) FROM attempts").fetchone() == (0,)
        assert db.execute("SELECT status FROM sessions").fetchall() == [("incomplete",)]


def test_any_scenario_object_can_be_practised(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    """The entry point for a draft (the editor's "Try it"): a Scenario that is not in the library."""
    import dataclasses

    window = make_window()
    ui.ready(window)
    library = window.practice.catalogue.scenarios.scenarios
    draft = dataclasses.replace(library["hold-the-line"], id="draft-hold", title="Draft: hold the line")
    assert "draft-hold" not in library and window.practise(draft, "the-team-agrees")
    ui.wait_turn(window)
    view = window.practice.view
    assert window.stack.currentWidget() is view and view.title.text() == "Draft: hold the line"
    assert window.practice.session.turn_id == "the-team-agrees"
    with qtbot.waitSignal(window.practice.attempt_saved, timeout=10000):
        ui.type_reply(window, GOOD)
    assert not window.practise(draft, "no-such-turn") and window.practice.scenario is draft  # refused, nothing lost
    with sqlite3.connect(app_paths.database) as db:
        assert db.execute("SELECT scenario_id, turn_id FROM attempts").fetchall() == [("draft-hold", "the-team-agrees")]
