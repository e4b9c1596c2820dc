"""Scenarios: the library on cards, with the learner's best and last scores from the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.services import Catalogue
from ui.settings import Settings
from ui.views.scenarios_view import ScenarioCard, ScenariosView

if TYPE_CHECKING:
    from trainer.scenarios import Scenario
    from trainer.storage.progress import ProgressStore
    from ui.classroom.due import DueData
    from ui.workers import SerialWorker


def situation_name(situation: str) -> str:
    """'hold-the-line' -> 'Hold the line'."""
    return situation.replace("-", " ").capitalize()


def card_for(scenario: Scenario, catalogue: Catalogue) -> ScenarioCard:
    """The card data for one scenario."""
    from trainer.scenarios.library import SourcedLibrary  # with ruamel.yaml: the library's reader has loaded it

    persona = catalogue.personas.get(scenario.counterpart.persona)
    voice = f"Voice: {persona.description}" if persona else ""
    library = catalogue.scenarios
    source = library.source_of(scenario.id) if isinstance(library, SourcedLibrary) else None
    hidden = library.hidden_by(scenario.id) if isinstance(library, SourcedLibrary) else []
    note = f"Your copy: used instead of the {hidden[0].hidden.label.lower()} one" if hidden else ""
    return ScenarioCard(
        id=scenario.id, title=scenario.title, situation=situation_name(scenario.situation),
        learner_role=scenario.learner_role, counterpart=scenario.counterpart.name,
        counterpart_role=scenario.counterpart.role, persona=voice,
        turns=scenario.main_path_length(), skills=len(scenario.criteria),
        source=source.label if source else "", note=note,
    )


def _scores(store: ProgressStore, learner: str) -> dict[str, tuple[int, int]]:
    """The learner's best and last score per scenario (on the database thread)."""
    from trainer.insights import scenario_scores  # with sqlite_utils, which the database thread has loaded

    return scenario_scores(store.db, learner)


class ScenariosController(QObject):
    """Fills the Scenarios view; refreshes scores whenever an attempt is saved."""

    start = Signal(str)
    start_turn = Signal(str, str)  # scenario id, turn id: the most overdue turn
    edit = Signal(str)  # scenario id: open it in the editor
    new_scenario = Signal()

    def __init__(self, view: ScenariosView, db: SerialWorker[ProgressStore], settings: Settings,
                 parent: QObject | None = None, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self.view = view
        self._db = db
        self._settings = settings
        self._now = now
        view.start.connect(self.start)
        view.practise_due.connect(self._practise_due)
        view.edit.connect(self.edit)
        view.new_scenario.connect(self.new_scenario)

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """Show every scenario that loaded and the files that did not."""
        library = catalogue.scenarios
        cards = sorted((card_for(s, catalogue) for s in library.scenarios.values()), key=lambda c: (c.situation, c.title))
        self.view.set_scenarios(cards, [f"{e.path.name}:{e.line}: {e.reason}" for e in library.errors])
        self.refresh_scores()

    def refresh_scores(self) -> None:
        """Ask the store for the learner's best and last scores."""
        from ui.classroom.due import due_counts  # a module of widgets: imported on the GUI thread, never the store's

        learner = self._settings.learner
        self._db.submit(lambda store: _scores(store, learner), self.view.set_scores)
        now = self._now()
        self._db.submit(lambda store: due_counts(store.db, learner, now), self.view.set_due)

    def _practise_due(self) -> None:
        """Start the most overdue turn (the due list is read on the database thread)."""
        from ui.classroom.due import load_due

        learner, now = self._settings.learner, self._now()
        self._db.submit(lambda store: load_due(store.db, learner, now), self._start_first)

    def _start_first(self, data: DueData) -> None:
        if data.items:
            first = max(data.items, key=lambda item: item.overdue_days)
            self.start_turn.emit(first.scenario_id, first.turn_id)
