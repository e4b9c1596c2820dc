"""render_screenshots: every main screen as a 1280x800 PNG, from sample data in a throwaway folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from trainer.paths import AppPaths

pytestmark = pytest.mark.slow


def test_screenshots_are_rendered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.screenshots import render_screenshots

    root = Path(__file__).resolve().parent.parent
    data = tmp_path / "untouched"
    shots = render_screenshots(AppPaths(root, data), tmp_path / "shots")
    names = {p.stem for p in shots}
    assert {"scenarios", "practice", "feedback", "progress", "settings"} <= names
    for path in shots:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path
    assert not data.exists()  # the sample data lived in a throwaway folder
