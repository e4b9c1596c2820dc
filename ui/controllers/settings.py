"""Settings: the view edits the one Settings object, which is saved to JSON at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from ui.services import Services
from ui.settings import Settings
from ui.views.settings_view import SettingsView


class SettingsController(QObject):
    """Shows and saves settings; tells the others when something that matters to them changed."""

    changed = Signal()
    check_devices = Signal()

    def __init__(self, view: SettingsView, services: Services, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings = view, services, settings
        view.changed.connect(self.apply)
        view.open_folder.connect(self.open_folder)
        view.check_devices.connect(self.check_devices)

    def show(self) -> None:
        """Fill the view from the settings and the devices present."""
        problem = self._services.microphone_problem(self._settings.microphone)
        self.view.show_settings(self._settings, self._services.input_devices(), str(self._services.paths.data),
                                problem or "Ready to record.")

    def apply(self, values: dict[str, Any]) -> None:
        """Take edited values, save them, and tell the others."""
        before = self._settings.as_json()
        self._settings.update(values)
        if self._settings.as_json() != before:
            self._settings.save()
            self.changed.emit()
        problem = self._services.microphone_problem(self._settings.microphone)
        self.view.mic_status.setText(problem or "Ready to record.")

    def open_folder(self) -> None:
        """Open the data folder in the file manager."""
        folder = self._services.paths.data
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
