"""Where scenarios live: the trainer's own folder, added folders, and the built-in ones (read-only).

When two sources hold the same id, the first in that order wins (your copy of a built-in replaces it)
and the other file is listed as hidden, never silently dropped.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from trainer.scenarios.loader import ScenarioError, ScenarioLibrary, load_library
from trainer.scenarios.model import Scenario
from trainer.scenarios.writer import DraftInvalid, Saved, atomic_write, check_text, dump, parse, save, to_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
BUILT_IN, YOURS, ADDED = "built-in", "yours", "added"


@dataclass(frozen=True)
class Source:
    """One folder of scenario files."""

    folder: Path
    kind: str  # BUILT_IN, YOURS or ADDED

    @property
    def read_only(self) -> bool:
        return self.kind == BUILT_IN

    @property
    def label(self) -> str:
        """How the app names it: 'Built-in', 'Yours', or the added folder's name."""
        return {BUILT_IN: "Built-in", YOURS: "Yours"}.get(self.kind, self.folder.name or str(self.folder))

    @property
    def describe(self) -> str:
        """The source in a sentence: 'your scenarios (/path)'."""
        name = {BUILT_IN: "the built-in scenarios", YOURS: "your scenarios"}.get(self.kind, "an added folder")
        return f"{name} ({self.folder})"


@dataclass(frozen=True)
class Collision:
    """Two files with one id: `winner` is used, `hidden` is not."""

    scenario_id: str
    winner: Source
    hidden: Source
    hidden_path: Path

    def __str__(self) -> str:
        return (f"{self.hidden_path}: id '{self.scenario_id}' is also in {self.winner.describe}, "
                "which wins; this file is hidden")


@dataclass
class SourcedLibrary(ScenarioLibrary):
    """A library over several folders, knowing which folder each scenario came from."""

    sources: list[Source] = field(default_factory=list)
    origins: dict[str, Source] = field(default_factory=dict)
    collisions: list[Collision] = field(default_factory=list)

    def source_of(self, scenario_id: str) -> Source | None:
        return self.origins.get(scenario_id)

    def writable(self) -> Source:
        """The trainer's own folder, where new scenarios and edited copies of built-ins go."""
        return next(s for s in self.sources if s.kind == YOURS)

    def hidden_by(self, scenario_id: str) -> list[Collision]:
        """The files this scenario's id hides (e.g. the built-in one your copy replaces)."""
        return [c for c in self.collisions if c.scenario_id == scenario_id]


def scenario_sources(builtin: Path, user: Path, added: Sequence[Path | str] = ()) -> list[Source]:
    """Sources in precedence order: yours, then added folders as listed, then built-in."""
    extra = [Source(Path(p).expanduser(), ADDED) for p in added if str(p).strip()]
    return [Source(user, YOURS), *extra, Source(builtin, BUILT_IN)]


def load_sources(sources: Sequence[Source], personas: Iterable[str] | None) -> SourcedLibrary:
    """Load every source; the first holder of an id wins, the others are listed as collisions."""
    known = list(personas) if personas is not None else None
    library = SourcedLibrary(sources=list(sources))
    for source in sources:
        if not source.folder.is_dir():
            if source.kind == ADDED:
                library.errors.append(ScenarioError(source.folder, 1, "added scenario folder not found"))
            continue
        part = load_library(source.folder, known)
        library.errors.extend(part.errors)
        for scenario_id, scenario in part.scenarios.items():
            winner = library.origins.get(scenario_id)
            if winner is not None:
                library.collisions.append(Collision(scenario_id, winner, source, scenario.path))
                continue
            library.scenarios[scenario_id] = scenario
            library.origins[scenario_id] = source
    return library


class IdTaken(Exception):
    """Importing a file whose id is already used; the caller asks to rename or replace."""

    def __init__(self, scenario_id: str, where: Source) -> None:
        super().__init__(f"a scenario with id '{scenario_id}' already exists ({where.label})")
        self.scenario_id = scenario_id
        self.where = where


def check_id(scenario_id: str) -> str | None:
    """Why an id cannot name a file, or None."""
    if not ID_PATTERN.match(scenario_id):
        return f"id '{scenario_id}' must be lower-case letters, digits, '-' or '_' (it names the file)"
    return None


def read_id(text: str) -> str:
    """The `id` of a scenario file's text ('' when there is none)."""
    document = parse(text)
    return str(document.get("id", "")).strip() if isinstance(document, CommentedMap) else ""


def with_id(text: str, new_id: str, title_suffix: str = "", version: int | None = None) -> str:
    """The same file with another id (comments kept); optionally a title suffix and a new version."""
    document = parse(text)
    if not isinstance(document, CommentedMap):
        raise ValueError("not a YAML mapping")
    document["id"] = new_id
    if title_suffix and isinstance(document.get("title"), str):
        document["title"] = type(document["title"])(f"{document['title']}{title_suffix}")
    if version is not None:
        document["version"] = version
    return dump(document)


def import_file(file: Path, library: SourcedLibrary, personas: Iterable[str] | None, *,
                rename_to: str = "", replace: bool = False) -> Path:
    """Copy a scenario file into your folder; raises IdTaken (ask: rename or replace) or DraftInvalid."""
    text = file.read_text(encoding="utf-8")
    scenario_id = rename_to or read_id(text)
    problem = check_id(scenario_id)
    if problem:
        raise DraftInvalid([ScenarioError(file, 1, problem)])
    taken = library.source_of(scenario_id)
    if taken is not None and not replace:
        raise IdTaken(scenario_id, taken)
    if rename_to:
        text = with_id(text, rename_to)
    target = library.writable().folder / f"{scenario_id}.yaml"
    check_text(text, target, personas)
    atomic_write(target, text)
    return target


def export_file(library: SourcedLibrary, scenario_id: str, destination: Path) -> Path:
    """Copy a scenario's file as it is on disk (comments and all)."""
    scenario = library.get(scenario_id)
    if scenario is None:
        raise KeyError(scenario_id)
    shutil.copyfile(scenario.path, destination)
    return destination


def drafts_folder(user: Path) -> Path:
    """Where drafts that could not be saved yet are kept (below your folder, so the loader never reads them)."""
    return user / "drafts"


def keep_draft(user: Path, scenario_id: str, text: str) -> Path:
    """Keep a draft's YAML as drafts/ID.yaml, beside (never over) the scenario file."""
    name = scenario_id if not check_id(scenario_id) else "untitled"
    path = drafts_folder(user) / f"{name}.yaml"
    atomic_write(path, text)
    return path


def list_drafts(user: Path) -> list[Path]:
    """The kept drafts, newest first."""
    folder = drafts_folder(user)
    return sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []


def drop_draft(user: Path, scenario_id: str) -> None:
    """Forget the kept draft of a scenario once it has been saved for real."""
    (drafts_folder(user) / f"{scenario_id}.yaml").unlink(missing_ok=True)


def check_plain(plain: dict[str, Any], target: Path, personas: Iterable[str] | None,
                base_text: str | None) -> tuple[str, Scenario | list[ScenarioError]]:
    """A draft's YAML text and what `scenarios check` makes of it at `target`: the Scenario, or its errors."""
    text = to_yaml(plain, base_text)
    problem = check_id(str(plain.get("id", "")))
    if problem:
        line = next((n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("id:")), 1)
        return text, [ScenarioError(target, line, problem)]
    try:
        return text, check_text(text, target, personas)
    except DraftInvalid as invalid:
        return text, invalid.errors


@dataclass(frozen=True)
class SaveOutcome:
    """A save's result: what was written, or why not and where the draft was kept instead."""

    saved: Saved | None
    errors: list[ScenarioError]
    kept: Path | None = None


def save_or_keep(plain: dict[str, Any], target: Path, personas: Iterable[str] | None, base_text: str | None,
                 user: Path) -> SaveOutcome:
    """Save a valid draft over its file; keep an invalid one in drafts/ and leave the file alone."""
    names = list(personas) if personas is not None else None
    try:
        saved = save(plain, target, names, base_text)
    except DraftInvalid as invalid:
        return SaveOutcome(None, invalid.errors, keep_draft(user, str(plain.get("id", "")), to_yaml(plain, base_text)))
    drop_draft(user, saved.scenario.id)
    return SaveOutcome(saved, [])
