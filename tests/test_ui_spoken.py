"""The desktop app with spoken replies: a fake microphone streams TTS-made WAVs through the real endpoint
detector, the real recogniser (Whisper base) and the real grader; attempts land in a real database."""

from __future__ import annotations

import sqlite3
import statistics
import threading
import time

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from trainer.speech.wav import wav_problem

pytest_plugins = ["ui_fakes"]
pytestmark = pytest.mark.slow


def speak(qtbot, window, microphones, wav, key: bool = True):  # type: ignore[no-untyped-def]
    """Tap Space (or click Talk), say the WAV, wait for the feedback."""
    view = window.practice.view
    with qtbot.waitSignal(window.practice.feedback_shown, timeout=30000) as feedback:
        if key:
            qtbot.keyClick(view.talk.talk_button, Qt.Key.Key_Space)  # a tap: the reply ends on silence
        else:
            qtbot.mouseClick(view.talk.talk_button, Qt.MouseButton.LeftButton)
        microphones.say(wav)
    return feedback.args[0]


def test_spoken_turns_retry_branch_and_review(qtbot, ui, make_window, transcriber, reply_wavs, app_paths) -> None:  # type: ignore[no-untyped-def]
    mics = ui.FakeMicrophones()
    window = make_window(transcriber=transcriber, microphones=mics)
    ui.ready(window)
    ui.open(window, "hold-the-line")
    speaker, view = window.runtime.speaker, window.practice.view
    assert speaker.played and all(wav_problem(p) is None for p in speaker.played)  # the line's sentences, streamed
    saved: list[int] = []
    window.practice.attempt_saved.connect(saved.append)

    first = speak(qtbot, window, mics, reply_wavs["weak"])
    shown = {line.id: line.met for line in view.feedback.criteria.lines}
    assert shown == {cid: r.met for cid, r in first.grade.results.items()} and not shown["engages"]
    assert "CRM" in view.feedback.transcript.text and first.next_turn == "so-its-optional"
    assert any("Try saying" in w.text() for w in view.feedback.criteria.findChildren(type(view.line)))
    qtbot.waitUntil(lambda: len(saved) == 1)

    qtbot.keyClick(view, Qt.Key.Key_R)  # retry: same turn, same line
    ui.wait_turn(window)
    assert window.practice.session.attempt_no == 2 and view.line.text().strip("“”") == first.prompt
    second = speak(qtbot, window, mics, reply_wavs["good"], key=False)
    assert second.grade.passed and second.next_turn == "the-team-agrees"
    qtbot.waitUntil(lambda: len(saved) == 2)
    assert view.feedback.delta.text() == f"+{second.grade.score - first.grade.score} vs your last attempt at this turn"

    qtbot.mouseClick(view.feedback.hear_button, Qt.MouseButton.LeftButton)
    assert speaker.played[-1].parent == app_paths.audio and wav_problem(speaker.played[-1]) is None
    qtbot.keyClick(view, Qt.Key.Key_Return)  # continue along the branch the reply chose
    ui.wait_turn(window)
    assert window.practice.session.turn_id == "the-team-agrees"
    assert view.line.text().strip("“”") in window.practice.scenario.turn("the-team-agrees").lines
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
    assert view.summary_title.text() == "Session ended"

    qtbot.mouseClick(window.sidebar.buttons["progress"], Qt.MouseButton.LeftButton)
    history = window.progress.view.history
    window.progress.view.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 2)
    history.table.selectRow(0)
    qtbot.waitUntil(lambda: history.detail is not None and history.detail.id == saved[1])
    assert history.transcript.text == second.transcript and history.play_button.isEnabled()
    assert {line.id for line in history.criteria.lines if line.met} == set(second.grade.results)
    qtbot.mouseClick(history.play_button, Qt.MouseButton.LeftButton)
    assert speaker.played[-1] == app_paths.data / history.detail.audio_path

    with sqlite3.connect(app_paths.database) as db:
        rows = db.execute("SELECT turn_id, attempt_no, score, audio_path, recogniser FROM attempts ORDER BY id").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("opening", 1, first.grade.score), ("opening", 2, second.grade.score)]
    assert all((app_paths.data / r[3]).is_file() and r[4].startswith("faster-whisper") for r in rows)
    assert window.practice.latencies and max(window.practice.latencies) < 5


def test_feedback_latency_after_speech_ends(qtbot, ui, make_window, transcriber, reply_wavs) -> None:  # type: ignore[no-untyped-def]
    mics = ui.FakeMicrophones()
    window = make_window(transcriber=transcriber, microphones=mics)
    ui.ready(window)
    ui.open(window, "hold-the-line")
    for _ in range(3):
        speak(qtbot, window, mics, reply_wavs["good"])
        qtbot.keyClick(window.practice.view, Qt.Key.Key_R)
        ui.wait_turn(window)
    latencies = window.practice.latencies
    print(f"\nfeedback after the end of speech: {', '.join(f'{s:.2f}' for s in latencies)} s; "
          f"median {statistics.median(latencies):.2f} s")
    assert len(latencies) == 3 and statistics.median(latencies) < 2.0


def test_push_to_talk_and_a_late_transcript_is_dropped(qtbot, ui, make_window, reply_wavs, app_paths) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    heard = ui.FixedTranscriber("I hear you, and I understand the worry.", gate)
    mics = ui.FakeMicrophones(speed=2.0)
    window = make_window(transcriber=heard, microphones=mics)
    ui.ready(window)
    ui.open(window, "hold-the-line")
    view = window.practice.view
    qtbot.keyPress(view.talk.talk_button, Qt.Key.Key_Space)  # hold Space ...
    mics.say(reply_wavs["good"])
    qtbot.waitUntil(lambda: view.talk.hint.text().startswith("Keep going") and view.talk.meter.value > 0.2, timeout=5000)
    qtbot.waitUntil(lambda: window.practice.view.talk.elapsed.text() != "0:00", timeout=5000)  # held past HOLD_S
    qtbot.keyRelease(view.talk.talk_button, Qt.Key.Key_Space)  # ... and let go: the reply ends now
    qtbot.waitUntil(lambda: view.talk.state.text() == "Transcribing…", timeout=5000)
    assert not view.talk.talk_button.isEnabled()
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)  # leave before the words come back
    shown: list[object] = []
    window.practice.feedback_shown.connect(shown.append)
    gate.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert heard.calls >= 1 and shown == []
    with sqlite3.connect(app_paths.database) as db:
        assert db.execute("SELECT COUNT(*) FROM attempts").fetchone() == (0,)


def test_closing_the_window_stops_every_worker(qtbot, ui, make_window, reply_wavs) -> None:  # type: ignore[no-untyped-def]
    mics = ui.FakeMicrophones()
    window = make_window(microphones=mics)
    ui.ready(window)
    ui.open(window, "hold-the-line")
    qtbot.mouseClick(window.practice.view.talk.talk_button, Qt.MouseButton.LeftButton)
    mics.say(reply_wavs["good"])
    qtbot.waitUntil(lambda: window.practice.view.talk.meter.value > 0.2, timeout=5000)  # recording when it closes
    timers = window.findChildren(QTimer)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 5
    assert not window.runtime.running and not window.runtime.db.running and not window.runtime.tts.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert not [t.name for t in threading.enumerate() if t.name.startswith(("pushback-", "pyttsx3"))]
    assert not [t for t in timers if t.isActive()]
    QApplication.processEvents()
