"""pyttsx3 driving libespeak-ng on one long-lived worker thread, with the espeak-ng CLI when a WAV fails checks."""

from __future__ import annotations

import contextlib
import importlib.metadata as md
import io
import logging
import os
import queue
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.engines import Persona, Synthesiser
from trainer.speech.espeak_voice import EspeakCliSynthesiser, VoiceCatalogue, speaking_rate
from trainer.speech.speech_checks import (
    WORD,
    SynthesisError,
    UnknownVoiceError,
    check_text,
    temp_beside,
    verify_speech_wav,
)

log = logging.getLogger(__name__)


@dataclass
class _Job:
    """One line to synthesise, handed to the worker thread and back."""

    text: str
    persona: Persona
    out_path: Path
    done: threading.Event = field(default_factory=threading.Event)
    result: Path | None = None
    error: BaseException | None = None


@dataclass
class _Utterance:
    """What espeak's callbacks reported about the utterance in progress."""

    finished: threading.Event = field(default_factory=threading.Event)
    completed: list[bool] = field(default_factory=list)
    word_end: int = 0  # furthest character position reached by a word event (1-based)
    errors: list[str] = field(default_factory=list)

    def problem(self, text: str) -> str | None:
        """Say why the utterance did not cover the whole line, or None."""
        if self.errors:
            return "; ".join(self.errors)
        if self.completed != [True]:
            return f"utterance not completed cleanly ({self.completed})"
        last_word = [m.start() for m in WORD.finditer(text)][-1]
        if self.word_end <= last_word:
            return f"speech stopped at character {self.word_end} of {len(text)}"
        return None


def _foreign_espeak_library(maps: Path = Path("/proc/self/maps")) -> str | None:
    """The path of a bundled libespeak-ng (Kokoro's espeakng_loader) mapped into this process, if any."""
    try:
        lines = maps.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    paths = {line.split()[-1] for line in lines if "libespeak-ng" in line and "espeakng_loader" in line}
    return sorted(paths)[0] if paths else None


_WARM_UP = Persona("warm-up", "", "", "", "", "en", rate_wpm=160)


class _Pyttsx3Driver:
    """pyttsx3's espeak engine with the waits and checks that make save_to_file reliable."""

    # libespeak-ng is one per process (one synth callback, one queue): renders never overlap.
    _espeak_lock = threading.Lock()

    def __init__(self) -> None:
        """Create the engine; call only on the thread that will drive it."""
        foreign = _foreign_espeak_library()
        if foreign:
            # Measured: pyttsx3 initialising the system libespeak-ng after Kokoro's phonemizer loaded its own
            # copy ends the whole process with exit status 1 and no message. The espeak-ng command is safe.
            raise RuntimeError(f"another libespeak-ng is already loaded ({foreign})")
        import pyttsx3
        from pyttsx3.drivers import _espeak

        self._espeak: Any = _espeak
        self._engine: Any = pyttsx3.init("espeak")  # kept referenced: a collected engine unhooks espeak
        self._current = _Utterance()
        self._tokens = [
            self._engine.connect("started-word", self._on_word),
            self._engine.connect("finished-utterance", self._on_finished),
            self._engine.connect("error", self._on_error),
        ]

    def close(self) -> None:
        """Unhook from the engine (pyttsx3.init shares one engine per process)."""
        for token in self._tokens:
            self._engine.disconnect(token)

    def _on_word(self, name: object = None, location: int = 0, length: int = 0) -> None:
        """Note how far into the text espeak has spoken."""
        self._current.word_end = max(self._current.word_end, location + length)

    def _on_finished(self, name: object = None, completed: bool = False) -> None:
        """Note the end of the utterance."""
        self._current.completed.append(bool(completed))
        self._current.finished.set()

    def _on_error(self, name: object = None, exception: object = None) -> None:
        """Note an error pyttsx3 would otherwise swallow (e.g. a rejected voice)."""
        self._current.errors.append(repr(exception))

    def _rearm(self) -> None:
        """Register the driver's synth callback again (pyttsx3 #149/#259: a lost hook writes nothing)."""
        on_synth = getattr(getattr(self._engine.proxy, "_driver", None), "_onSynth", None)
        if on_synth is not None:
            self._espeak.SetSynthCallback(on_synth)

    def warm_up(self, timeout_s: float) -> None:
        """Render one word and throw it away: a new engine's first line can come out at the wrong rate."""
        with tempfile.TemporaryDirectory() as folder:
            self.render("Ready.", "en", _WARM_UP, Path(folder) / "warm-up.wav", timeout_s)

    def render(self, text: str, voice: str, persona: Persona, out: Path, timeout_s: float) -> str | None:
        """Synthesise one line into out; return a problem description, or None when complete."""
        with self._espeak_lock:
            return self._render_locked(text, voice, persona, out, timeout_s)

    def _render_locked(self, text: str, voice: str, persona: Persona, out: Path, timeout_s: float) -> str | None:
        """Drive espeak through pyttsx3 for one line, waiting for espeak at every step."""
        self._rearm()
        self._espeak.Synchronize()  # nothing of an earlier line may still be running
        self._current = _Utterance()
        self._engine.setProperty("voice", voice)
        # Choosing a voice resets espeak's rate to its default (175 wpm): let it land before the rate is set.
        self._espeak.Synchronize()
        self._engine.setProperty("rate", speaking_rate(persona))
        self._engine.setProperty("pitch", persona.pitch)
        self._engine.setProperty("volume", persona.volume)
        # espeak queues parameter changes; left queued, pyttsx3's loop cancels them (wrong rate).
        self._espeak.Synchronize()
        # pyttsx3 prints "Audio saved to ..." from espeak's callback; keep it off the app's stdout.
        with contextlib.redirect_stdout(io.StringIO()):
            self._engine.save_to_file(text, str(out))
            self._engine.runAndWait()  # may return before espeak is done
            self._espeak.Synchronize()
        if not self._current.finished.wait(timeout_s):
            return "pyttsx3 never finished the utterance"
        return self._current.problem(text) or verify_speech_wav(out, text, speaking_rate(persona))


class Pyttsx3Synthesiser:
    """pyttsx3 + espeak-ng on one long-lived worker thread; espeak-ng CLI when a WAV fails checks."""

    def __init__(
        self,
        fallback: Synthesiser | None = None,
        catalogue: VoiceCatalogue | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        """Start the worker thread that creates and drives the pyttsx3 engine."""
        self.catalogue = catalogue or VoiceCatalogue.from_espeak()
        self._fallback: Synthesiser = fallback or EspeakCliSynthesiser(self.catalogue)
        self._version = f"pyttsx3 {md.version('pyttsx3')} / {self._fallback.version()}"
        self._timeout = timeout_s
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._driver_error: str | None = "pyttsx3 not started"
        self.fallback_count = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pyttsx3-tts", daemon=True)
        self._thread.start()
        self._ready.wait(timeout_s)

    def version(self) -> str:
        """pyttsx3 and espeak-ng versions (the fallback speaks with the same espeak voices)."""
        return self._version

    @property
    def driver_error(self) -> str | None:
        """Why pyttsx3 could not start (every line then goes to the fallback), or None."""
        return self._driver_error

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        """Queue the line for the worker, wait, and return out_path holding a verified WAV."""
        check_text(text)
        if self.catalogue.resolve(persona.espeak_voice) is None:
            raise UnknownVoiceError(f"espeak-ng has no voice {persona.espeak_voice!r}")
        if not self._thread.is_alive():
            raise SynthesisError("the speech worker has been closed")
        job = _Job(text, persona, out_path)
        self._jobs.put(job)
        if not job.done.wait(3 * self._timeout):
            raise SynthesisError(f"speech worker did not answer within {3 * self._timeout:.0f} s")
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop the worker thread after the lines already queued."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout_s)

    def __enter__(self) -> Pyttsx3Synthesiser:
        """Use as a context manager that closes the worker."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the worker."""
        self.close()

    def _run(self) -> None:
        """Worker thread: create the engine here, then serve jobs until told to stop."""
        driver: _Pyttsx3Driver | None = None
        try:
            driver = _Pyttsx3Driver()
            driver.warm_up(self._timeout)
            self._driver_error = None
        except Exception as exc:  # no libespeak-ng, broken pyttsx3: the CLI still works
            self._driver_error = repr(exc)
            log.warning("pyttsx3 unavailable, using the espeak-ng command: %r", exc)
        self._ready.set()
        while (job := self._jobs.get()) is not None:
            try:
                job.result = self._render(job, driver)
            except BaseException as exc:
                job.error = exc
            finally:
                job.done.set()
        if driver is not None:
            driver.close()

    def _render(self, job: _Job, driver: _Pyttsx3Driver | None) -> Path:
        """Try pyttsx3; when it is unavailable or its WAV fails the checks, use the fallback."""
        problem = self._try_pyttsx3(job, driver) if driver else (self._driver_error or "pyttsx3 unavailable")
        if problem is None:
            return job.out_path
        self.fallback_count += 1
        log.warning("pyttsx3 output rejected (%s) for %r; using %s", problem, job.text[:60], self._fallback.version())
        return self._fallback.synthesise(job.text, job.persona, job.out_path)

    def _try_pyttsx3(self, job: _Job, driver: _Pyttsx3Driver) -> str | None:
        """Render into a temporary file and move it to out_path if verified; else say why not."""
        voice = self.catalogue.resolve(job.persona.espeak_voice) or job.persona.espeak_voice
        tmp = temp_beside(job.out_path, "pyttsx3")
        try:
            problem = driver.render(job.text, voice, job.persona, tmp, self._timeout)
            if problem is None:
                os.replace(tmp, job.out_path)
            return problem
        except Exception as exc:
            return repr(exc)
        finally:
            tmp.unlink(missing_ok=True)

