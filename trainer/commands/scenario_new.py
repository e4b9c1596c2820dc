"""`scenarios new --from ID --id NEW [--dir DIR]`: a copy of a scenario under a new id, valid as written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from trainer.scenarios.library import SourcedLibrary, check_id, with_id
from trainer.scenarios.template import COPY_SUFFIX
from trainer.scenarios.writer import DraftInvalid, atomic_write, check_text


def new_from(library: SourcedLibrary, source_id: str, new_id: str, folder: Path | None,
             personas: Iterable[str] | None, out: TextIO, err: TextIO) -> int:
    """Write FOLDER/NEW.yaml (default: your scenarios folder) from ID: new id, title marked as a copy, version 1."""
    source = library.get(source_id)
    problem = check_id(new_id)
    if source is None:
        problem = f"unknown scenario '{source_id}' (see: scenarios check)"
    elif new_id in library.scenarios:
        where = library.source_of(new_id)
        problem = f"id '{new_id}' is already used ({where.label if where else 'elsewhere'}); choose another"
    target = (folder or library.writable().folder) / f"{new_id}.yaml"
    if not problem and target.exists():
        problem = f"{target} already exists"
    if problem or source is None:
        err.write(f"error: {problem}\n")
        return 1
    text = with_id(source.path.read_text(encoding="utf-8"), new_id, COPY_SUFFIX, version=1)
    try:
        check_text(text, target, personas)
    except DraftInvalid as invalid:
        err.write(f"{invalid}\n")
        return 1
    atomic_write(target, text)
    out.write(f"wrote {target}\n")
    return 0
