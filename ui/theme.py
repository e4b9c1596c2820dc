"""Colours and the style sheet, derived from the system palette so light and dark both read well."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Tones:
    """Signal colours that stay readable on the current palette."""

    dark: bool
    good: str
    bad: str
    warn: str
    accent: str
    mark: str  # background of highlighted evidence
    mark_text: str
    muted: str
    panel: str
    line: str


def tones(palette: QPalette) -> Tones:
    """Pick signal colours for a light or a dark palette."""
    window = palette.color(QPalette.ColorRole.Window)
    dark = window.lightness() < 128
    text = palette.color(QPalette.ColorRole.WindowText)
    muted = _mix(text, window, 0.62).name()
    base = palette.color(QPalette.ColorRole.Base)
    panel = _mix(base, window, 0.5).name()
    line = _mix(text, window, 0.18).name()
    if dark:
        return Tones(True, "#5fd08f", "#f08080", "#f0c060", "#7fb2ff", "#6a5818", "#fff6d6", muted, panel, line)
    return Tones(False, "#1e7b45", "#b3261e", "#8a5a00", "#2457c5", "#ffe9a8", "#1b1b1b", muted, panel, line)


def _mix(a: QColor, b: QColor, weight_a: float) -> QColor:
    w = weight_a
    return QColor(round(a.red() * w + b.red() * (1 - w)), round(a.green() * w + b.green() * (1 - w)),
                  round(a.blue() * w + b.blue() * (1 - w)))


def stylesheet(t: Tones) -> str:
    """The app's style: palette roles for surfaces, the tones above for meaning."""
    return _surfaces(t) + _controls(t)


def _surfaces(t: Tones) -> str:
    return f"""
    QWidget#sidebar {{ background: {t.panel}; border-right: 1px solid {t.line}; }}
    QLabel#brand {{ font-size: 17pt; font-weight: 700; padding: 4px 6px; }}
    QLabel#tagline {{ color: {t.muted}; padding: 0 6px 10px 6px; }}
    QToolButton#nav {{ text-align: left; padding: 9px 14px; border: none; border-radius: 7px; font-size: 11pt; }}
    QToolButton#nav:hover {{ background: palette(midlight); }}
    QToolButton#nav:checked {{ background: palette(highlight); color: palette(highlighted-text); font-weight: 600; }}
    QLabel#h1 {{ font-size: 18pt; font-weight: 700; }}
    QLabel#h2 {{ font-size: 13pt; font-weight: 650; }}
    QLabel#h3 {{ font-size: 11pt; font-weight: 650; }}
    QLabel#muted, QLabel[muted="true"] {{ color: {t.muted}; }}
    QLabel#notice {{ background: {t.panel}; border: 1px solid {t.warn}; border-radius: 7px; padding: 8px 10px; }}
    QLabel#error {{ background: {t.panel}; border: 1px solid {t.bad}; border-radius: 7px; padding: 8px 10px; }}
    QFrame#card {{ background: palette(base); border: 1px solid {t.line}; border-radius: 10px; }}
    QFrame#card QLabel {{ background: transparent; }}
    QFrame#bubble {{ background: {t.panel}; border: 1px solid {t.line}; border-radius: 12px; }}
    QLabel#line {{ font-size: 13pt; }}
    QLabel#score {{ font-size: 30pt; font-weight: 800; }}
    QLabel#pass {{ color: {t.good}; font-weight: 700; font-size: 12pt; }}
    QLabel#fail {{ color: {t.warn}; font-weight: 700; font-size: 12pt; }}
    QLabel#good {{ color: {t.good}; }}
    QLabel#bad {{ color: {t.bad}; }}
    QLabel#state {{ font-size: 13pt; font-weight: 600; }}
    QLabel#chip {{ background: {t.panel}; border: 1px solid {t.line}; border-radius: 9px; padding: 2px 8px; }}
    """


def _controls(t: Tones) -> str:
    return f"""
    QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid {t.line}; background: palette(button); }}
    QPushButton:hover {{ border-color: palette(highlight); }}
    QPushButton:focus {{ border: 2px solid palette(highlight); }}
    QPushButton:disabled {{ color: {t.muted}; background: {t.panel}; }}
    QPushButton:pressed {{ background: palette(midlight); }}
    QPushButton#primary {{ background: palette(highlight); color: palette(highlighted-text); font-weight: 600;
                           border: 1px solid palette(highlight); }}
    QPushButton#primary:disabled {{ background: palette(mid); border-color: palette(mid); }}
    QPushButton#primary:focus {{ border: 2px solid {t.accent}; }}
    QPushButton#talk {{ font-size: 14pt; font-weight: 700; border-radius: 14px; padding: 18px 28px;
                        background: palette(highlight); color: palette(highlighted-text); border: none; }}
    QPushButton#talk:checked {{ background: {t.bad}; color: white; }}
    QPushButton#talk:disabled {{ background: palette(mid); color: palette(window); }}
    QPushButton#talk:focus {{ border: 3px solid {t.accent}; }}
    QLabel#mark {{ font-size: 14pt; font-weight: 800; }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget#page {{ background: transparent; }}
    QTextBrowser {{ border: 1px solid {t.line}; border-radius: 8px; padding: 4px; background: palette(base); }}
    QTabWidget::pane {{ border: none; }}
    """


def apply_theme(app: QApplication) -> Tones:
    """Style the application from its current palette; call again when the palette changes."""
    current = tones(app.palette())
    app.setStyleSheet(stylesheet(current))
    return current
