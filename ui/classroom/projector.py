"""The projector view: a second, frameless window in large type for the room; nothing private on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.classroom.values import ReviewLine, Stage

BASE_HEIGHT = 800  # type sizes below are for a window this tall; they scale with the window
STYLE = """
QWidget#projector {{ background: #10151f; }}
QWidget#projector QLabel {{ color: #f4f6fb; background: transparent; }}
QLabel#p-meta {{ font-size: {meta}px; color: #9aa6bd; }}
QLabel#p-who {{ font-size: {meta}px; color: #9aa6bd; font-weight: 600; }}
QLabel#p-line {{ font-size: {line}px; font-weight: 500; }}
QLabel#p-seat {{ font-size: {seat}px; font-weight: 800; color: #8fc1ff; }}
QLabel#p-status {{ font-size: {meta}px; color: #c8d0e0; }}
QLabel#p-clock {{ font-size: {clock}px; font-weight: 800; }}
QLabel#p-clock[state="low"] {{ color: #ffc861; }}
QLabel#p-clock[state="up"] {{ color: #ff7b72; }}
QLabel#p-mark {{ font-size: {item}px; font-weight: 800; }}
QLabel#p-item {{ font-size: {item}px; font-weight: 700; }}
QLabel#p-evidence {{ font-size: {evidence}px; color: #c8d0e0; }}
"""
GOOD, BAD = "#6fdc9a", "#ff8f86"


def _label(name: str, wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def evidence_text(line: ReviewLine) -> str:
    """What the room sees beside a criterion: the quoted evidence, or the words that lost it."""
    if line.met and line.machine_met and line.evidence:
        return f"“{line.evidence}”"
    if not line.met and line.lapse:
        return f"Because of “{line.lapse}”"
    return "Trainer's call" if line.overridden else ""


class ProjectorWindow(QWidget):
    """The counterpart's line, whose turn it is, the clock and, after grading, the checklist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setWindowTitle("Pushback: projector")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 36, 56, 36)
        layout.setSpacing(14)
        top = QHBoxLayout()
        self.meta = _label("p-meta")
        self.clock = _label("p-clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.meta, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.clock)
        layout.addLayout(top)
        self.who = _label("p-who")
        self.line = _label("p-line")
        layout.addWidget(self.who)
        layout.addWidget(self.line)
        layout.addSpacing(10)
        self.seat = _label("p-seat")
        self.status = _label("p-status")
        layout.addWidget(self.seat)
        layout.addWidget(self.status)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(2, 1)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self.stage = Stage()
        self._scale = 0.0
        self._restyle()

    def show_stage(self, stage: Stage) -> None:
        """Show what is on stage now."""
        changed = stage.lines != self.stage.lines or not self._grid.count()
        self.stage = stage
        self.meta.setText("  ·  ".join(p for p in (stage.class_name, stage.scenario, stage.turn_label) if p))
        self.who.setText(f"{stage.counterpart} says:" if stage.counterpart else "")
        self.line.setText(f"“{stage.line}”" if stage.line else "")
        seat = f"{stage.learner}'s reply" if stage.lines else f"Your turn, {stage.learner}"
        self.seat.setText(seat if stage.learner else "")
        self.status.setText(stage.status)
        self._show_clock(stage.timer, stage.timer_state)
        if changed:
            self._show_checklist(stage.lines)

    def set_clock(self, text: str, state: str) -> None:
        """Update just the countdown."""
        self.stage = replace(self.stage, timer=text, timer_state=state)
        self._show_clock(text, state)

    def _show_clock(self, text: str, state: str) -> None:
        self.clock.setText("" if state == "off" else text)
        if self.clock.property("state") != state:
            self.clock.setProperty("state", state)
            self.clock.style().unpolish(self.clock)
            self.clock.style().polish(self.clock)

    def _show_checklist(self, lines: Sequence[ReviewLine]) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for row, line in enumerate(lines):
            mark = _label("p-mark", wrap=False)
            mark.setText("✓" if line.met else "✗")
            mark.setStyleSheet(f"color: {GOOD if line.met else BAD};")
            mark.setAccessibleName("met" if line.met else "missed")
            name = _label("p-item", wrap=False)
            name.setText(f"{line.name}: {'met' if line.met else 'missed'}")
            evidence = _label("p-evidence")
            evidence.setText(evidence_text(line))
            self._grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(evidence, row, 2, Qt.AlignmentFlag.AlignTop)

    def texts(self) -> list[str]:
        """Every piece of text on the projector (what the room can read)."""
        return [w.text() for w in self.findChildren(QLabel) if w.text() and w.isVisibleTo(self)]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the projector (the trainer's Projector button brings it back)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def _restyle(self) -> None:
        scale = max(0.55, min(2.2, self.height() / BASE_HEIGHT))
        if abs(scale - self._scale) < 0.02:
            return
        self._scale = scale
        sizes = {"meta": 22, "line": 38, "seat": 46, "clock": 76, "item": 28, "evidence": 24}
        self.setStyleSheet(STYLE.format(**{k: round(v * scale) for k, v in sizes.items()}))


def other_screen(screens: Sequence[QScreen], trainer: QScreen | None) -> QScreen | None:
    """A screen that is not the trainer's, when there is one."""
    return next((s for s in screens if s is not trainer), None) if len(screens) > 1 else None


def place(window: ProjectorWindow, trainer: QScreen | None) -> bool:
    """Full screen and frameless on a second screen when there is one, else a normal window; True on a second screen."""
    target = other_screen(QGuiApplication.screens(), trainer)
    if target is not None:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setScreen(target)
        window.setGeometry(target.geometry())
        window.showFullScreen()
        return True
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
    free = trainer.availableGeometry() if trainer is not None else None
    window.resize(min(1280, free.width()) if free else 1280, min(800, free.height()) if free else 800)
    window.showNormal()
    window.raise_()
    return False
