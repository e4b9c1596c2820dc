"""Text to verified WAV in a persona's voice: pyttsx3 on one worker thread, espeak-ng CLI, a cache."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata as md
import io
import json
import logging
import os
import queue
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.engines import Persona, Synthesiser
from trainer.speech.wav import wav_layout, wav_peak, wav_problem

log = logging.getLogger(__name__)

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_LISTINGS = ("--voices", "--voices=variant")
MIN_RATE_WPM = 80
MAX_RATE_WPM = 400


class SynthesisError(RuntimeError):
    """No verified WAV could be produced."""


class UnknownVoiceError(SynthesisError):
    """The persona's espeak voice (or its +variant) does not exist on this machine."""


@dataclass(frozen=True)
class VoiceCatalogue:
    """The espeak-ng voices and variants installed, to resolve a persona's voice id exactly."""

    voices: dict[str, str]  # lower-case language / file / name -> voice file id, e.g. "gmw/en"
    variants: dict[str, str]  # lower-case variant -> its file name, e.g. "f3"

    @classmethod
    def from_espeak(cls, executable: str = "espeak-ng") -> VoiceCatalogue:
        """Ask the espeak-ng command for its voices and variants."""
        out = [subprocess.run([executable, a], capture_output=True, text=True, timeout=30).stdout for a in _LISTINGS]
        return cls.parse(*out)

    @classmethod
    def parse(cls, voices_listing: str, variants_listing: str) -> VoiceCatalogue:
        """Build a catalogue from `espeak-ng --voices` and `--voices=variant` output."""
        ranked: dict[str, tuple[int, str]] = {}
        for line in voices_listing.splitlines()[1:]:
            cols = line.split()
            if len(cols) < 5 or not cols[0].isdigit() or cols[4].startswith("mb/"):
                continue  # mbrola voices need an extra program and data
            file_id = cols[4]
            keys = [(cols[1], int(cols[0])), (file_id, 0), (file_id.split("/")[-1], 0), (cols[3], 0)]
            keys += [(m[0], int(m[1])) for m in re.findall(r"\((\S+) (\d+)\)", line)]
            for key, rank in keys:
                best = ranked.get(key.lower())
                if best is None or rank < best[0]:
                    ranked[key.lower()] = (rank, file_id)
        variants = {}
        for line in variants_listing.splitlines()[1:]:
            cols = line.split()
            if len(cols) >= 5 and cols[4].startswith("!v/"):
                variants[cols[4][3:].lower()] = cols[4][3:]
        return cls({k: v for k, (_, v) in ranked.items()}, variants)

    def resolve(self, espeak_voice: str) -> str | None:
        """The exact voice id ("gmw/en+f3") for a persona voice ("en-gb+f3"), or None if unknown."""
        base, _, variant = espeak_voice.strip().partition("+")
        file_id = self.voices.get(base.lower())
        if file_id is None:
            return None
        if not variant:
            return file_id
        name = self.variants.get(variant.lower())
        return None if name is None else f"{file_id}+{name}"


def available_voice(persona: Persona, catalogue: VoiceCatalogue | None = None) -> bool:
    """True when the persona's espeak voice and variant exist on this machine."""
    return (catalogue or VoiceCatalogue.from_espeak()).resolve(persona.espeak_voice) is not None


def speaking_rate(persona: Persona) -> int:
    """The persona's rate in words per minute, kept to what espeak handles well."""
    return max(MIN_RATE_WPM, min(MAX_RATE_WPM, persona.rate_wpm))


def count_words(text: str) -> int:
    """Number of words (letters/digits runs) in a line."""
    return len(_WORD.findall(text))


def verify_speech_wav(path: Path, text: str, rate_wpm: int) -> str | None:
    """Say why a synthesised WAV is unusable (incomplete, silent, implausible length), or None."""
    problem = wav_problem(path)
    if problem is not None:
        return problem
    lay = wav_layout(path)
    seconds = lay.frames / lay.sample_rate
    expected = count_words(text) * 60.0 / rate_wpm
    if seconds < 0.4 * expected or seconds < 0.15:
        return f"too short: {seconds:.2f} s for {count_words(text)} words"
    if seconds > 3.0 * expected + 2.0:
        return f"too long: {seconds:.2f} s for {count_words(text)} words"
    return "silent" if wav_peak(path) < 0.01 else None


def _check_text(text: str) -> None:
    """Reject a line with no words to speak."""
    if count_words(text) == 0:
        raise SynthesisError(f"nothing to say in {text!r}")


def _temp_beside(out_path: Path, tag: str) -> Path:
    """A fresh temporary file name in the output's directory (for an atomic rename)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out_path.stem}.", suffix=f".{tag}.wav", dir=out_path.parent)
    os.close(fd)
    return Path(name)


class EspeakCliSynthesiser:
    """Runs `espeak-ng -v VOICE -s RATE -p PITCH -a AMP -w OUT` once per line (about 25 ms)."""

    def __init__(
        self, catalogue: VoiceCatalogue | None = None, executable: str = "espeak-ng", timeout_s: float = 30.0
    ) -> None:
        """Use the given voice catalogue (asked from espeak-ng when None)."""
        self._exe = executable
        self._timeout = timeout_s
        self.catalogue = catalogue or VoiceCatalogue.from_espeak(executable)
        run = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30)
        found = re.search(r"text-to-speech:\s*(\S+)", run.stdout)
        self._version = f"espeak-ng {found[1] if found else 'unknown'}"

    def version(self) -> str:
        """The espeak-ng version, e.g. "espeak-ng 1.51"."""
        return self._version

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        """Write the line to out_path as a verified WAV (22.05 kHz mono) and return out_path."""
        _check_text(text)
        voice = self.catalogue.resolve(persona.espeak_voice)
        if voice is None:
            raise UnknownVoiceError(f"espeak-ng has no voice {persona.espeak_voice!r}")
        rate = speaking_rate(persona)
        tmp = _temp_beside(out_path, "espeak")
        try:
            cmd = [self._exe, "-v", voice, "-s", str(rate), "-p", str(persona.pitch)]
            cmd += ["-a", str(round(persona.volume * 100)), "-w", str(tmp), "--stdin"]
            run = subprocess.run(cmd, input=text, capture_output=True, text=True, timeout=self._timeout)
            problem = f"espeak-ng failed: {run.stderr.strip()}" if run.returncode else None
            problem = problem or verify_speech_wav(tmp, text, rate)
            if problem is not None:
                raise SynthesisError(f"{out_path.name}: {problem}")
            os.replace(tmp, out_path)
        finally:
            tmp.unlink(missing_ok=True)
        return out_path


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
        last_word = [m.start() for m in _WORD.finditer(text)][-1]
        if self.word_end <= last_word:
            return f"speech stopped at character {self.word_end} of {len(text)}"
        return None


class _Pyttsx3Driver:
    """pyttsx3's espeak engine with the waits and checks that make save_to_file reliable."""

    # libespeak-ng is one per process (one synth callback, one queue): renders never overlap.
    _espeak_lock = threading.Lock()

    def __init__(self) -> None:
        """Create the engine; call only on the thread that will drive it."""
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
        _check_text(text)
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
        tmp = _temp_beside(job.out_path, "pyttsx3")
        try:
            problem = driver.render(job.text, voice, job.persona, tmp, self._timeout)
            if problem is None:
                os.replace(tmp, job.out_path)
            return problem
        except Exception as exc:
            return repr(exc)
        finally:
            tmp.unlink(missing_ok=True)


class CachedSynthesiser:
    """Keeps every line it made in cache_dir, keyed by text, persona and engine version."""

    def __init__(self, inner: Synthesiser, cache_dir: Path) -> None:
        """Wrap a synthesiser; cache_dir is created when needed."""
        self._inner = inner
        self._dir = cache_dir

    def version(self) -> str:
        """The wrapped synthesiser's version."""
        return self._inner.version()

    def cache_path(self, text: str, persona: Persona) -> Path:
        """Where the WAV for this line and persona lives in the cache."""
        key = json.dumps(
            {"text": text, "persona": dataclasses.asdict(persona), "engine": self._inner.version()},
            sort_keys=True,
        )
        return self._dir / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.wav"

    def synthesise(self, text: str, persona: Persona, out_path: Path) -> Path:
        """Return the cached WAV at once, or make it; out_path is not written: use the result."""
        cached = self.cache_path(text, persona)
        if wav_problem(cached) is None:
            return cached
        tmp = _temp_beside(cached, "cache")
        try:
            made = self._inner.synthesise(text, persona, tmp)
            os.replace(made, cached)
        finally:
            tmp.unlink(missing_ok=True)
        return cached
