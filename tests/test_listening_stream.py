"""The listener recognises while the learner speaks: the real recogniser fed by the capture thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThreadPool

from trainer.engines import Transcript, TranscriptionStream
from trainer.speech.wer import word_errors
from ui.controllers.listening import Heard, Listener

pytest_plugins = ["ui_fakes"]

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
CONTEXT = "Jordan Reyes, sales rep. The weekly review again?"


class StreamOnly:
    """The real recogniser, noting each stream it opens; a one-shot decode would be a failure here."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.contexts: list[str] = []

    def start_stream(self, context: str = "") -> TranscriptionStream:
        self.contexts.append(context)
        return self.inner.start_stream(context)  # type: ignore[attr-defined, no-any-return]

    def transcribe_pcm(self, pcm: bytes, sample_rate: int = 16000) -> Transcript:
        raise AssertionError("the reply should have been recognised while it was spoken")

    def transcribe_file(self, path: Path) -> Transcript:
        raise AssertionError("not used")

    def version(self) -> str:
        return "stream-only"


@pytest.mark.slow
def test_reply_is_recognised_while_spoken_with_the_scenario_as_context(qtbot, ui, transcriber, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mics = ui.FakeMicrophones()
    owner = QObject()
    listener = Listener(mics, tmp_path, owner)
    spy = StreamOnly(transcriber)
    listener.set_transcriber(spy)  # type: ignore[arg-type]
    assert listener.streaming  # the default: phrases are decoded while the learner speaks
    try:
        with qtbot.waitSignal(listener.heard, timeout=120_000) as heard:
            listener.start(800, CONTEXT)
            mics.say(SPEECH / "06-scot-m1.wav")
        result = heard.args[0]
        assert isinstance(result, Heard)
        reference = "I understand the frustration. The deadline stays at the end of March, and I'll help you plan for it."
        assert word_errors(reference, result.transcript.text).wer < 0.35, result.transcript.text
        assert spy.contexts == [CONTEXT]
        assert result.audio_file is not None and result.audio_file.is_file()
    finally:
        listener.shutdown()
        QThreadPool.globalInstance().waitForDone(30_000)
