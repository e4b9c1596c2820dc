"""Solo practice: the shared practice flow on the Practice screen, with its header, retry / continue and summary."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from trainer.scenarios import Scenario
from trainer.session import TurnResult
from ui.controllers.attempts import Saved, SoloRecorder
from ui.controllers.practice import PracticeController
from ui.report_data import score_delta
from ui.settings import Settings
from ui.views.practice_view import PracticeView


class SoloPractice(QObject):
    """A learner's own rounds; `start(scenario)` is the entry point for any Scenario (a library one, or a draft)."""

    go_scenarios = Signal()
    go_progress = Signal()

    def __init__(self, flow: PracticeController, view: PracticeView, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flow, self.view, self._settings = flow, view, settings
        f = view.feedback
        for signal, slot in ((view.end, self.end), (view.to_scenarios, self.go_scenarios),
                             (view.to_progress, self.go_progress), (f.retry, flow.retry), (f.proceed, self.proceed),
                             (f.end, self.end), (flow.saved, self._on_saved)):
            signal.connect(slot)
        view.again.connect(lambda: self.start(flow.scenario) if flow.scenario else None)

    def start(self, scenario: Scenario, learner: str | None = None, turn_id: str | None = None) -> bool:
        """Begin a round of this scenario (at a given turn) for a learner (default: the one in Settings)."""
        c = scenario.counterpart
        if not self.flow.start(scenario, SoloRecorder(learner or self._settings.learner), turn_id, say=False):
            return False
        self.view.show_scenario(scenario.title, scenario.learner_role, scenario.brief, c.name, c.role)
        self.flow.offer()
        return True

    def open(self, scenario_id: str, turn_id: str | None = None) -> bool:
        """Begin a scenario from the library; False when it (or the turn) is not there."""
        catalogue = self.flow.catalogue
        scenario = catalogue.scenarios.scenarios.get(scenario_id) if catalogue else None
        return scenario is not None and self.start(scenario, turn_id=turn_id)

    def _on_saved(self, result: TurnResult, saved: Saved) -> None:
        self.view.feedback.set_delta(score_delta(result.grade.score, saved.previous))

    def proceed(self) -> None:
        """Go on along the branch the reply chose, or finish with the summary (Enter)."""
        if not self.flow.proceed():
            self._summary(complete=True)

    def end(self) -> None:
        """End the round now and show its summary; graded attempts are already stored."""
        if self.flow.end():
            session = self.flow.session
            self._summary(complete=session is not None and not session.ended_early)

    def _summary(self, complete: bool) -> None:
        session = self.flow.session
        assert session is not None
        results = session.results
        if not results:
            self.view.show_summary("Session ended", "No reply was graded in this session.")
            return
        scores = [r.grade.score for r in results]
        passed = sum(r.grade.passed for r in results)
        text = (f"{len(results)} graded {'reply' if len(results) == 1 else 'replies'}, "
                f"average score {sum(scores) / len(scores):.0f}, {passed} passed. Every attempt is saved in Progress.")
        self.view.show_summary("Scenario complete" if complete else "Session ended", text)

    def shutdown(self) -> None:
        """Close the open round (queued before the database thread stops)."""
        self.flow.shutdown()
