"""Progress: overview and history read on the database thread, shown in the Progress view."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from trainer.insights import criterion_trends, heatmap_weeks, practice_days, practise_next, proficiency
from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios import ScenarioLibrary
from trainer.storage.progress import ProgressStore
from trainer.storage.queries import HistoryFilter, criterion_rows, delivery_row, history
from ui.report_data import delivery_lines, delivery_reading, lines_from_rows
from ui.services import Catalogue, Services
from ui.settings import Settings
from ui.views.history_view import AttemptDetail, HistoryQuery
from ui.views.progress_view import NextStep, Overview, ProgressView
from ui.workers import SerialWorker

HEATMAP_WEEKS = 20


def streak(days: set[date], today: date) -> int:
    """Consecutive practice days up to today (or up to yesterday, when today is still open)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def build_overview(store: ProgressStore, learner: str, library: ScenarioLibrary, now: datetime) -> tuple[Overview, dict]:  # type: ignore[type-arg]
    """The overview and the per-skill trends (runs on the database thread)."""
    db = store.db
    known = proficiency(db, learner, now)
    days = practice_days(db, learner)
    trends = criterion_trends(db, learner)
    steps = [NextStep(r.criterion, CRITERIA_BY_ID[r.criterion].name, r.proficiency, r.scenario_id, r.turn_id, r.title,
                      r.criterion in known) for r in practise_next(db, learner, library, now)]
    # first a skill not yet mastered that was practised on many days: its trend says the most
    choices = sorted(((c, CRITERIA_BY_ID[c].name) for c in trends if c in CRITERIA_BY_ID),
                     key=lambda item: (known.get(item[0], 0.0) >= 0.9, -len(trends[item[0]]), item[1]))
    overview = Overview(
        learner=learner, attempts=sum(days.values()), days_practised=len(days), streak=streak(set(days), now.date()),
        skills=sorted(((CRITERIA_BY_ID[c].name, share) for c, share in known.items() if c in CRITERIA_BY_ID),
                      key=lambda item: (item[1], item[0])),
        weeks=heatmap_weeks(days, now.date(), HEATMAP_WEEKS), trend_choices=choices, next_steps=steps)
    return overview, {c: [(p.day, p.rate) for p in points] for c, points in trends.items()}


def load_history(store: ProgressStore, learner: str, query: HistoryQuery) -> list[dict[str, Any]]:
    """Attempts matching the filters, newest first (the until day included)."""
    return history(store.db, HistoryFilter(learner=learner, scenario_id=query.scenario_id, criterion=query.criterion,
                                           since=_utc_bound(query.since), until=_utc_bound(query.until + timedelta(days=1))))


def _utc_bound(day: date) -> str:
    """Local midnight of a day as the UTC ISO stamp the store keeps."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC).isoformat(timespec="seconds")


def load_detail(store: ProgressStore, attempt_id: int, titles: dict[str, str]) -> AttemptDetail | None:
    """One attempt with its criteria and delivery."""
    rows = list(store.db.query("SELECT * FROM attempts WHERE id = ?", [attempt_id]))
    if not rows:
        return None
    row = rows[0]
    criteria = criterion_rows(store.db, attempt_id)
    figures = delivery_row(store.db, attempt_id) or {}
    required = [r for r in criteria if r["required"]]
    total = sum(r["weight"] for r in required)
    score = round(100 * sum(r["weight"] for r in required if r["effective_met"]) / total) if total else 0
    when = datetime.fromisoformat(row["created_at"]).astimezone().strftime("%d %b %Y, %H:%M")
    return AttemptDetail(
        id=attempt_id, heading=f"{titles.get(row['scenario_id'], row['scenario_id'])} — {row['turn_id']}, {when}",
        score=score, passed=score >= (row["pass_mark"] or 70), prompt=row["prompt"], transcript=row["transcript"],
        lines=lines_from_rows(criteria), delivery=delivery_lines(figures), reading=delivery_reading(figures),
        audio_path=row["audio_path"] or "")


class ProgressController(QObject):
    """Keeps the Progress view current; 'practise next' starts a turn, recordings play on the speaker."""

    start_turn = Signal(str, str)
    play = Signal(object)  # Path of a recording

    def __init__(self, view: ProgressView, services: Services, settings: Settings, db: SerialWorker[ProgressStore],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self._services, self._settings, self._db = view, services, settings, db
        self._catalogue: Catalogue | None = None
        self._trends: dict[str, list[tuple[date, float]]] = {}
        self._titles: dict[str, str] = {}
        self._select_after: int | None = None
        view.start_turn.connect(self.start_turn)
        view.trend_skill.connect(lambda cid: view.show_trend(self._trends.get(cid, [])))
        view.history.query_changed.connect(self._load_history)
        view.history.open_attempt.connect(self.open_attempt)
        view.history.play.connect(lambda rel: self.play.emit(self._services.paths.data / rel) if rel else None)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Take the library: scenario titles and the filter choices."""
        self._catalogue = catalogue
        self._titles = {s.id: s.title for s in catalogue.scenarios.scenarios.values()}
        used = sorted({c for s in catalogue.scenarios.scenarios.values() for c in s.criteria})
        self.view.history.blockSignals(True)
        self.view.history.set_choices(sorted(self._titles.items(), key=lambda item: item[1]),
                                      [(c, CRITERIA_BY_ID[c].name) for c in used if c in CRITERIA_BY_ID],
                                      date.today() - timedelta(days=7 * HEATMAP_WEEKS))
        self.view.history.blockSignals(False)

    def refresh(self, select: int | None = None) -> None:
        """Reload the overview and the history (then open attempt `select`, when given)."""
        if self._catalogue is None:
            return
        self._select_after = select
        learner, library, now = self._settings.learner, self._catalogue.scenarios, self._services.now()
        self._db.submit(lambda store: build_overview(store, learner, library, now), self._on_overview)
        self._load_history(self.view.history.query())

    def _on_overview(self, result: tuple[Overview, dict]) -> None:  # type: ignore[type-arg]
        overview, self._trends = result
        self.view.show_overview(overview)

    def _load_history(self, query: HistoryQuery) -> None:
        learner = self._settings.learner
        self._db.submit(lambda store: load_history(store, learner, query), self._on_rows)

    def _on_rows(self, rows: list[dict[str, Any]]) -> None:
        self.view.history.show_rows(rows, self._titles)
        if self._select_after is not None:
            self.view.history.select_attempt(self._select_after)
            self._select_after = None

    def open_attempt(self, attempt_id: int) -> None:
        """Open one attempt in the detail panel."""
        titles = dict(self._titles)
        self._db.submit(lambda store: load_detail(store, attempt_id, titles),
                        lambda detail: self.view.history.show_detail(detail) if detail else None)
