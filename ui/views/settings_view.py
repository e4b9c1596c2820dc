"""The Settings screen: name, microphone, voice (engine, preview per persona), speaking rate, silence, data folder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.settings import RATE_RANGE, SILENCE_RANGE, Settings
from ui.views.widgets import card, label, scroll_page


class SettingsView(QWidget):
    """Lays out the settings; every edit leaves as `changed(values)`."""

    changed = Signal(dict)
    open_folder = Signal()
    check_devices = Signal()
    preview = Signal(str)  # persona id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 18)
        outer.addWidget(label("Settings", "h1"))
        outer.addWidget(label("Changes are saved at once, in settings.json in your data folder.", "muted"))
        page = QWidget()
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 8, 8, 0)
        body.setSpacing(14)
        body.addWidget(self._you())
        body.addWidget(self._audio())
        body.addWidget(self._data())
        body.addStretch(1)
        outer.addWidget(scroll_page(page), 1)

    def _form(self, title: str) -> tuple[QWidget, QFormLayout]:
        frame, layout = card()
        layout.addWidget(label(title, "h2"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        return frame, form

    def _you(self) -> QWidget:
        frame, form = self._form("You")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Your name (your progress is kept under it)")
        self.name.editingFinished.connect(self._emit)
        self.name.setMaximumWidth(self.fontMetrics().height() * 30)  # no field spans a wide screen
        form.addRow("Learner name", self.name)
        return frame

    def _audio(self) -> QWidget:
        frame, form = self._form("Microphone and voice")
        self.microphone = QComboBox()
        self.microphone.currentIndexChanged.connect(self._emit)
        self.microphone.setMaximumWidth(self.fontMetrics().height() * 30)
        self.mic_status = label("", "muted")
        mic_box = QVBoxLayout()
        mic_box.addWidget(self.microphone)
        mic_box.addWidget(self.mic_status)
        form.addRow("Microphone", mic_box)
        self.voice_on = QCheckBox("Speak the counterpart's lines aloud")
        self.voice_on.toggled.connect(self._emit)
        form.addRow("Voice", self.voice_on)
        self._voice_rows(form)
        self._listening_rows(form)
        return frame

    def _voice_rows(self, form: QFormLayout) -> None:
        """Natural or classic voices, and a preview of each persona."""
        self.engine = QComboBox()
        self.engine.addItem("Natural (neural voices, offline)", "natural")
        self.engine.addItem("Classic (espeak-ng, robotic but light)", "classic")
        self.engine.setAccessibleName("Voice engine")
        self.engine.setMaximumWidth(self.fontMetrics().height() * 30)
        self.engine.currentIndexChanged.connect(self._emit)
        form.addRow("Voice engine", self.engine)
        self.persona = QComboBox()
        self.persona.setAccessibleName("Counterpart to preview")
        self.persona.setMaximumWidth(self.fontMetrics().height() * 30)
        self.preview_button = QPushButton("Preview")
        self.preview_button.clicked.connect(lambda: self.preview.emit(self.persona.currentData() or ""))
        row = QHBoxLayout()
        row.addWidget(self.persona)
        row.addWidget(self.preview_button)
        row.addStretch(1)
        self.voice_status = label("Natural: piper voices the men, Kokoro the women. Classic: espeak-ng for all.",
                                  "muted")
        box = QVBoxLayout()
        box.addLayout(row)
        box.addWidget(self.voice_status)
        form.addRow("Counterparts", box)

    def show_personas(self, personas: Sequence[tuple[str, str]]) -> None:
        """(id, "Dana: CFO · Kokoro jf_alpha") for each persona that can be previewed."""
        current = self.persona.currentData()
        self.persona.clear()
        for persona_id, text in personas:
            self.persona.addItem(text, persona_id)
        self.persona.setCurrentIndex(max(0, self.persona.findData(current)))
        self.preview_button.setEnabled(bool(personas))

    def _listening_rows(self, form: QFormLayout) -> None:
        """Speaking rate, silence length and the device check."""
        rate_row = QHBoxLayout()
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(*RATE_RANGE)
        self.rate.setSingleStep(5)
        self.rate.setPageStep(10)
        self.rate.setAccessibleName("Speaking rate")
        self.rate.setMaximumWidth(self.fontMetrics().height() * 26)
        self.rate_value = label("", wrap=False)
        self.rate.valueChanged.connect(lambda v: self.rate_value.setText(f"{v} %"))
        self.rate.sliderReleased.connect(self._emit)
        self.rate.valueChanged.connect(lambda _v: None if self.rate.isSliderDown() else self._emit())
        rate_row.addWidget(self.rate, 1)
        rate_row.addWidget(self.rate_value)
        rate_row.addStretch(1)
        form.addRow("Speaking rate", rate_row)
        self.silence = QSpinBox()
        self.silence.setRange(*SILENCE_RANGE)
        self.silence.setSingleStep(100)
        self.silence.setSuffix(" ms")
        self.silence.setAccessibleName("Silence that ends a reply")
        self.silence.setMaximumWidth(self.fontMetrics().height() * 10)
        self.silence.valueChanged.connect(self._emit)
        silence_box = QVBoxLayout()
        silence_box.addWidget(self.silence)
        silence_box.addWidget(label("How long a pause ends your reply. Longer suits a thoughtful pace.", "muted"))
        form.addRow("Silence length", silence_box)
        self.check_button = QPushButton("Check microphone and voice…")
        self.check_button.clicked.connect(self.check_devices)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        form.addRow("", check_row)

    def _data(self) -> QWidget:
        frame, form = self._form("Data")
        self.folder = label("", selectable=True)
        self.open_button = QPushButton("Open folder")
        self.open_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.open_button)
        box = QVBoxLayout()
        box.addLayout(row)
        box.addWidget(label("Your progress database, recordings and settings live here. Nothing leaves this computer.",
                            "muted"))
        form.addRow("Data folder", box)
        return frame

    def show_settings(self, settings: Settings, devices: Sequence[tuple[str, str]], folder: str, mic_status: str) -> None:
        """Fill every control without echoing `changed`."""
        self.blockSignals(True)
        for widget in (self.name, self.microphone, self.voice_on, self.engine, self.rate, self.silence):
            widget.blockSignals(True)
        self.name.setText(settings.learner_name)
        self.microphone.clear()
        self.microphone.addItem("System default", "")
        for device_id, description in devices:
            self.microphone.addItem(description, device_id)
        self.microphone.setCurrentIndex(max(0, self.microphone.findData(settings.microphone)))
        self.voice_on.setChecked(settings.voice_on)
        self.engine.setCurrentIndex(max(0, self.engine.findData(settings.voice_engine)))
        self.rate.setValue(settings.speaking_rate)
        self.rate_value.setText(f"{settings.speaking_rate} %")
        self.silence.setValue(settings.silence_ms)
        for widget in (self.name, self.microphone, self.voice_on, self.engine, self.rate, self.silence):
            widget.blockSignals(False)
        self.blockSignals(False)
        self.folder.setText(folder)
        self.mic_status.setText(mic_status)

    def values(self) -> dict[str, Any]:
        """The values as edited."""
        return {"learner_name": self.name.text().strip(), "microphone": self.microphone.currentData() or "",
                "voice_on": self.voice_on.isChecked(), "voice_engine": self.engine.currentData() or "natural",
                "speaking_rate": self.rate.value(), "silence_ms": self.silence.value()}

    def _emit(self) -> None:
        self.changed.emit(self.values())
