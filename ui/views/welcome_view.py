"""The first-run page: what Pushback does, the learner's name, and a microphone and voice check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.views.widgets import LevelMeter, card, label, mic_icon, scroll_page

STEPS = (
    ("1  Pick a scenario", "Each one trains a few push-back skills with a realistic counterpart."),
    ("2  Listen", "The counterpart says its line aloud; the text is shown too."),
    ("3  Answer out loud", "Hold Space while you talk, or tap it and just pause when you are done."),
    ("4  Read the feedback", "Your score, the words that showed each skill, and what to try next."),
)
ABOUT = (
    "Pushback lets you practise push-back conversations out loud, on your own. A counterpart (a sceptical "
    "CFO, a rep who resists a change, a customer who has cooled off) says a line in its own voice; you "
    "answer out loud. Pushback transcribes your reply on this computer, grades it against the skills the "
    "scenario trains, highlights the words that earned each point and suggests what to try next time. "
    "Everything stays on this computer."
)


class WelcomeView(QWidget):
    """Lays out the welcome and the device check."""

    play_voice = Signal()
    test_recording = Signal()
    done = Signal(str)  # the learner's name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page = QWidget()
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 0, 8, 0)
        body.setSpacing(14)
        body.addWidget(label("Welcome to Pushback", "h1"))
        body.addWidget(label(ABOUT))
        body.addLayout(self._steps())
        name_card, name_layout = card()
        name_layout.addWidget(label("Your name", "h2"))
        self.name = QLineEdit()
        self.name.setPlaceholderText("Your progress is kept under this name")
        name_layout.addWidget(self.name)
        body.addWidget(name_card)
        body.addWidget(self._check())
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_button = QPushButton("Start practising")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(lambda: self.done.emit(self.name.text().strip()))
        row.addWidget(self.start_button)
        body.addLayout(row)
        body.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 18)
        outer.addWidget(scroll_page(page))

    def _steps(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for title, text in STEPS:
            frame, layout = card(4)
            layout.addWidget(label(title, "h3"))
            layout.addWidget(label(text, "muted"))
            layout.addStretch(1)
            row.addWidget(frame, 1)
        return row

    def _check(self) -> QWidget:
        frame, layout = card(10)
        layout.addWidget(label("Check your microphone and voice", "h2"))
        voice_row = QHBoxLayout()
        self.voice_button = QPushButton("▶  Play a test line")
        self.voice_button.clicked.connect(self.play_voice)
        self.voice_status = label("The counterpart speaks through your speakers or headphones.", "muted")
        voice_row.addWidget(self.voice_button)
        voice_row.addWidget(self.voice_status, 1)
        layout.addLayout(voice_row)
        mic_row = QHBoxLayout()
        self.record_button = QPushButton("Test recording")
        self.record_button.setIcon(mic_icon(self.palette().color(QPalette.ColorRole.ButtonText), self.fontMetrics().height()))
        self.record_button.clicked.connect(self.test_recording)
        self.mic_status = label("Say a sentence; the recording stops when you pause.", "muted")
        mic_row.addWidget(self.record_button)
        mic_row.addWidget(self.mic_status, 1)
        layout.addLayout(mic_row)
        meter_row = QHBoxLayout()
        meter_row.addWidget(label("Input level", "muted", wrap=False))
        self.meter = LevelMeter()
        meter_row.addWidget(self.meter, 1)
        layout.addLayout(meter_row)
        self.heard = label("", selectable=True)
        layout.addWidget(self.heard)
        return frame
