"""Load YAML into plain Python values while remembering the line of every value, at a bounded cost.

Scenario and persona files come from shared folders, so a hostile or broken file must cost little: files
over MAX_BYTES are refused unread, aliases (`*name`, the "billion laughs" shape) are refused, and
composing stops past MAX_NODES values or MAX_DEPTH levels of nesting. Each refusal is a YamlProblem with a
line, like any syntax error.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
MAX_BYTES = 256 * 1024  # a scenario file is about 7 KiB
MAX_NODES = 10_000  # a scenario file has about 250 values
MAX_DEPTH = 32  # a scenario file nests 7 levels deep
PLAIN_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YamlProblem(Exception):
    """A file that is not valid YAML, with the 1-based line where the parser stopped."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class Located:
    """A parsed document and the line of each value, addressed by its key path."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """The line of the deepest known value on this path (1 when nothing is known)."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return 1


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer that refuses aliases and stops past the node and depth limits."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.nodes = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        line = self.peek_event().start_mark.line + 1
        if self.check_event(yaml.AliasEvent):
            raise YamlProblem(line, "aliases (*name) are not allowed here; write the value out in full")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(line, f"more than {MAX_NODES} values; too big for this file")
        if self.depth >= MAX_DEPTH:
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_located(path: Path, max_bytes: int = MAX_BYTES) -> Located:
    """Read one YAML file from disk at a bounded cost (see the module docstring); raises YamlProblem."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(1, "not a regular file")
        if info.st_size > max_bytes:
            raise YamlProblem(1, f"file too large ({info.st_size // 1024} KiB; the limit is {max_bytes // 1024} KiB)")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise YamlProblem(1, f"cannot read: {error.strerror or error}") from error
    if len(raw) > max_bytes:
        raise YamlProblem(1, f"file too large (the limit is {max_bytes // 1024} KiB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem(raw.count(b"\n", 0, error.start) + 1, "not UTF-8 text") from error
    return load_located(text)


def load_located(text: str) -> Located:
    """Parse one YAML document safely and at a bounded cost, keeping lines; raises YamlProblem."""
    try:
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as error:  # the reader checks every character up front
        line = text.count("\n", 0, error.position) + 1
        raise YamlProblem(line, f"a control character (#x{error.character:04x}) is not allowed in YAML") from error
    try:
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            located.data = _convert(node, (), located.lines, loader)
        return located
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax: {error.problem or error}") from error
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"YAML syntax: {error}") from error
    finally:
        loader.dispose()


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) and node.tag not in PLAIN_COLLECTION_TAGS:
        raise YamlProblem(lines[path], f"the tag '{node.tag}' is not allowed here")
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            if key in out:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key '{key}'")
            out[key] = _convert(value_node, (*path, str(key)), lines, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, loader) for i, item in enumerate(node.value)]
    return _scalar(node, loader)


def _scalar(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """Resolve a scalar with the safe constructor (ints, bools, strings...)."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlProblem(node.start_mark.line + 1, "a key must be a plain value")
    return loader.construct_object(node, deep=True)
