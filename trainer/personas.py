"""Voice personas (voices/*.yaml): who the counterpart sounds like."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.engines import NeuralVoice, Persona
from trainer.scenarios.yaml_lines import Located, YamlProblem, read_located

REQUIRED = ("id", "name", "description", "gender", "accent", "espeak_voice")
NUMBERS = {"rate_wpm": (80, 400), "pitch": (0, 99)}
ENGINES = ("piper", "kokoro")
NATURAL_NUMBERS = {"speed": (0.5, 2.0), "noise_scale": (0.0, 2.0), "noise_w_scale": (0.0, 2.0), "volume": (0.1, 2.0)}


@dataclass
class PersonaLibrary:
    """Personas that loaded, and FILE:LINE: reason for the files that did not."""

    personas: dict[str, Persona] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def get(self, persona_id: str) -> Persona | None:
        return self.personas.get(persona_id)


def load_personas(folder: Path) -> PersonaLibrary:
    """Load every voices/*.yaml file; a bad file is reported and skipped."""
    library = PersonaLibrary()
    for path in sorted(folder.glob("*.yaml")):
        try:
            persona = _load(path)
        except ValueError as error:
            library.errors.append(f"{path}:{error}")
            continue
        library.personas[persona.id] = persona
    return library


def _load(path: Path) -> Persona:
    try:
        located = read_located(path)
    except YamlProblem as problem:
        raise ValueError(f"{problem.line}: {problem.reason}") from problem
    data = located.data
    if not isinstance(data, dict):
        raise ValueError("1: a persona must be a mapping of keys")
    for key in REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ValueError(f"{located.line((key,))}: missing or empty '{key}'")
    for key, (low, high) in NUMBERS.items():
        value = data.get(key, 160 if key == "rate_wpm" else 50)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{located.line((key,))}: '{key}' must be a whole number from {low} to {high}")
    if data["id"] != path.stem:
        raise ValueError(f"{located.line(('id',))}: id must equal the file name '{path.stem}'")
    return Persona(
        id=data["id"],
        name=data["name"],
        description=data["description"],
        gender=data["gender"],
        accent=data["accent"],
        espeak_voice=data["espeak_voice"],
        rate_wpm=data.get("rate_wpm", 160),
        pitch=data.get("pitch", 50),
        natural=_natural(data.get("natural"), located),
    )


def _natural(block: object, located: Located) -> NeuralVoice | None:
    """The persona's natural voice: `natural: {engine, voice, speed, noise_scale, noise_w_scale, volume}`."""
    if block is None:
        return None
    where = located.line(("natural",))
    if not isinstance(block, dict):
        raise ValueError(f"{where}: 'natural' must be a mapping with engine and voice")
    unknown = set(block) - {"engine", "voice", *NATURAL_NUMBERS}
    if unknown:
        raise ValueError(f"{where}: unknown key in 'natural': {', '.join(sorted(unknown))}")
    if block.get("engine") not in ENGINES:
        raise ValueError(f"{located.line(('natural', 'engine'))}: natural engine must be one of {', '.join(ENGINES)}")
    if not isinstance(block.get("voice"), str) or not block["voice"].strip():
        raise ValueError(f"{where}: missing or empty natural 'voice'")
    numbers: dict[str, float] = {}
    for key, (low, high) in NATURAL_NUMBERS.items():
        if key not in block:
            continue
        value = block[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise ValueError(f"{located.line(('natural', key))}: natural '{key}' must be a number from {low} to {high}")
        numbers[key] = float(value)
    return NeuralVoice(engine=block["engine"], voice=block["voice"].strip(), **numbers)
