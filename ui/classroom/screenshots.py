"""render_classroom_screenshots: the trainer's window mid-session and the projector, from a throwaway sample class."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.paths import AppPaths
from trainer.session import PracticeSession
from ui.app import make_application
from ui.classroom.sample import seed_class
from ui.classroom.window import ClassroomWindow
from ui.screenshots import grab, sample_services, seed, wait_for
from ui.settings import Settings

SIZE = (1280, 800)
TRAINER = "Jordan Reyes"
SCENARIOS = ("hold-the-line", "mutual-goals")
OVERRIDE_COMMENT = "Said it with conviction; I'd count it"


class _NoMicrophone(QObject):
    """A silent input (screenshots never record)."""

    chunk = Signal(object)
    failed = Signal(str)

    def start(self) -> None:
        """Nothing to open."""

    def stop(self) -> None:
        """Nothing to close."""


def render_classroom_screenshots(paths: AppPaths, out_dir: Path) -> list[Path]:
    """Render the roster, the trainer's window mid-session, the projector, calibration and summary at 1280x800."""
    make_application([])
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pushback-class-shots-") as tmp:
        sample = AppPaths(root=paths.root, data=Path(tmp) / "data")
        services = sample_services(sample, _NoMicrophone)
        seed(sample, services, seed_class)
        settings = Settings.load(sample.data)
        settings.update({"learner_name": TRAINER, "first_run_done": True, "voice_on": False})
        window = ClassroomWindow(services, settings)
        try:
            return _render_all(window, out_dir)
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()
            wait_for(lambda: False, 0.1)


def _render_all(window: ClassroomWindow, out_dir: Path) -> list[Path]:
    window.resize(*SIZE)
    window.show()
    controller, view = window.controller, window.view
    session = controller.session
    wait_for(lambda: session.catalogue is not None and len(controller.roster.state.members) == 12
          and session.talk.recogniser == "ready")
    shots = [grab(window, out_dir, "classroom-roster", settle_s=0.3)]
    _run_two_turns(window)
    session.show_projector()
    assert session.projector is not None
    session.projector.resize(*SIZE)
    shots.append(grab(window, out_dir, "classroom", settle_s=0.3))
    shots.append(grab(session.projector, out_dir, "projector", settle_s=0.3))
    view.show_tab("calibration")
    wait_for(lambda: bool(view.calibration.session_table.rows))
    shots.append(grab(window, out_dir, "classroom-calibration", settle_s=0.3))
    view.show_tab("summary")
    wait_for(lambda: view.summary.grid.rowCount() > 1 and len(view.summary.trend.points) == 3)
    shots.append(grab(window, out_dir, "classroom-summary", settle_s=0.3))
    return shots


def _sample_reply(session: PracticeSession | None, full: bool) -> str:
    """The turn's model answer (the first learner) or its first two sentences (the second)."""
    assert session is not None
    answer = session.turn.model_answer
    return answer if full else ". ".join(answer.split(". ")[:2]).rstrip(".") + "."


def _run_two_turns(window: ClassroomWindow) -> None:
    """Start a session; two learners answer; the trainer overrides one criterion of the second reply."""
    view, session = window.view, window.controller.session
    view.show_tab("session")
    for sid in SCENARIOS:
        view.session.setup.scenario_boxes[sid].setChecked(True)
    view.session.setup.timer.setValue(90)
    saved: list[object] = []
    reviewed: list[object] = []
    session.attempt_saved.connect(saved.append)
    session.review.reviewed.connect(reviewed.append)
    view.session.setup.start_button.click()
    for count in (1, 2):
        if count > 1:
            view.session.live.next_button.click()
        wait_for(lambda: session.run is not None and session.flow.awaiting_reply and session.timer.active)
        wait_for(lambda: False, 1.2)  # a little time off the clock
        view.session.live.talk.typed.setPlainText(_sample_reply(session.flow.session, full=count == 1))
        view.session.live.talk.send_button.click()
        wait_for(lambda n=count: len(saved) == n and session.review.attempt_id is not None)
    rows = view.session.live.feedback.checklist.rows
    row = next((r for r in rows.values() if not r.line.machine_met), next(iter(rows.values())))
    row.comment.setText(OVERRIDE_COMMENT)
    (row.missed_button if row.line.machine_met else row.met_button).click()
    wait_for(lambda: bool(reviewed))


if __name__ == "__main__":  # a developer's shortcut
    import sys

    root = Path(__file__).resolve().parent.parent.parent
    print("\n".join(str(p) for p in render_classroom_screenshots(AppPaths(root, root / ".data"), Path(sys.argv[1]))))
