"""The validation failure shared by the loader and the graph check (kept apart so neither imports the other)."""

from __future__ import annotations

from trainer.scenarios.yaml_lines import Path_


class Invalid(Exception):
    """One validation failure at a key path."""

    def __init__(self, path: Path_, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
