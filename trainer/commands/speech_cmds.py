"""`say`, `voices` and `transcribe`: the speech engines from the command line."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from trainer.engines import Persona, Synthesiser, Transcriber
from trainer.personas import PersonaLibrary
from trainer.speech.synthesis import VoiceCatalogue, available_voice
from trainer.speech.wav import wav_duration, wav_problem

DEFAULT_PERSONA = Persona(
    id="narrator",
    name="Narrator",
    description="A neutral voice for reading lines",
    gender="male",
    accent="British English",
    espeak_voice="en-gb",
    rate_wpm=160,
    pitch=50,
)


def say(text: str, persona: Persona, out: Path, synthesiser: Synthesiser, stdout: TextIO) -> int:
    """Speak text to a verified WAV file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    made = synthesiser.synthesise(text, persona, out)
    if made != out:
        out.write_bytes(made.read_bytes())
    stdout.write(f"wrote {out} ({wav_duration(out):.2f} s, voice {persona.espeak_voice})\n")
    return 0


def list_voices(personas: PersonaLibrary, catalogue: VoiceCatalogue | None, stdout: TextIO) -> int:
    """Each persona with its voice and whether that voice can speak here."""
    for persona in personas.personas.values():
        ok = catalogue is not None and available_voice(persona, catalogue)
        state = "available" if ok else "MISSING (install espeak-ng)"
        stdout.write(
            f"{persona.id:22} {persona.name:10} {persona.gender:6} {persona.accent:22} "
            f"{persona.espeak_voice:22} {persona.rate_wpm} wpm  {state}\n  {persona.description}\n"
        )
    for error in personas.errors:
        stdout.write(f"error: {error}\n")
    return 0 if catalogue is not None and not personas.errors else 1


def transcribe_files(files: Sequence[Path], transcriber: Callable[[], Transcriber], stdout: TextIO) -> int:
    """One JSON line per file; an unreadable file gives an error line and the rest go on."""
    failed = False
    engine: Transcriber | None = None
    for path in files:
        problem = "no such file" if not path.is_file() else wav_problem(path)
        if problem:
            failed = True
            stdout.write(json.dumps({"file": str(path), "error": problem}) + "\n")
            continue
        engine = engine or transcriber()
        start = time.perf_counter()
        result = engine.transcribe_file(path)
        stdout.write(
            json.dumps(
                {
                    "file": str(path),
                    "text": result.text.strip(),
                    "duration_s": round(result.duration_s, 3),
                    "elapsed_s": round(time.perf_counter() - start, 3),
                    "engine": result.engine or engine.version(),
                }
            )
            + "\n"
        )
        stdout.flush()
    return 1 if failed else 0
