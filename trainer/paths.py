"""Where things live: the data folder (flag > environment > platform), scenarios, voices, cache."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "PUSHBACK_DATA_DIR"
DB_NAME = "pushback.db"  # the progress database, in the data folder


@dataclass(frozen=True)
class AppPaths:
    """Resolved folders for one run."""

    root: Path
    data: Path

    @property
    def database(self) -> Path:
        return self.data / DB_NAME

    @property
    def audio(self) -> Path:
        """Recorded replies, beside the database (stored as paths relative to data)."""
        return self.data / "audio"

    @property
    def cache(self) -> Path:
        """Rendered counterpart lines and the assembled speech model."""
        return self.data / "cache"

    @property
    def scenarios(self) -> Path:
        """The built-in scenarios (read-only in the app)."""
        return self.root / "scenarios"

    @property
    def user_scenarios(self) -> Path:
        """The trainer's own scenarios, and edited copies of built-in ones."""
        return self.data / "scenarios"

    @property
    def voices(self) -> Path:
        return self.root / "voices"


def resolve_paths(root: Path, data_dir: Path | None, environ: Mapping[str, str]) -> AppPaths:
    """Command-line flag first, then PUSHBACK_DATA_DIR, then the platform's user data folder."""
    if data_dir is not None:
        data = data_dir
    elif environ.get(ENV_DATA_DIR):
        data = Path(environ[ENV_DATA_DIR])
    else:
        data = Path(platformdirs.user_data_dir("Pushback", appauthor=False))
    return AppPaths(root=root, data=data.expanduser().resolve())
