"""Work for the database thread: rosters, class sessions and their attempts, reviews, calibration, summaries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from trainer.calibration import CalibrationRow, calibration
from trainer.classroom import ImportResult, Member, Roster, SummaryCell, class_summary, class_trend
from trainer.commands.records import export_csv
from trainer.evaluation import Trust, shipped_trust
from trainer.exports.report import write_class_report
from trainer.exports.xapi import export_xapi
from trainer.grading.learned import load_meta
from trainer.scenarios import Scenario
from trainer.storage.progress import ProgressStore
from trainer.storage.queries import criterion_rows
from ui.classroom.values import ReviewLine, lines_from_rows
from ui.controllers.attempts import Attempt, Saved, attempt_record


@dataclass(frozen=True)
class RosterState:
    """The classes, the chosen one and its members."""

    classes: list[tuple[int, str]]
    class_id: int | None
    members: list[Member]

    @property
    def class_name(self) -> str:
        """The chosen class's name."""
        return next((name for cid, name in self.classes if cid == self.class_id), "")

    @property
    def present(self) -> list[Member]:
        """Members marked present."""
        return [m for m in self.members if m.present]


def roster_state(store: ProgressStore, class_id: int | None = None) -> RosterState:
    """The class list, with class_id chosen (or the first class when it is gone or not given)."""
    roster = Roster(store)
    classes = [(int(str(c["id"])), str(c["name"])) for c in roster.classes()]
    ids = [cid for cid, _ in classes]
    chosen = class_id if class_id in ids else (ids[0] if ids else None)
    return RosterState(classes, chosen, roster.members(chosen) if chosen is not None else [])


def create_class(store: ProgressStore, name: str) -> RosterState:
    """A new class (or the one with this name), chosen."""
    return roster_state(store, Roster(store).create_class(name))


def add_learner(store: ProgressStore, class_id: int, name: str, email: str, team: str) -> RosterState:
    """Add a learner by hand; the class as it is now."""
    Roster(store).add_learner(class_id, name, email, team)
    return roster_state(store, class_id)


def import_roster(store: ProgressStore, class_id: int, path: Path) -> tuple[RosterState, ImportResult]:
    """Learners from a CSV; problems come back as FILE:LINE: reason."""
    try:
        result = Roster(store).import_csv(class_id, path)
    except (OSError, UnicodeDecodeError) as error:
        result = ImportResult(problems=[f"{path}:1: {error}"])
    return roster_state(store, class_id), result


def set_present(store: ProgressStore, class_id: int, learner_id: int, present: bool) -> RosterState:
    """Mark a learner present or absent; the class as it is now."""
    Roster(store).set_present(class_id, learner_id, present)
    return roster_state(store, class_id)


@dataclass
class ClassBook:
    """The open class session's ids: filled and read on the database thread only (its jobs run in order)."""

    class_session_id: int = 0
    sessions: dict[tuple[int, str], int] = field(default_factory=dict)  # (learner, scenario) -> session row


def open_class_session(store: ProgressStore, book: ClassBook, class_id: int, scenario_ids: list[str],
                       rotation: str, timer_s: int) -> int:
    """Start the class session row; attempts are stored with its id."""
    book.class_session_id = Roster(store).start_session(class_id, scenario_ids, rotation, timer_s)
    return book.class_session_id


class SeatRecorder:
    """The hot seat's learner: attempts go to their class practice session of the scenario (opened on first use)."""

    def __init__(self, book: ClassBook, member: Member) -> None:
        self.book, self.member, self.learner = book, member, member.name

    def open(self, scenario: Scenario) -> None:
        """Nothing to open yet: each learner's row opens with their first reply."""

    def record(self, attempt: Attempt) -> Callable[[ProgressStore], Saved]:
        """Store the attempt under the learner's class practice session."""
        return lambda store: Saved(record_seat(store, self.book, self.member, attempt))

    def close(self, status: str) -> None:
        """Nothing to close: close_class_session ends every learner's row."""


def record_seat(store: ProgressStore, book: ClassBook, member: Member, attempt: Attempt) -> int:
    """Store the attempt in the learner's class practice session (opened on first use); its id."""
    scenario = attempt.scenario
    key = (member.learner_id, scenario.id)
    if key not in book.sessions:
        book.sessions[key] = store.start_session(member.learner_id, scenario.id, scenario.version, kind="class",
                                                 class_session_id=book.class_session_id)
    record = attempt_record(attempt, book.sessions[key], member.learner_id, book.class_session_id)
    return store.record_attempt(record, attempt.result)


def close_class_session(store: ProgressStore, book: ClassBook) -> None:
    """End every learner's session row and the class session."""
    for session_id in book.sessions.values():
        store.end_session(session_id, "done")
    if book.class_session_id:
        Roster(store).end_session(book.class_session_id)


@dataclass(frozen=True)
class Reviewed:
    """An attempt after a trainer's verdict: its effective score and every line."""

    attempt_id: int
    score: int
    lines: list[ReviewLine]


def override(store: ProgressStore, attempt_id: int, criterion: str, met: bool | None, comment: str,
             by: str) -> Reviewed:
    """The trainer's verdict on one criterion (None clears it), stored beside the grader's."""
    score = store.set_override(attempt_id, criterion, met, comment, by)
    return Reviewed(attempt_id, score, lines_from_rows(criterion_rows(store.db, attempt_id)))


def review_rest(store: ProgressStore, attempt_id: int, verdicts: Mapping[str, bool], by: str) -> Reviewed:
    """The trainer agrees with the grader on every criterion not reviewed yet."""
    score = store.review_attempt(attempt_id, verdicts, "", by) if verdicts else store.effective_score(attempt_id)
    return Reviewed(attempt_id, score, lines_from_rows(criterion_rows(store.db, attempt_id)))


@dataclass(frozen=True)
class CalibrationData:
    """Grader-trainer agreement for one class session and over everything reviewed."""

    session: list[CalibrationRow]
    overall: list[CalibrationRow]
    trust: list[Trust]  # the shipped grader on our held-out sets, per criterion


def load_calibration(store: ProgressStore, class_session_id: int | None) -> CalibrationData:
    """Agreement for one class session (none when not given), over every review, and the grader's own figures."""
    session = calibration(store.db, class_session_id) if class_session_id else []
    return CalibrationData(session, calibration(store.db), shipped_trust(load_meta()))


@dataclass(frozen=True)
class SummaryData:
    """A class's sessions, one session's learner x criterion grid, and the class's trend."""

    sessions: list[tuple[int, str]]  # id, label
    class_session_id: int | None
    grid: dict[str, dict[str, SummaryCell]]
    trend: list[tuple[int, str, float]]


def _session_label(started_at: str, learners: int) -> str:
    try:
        when = datetime.fromisoformat(started_at).astimezone().strftime("%d %b %Y, %H:%M")
    except ValueError:
        when = started_at
    return f"{when}  ·  {learners} learner{'s' if learners != 1 else ''}"


def load_summary(store: ProgressStore, class_id: int, class_session_id: int | None) -> SummaryData:
    """The grid for class_session_id (default: the class's latest session) and the trend over all of them."""
    rows = store.db.execute(
        """SELECT cs.id, cs.started_at, COUNT(DISTINCT a.learner_id) FROM class_sessions cs
           LEFT JOIN attempts a ON a.class_session_id = cs.id WHERE cs.class_id = ?
           GROUP BY cs.id ORDER BY cs.started_at DESC, cs.id DESC""", [class_id]).fetchall()
    sessions = [(int(r[0]), _session_label(str(r[1]), int(r[2]))) for r in rows]
    ids = [sid for sid, _ in sessions]
    chosen = class_session_id if class_session_id in ids else (ids[0] if ids else None)
    grid = class_summary(store.db, chosen) if chosen is not None else {}
    return SummaryData(sessions, chosen, grid, class_trend(store.db, class_id))


def export_records_csv(store: ProgressStore, target: Path) -> int:
    """Every attempt and criterion as CSV rows; how many."""
    return export_csv(store.db, target)


def export_statements(store: ProgressStore, titles: dict[str, str], target: Path) -> int:
    """Every attempt as an xAPI statement; how many."""
    return export_xapi(store.db, titles, target)


def export_report(store: ProgressStore, class_session_id: int, target: Path) -> int:
    """The printable HTML report of one class session; learners in it."""
    write_class_report(store.db, class_session_id, target)
    return len(class_summary(store.db, class_session_id))
