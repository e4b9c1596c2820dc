"""`scenarios check`: load every scenario file and report the bad ones as FILE:LINE: reason."""

from __future__ import annotations

from typing import TextIO

from trainer.scenarios import ScenarioLibrary


def check(library: ScenarioLibrary, out: TextIO, err: TextIO) -> int:
    """Print good ids to out and errors to err; status 1 if any file is bad."""
    for scenario in library.scenarios.values():
        out.write(f"ok {scenario.id} ({len(scenario.turns)} turns, v{scenario.version})\n")
    for collision in getattr(library, "collisions", ()):
        out.write(f"note: {collision}\n")
    for error in library.errors:
        err.write(f"{error}\n")
    return 1 if library.errors else 0
