"""The classic voice: espeak-ng's formant voices, resolved exactly, run as one command per line."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from trainer.engines import Persona
from trainer.speech.speech_checks import SynthesisError, UnknownVoiceError, check_text, temp_beside, verify_speech_wav

_LISTINGS = ("--voices", "--voices=variant")
MIN_RATE_WPM = 80
MAX_RATE_WPM = 400


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
        check_text(text)
        voice = self.catalogue.resolve(persona.espeak_voice)
        if voice is None:
            raise UnknownVoiceError(f"espeak-ng has no voice {persona.espeak_voice!r}")
        rate = speaking_rate(persona)
        tmp = temp_beside(out_path, "espeak")
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

