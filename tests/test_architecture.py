"""The core never imports Qt or the UI (ARCHITECTURE.md: two layers, one direction)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_trainer_never_imports_qt_or_ui() -> None:
    files = sorted((ROOT / "trainer").rglob("*.py"))
    assert len(files) > 10
    offenders = {str(f.relative_to(ROOT)): sorted(_imported_roots(f) & set(FORBIDDEN)) for f in files}
    assert {f: bad for f, bad in offenders.items() if bad} == {}


def test_checker_catches_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f() -> None:\n    from PySide6.QtCore import QObject\n")
    assert _imported_roots(bad) & set(FORBIDDEN) == {"PySide6"}


def test_modules_stay_small() -> None:
    big = [
        str(f.relative_to(ROOT))
        for f in (ROOT / "trainer").rglob("*.py")
        if f.name != "cues.py" and len(f.read_text().splitlines()) > 450
    ]
    assert big == []


def _module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of the project this file imports at run time: anywhere, even in a function, but not for
    type checking only (a deferred import inside a function is still a circle, only a hidden one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return found & modules


def import_cycles(files: list[Path], base: Path = ROOT) -> list[list[str]]:
    """Every cycle in the module-level import graph of these files (under base), each as a closed path."""
    names = {_module_name(f, base): f for f in files}
    graph = {name: sorted(_runtime_imports(f, set(names)) - {name}) for name, f in names.items()}
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append([*path[path.index(name) :], name])
            return
        if name in done:
            return
        for nxt in graph[name]:
            visit(nxt, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return cycles


def test_trainer_has_no_import_cycles() -> None:
    assert import_cycles(sorted((ROOT / "trainer").rglob("*.py"))) == []


def test_cycle_checker_finds_a_cycle(tmp_path: Path) -> None:
    """The checker finds circles, also through a deferred import, but not through type-checking imports."""
    package = tmp_path / "trainer" / "probe"
    package.mkdir(parents=True)
    sources = {
        "__init__.py": "",
        "a.py": "from trainer.probe.b import thing\n",
        "b.py": "import trainer.probe.a\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from trainer.probe import d\n",
        "d.py": "def f() -> None:\n    from trainer.probe import c\n",
    }
    for name, source in sources.items():
        (package / name).write_text(source)
    files = sorted(package.glob("*.py"))
    assert import_cycles(files, tmp_path) == [["trainer.probe.a", "trainer.probe.b", "trainer.probe.a"]]
    (package / "c.py").write_text("try:\n    import trainer.probe.d\nexcept ImportError:\n    pass\n")
    assert import_cycles(files, tmp_path)[1:] == [["trainer.probe.c", "trainer.probe.d", "trainer.probe.c"]]
