"""A class session under way, as plain state, and what the room may see of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trainer.classroom import HotSeat, Member
from trainer.scenarios import Scenario
from trainer.session import Phase, PracticeSession
from ui.classroom.jobs import ClassBook, RosterState
from ui.classroom.values import ReviewLine, Stage, clock, timer_state


@dataclass
class ClassRun:
    """A class session under way (GUI thread only; the database thread has its own ClassBook)."""

    class_id: int
    class_name: str
    members: list[Member]
    scenario_ids: list[str]
    seat: HotSeat
    timer_s: int
    book: ClassBook = field(default_factory=ClassBook)
    class_session_id: int = 0
    scenario_index: int = 0
    replies: dict[int, int] = field(default_factory=dict)  # learner id -> graded replies
    status: str = ""

    def turn_text(self, scenario: Scenario, visited: int) -> str:
        """The class, the turn of the scenario, and how many scenarios rotate."""
        text = f"{self.class_name}  ·  turn {visited} of about {scenario.main_path_length()}"
        return text + (f"  ·  {len(self.scenario_ids)} scenarios" if len(self.scenario_ids) > 1 else "")


def setup_problem(has_catalogue: bool, state: RosterState | None, chosen: Sequence[str]) -> str:
    """Why a class session cannot start yet ("" when it can)."""
    if not has_catalogue:
        return "The scenarios are still loading."
    if state is None or state.class_id is None:
        return "Choose or create a class on the Roster tab first."
    if not state.present:
        return "Nobody in this class is marked present."
    return "" if chosen else "Tick at least one scenario."


def stage_of(run: ClassRun | None, session: PracticeSession | None, visited: int, lines: Sequence[ReviewLine],
             remaining: float, total: int) -> Stage:
    """What the projector shows: the line, whose turn, the clock, the checklist after grading; no scores."""
    if run is None or session is None:
        return Stage(status="The class session will start shortly." if run is None else "")
    shown = tuple(lines) if session.phase is Phase.FEEDBACK else ()
    member, scenario = run.seat.current, session.scenario
    return Stage(run.class_name, scenario.title, f"turn {visited}", scenario.counterpart.name, session.prompt,
                 member.name if member else "", run.status, clock(remaining), timer_state(remaining, total), shown)
