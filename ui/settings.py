"""The learner's app settings: a small JSON file in the data folder, passed around explicitly."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"
RATE_RANGE = (60, 160)  # percent of the persona's own speaking rate
SILENCE_RANGE = (500, 2500)  # milliseconds of silence that end a spoken reply
VOICE_ENGINES = ("natural", "classic")  # natural: each persona's neural voice; classic: espeak-ng


@dataclass
class Settings:
    """What the learner chose; saved beside the database."""

    learner_name: str = ""
    microphone: str = ""  # a QAudioDevice id; "" means the system default
    voice_on: bool = True
    voice_engine: str = "natural"
    speaking_rate: int = 100
    silence_ms: int = 800
    first_run_done: bool = False
    scenario_folders: list[str] = field(default_factory=list)  # added scenario folders (e.g. a class's shared drive)
    path: Path | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """Read settings.json from the data folder; defaults for anything missing or broken."""
        path = data_dir / SETTINGS_NAME
        values: dict[str, Any] = {}
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable settings %s: %s", path, error)
        settings = cls(path=path)
        settings.update(values if isinstance(values, dict) else {})
        return settings

    def update(self, values: dict[str, Any]) -> None:
        """Take known keys whose values have the right type, then clamp numbers to their ranges."""
        defaults = Settings()
        for f in fields(self):
            if f.name == "path" or f.name not in values:
                continue
            value, default = values[f.name], getattr(defaults, f.name)
            if type(value) is type(default):
                setattr(self, f.name, value)
        self.speaking_rate = min(max(self.speaking_rate, RATE_RANGE[0]), RATE_RANGE[1])
        self.silence_ms = min(max(self.silence_ms, SILENCE_RANGE[0]), SILENCE_RANGE[1])
        self.learner_name = self.learner_name.strip()
        self.scenario_folders = [f for f in self.scenario_folders if isinstance(f, str) and f.strip()]
        if self.voice_engine not in VOICE_ENGINES:
            self.voice_engine = VOICE_ENGINES[0]

    def as_json(self) -> dict[str, Any]:
        """The values as saved (no path)."""
        values = asdict(self)
        values.pop("path")
        return values

    def save(self) -> None:
        """Write atomically (temporary file, then rename), so a crash never leaves half a file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.as_json(), handle, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @property
    def learner(self) -> str:
        """The name progress is stored under."""
        return self.learner_name or "Me"
