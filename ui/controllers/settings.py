"""Settings: the view edits the one Settings object, which is saved to JSON at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from trainer.engines import Persona
from trainer.personas import PersonaLibrary
from ui.controllers.voice import CounterpartVoice
from ui.services import Services
from ui.settings import Settings
from ui.views.settings_view import SettingsView

PREVIEW_LINE = "Thanks for making the time. Before we go any further, I have a couple of concerns."


def voice_label(persona: Persona, engine: str) -> str:
    """What the persona sounds like with this engine, e.g. "Dana (female) · natural: kokoro jf_alpha"."""
    natural = persona.natural if engine == "natural" else None
    voice = f"natural: {natural.engine} {natural.voice}" if natural else f"classic: espeak-ng {persona.espeak_voice}"
    return f"{persona.name} ({persona.gender}, {persona.id}) · {voice}"


class SettingsController(QObject):
    """Shows and saves settings; tells the others when something that matters to them changed."""

    changed = Signal()
    check_devices = Signal()

    def __init__(self, view: SettingsView, services: Services, settings: Settings, parent: QObject | None = None,
                 voice: CounterpartVoice | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings = view, services, settings
        self._voice = voice
        self._personas = PersonaLibrary()
        view.changed.connect(self.apply)
        view.preview.connect(self.preview)
        if voice is not None:
            voice.note.connect(lambda text: view.voice_status.setText(text) if self._previewing else None)
            voice.done.connect(self._preview_done)
        self._previewing = False
        view.open_folder.connect(self.open_folder)
        view.check_devices.connect(self.check_devices)

    def show(self) -> None:
        """Fill the view from the settings and the devices present."""
        problem = self._services.microphone_problem(self._settings.microphone)
        self.view.show_settings(self._settings, self._services.input_devices(), str(self._services.paths.data),
                                problem or "Ready to record.")
        self._show_personas()

    def set_personas(self, personas: PersonaLibrary) -> None:
        """The personas that can be previewed (once the catalogue has loaded)."""
        self._personas = personas
        self._show_personas()

    def _show_personas(self) -> None:
        engine = self._settings.voice_engine
        self.view.show_personas([(p.id, voice_label(p, engine)) for p in self._personas.personas.values()])

    def preview(self, persona_id: str) -> None:
        """Say a short line in the persona's voice, with the current engine and rate."""
        persona = self._personas.get(persona_id)
        if persona is None or self._voice is None:
            self.view.voice_status.setText("No voice to preview yet.")
            return
        self._previewing = True
        self.view.voice_status.setText("")
        self._voice.say(PREVIEW_LINE, persona, ("preview", persona_id), self._services.tts_cache)
        if self._previewing and not self.view.voice_status.text():
            self.view.voice_status.setText(f"{voice_label(persona, self._settings.voice_engine)}: speaking…")

    def _preview_done(self, seq: object) -> None:
        if self._previewing and isinstance(seq, tuple) and seq[:1] == ("preview",):
            self._previewing = False
            if self.view.voice_status.text().endswith("speaking…"):
                self.view.voice_status.setText("Previewed.")

    def apply(self, values: dict[str, Any]) -> None:
        """Take edited values, save them, and tell the others."""
        before = self._settings.as_json()
        self._settings.update(values)
        if self._settings.as_json() != before:
            self._settings.save()
            self._show_personas()
            self.changed.emit()
        problem = self._services.microphone_problem(self._settings.microphone)
        self.view.mic_status.setText(problem or "Ready to record.")

    def open_folder(self) -> None:
        """Open the data folder in the file manager."""
        folder = self._services.paths.data
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
