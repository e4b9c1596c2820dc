"""The editor's one question: an imported file's id is taken, so rename it or replace the existing one?"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


def ask_rename_or_replace(parent: QWidget, scenario_id: str, where: str) -> tuple[str, str] | None:
    """("rename", new id), ("replace", "") or None when the trainer cancels."""
    box = QMessageBox(parent)
    box.setWindowTitle("This id is already used")
    box.setText(f"A scenario with id '{scenario_id}' already exists in {where}.")
    box.setInformativeText("Import it under a new id, or replace the existing one with your imported copy?")
    rename = box.addButton("Rename…", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is replace:
        return ("replace", "")
    if box.clickedButton() is rename:
        new_id, ok = QInputDialog.getText(parent, "Rename the imported scenario", "New id:", text=f"{scenario_id}-2")
        return ("rename", new_id.strip()) if ok and new_id.strip() else None
    return None
