"""run_app: the desktop app's entry point, called by main.py with resolved paths."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from trainer.paths import AppPaths
from ui.main_window import MainWindow
from ui.services import Services, build_services
from ui.settings import Settings
from ui.theme import apply_theme

log = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    """The QApplication (reused when one exists), styled from the system palette, restyled when it changes."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Pushback")
    app.setDesktopFileName("pushback")
    app.setStyle("Fusion")
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _restyle(app))
    return app


def _restyle(app: QApplication) -> None:
    app.setPalette(app.style().standardPalette())
    apply_theme(app)


def open_window(services: Services, settings: Settings) -> MainWindow:
    """Build and show the main window at a comfortable size."""
    window = MainWindow(services, settings)
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        window.resize(min(1280, free.width()), min(820, free.height()))
    window.show()
    return window


def _report_shown_and_close(window: MainWindow) -> None:
    """Print "shown" now, "usable" once the scenario cards are in and the event loop still answers, then close."""
    print("shown", flush=True)

    def usable() -> None:
        print("usable", flush=True)
        window.close()

    if window.startup.loaded_catalogue is not None:
        QTimer.singleShot(0, usable)
    else:
        window.startup.catalogue.connect(lambda _c: QTimer.singleShot(0, usable))
        QTimer.singleShot(30_000, window.close)  # a library that never loads must not hang the benchmark


def run_app(paths: AppPaths, argv: list[str], exit_when_shown: bool = False) -> int:
    """Open the desktop app on these paths and run until the window closes; the exit code.

    exit_when_shown closes the window as soon as it is on screen (the start-up benchmark).
    """
    if QApplication.instance() is None:  # 125 % stays 125 %, not rounded to 100 % or 200 %
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = make_application(argv or sys.argv[:1])
    settings = Settings.load(paths.data)
    window = open_window(build_services(paths), settings)
    if exit_when_shown:
        QTimer.singleShot(0, lambda: _report_shown_and_close(window))
    code = app.exec()
    window.shutdown()
    return code
