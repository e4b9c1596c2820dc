"""Save scenario files that stay hand-editable: ruamel round-trip, version bump, validated atomic write."""

from __future__ import annotations

import dataclasses
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from trainer.scenarios.loader import ScenarioError, ScenarioFileError, load_scenario
from trainer.scenarios.model import Scenario

FOLD_AT = 100  # new long texts are folded near this column, like the hand-written files
FOLDED_KEYS = {"brief", "model_answer"}
FLOW_KEYS = {"requires", "met", "missed", "any_missed", "when"}


class DraftInvalid(Exception):
    """The draft does not load; nothing was written. `errors` are FILE:LINE: reason, as `scenarios check`."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Saved:
    """What a save wrote."""

    scenario: Scenario
    path: Path
    version: int
    bumped: bool


def round_trip() -> YAML:
    """A ruamel loader/dumper that keeps comments, key order and quoting, and never re-wraps old text."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse(text: str) -> Any:
    """The round-trip document of a file's text (None when it is not YAML)."""
    try:
        return round_trip().load(text)
    except YAMLError:
        return None


def dump(document: Any) -> str:
    """Serialise a round-trip document."""
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def to_yaml(plain: dict[str, Any], base_text: str | None = None) -> str:
    """The YAML for a scenario's values: merged into base_text (comments, order kept) or in the house style."""
    base = parse(base_text) if base_text else None
    document = merge(base, plain) if isinstance(base, CommentedMap) else styled(plain)
    return dump(document)


def styled(value: Any, key: str = "") -> Any:
    """Plain values as ruamel nodes in the house style: folded briefs, quoted lines, flow criteria lists."""
    if isinstance(value, dict):
        node = CommentedMap((k, styled(v, k)) for k, v in value.items())
        if key in FLOW_KEYS:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(styled(v, key) for v in value)
        if key in FLOW_KEYS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and key in FOLDED_KEYS:
        return folded(value)
    if isinstance(value, str) and key == "lines":
        return DoubleQuotedScalarString(value)
    return value


def folded(text: str, width: int = FOLD_AT) -> FoldedScalarString:
    """A `>-` block scalar that breaks at spaces near `width`."""
    node = FoldedScalarString(text)
    positions, start = [], 0
    for index, char in enumerate(text):
        if char == " " and index - start >= width - 10 and text[index - 1] != " ":
            positions.append(index)
            start = index + 1
    node.fold_pos = positions
    return node


def merge(old: Any, new: Any, key: str = "") -> Any:
    """`new`'s values in `old`'s nodes: unchanged values keep their style and comments, new keys go last."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for gone in [k for k in old if k not in new]:
            del old[gone]
        for k, v in new.items():
            old[k] = merge(old[k], v, k) if k in old else styled(v, k)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_list(old, new, key)
    if isinstance(old, str) and isinstance(new, str):
        return old if old == new else type(old)(new) if type(old) is not FoldedScalarString else folded(new)
    if old == new and type(old) is type(new):
        return old
    return styled(new, key)


def _merge_list(old: CommentedSeq, new: list[Any], key: str) -> CommentedSeq:
    """Items with an `id` are matched by id (turns may be reordered), others by position."""
    by_id = {item.get("id"): item for item in old if isinstance(item, CommentedMap) and "id" in item}
    matched = []
    for index, item in enumerate(new):
        if isinstance(item, dict) and item.get("id") in by_id:
            matched.append(merge(by_id.pop(item["id"]), item, key))
        elif not by_id and index < len(old) and not (isinstance(item, dict) and "id" in item):
            matched.append(merge(old[index], item, key))
        else:
            matched.append(styled(item, key))
    del old[len(matched):]
    for index, item in enumerate(matched):
        if index < len(old):
            old[index] = item
        else:
            old.append(item)
    return old


def check_text(text: str, target: Path, personas: Iterable[str] | None) -> Scenario:
    """Load text exactly as `scenarios check` would load it at `target`; raises DraftInvalid."""
    with tempfile.TemporaryDirectory(prefix=".pushback-check-") as tmp:
        probe = Path(tmp) / target.name
        probe.write_text(text, encoding="utf-8")
        try:
            scenario = load_scenario(probe, set(personas) if personas is not None else None)
        except ScenarioFileError as failed:
            raise DraftInvalid([dataclasses.replace(failed.error, path=target)]) from failed
    return dataclasses.replace(scenario, path=target)


def bumped_version(plain: dict[str, Any], base_text: str | None) -> tuple[int, bool]:
    """The version to save: the base's plus one when anything but the version changed."""
    base = parse(base_text) if base_text else None
    if not isinstance(base, CommentedMap):
        return int(plain.get("version") or 1), False
    before = {k: v for k, v in _plain(base).items() if k != "version"}
    after = {k: v for k, v in _plain(plain).items() if k != "version"}
    version = base.get("version") if isinstance(base.get("version"), int) else int(plain.get("version") or 1)
    return (version + 1, True) if before != after else (version, False)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value).strip() if isinstance(value, str) else value


def save(plain: dict[str, Any], target: Path, personas: Iterable[str] | None, base_text: str | None) -> Saved:
    """Bump the version if changed, check the text, then write it atomically; a bad draft is never written."""
    version, bumped = bumped_version(plain, base_text)
    text = to_yaml({**plain, "version": version}, base_text)
    scenario = check_text(text, target, personas)
    atomic_write(target, text)
    return Saved(scenario, target, version, bumped)


def atomic_write(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
