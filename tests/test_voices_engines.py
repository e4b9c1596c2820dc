"""The natural voices for real: piper (male) and Kokoro (female), streamed per sentence, and the espeak fallback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from trainer.commands.speech_cmds import say
from trainer.engines import NeuralVoice, Persona
from trainer.personas import load_personas
from trainer.speech.kokoro_voice import KokoroFiles, assemble_model, packaged_kokoro
from trainer.speech.piper_voice import JOE, PiperModel, packaged_piper_models
from trainer.speech.speech_checks import median_f0, read_mono_float
from trainer.speech.synthesis import SynthesisError, VoiceChooser, VoiceModels

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
LINE = "I appreciate the offer. The timing is simply wrong for us this quarter."
MARCUS = Persona("it", "Marcus", "", "male", "US", "en-us+m3", rate_wpm=168, natural=NeuralVoice("piper", JOE))
DANA = Persona("cfo", "Dana", "", "female", "GB", "en-gb+f3", rate_wpm=160, natural=NeuralVoice("kokoro", "jf_alpha"))


@pytest.fixture(scope="module")
def chooser(tmp_path_factory: pytest.TempPathFactory) -> VoiceChooser:
    return VoiceChooser(VoiceModels.installed(tmp_path_factory.mktemp("models")))


def test_piper_streams_one_chunk_per_sentence_in_a_male_voice(chooser: VoiceChooser, tmp_path: Path) -> None:
    chunks = list(chooser.stream(LINE, MARCUS))
    assert len(chunks) == 2 and {rate for _, rate in chunks} == {22050}
    out = chooser.synthesise(LINE, MARCUS, tmp_path / "marcus.wav")
    audio, rate = read_mono_float(out)
    assert chooser.route(MARCUS).engine == "piper" and not chooser.route(MARCUS).notice
    assert 70 < median_f0(audio, rate) < 155  # a male voice


def test_kokoro_speaks_english_in_a_female_voice(chooser: VoiceChooser, tmp_path: Path) -> None:
    out = chooser.synthesise(LINE, DANA, tmp_path / "dana.wav")
    audio, rate = read_mono_float(out)
    assert rate == 24000 and chooser.route(DANA).engine == "kokoro"
    assert median_f0(audio, rate) > 175  # a female voice


def test_every_persona_names_a_natural_voice_that_matches_its_gender() -> None:
    personas = load_personas(ROOT / "voices")
    assert not personas.errors and personas.personas
    for persona in personas.personas.values():
        assert persona.natural is not None, persona.id
        assert persona.natural.engine == ("kokoro" if persona.gender == "female" else "piper"), persona.id


def test_truncated_piper_model_falls_back_to_espeak_with_a_notice(tmp_path: Path) -> None:
    real = packaged_piper_models()[JOE]
    broken = tmp_path / "joe.onnx"
    broken.write_bytes(real.model.read_bytes()[:100_000])
    chooser = VoiceChooser(VoiceModels({JOE: PiperModel(JOE, broken, real.config)}, None, tmp_path))
    assert chooser.route(MARCUS).engine == "piper"  # not known to be broken until it is loaded
    out = StringIO()
    assert say(LINE, MARCUS, tmp_path / "line.wav", chooser, out) == 0
    route = chooser.route(MARCUS)
    assert route.engine == "espeak" and "could not load" in route.notice
    assert "notice: natural voice piper" in out.getvalue() and "espeak voice en-us+m3" in out.getvalue()
    assert read_mono_float(tmp_path / "line.wav")[1] == 22050  # espeak-ng's rate: it spoke


def test_missing_packages_fall_back_to_espeak(tmp_path: Path) -> None:
    chooser = VoiceChooser(VoiceModels({}, None, tmp_path))
    for persona in (MARCUS, DANA):
        route = chooser.check(persona)
        assert route.engine == "espeak" and route.voice == persona.espeak_voice and "unavailable" in route.notice
        chooser.synthesise(LINE, persona, tmp_path / f"{persona.id}.wav")


def test_kokoro_parts_are_joined_once_and_checked(tmp_path: Path) -> None:
    files = packaged_kokoro()
    assert files is not None
    model = assemble_model(files, tmp_path)
    assert model.stat().st_size == sum(p.stat().st_size for p in files.parts)
    stamp = model.stat().st_mtime_ns
    assert assemble_model(files, tmp_path) == model and model.stat().st_mtime_ns == stamp  # reused, not rejoined
    wrong = KokoroFiles(files.parts, "0" * 64, files.voices)
    with pytest.raises(SynthesisError, match="sha256"):
        assemble_model(wrong, tmp_path / "other")
    assert not list((tmp_path / "other").iterdir())  # no half-written model left behind
    chooser = VoiceChooser(VoiceModels({}, wrong, tmp_path / "other"))
    assert chooser.check(DANA).engine == "espeak" and "sha256" in chooser.route(DANA).notice


def _offline() -> list[str]:
    ok = shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    if not ok:
        pytest.skip("cannot cut the network here (unshare -n needs root)")
    return ["unshare", "-n"]


def test_say_and_voices_work_with_the_network_cut(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    main = [*_offline(), sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path)]
    run = subprocess.run([*main, "say", LINE, "--voice", "rep-excuse-maker", "--out", str(tmp_path / "t.wav")],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "piper voice en_US-joe-medium" in run.stdout and "notice" not in run.stdout
    run = subprocess.run([*main, "voices", "--json"], capture_output=True, text=True, env=env, timeout=300)
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0 and len(rows) == len(list((ROOT / "voices").glob("*.yaml")))
    assert all(row["available"] and row["engine"] in ("piper", "kokoro") for row in rows)
    assert {"persona", "engine", "voice", "available"} <= set(rows[0])
