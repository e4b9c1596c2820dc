"""The Qt audio edge: microphone and speaker against whatever audio system the machine has."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from trainer.speech.wav import write_wav
from ui.audio import NO_MICROPHONE, QtMicrophone, QtSpeaker, find_input, microphone_problem


def test_an_absent_microphone_is_reported_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    microphone = QtMicrophone(QAudioDevice())
    with qtbot.waitSignal(microphone.failed, timeout=2000) as blocker:
        microphone.start()
    assert blocker.args[0].startswith(NO_MICROPHONE)
    microphone.stop()
    shiboken6.delete(microphone)  # on this thread, not whenever the collector gets to it


def test_microphone_problem_matches_the_devices(qtbot) -> None:  # type: ignore[no-untyped-def]
    problem = microphone_problem("no-such-device")
    if QMediaDevices.audioInputs():
        assert problem is None and not find_input("no-such-device").isNull()  # falls back to the default
    else:
        assert problem is not None and problem.startswith(NO_MICROPHONE)


@pytest.mark.skipif(not QMediaDevices.audioInputs(), reason="no audio server (scripts/test.sh starts a null one)")
def test_the_default_microphone_delivers_16k_mono_chunks(qtbot) -> None:  # type: ignore[no-untyped-def]
    microphone = QtMicrophone(QMediaDevices.defaultAudioInput())
    chunks: list[bytes] = []
    microphone.chunk.connect(chunks.append)
    microphone.start()
    qtbot.waitUntil(lambda: sum(len(c) for c in chunks) >= 16000, timeout=5000)  # half a second of audio
    microphone.stop()
    shiboken6.delete(microphone)
    assert all(len(c) % 2 == 0 for c in chunks)


def test_the_speaker_plays_a_wav_to_its_end(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker()
    wav = write_wav(tmp_path / "beep.wav", bytes(3200))  # 0.1 s of silence
    with qtbot.waitSignal(speaker.finished, timeout=5000):
        speaker.play(wav)
    assert speaker.played == [wav]
    speaker.stop()
    shiboken6.delete(speaker)
