"""From the main window: the classroom opens on the shared workers, and the due list starts a due turn."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QPushButton

pytest_plugins = ["ui_fakes"]

CAVE = "You're right, let's drop it."


def _caved_two_days_ago(qtbot, ui, make_window, scenario_id: str):  # type: ignore[no-untyped-def]
    """A window whose learner caved at a scenario's first turn, with its clock stepped two days on."""
    window = make_window()
    ui.ready(window)
    window.start_practice(scenario_id)
    ui.wait_turn(window)
    with qtbot.waitSignal(window.practice.attempt_saved, timeout=5000):
        ui.type_reply(window, CAVE)
    real_now = window.services.now
    # the clock is injected: step it two days on (Services is frozen, so set the field directly)
    object.__setattr__(window.services, "now", lambda: real_now() + timedelta(days=2))
    return window


def test_sidebar_opens_the_classroom_and_closing_stops_everything(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)
    qtbot.mouseClick(window.sidebar.classroom_button, Qt.MouseButton.LeftButton)
    room = window.classroom
    assert room is not None and room.isVisible() and room.runtime is window.runtime
    qtbot.mouseClick(window.sidebar.classroom_button, Qt.MouseButton.LeftButton)
    assert window.classroom is room  # one classroom window at a time
    room.close()
    qtbot.mouseClick(window.sidebar.classroom_button, Qt.MouseButton.LeftButton)
    assert window.classroom is not room and window.classroom.isVisible()  # a closed class needs a new window
    window.close()
    assert not window.runtime.running
    assert QThreadPool.globalInstance().waitForDone(10000)


def test_due_list_starts_a_missed_turn(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _caved_two_days_ago(qtbot, ui, make_window, "hold-the-line")
    qtbot.mouseClick(window.sidebar.buttons["progress"], Qt.MouseButton.LeftButton)
    due = window.due_list
    qtbot.waitUntil(lambda: "due" in due.summary.text() and not due.summary.text().startswith("Nothing"), timeout=5000)
    got: list[tuple[str, str]] = []
    due.practise.connect(lambda s, t: got.append((s, t)))
    # rows added to a shown list appear once the event loop has run: wait for them rather than race them
    qtbot.waitUntil(lambda: any(b.isVisible() for b in due.findChildren(QPushButton)), timeout=5000)
    buttons = [b for b in due.findChildren(QPushButton) if b.isVisible()]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert got and got[0][0] == "hold-the-line"
    ui.wait_turn(window)
    assert window.stack.currentWidget() is window.practice.view


def test_scenarios_show_due_badges_and_practise_due_starts_a_drill(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _caved_two_days_ago(qtbot, ui, make_window, "mutual-goals")
    qtbot.mouseClick(window.sidebar.buttons["scenarios"], Qt.MouseButton.LeftButton)
    view = window.scenarios.view
    window.scenarios.refresh_scores()
    qtbot.waitUntil(lambda: view.due_button.isVisible(), timeout=5000)
    badges = {card.data.id: card.due.text() for card in view.cards if card.due.isVisible()}
    assert list(badges) == ["mutual-goals"] and badges["mutual-goals"].endswith("due")
    qtbot.mouseClick(view.due_button, Qt.MouseButton.LeftButton)
    ui.wait_turn(window)
    assert window.stack.currentWidget() is window.practice.view
    assert window.practice.session is not None and window.practice.session.scenario.id == "mutual-goals"
