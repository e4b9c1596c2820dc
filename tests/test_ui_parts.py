"""The UI's parts on their own: settings file, evidence marks, delivery bands, run_task, the serial worker."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
import shiboken6

from trainer.delivery import measure
from ui.capture import level_fraction
from ui.controllers.progress import streak
from ui.report_data import delivery_lines, delivery_reading, marked_html, score_delta
from ui.settings import Settings
from ui.tasks import run_task
from ui.views.charts import running_average
from ui.workers import SerialWorker


def test_settings_round_trip_clamp_and_survive_a_broken_file(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    assert settings == Settings() and settings.learner == "Me"
    settings.update({"learner_name": "  Ana ", "speaking_rate": 500, "silence_ms": 10, "voice_on": "yes", "x": 1})
    settings.save()
    again = Settings.load(tmp_path)
    assert (again.learner_name, again.speaking_rate, again.silence_ms, again.voice_on) == ("Ana", 160, 500, True)
    (tmp_path / "settings.json").write_text("{broken")
    assert Settings.load(tmp_path) == Settings()


def test_evidence_is_marked_escaped_and_merged() -> None:
    text = "I hear you <really>, and I hear you twice."
    html = marked_html(text, ["I hear you", "hear you <really>", "not in it", ""], "#ff0", "#000")
    assert html.count("<span") == 1 and "&lt;really&gt;" in html
    assert html.startswith('<span style="background-color:#ff0; color:#000;">I hear you &lt;really&gt;</span>')


def test_delivery_bands_and_reading() -> None:
    spoken = measure("um so I think maybe we just um should go", 4.0).as_json()
    lines = {line.label: line for line in delivery_lines({**spoken, "patience_s": 0.2})}
    assert lines["Pace"].ok is True and lines["Fillers"].ok is False and lines["Hedges"].ok is False
    assert lines["Pause before answering"].ok is False
    assert "fillers" in delivery_reading(spoken).lower()
    typed = measure("I hear you.").as_json()
    assert {line.label: line.ok for line in delivery_lines(typed)}["Pace"] is None
    assert delivery_reading(typed).startswith("Typed reply")


def test_small_figures() -> None:
    assert score_delta(80, 60) == "+20 vs your last attempt at this turn" and score_delta(50, None).startswith("First")
    assert level_fraction(-100.0) == 0.0 and level_fraction(0.0) == 1.0 and 0 < level_fraction(-30.0) < 1
    assert running_average([0.0, 1.0, 1.0, 1.0]) == [0.0, 0.5, 2 / 3, 1.0]
    assert streak({date(2026, 5, 3), date(2026, 5, 2), date(2026, 4, 30)}, date(2026, 5, 4)) == 2


def test_run_task_returns_results_and_errors_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    main = threading.get_ident()
    seen: list[object] = []
    run_task(lambda: threading.get_ident(), lambda worker: seen.append((worker != main, threading.get_ident() == main)),
             seen.append)
    run_task(lambda: 1 / 0, lambda _r: None, lambda error: seen.append(type(error)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert (True, True) in seen and ZeroDivisionError in seen


def test_serial_worker_owns_its_resource_on_one_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    opened: list[int] = []
    worker = SerialWorker("pushback-test", lambda: opened.append(threading.get_ident()) or opened, lambda r: r.clear())
    with qtbot.waitSignal(worker.ready):
        worker.start()
    results: list[object] = []
    for n in range(5):
        worker.submit(lambda res, n=n: (n, res[0] == threading.get_ident()), results.append)
    worker.submit(lambda res: 1 / 0, None, lambda error: results.append(type(error)))
    qtbot.waitUntil(lambda: len(results) == 6)
    assert results == [(n, True) for n in range(5)] + [ZeroDivisionError]
    assert worker.stop() and not worker.running and opened == []
    shiboken6.delete(worker)


def test_serial_worker_that_cannot_open_fails_every_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    def refuse() -> None:
        raise OSError("no such device")

    worker = SerialWorker("pushback-test", refuse, lambda _r: None)
    with qtbot.waitSignal(worker.unavailable) as blocker:
        worker.start()
    assert blocker.args == ["no such device"] and worker.problem == "no such device"
    errors: list[BaseException] = []
    worker.submit(lambda _r: 1, None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], OSError) and worker.stop()
    shiboken6.delete(worker)


@pytest.mark.parametrize("value", [0.0, 0.4, 1.0])
def test_level_meter_never_leaves_its_range(qtbot, value: float) -> None:  # type: ignore[no-untyped-def]
    from ui.views.widgets import LevelMeter

    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_value(value * 3 - 1)
    assert 0.0 <= meter.value <= 1.0
