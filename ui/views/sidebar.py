"""The navigation column: the app's name, the screens, and the recogniser / microphone status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QProgressBar, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ui.views.widgets import label

SCREENS = (("scenarios", "Scenarios"), ("practice", "Practice"), ("progress", "Progress"), ("settings", "Settings"),
           ("editor", "Scenario editor"))


class Sidebar(QWidget):
    """Checkable navigation buttons; `chosen(name)` when one is clicked."""

    chosen = Signal(str)
    classroom = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 18, 12, 14)
        layout.setSpacing(4)
        layout.addWidget(label("Pushback", "brand", wrap=False))
        layout.addWidget(label("Practise push-back out loud", "tagline"))
        self.buttons: dict[str, QToolButton] = {}
        group = self._group = QButtonGroup(self)
        for index, (name, text) in enumerate(SCREENS, start=1):
            button = QToolButton()
            button.setObjectName("nav")
            button.setText(text)
            button.setToolTip(f"{text} (Ctrl+{index})")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, n=name: self.chosen.emit(n))
            group.addButton(button)
            layout.addWidget(button)
            self.buttons[name] = button
        room = QToolButton()
        room.setObjectName("nav")
        room.setText("Classroom…")
        room.setToolTip("Open the trainer's classroom window: roster, hot seat, projector")
        room.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        room.clicked.connect(self.classroom.emit)
        layout.addWidget(room)
        self.classroom_button = room
        layout.addStretch(1)
        self.status = label("", "muted")
        self.status.setAccessibleName("Speech recogniser status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2)
        self.mic = label("", "muted")
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.mic)

    def select(self, name: str) -> None:
        """Mark the current screen; a screen outside the list (the welcome) marks none."""
        self._group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(key == name)
        self._group.setExclusive(True)

    def set_status(self, text: str, busy: bool) -> None:
        """The recogniser's status line and busy bar."""
        self.status.setText(text)
        self.busy.setVisible(busy)
