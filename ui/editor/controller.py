"""The editor's controller: which file a draft belongs to, live checks off the GUI thread, save, try, preview."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from trainer.engines import Synthesiser
from trainer.scenarios.draft import Draft
from trainer.scenarios.library import (
    YOURS,
    IdTaken,
    SaveOutcome,
    Source,
    SourcedLibrary,
    check_id,
    check_plain,
    import_file,
    keep_draft,
    list_drafts,
    save_or_keep,
    scenario_sources,
)
from trainer.scenarios.loader import ScenarioError
from trainer.scenarios.model import Scenario
from trainer.scenarios.template import copy_of, draft_of, template
from trainer.scenarios.writer import DraftInvalid, atomic_write, to_yaml
from ui.audio import Speaker
from ui.controllers.voice import persona_at_rate
from ui.editor.dialogs import ask_rename_or_replace
from ui.editor.view import EditorView
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.tasks import run_task
from ui.workers import SerialWorker

log = logging.getLogger(__name__)
CHECK_DELAY_MS = 250
TURN_LINE = re.compile(r"^\s*-\s+id:\s*(\S+)")


def turn_at_line(text: str, line: int) -> str:
    """The id of the turn whose block holds `line` of the YAML text ('' before the turns)."""
    found, in_turns = "", False
    for number, row in enumerate(text.splitlines()[:line], start=1):
        in_turns = in_turns or row.startswith("turns:")
        match = TURN_LINE.match(row) if in_turns else None
        if match and number <= line:
            found = match.group(1).strip("'\"")
    return found


@dataclasses.dataclass(frozen=True)
class Opened:
    """Where the draft came from: its file and source (none for a new draft) and that file's text."""

    scenario_id: str = ""
    path: Path | None = None
    source: Source | None = None
    text: str | None = None


class EditorController(QObject):
    """Owns the draft's file: checks as you type, saves only valid drafts, starts a practice round on one."""

    saved = Signal(object)  # Path written
    library_changed = Signal()  # folders or files changed: reload the catalogue
    try_scenario = Signal(object)  # a checked Scenario (the draft)
    checked = Signal(object)  # list[ScenarioError] of the latest check
    refused = Signal(object)  # list[str]: why a save wrote nothing

    def __init__(self, view: EditorView, services: Services, settings: Settings, tts: SerialWorker[Synthesiser],
                 speaker: Speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings, self._tts, self._speaker = view, services, settings, tts, speaker
        self.catalogue: Catalogue | None = None
        self.opened = Opened()
        self.errors: list[ScenarioError] = []
        self.scenario: Scenario | None = None  # the draft as checked, when valid
        self.dirty = False  # edited since it was opened or saved
        self.closed = False
        self._seq = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._wire()

    def _wire(self) -> None:
        v = self.view
        v.edited.connect(self._on_edited)
        v.new_template.connect(self.new_from_template)
        v.new_copy.connect(self.new_copy)
        v.open_scenario.connect(self.open)
        v.open_draft.connect(self.open_draft)
        v.import_file.connect(self.import_path)
        v.export_file.connect(self.export_to)
        v.add_folder.connect(self.add_folder)
        v.remove_folder.connect(self.remove_folder)
        v.save.connect(self.save)
        v.try_it.connect(self.try_it)
        v.preview_voice.connect(self.preview)
        v.shown.connect(self.ensure_draft)

    @property
    def library(self) -> SourcedLibrary:
        """The catalogue's scenarios (an empty sourced library before it has loaded)."""
        library = self.catalogue.scenarios if self.catalogue else None
        if isinstance(library, SourcedLibrary):
            return library
        paths = self._services.paths
        return SourcedLibrary(sources=scenario_sources(paths.scenarios, paths.user_scenarios))

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Take the (re)loaded library: menus, personas; a blank template when nothing is open yet."""
        self.catalogue = catalogue
        self.view.set_personas([(p.id, p.description) for p in catalogue.personas.personas.values()])
        self._refresh_menus()
        if self.view.isVisible():
            self.ensure_draft()

    def ensure_draft(self) -> None:
        """A blank template the first time the editor is shown (nothing is checked before anyone looks)."""
        if self.view.draft is None and self.catalogue is not None and not self.closed:
            self.new_from_template("hold-the-line")

    def shutdown(self) -> None:
        """Keep unsaved changes in drafts/; then no more checks or saves start (the workers are stopping)."""
        if self.dirty and not self.closed:
            self.keep()
        self.closed = True
        self._timer.stop()

    def _refresh_menus(self) -> None:
        rows = sorted(((s.id, s.title, self._source_label(s.id)) for s in self.library.scenarios.values()),
                      key=lambda row: row[1])
        self.view.set_scenarios(rows, list(self._settings.scenario_folders), list_drafts(self._user))

    @property
    def _user(self) -> Path:
        return self._services.paths.user_scenarios

    def _source_label(self, scenario_id: str) -> str:
        source = self.library.source_of(scenario_id)
        return source.label if source else ""

    # -- what is being edited ------------------------------------------------------------------

    def new_from_template(self, situation: str) -> None:
        """A fresh two-turn draft for a situation, with an id nothing uses yet."""
        self.edit(template(situation, scenario_id=self._free_id("new-scenario")), Opened())

    def new_copy(self, scenario_id: str) -> None:
        """A copy of a scenario under a new id (title marked as a copy, version 1)."""
        scenario = self.library.get(scenario_id)
        if scenario is not None:
            draft = copy_of(draft_of(scenario.path.read_text(encoding="utf-8")), self._free_id(f"{scenario_id}-copy"))
            self.edit(draft, Opened())

    def open(self, scenario_id: str) -> bool:
        """Edit a scenario as its file says (built-in ones are saved as your copy)."""
        scenario = self.library.get(scenario_id)
        if scenario is None:
            return False
        text = scenario.path.read_text(encoding="utf-8")
        self.edit(draft_of(text), Opened(scenario_id, scenario.path, self.library.source_of(scenario_id), text))
        return True

    def open_draft(self, path: Path) -> None:
        """Go on with a kept draft (it saves to its scenario's file when that scenario exists)."""
        draft = draft_of(path.read_text(encoding="utf-8"))
        scenario = self.library.get(draft.id)
        opened = Opened()
        if scenario is not None:
            opened = Opened(draft.id, scenario.path, self.library.source_of(draft.id),
                            scenario.path.read_text(encoding="utf-8"))
        self.edit(draft, opened)

    def edit(self, draft: Draft, opened: Opened | None = None) -> None:
        """Edit this draft (a new one unless `opened` says which file it is); unsaved changes are kept first."""
        kept = self.keep() if self.dirty else None
        self.opened, self.dirty = opened or Opened(), False
        self.view.show_draft(draft)
        self._describe()
        if kept is not None:
            self.view.set_notice(f"Your unsaved changes are kept in {kept} (Open ▸ Drafts).")
        self.check_now()

    def keep(self) -> Path | None:
        """Write the draft as it stands to drafts/ID.yaml (never over a scenario file)."""
        draft = self.view.draft
        if draft is None:
            return None
        try:
            kept = keep_draft(self._user, draft.id, to_yaml(draft.to_plain(), self._base_text(self.target())))
        except OSError as error:
            log.warning("the draft could not be kept: %s", error)
            return None
        self._refresh_menus()
        return kept

    def _free_id(self, stem: str) -> str:
        taken = set(self.library.scenarios) | {p.stem for p in self._services.paths.user_scenarios.glob("*.yaml")}
        return next(c for c in (stem, *(f"{stem}-{n}" for n in range(2, 999))) if c not in taken)

    def target(self) -> Path:
        """Where a save goes: beside the opened file when that folder is writable, else your folder."""
        draft = self.view.draft
        name = f"{draft.id if draft and not check_id(draft.id) else 'untitled'}.yaml"
        source = self.opened.source
        if source is not None and not source.read_only and self.opened.path is not None:
            return self.opened.path.parent / name
        return self._services.paths.user_scenarios / name

    def _base_text(self, target: Path) -> str | None:
        """The text a save merges into (comments and order kept) and counts the version from."""
        if target.is_file():
            return target.read_text(encoding="utf-8")
        draft = self.view.draft
        return self.opened.text if draft is not None and draft.id == self.opened.scenario_id else None

    def _describe(self) -> None:
        draft, source, target = self.view.draft, self.opened.source, self.target()
        if source is not None and self.opened.path is not None:
            where = f"{source.label} · {self.opened.path.name}"
        else:
            where = f"New · saves as {target.name} in your scenarios folder"
        self.view.status.setText(f"{where} · version {draft.version if draft else 1}")
        self.view.status.setToolTip(str(self.opened.path or target))
        notice = ""
        if source is not None and source.read_only:
            notice = (f"Built-in scenarios are read-only. Saving writes your copy to {target.parent}; "
                      "your copy then replaces the built-in one (same id).")
        elif source is not None and source.kind == YOURS and self.library.hidden_by(self.opened.scenario_id):
            notice = "This is your copy of a built-in scenario: yours is the one used."
        self.view.set_notice(notice)

    # -- checking ------------------------------------------------------------------------------

    def _on_edited(self) -> None:
        self.dirty = True
        self._seq += 1
        self.scenario = None
        self.view.try_button.setEnabled(False)
        self._timer.start()

    def check_now(self) -> None:
        """Check the draft as `scenarios check` would, on a pool thread; the newest result wins."""
        draft = self.view.draft
        if draft is None or self.closed:
            return
        self._timer.stop()
        self._seq += 1
        seq, target, plain = self._seq, self.target(), draft.to_plain()
        base, personas = self._base_text(target), self._personas()
        run_task(lambda: check_plain(plain, target, personas, base), lambda result: self._on_checked(seq, *result),
                 owner=self)

    def _personas(self) -> list[str] | None:
        return list(self.catalogue.personas.personas) if self.catalogue else None

    def _on_checked(self, seq: int, text: str, result: Scenario | list[ScenarioError]) -> None:
        if seq != self._seq:
            return
        self.errors = result if isinstance(result, list) else []
        self.scenario = result if isinstance(result, Scenario) else None
        turns = {turn_at_line(text, e.line) for e in self.errors} - {""}
        self.view.show_problems([f"{e.path.name}:{e.line}: {e.reason}" for e in self.errors], turns)
        self.checked.emit(self.errors)

    # -- saving, trying ------------------------------------------------------------------------

    def save(self) -> None:
        """Save on a pool thread: a valid draft over its file (version bumped when changed); an invalid one
        is refused, kept in drafts/, and the file is left alone. `saved` or `refused` follows."""
        draft = self.view.draft
        if draft is None or self.closed:
            return
        target = self.target()
        clash = self._clash(draft.id, target)
        if clash:
            self._refuse([clash])
            return
        plain, base, personas, user = draft.to_plain(), self._base_text(target), self._personas(), self._user
        self.view.save_button.setEnabled(False)
        run_task(lambda: save_or_keep(plain, target, personas, base, user), lambda out: self._on_saved(draft, out),
                 lambda error: self._refuse([f"Not saved: {target}: {getattr(error, 'strerror', None) or error}"]),
                 owner=self)

    def _refuse(self, messages: list[str]) -> None:
        self.view.save_button.setEnabled(True)
        self.view.show_problems(messages, set())
        self.refused.emit(messages)

    def _on_saved(self, draft: Draft, outcome: SaveOutcome) -> None:
        result = outcome.saved
        if result is None:
            target = self.target()
            where = [f"Your draft is kept in {outcome.kept}; {target.name} is unchanged."] if outcome.kept else []
            self._refuse([f"Not saved: {e.path.name}:{e.line}: {e.reason}" for e in outcome.errors] + where)
            self._refresh_menus()
            return
        self.view.save_button.setEnabled(True)
        draft.version, self.dirty = result.version, False
        kind = YOURS if result.path.parent == self._user else "added"
        self.opened = Opened(draft.id, result.path, Source(result.path.parent, kind),
                             result.path.read_text(encoding="utf-8"))
        self._describe()
        self.view.status.setText(self.view.status.text() + (" · saved, version bumped" if result.bumped else " · saved"))
        self.scenario = result.scenario
        self.view.show_problems([], set())
        self.saved.emit(result.path)

    def _clash(self, scenario_id: str, target: Path) -> str:
        """Why this id cannot be saved here ('' when it can): another scenario already uses it."""
        existing = self.library.get(scenario_id)
        if existing is None or existing.path == target or scenario_id == self.opened.scenario_id:
            return ""
        source = self.library.source_of(scenario_id)
        return f"Not saved: id '{scenario_id}' is already used by {source.describe if source else existing.path}; choose another id"

    def try_it(self) -> None:
        """Practise the draft as it stands (checked first)."""
        if self.scenario is not None:
            self.try_scenario.emit(self.scenario)

    def preview(self) -> None:
        """Say the opening line (or an introduction) in the chosen persona's voice."""
        draft, personas = self.view.draft, self.catalogue.personas if self.catalogue else None
        persona = personas.get(draft.persona) if personas and draft else None
        if persona is None or draft is None or self._tts.problem:
            self.view.persona_note.setText(self._tts.problem or "No such voice persona")
            return
        turn = draft.turn(self.view.selected) or (draft.turns[0] if draft.turns else None)
        line = next((x for x in (turn.lines if turn else []) if x.strip()), f"Hello, I'm {draft.name}.")
        voiced, cache = persona_at_rate(persona, self._settings.speaking_rate), self._services.tts_cache
        self._tts.submit(lambda synth: synth.synthesise(line, voiced, cache / "editor-preview.wav"),
                         lambda path: self._speaker.play(Path(str(path))),
                         lambda error: self.view.persona_note.setText(f"The voice could not speak: {error}"))

    # -- files and folders ---------------------------------------------------------------------

    def import_path(self, file: Path, choice: tuple[str, str] | None = None) -> Path | None:
        """Copy a file into your folder; an id already in use asks to rename or replace."""
        personas = list(self.catalogue.personas.personas) if self.catalogue else None
        try:
            try:
                written = import_file(file, self.library, personas, rename_to=choice[1] if choice else "",
                                      replace=bool(choice and choice[0] == "replace"))
            except IdTaken as taken:
                choice = choice or ask_rename_or_replace(self.view, taken.scenario_id, taken.where.describe)
                if choice is None:
                    return None
                written = import_file(file, self.library, personas, rename_to=choice[1],
                                      replace=choice[0] == "replace")
        except (DraftInvalid, IdTaken, OSError, UnicodeDecodeError) as error:
            self.view.show_problems([f"Not imported: {error}"], set())
            return None
        self.view.set_notice(f"Imported {file.name} as {written}")
        self.library_changed.emit()
        return written

    def export_to(self, destination: Path) -> bool:
        """Write the draft as it stands to a file of your choice (only when it checks out)."""
        draft = self.view.draft
        if draft is None or self.errors:
            self.view.show_problems(["Not exported: fix the problems above first", *self.view.problems.text().split("\n")], set())
            return False
        try:
            atomic_write(destination, to_yaml(draft.to_plain(), self._base_text(self.target())))
        except OSError as error:
            self.view.show_problems([f"Not exported: {destination}: {error.strerror or error}"], set())
            return False
        self.view.set_notice(f"Exported to {destination}")
        return True

    def add_folder(self, folder: Path) -> None:
        """Use another folder's scenarios too (kept in settings)."""
        if str(folder) not in self._settings.scenario_folders:
            self._settings.scenario_folders.append(str(folder))
            self._settings.save()
            self.library_changed.emit()

    def remove_folder(self, folder: str) -> None:
        """Stop using an added folder (its files stay where they are)."""
        if folder in self._settings.scenario_folders:
            self._settings.scenario_folders.remove(folder)
            self._settings.save()
            self.library_changed.emit()
