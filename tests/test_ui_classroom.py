"""The classroom driven as a trainer would: roster, a class session through the hot seat, overrides,
calibration, the projector, exports, the due list, and a clean close."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from trainer.paths import AppPaths

pytest_plugins = ["ui_fakes"]

TRAINER = "Jordan Reyes"
# hold-the-line: opening -> the-team-agrees -> skip-it with these three (engages met, met, missed)
GOOD = "I hear you, and I understand the worry. The review stays every Monday, and I am committed to it."
GOOD_TEAM = ("I understand the team feels micromanaged. The review stays for everyone, me included, "
             "and I am committed to it.")
WEAK = "Okay, fair enough. If your numbers are good, maybe you can skip the Monday review."


@pytest.fixture
def make_classroom(qtbot, app_paths: AppPaths) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """The classroom window on a fresh data folder, with fakes at the hardware edge; closed after the test."""
    from ui_fakes import FixedTranscriber, close_windows, fake_services

    from ui.classroom.window import ClassroomWindow
    from ui.settings import Settings

    windows: list[ClassroomWindow] = []

    def make(microphones: object = None, heard: str = "I hear you.", **settings: object) -> ClassroomWindow:
        chosen = Settings.load(app_paths.data)
        chosen.update({"learner_name": TRAINER, "first_run_done": True, "voice_on": False, **settings})
        window = ClassroomWindow(fake_services(app_paths, microphones, FixedTranscriber(heard)), chosen)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitUntil(lambda: window.controller.session.catalogue is not None, timeout=10000)
        windows.append(window)
        return window

    yield make
    close_windows(windows)


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _roster(qtbot, window, names: tuple[str, ...] = ("Ana", "Ben", "Cy"), class_name: str = "Q4 managers") -> None:  # type: ignore[no-untyped-def]
    """Create a class and add learners by typing, as the trainer does."""
    roster = window.view.roster
    qtbot.keyClicks(roster.class_name, class_name)
    _click(qtbot, roster.create_button)
    qtbot.waitUntil(lambda: window.controller.roster.state.class_name == class_name, timeout=5000)
    for name in names:
        qtbot.keyClicks(roster.name, name)
        _click(qtbot, roster.add_button)
        qtbot.waitUntil(lambda n=name: n in [m.name for m in window.controller.roster.state.members], timeout=5000)


def _start(qtbot, window, scenario: str = "hold-the-line", timer_s: int = 60) -> None:  # type: ignore[no-untyped-def]
    """Tick a scenario, set the clock, start; until the first learner's turn."""
    window.view.show_tab("session")
    setup = window.view.session.setup
    _click(qtbot, setup.scenario_boxes[scenario])
    setup.timer.setValue(timer_s)
    with qtbot.waitSignal(window.controller.session.started, timeout=5000):
        _click(qtbot, setup.start_button)
    _wait_turn(qtbot, window)


def _wait_turn(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    session = window.controller.session
    qtbot.waitUntil(lambda: session.run is not None and session.flow.awaiting_reply
                    and session.flow.session.phase.value == "listening", timeout=5000)


def _answer(qtbot, window, text: str) -> int:  # type: ignore[no-untyped-def]
    """Type the reply of the learner in the hot seat and press Enter; the stored attempt's id."""
    box = window.view.session.live.talk.typed
    qtbot.keyClicks(box, text)
    with qtbot.waitSignal(window.controller.session.attempt_saved, timeout=10000) as saved:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    return int(saved.args[0])


def _next(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _click(qtbot, window.view.session.live.next_button)
    _wait_turn(qtbot, window)


def test_roster_import_reports_lines_and_presence_is_kept(qtbot, make_classroom, tmp_path, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_classroom()
    _roster(qtbot, window, names=("Dee Park",))
    source = tmp_path / "roster.csv"
    source.write_text("Name,Email,Team\nAna Ruiz,ana@example.com,North\n,nobody@example.com,\nBen Cole,,South\n")
    roster = window.view.roster
    roster.choose_file = lambda _parent: source  # the file dialog's answer
    with qtbot.waitSignal(window.controller.roster.imported, timeout=5000):
        _click(qtbot, roster.import_button)
    assert roster.problems.isVisible() and f"{source}:3: empty name" in roster.problems.text()
    assert "Imported 2 learners" in roster.problems.text()
    assert [roster.table.item(r, 1).text() for r in range(roster.table.rowCount())] == ["Ana Ruiz", "Ben Cole", "Dee Park"]
    ben = next(m.learner_id for m in window.controller.roster.state.members if m.name == "Ben Cole")
    with qtbot.waitSignal(window.controller.roster.changed, timeout=5000):
        _click(qtbot, roster.present_boxes[ben])
    assert roster.counts.text() == "3 learners  ·  2 present"
    assert "2 present" in window.view.session.setup.class_line.text()
    with sqlite3.connect(app_paths.database) as db:
        assert db.execute("SELECT present FROM class_members WHERE learner_id = ?", [ben]).fetchone() == (0,)


def _review(qtbot, window, flip: bool) -> None:  # type: ignore[no-untyped-def]
    """Flip the grader on Engages with a comment, or agree with everything it said."""
    session, result = window.controller.session, window.view.session.live.feedback
    assert window.view.session.live.stack.currentWidget() is result
    if flip:
        row = result.checklist.rows["engages"]
        assert row.line.machine_met
        qtbot.keyClicks(row.comment, "Restated the rule; never took the worry on")
        with qtbot.waitSignal(session.review.reviewed, timeout=5000):
            _click(qtbot, row.missed_button)
        assert row.grader.text().startswith("Grader: met")  # both verdicts stay visible
        assert row.trainer.text().startswith("Trainer: missed (overrides the grader)")
        assert "after your review 71" in result.delta.text()  # engages weighs 2 of 7
        return
    with qtbot.waitSignal(session.review.reviewed, timeout=5000):
        _click(qtbot, result.agree_button)
    assert all(r.line.trainer_met == r.line.machine_met for r in result.checklist.rows.values())


def test_class_session_hot_seat_override_and_calibration(qtbot, make_classroom, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_classroom()
    _roster(qtbot, window)
    _start(qtbot, window)
    session, live = window.controller.session, window.view.session.live
    attempts = {}
    for name, reply in (("Ana", GOOD), ("Ben", GOOD_TEAM), ("Cy", WEAK)):
        if name != "Ana":
            _next(qtbot, window)
        assert live.learner.text() == name and live.line.text().strip("“”") == session.flow.session.prompt
        attempts[name] = _answer(qtbot, window, reply)
        _review(qtbot, window, flip=name == "Ben")
    assert [m.name for m in session.run.members] == ["Ana", "Ben", "Cy"] and session.run.replies == {1: 1, 2: 1, 3: 1}
    # engages, grader vs trainer: Ana met/met, Ben met/missed, Cy missed/missed.
    # po = 2/3; grader "met" 2/3, trainer "met" 1/3: pe = 2/3*1/3 + 1/3*2/3 = 4/9; kappa = (2/3-4/9)/(5/9) = 0.4
    window.view.show_tab("calibration")
    table = window.view.calibration.session_table
    qtbot.waitUntil(lambda: table.cell_text("engages", 1) == "3", timeout=5000)
    assert (table.cell_text("engages", 2), table.cell_text("engages", 3)) == ("67%", "0.40")
    assert (table.cell_text("acknowledges", 1), table.cell_text("acknowledges", 3)) == ("2", "1.00")
    assert window.view.calibration.overall_table.cell_text("engages", 3) == "0.40"
    trust = window.view.calibration.trust_note.text()  # the grader's held-out figures, weakest criterion first
    assert "<b>Respectful</b>: kappa" in trust and "spoken" in trust and "typed" in trust
    assert trust.index("Respectful") < trust.index("Open question")
    cs_id = session.run.class_session_id
    with sqlite3.connect(app_paths.database) as db:
        rows = db.execute("""SELECT l.name, a.turn_id, s.kind, a.class_session_id FROM attempts a
                             JOIN learners l ON l.id = a.learner_id JOIN sessions s ON s.id = a.session_id
                             ORDER BY a.id""").fetchall()
        assert rows == [("Ana", "opening", "class", cs_id), ("Ben", "the-team-agrees", "class", cs_id),
                        ("Cy", "skip-it", "class", cs_id)]
        assert db.execute("""SELECT met, override_met, override_comment, override_by FROM criterion_results
                             WHERE attempt_id = ? AND criterion = 'engages'""", [attempts["Ben"]]).fetchone() == (
            1, 0, "Restated the rule; never took the worry on", TRAINER)


def test_projector_shows_the_turn_and_checklist_and_nothing_private(qtbot, make_classroom) -> None:  # type: ignore[no-untyped-def]
    from ui.classroom.projector import other_screen

    window = make_classroom()
    _roster(qtbot, window, names=("Ana", "Ben", "Cy"))
    _start(qtbot, window, timer_s=1)
    _click(qtbot, window.view.session.projector_button)
    projector = window.controller.session.projector
    assert projector is not None and projector.isVisible() and projector.isWindow()
    assert not projector.windowFlags() & Qt.WindowType.FramelessWindowHint  # one screen: a normal window
    trainer_screen, room_screen = object(), object()  # with two screens it goes on the one the trainer is not on
    assert other_screen([trainer_screen, room_screen], trainer_screen) is room_screen  # type: ignore[list-item, arg-type]
    assert other_screen([trainer_screen], trainer_screen) is None  # type: ignore[list-item, arg-type]
    line = window.controller.session.flow.session.prompt
    qtbot.waitUntil(lambda: "Time's up" in projector.texts(), timeout=5000)  # the one-second clock ran out
    texts = projector.texts()
    assert f"“{line}”" in texts and "Your turn, Ana" in texts and "Sam Okoye says:" in texts
    assert projector.stage.timer_state == "up" and window.view.session.live.talk.state.text() == "Time's up"
    _answer(qtbot, window, GOOD)
    texts = projector.texts()
    assert "Ana's reply" in texts and "Engages: met" in texts and "“I hear you”" in texts
    _next(qtbot, window)
    _answer(qtbot, window, WEAK)
    shown = " ".join(projector.texts())
    assert "Ben's reply" in shown and "Engages: missed" in shown
    assert "Ana" not in shown and "Cy" not in shown  # no other learner, no history
    assert "score" not in shown.lower() and "100" not in shown and "Grader" not in shown
    qtbot.keyClick(projector, Qt.Key.Key_Escape)  # Esc puts it away; the Projector button brings it back
    assert not projector.isVisible()
    _click(qtbot, window.view.session.projector_button)
    assert projector.isVisible() and "Ben's reply" in projector.texts()


def test_absent_learners_are_skipped_by_the_hot_seat(qtbot, make_classroom, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_classroom()
    _roster(qtbot, window)
    state = window.controller.roster.state
    ben, cy = (next(m.learner_id for m in state.members if m.name == n) for n in ("Ben", "Cy"))
    with qtbot.waitSignal(window.controller.roster.changed, timeout=5000):
        _click(qtbot, window.view.roster.present_boxes[ben])  # Ben is off sick today
    _start(qtbot, window)
    live = window.view.session.live
    assert live.learner.text() == "Ana"
    _answer(qtbot, window, GOOD)
    _next(qtbot, window)
    assert live.learner.text() == "Cy"  # Ben is skipped
    with qtbot.waitSignal(window.controller.roster.changed, timeout=5000):
        _click(qtbot, live.skip_button)  # Cy stepped out: marked absent, the same line goes to the next learner
    _wait_turn(qtbot, window)
    assert live.learner.text() == "Ana" and live.seats.item(2).text().strip() == "Cy  absent"
    with sqlite3.connect(app_paths.database) as db:
        assert dict(db.execute("SELECT learner_id, present FROM class_members").fetchall()) == {1: 1, ben: 0, cy: 0}


def test_summary_grid_trend_and_exports(qtbot, make_classroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_classroom()
    _roster(qtbot, window, names=("Ana", "Ben"))
    _start(qtbot, window)
    _answer(qtbot, window, GOOD)
    _next(qtbot, window)
    _answer(qtbot, window, WEAK)
    window.view.show_tab("summary")
    summary, insights = window.view.summary, window.controller.insights
    qtbot.waitUntil(lambda: summary.grid.rowCount() == 2 and len(summary.trend.points) == 1, timeout=5000)
    headers = [summary.grid.horizontalHeaderItem(c).text() for c in range(summary.grid.columnCount())]
    engages = headers.index("Engages")
    assert [(summary.grid.item(r, 0).text(), summary.grid.item(r, engages).text()) for r in range(2)] == [
        ("Ana", "1/1"), ("Ben", "0/1")]
    summary.choose_path = lambda _parent, suggested, _pattern: tmp_path / "out" / suggested  # the dialog's answer
    written = {}
    for kind in ("csv", "xapi", "report"):
        with qtbot.waitSignal(insights.exported, timeout=5000) as done:
            _click(qtbot, summary.buttons[kind])
        written[kind] = (done.args[1], done.args[2])
    csv_path, rows = written["csv"]
    with csv_path.open(newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == rows == 10 and {r["learner"] for r in exported} == {"Ana", "Ben"}
    assert {r["session_kind"] for r in exported} == {"class"}
    xapi_path, statements = written["xapi"]
    assert statements == 2 and [s["actor"]["name"] for s in json.loads(xapi_path.read_text())] == ["Ana", "Ben"]
    report_path, learners = written["report"]
    assert learners == 2 and "Q4 managers" in report_path.read_text() and "Ben" in report_path.read_text()
    assert summary.status.text().startswith("Wrote 2 learners in the report")


def test_closing_stops_every_timer_thread_and_window(qtbot, make_classroom, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_classroom()
    _roster(qtbot, window, names=("Ana",))
    _start(qtbot, window, timer_s=90)
    session = window.controller.session
    _click(qtbot, window.view.session.projector_button)
    projector = session.projector
    assert session.timer.active and projector.isVisible()
    cs_id = session.run.class_session_id
    with qtbot.waitSignal(session.ended, timeout=5000):
        window.close()
    assert not window.runtime.running and window.shutdown()
    assert not session.timer.active and session.projector is None and not projector.isVisible()
    assert [t for t in window.findChildren(QTimer) if t.isActive()] == []
    assert not {"pushback-db", "pushback-tts"} & {t.name for t in threading.enumerate()}
    assert QThreadPool.globalInstance().waitForDone(5000)
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    with sqlite3.connect(app_paths.database) as db:  # the class session was closed before the database thread ended
        assert db.execute("SELECT ended_at IS NOT NULL FROM class_sessions WHERE id = ?", [cs_id]).fetchone() == (1,)


def test_a_spoken_reply_goes_through_the_capture_path(qtbot, make_classroom, reply_wavs, app_paths) -> None:  # type: ignore[no-untyped-def]
    from ui_fakes import FakeMicrophones

    mics = FakeMicrophones(speed=3.0)
    window = make_classroom(microphones=mics, heard=GOOD, voice_on=True)
    session = window.controller.session
    qtbot.waitUntil(lambda: session.talk.recogniser == "ready", timeout=10000)
    _roster(qtbot, window, names=("Ana",))
    _start(qtbot, window)  # the line is voiced first (the fake speaker notes it), then Ana's turn
    assert len(window.runtime.speaker.played) >= 1  # the line (one file per sentence when streamed)
    talk = window.view.session.live.talk
    assert talk.talk_button.isEnabled()
    with qtbot.waitSignal(session.attempt_saved, timeout=20000) as saved:
        _click(qtbot, talk.talk_button)
        mics.say(reply_wavs["good"])
    assert [line.met for line in window.view.session.live.feedback.checklist.lines] == [True] * 5
    with sqlite3.connect(app_paths.database) as db:
        audio, recogniser, text = db.execute("SELECT audio_path, recogniser, transcript FROM attempts WHERE id = ?",
                                             [saved.args[0]]).fetchone()
    assert audio.startswith("audio/") and (app_paths.data / audio).exists() and recogniser == "fixed" and text == GOOD


def test_due_list_and_due_counts(qtbot, store, grader, library) -> None:  # type: ignore[no-untyped-def]
    from trainer.delivery import measure
    from trainer.session import TurnResult
    from trainer.storage.progress import AttemptRecord
    from ui.classroom.due import DueList, due_counts, load_due

    now = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    learner_id = store.learner_id("Robin")
    scenario = library.get("hold-the-line")
    turn = scenario.turn("opening")
    session_id = store.start_session(learner_id, scenario.id, scenario.version)
    grade = grader.grade(WEAK, scenario.weights_for(turn), scenario.pass_mark, situation=scenario.situation)
    record = AttemptRecord(session_id, learner_id, scenario.id, scenario.version, scenario.criteria, turn.requires,
                           measure(WEAK), created_at=(now - timedelta(days=3)).isoformat(), pass_mark=scenario.pass_mark)
    store.record_attempt(record, TurnResult(1, "opening", 1, turn.lines[0], WEAK, grade, "so-its-optional"))
    missed = sum(not r.met for r in grade.results.values())
    assert due_counts(store.db, "Robin", now) == {"hold-the-line": len(turn.requires)}
    assert due_counts(store.db, "Nobody", now) == {}
    data = load_due(store.db, "Robin", now, library.scenarios)
    assert [(i.scenario_id, i.turn_id) for i in data.items] == [("hold-the-line", "opening")]
    assert len(data.forecast) == 14 and data.items[0].overdue_days >= 1 and missed >= 1
    view = DueList()
    qtbot.addWidget(view)
    view.show_due(data)
    assert "due in 1 turn" in view.summary.text() and view.forecast.days == data.forecast
    with qtbot.waitSignal(view.practise, timeout=1000) as chosen:
        _click(qtbot, view.buttons[0])
    assert chosen.args == ["hold-the-line", "opening"]
    view.show_due(load_due(store.db, "Nobody", now))
    assert view.summary.text().startswith("Nothing is due today") and not view.buttons


@pytest.mark.slow
def test_classroom_screenshots_are_rendered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.classroom.screenshots import render_classroom_screenshots

    root = Path(__file__).resolve().parent.parent
    data = tmp_path / "untouched"
    shots = render_classroom_screenshots(AppPaths(root, data), tmp_path / "shots")
    assert {"classroom", "projector"} <= {p.stem for p in shots}
    for path in shots:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path
    assert not data.exists()  # the sample class lived in a throwaway folder
