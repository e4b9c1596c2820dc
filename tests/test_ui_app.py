"""The app around the practice screen: first run, settings, scenarios, progress, a refused database, run_app."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from trainer.paths import AppPaths
from ui.settings import Settings

pytest_plugins = ["ui_fakes"]

GOOD = "I hear you, and I understand the worry. The review stays every Monday, and I am committed to it."


def test_first_run_explains_checks_devices_and_keeps_the_name(qtbot, ui, make_window, reply_wavs, app_paths) -> None:  # type: ignore[no-untyped-def]
    mics = ui.FakeMicrophones(speed=3.0)
    window = make_window(transcriber=ui.FixedTranscriber("Testing one two three."), microphones=mics,
                         settings={"first_run_done": False, "learner_name": ""})
    welcome = window.views["welcome"]
    texts = " ".join(child.text() for child in welcome.findChildren(type(welcome.heard)))
    assert window.stack.currentWidget() is welcome and "practise push-back conversations out loud" in texts
    ui.ready(window)
    qtbot.mouseClick(welcome.voice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.runtime.speaker.played) == 1, timeout=10000)  # the test line, synthesised
    qtbot.mouseClick(welcome.record_button, Qt.MouseButton.LeftButton)
    mics.say(reply_wavs["weak"])
    qtbot.waitUntil(lambda: welcome.heard.text() == "“Testing one two three.”", timeout=15000)
    assert welcome.mic_status.text().startswith("Your microphone works")
    qtbot.keyClicks(welcome.name, "Robin Diaz")
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.views["scenarios"]
    saved = json.loads((app_paths.data / "settings.json").read_text())
    assert saved["learner_name"] == "Robin Diaz" and saved["first_run_done"] is True


def test_settings_are_saved_as_json_and_used(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)
    qtbot.mouseClick(window.sidebar.buttons["settings"], Qt.MouseButton.LeftButton)
    view = window.views["settings"]
    assert view.folder.text() == str(app_paths.data) and view.microphone.count() == 2
    view.name.clear()
    qtbot.keyClicks(view.name, "Sam Lee")
    view.name.editingFinished.emit()
    view.voice_on.setChecked(False)
    view.silence.setValue(1200)
    view.rate.setValue(120)
    assert Settings.load(app_paths.data).as_json() == {
        "learner_name": "Sam Lee", "microphone": "", "voice_on": False, "voice_engine": "natural", "speaking_rate": 120,
        "silence_ms": 1200, "first_run_done": True, "scenario_folders": []}
    window.start_practice("hold-the-line")
    ui.wait_turn(window)  # voice off: the line is shown, nothing is played
    assert window.runtime.speaker.played == []
    ui.type_reply(window, GOOD)
    qtbot.waitUntil(lambda: window.scenarios.view.cards and any(
        c.scores.text() == "Best 100  ·  Last 100" for c in window.scenarios.view.cards), timeout=5000)


def test_scenarios_search_and_load_warnings(qtbot, ui, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "root"
    shutil.copytree(AppPaths(ui_root(), tmp_path).scenarios, root / "scenarios")
    shutil.copytree(AppPaths(ui_root(), tmp_path).voices, root / "voices")
    (root / "scenarios" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    window = make_window(paths=AppPaths(root, tmp_path / "data"))
    ui.ready(window)
    view = window.scenarios.view
    assert view.warnings.isVisible() and "broken.yaml:" in view.warnings.text()
    assert len(view.visible_ids()) == 15
    qtbot.keyClicks(view.search, "pipeline reviews")
    assert view.visible_ids() == ["hold-the-line"]
    view.search.clear()
    view.situation.setCurrentIndex(view.situation.findText("Coaching rebuffed"))
    assert sorted(view.visible_ids()) == ["coaching-rebuffed", "coaching-rebuffed-ride-along"]


def ui_root():  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(__file__).resolve().parent.parent


def test_progress_history_filters_and_practise_next(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)
    for scenario in ("hold-the-line", "mutual-goals"):
        window.start_practice(scenario)
        ui.wait_turn(window)
        with qtbot.waitSignal(window.practice.attempt_saved, timeout=5000):
            ui.type_reply(window, GOOD)
    qtbot.mouseClick(window.sidebar.buttons["progress"], Qt.MouseButton.LeftButton)
    progress = window.progress.view
    qtbot.waitUntil(lambda: progress.history.table.rowCount() == 2 and bool(progress.next_buttons), timeout=5000)
    assert progress.skills.rows and progress.heatmap.weeks and progress.trend.points
    assert "2 graded replies" in progress.summary.text()
    history = progress.history
    history.scenario.setCurrentIndex(history.scenario.findData("mutual-goals"))
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)
    history.criterion.setCurrentIndex(history.criterion.findData("commitment"))  # mutual-goals does not train it
    qtbot.waitUntil(lambda: history.table.rowCount() == 0, timeout=5000)
    qtbot.mouseClick(history.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.table.rowCount() == 2, timeout=5000)
    step = window.progress.view.next_buttons[0]
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # one click starts the turn that trains the weak skill
    ui.wait_turn(window)
    assert window.stack.currentWidget() is window.practice.view


def test_screens_are_built_once_start_up_is_done_or_on_first_visit(qtbot, ui, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)  # the recogniser is in: the screens not seen yet are built, one per turn of the event loop
    qtbot.waitUntil(lambda: window.stack.count() == len(window.views) - 1, timeout=5000)  # all but the first run's
    shown = {}
    for name in window.views:  # the welcome page is built now, the others are the ones built already
        window.navigate(name)
        shown[name] = window.stack.currentWidget()
        assert shown[name] is window.views[name]
    assert window.stack.count() == len(window.views) == len(set(shown.values())) == 6
    window.navigate("scenarios")
    assert all(window.views[name] is widget for name, widget in shown.items())


def _recording(services, order: list[str], gate: threading.Event | None = None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The library, store and recogniser loaders of services, noting in order when each is called."""

    def catalogue() -> object:
        if gate is not None:
            gate.wait(10)
        found = services.load_catalogue()
        order.append("library read")
        return found

    def store() -> object:
        order.append("store")
        return services.open_store()

    def recogniser() -> object:
        order.append("recogniser")
        return services.load_transcriber()

    return {"load_catalogue": catalogue, "open_store": store, "load_transcriber": recogniser}


def test_start_up_loads_the_library_then_the_store_then_the_recogniser(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    """Loads running alongside share the interpreter: the cards first, then their scores, then speech."""
    from ui.services import build_services

    order: list[str] = []
    services = dataclasses.replace(build_services(app_paths), load_transcriber=lambda: ui.FixedTranscriber("Hi."))
    window = make_window(**_recording(services, order))
    ui.ready(window)
    assert order == ["library read", "store", "recogniser"]
    assert window.scenarios.view.cards and window.mic_problem is None


def test_closing_during_start_up_loads_no_recogniser(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    from ui.services import build_services

    order: list[str] = []
    gate = threading.Event()  # the library is still being read when the window closes
    window = make_window(**_recording(build_services(app_paths), order, gate))
    threading.Timer(0.3, gate.set).start()
    started = time.monotonic()
    window.close()  # waits for the library's reading, the one load already running
    assert "recogniser" not in order and time.monotonic() - started < 2.5  # no stage waited its full head start


def test_a_refused_database_is_shown_and_left_untouched(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    app_paths.data.mkdir(parents=True)
    app_paths.database.write_bytes(b"not a database at all")
    window = make_window()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "not a Pushback database" in window.banner.text()
    ui.ready(window)
    window.start_practice("hold-the-line")
    ui.wait_turn(window)
    ui.type_reply(window, GOOD)  # practice still works; the attempt is not saved
    qtbot.waitUntil(lambda: window.practice.view.feedback.delta.text().startswith("Not saved"), timeout=5000)
    assert app_paths.database.read_bytes() == b"not a database at all"


def test_run_app_opens_the_window_and_stops_cleanly(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import run_app

    seen: list[str] = []

    def close_it() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Pushback" and w.isVisible())
        seen.append(type(window).__name__)
        window.close()

    QTimer.singleShot(300, close_it)
    assert run_app(AppPaths(ui_root(), tmp_path / "data"), ["pushback"]) == 0
    assert seen == ["MainWindow"] and QThreadPool.globalInstance().activeThreadCount() == 0
