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
