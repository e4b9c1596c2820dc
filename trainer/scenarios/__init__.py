"""Scenario files: the model, a YAML loader that keeps line numbers, and validation."""

from trainer.scenarios.loader import ScenarioError, ScenarioLibrary, load_library
from trainer.scenarios.model import Branch, Condition, Counterpart, Scenario, Turn

__all__ = [
    "Branch",
    "Condition",
    "Counterpart",
    "Scenario",
    "ScenarioError",
    "ScenarioLibrary",
    "Turn",
    "load_library",
]
