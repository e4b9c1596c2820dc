"""Classroom core: roster import, hot seat, class session attempts, overrides, calibration, exports."""

from __future__ import annotations

import json
import random
import re
import uuid
from pathlib import Path

import pytest

import main
from trainer.calibration import calibration
from trainer.classroom import HotSeat, Member, Roster, class_summary, class_trend
from trainer.delivery import measure
from trainer.exports.report import class_report_html
from trainer.exports.xapi import VERBS, export_xapi
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore
from trainer.storage.queries import HistoryFilter, history

REPLIES = {
    "Ana": "I hear it feels like extra admin. The review stays; I decided it and I'm committed to it.",
    "Ben": "ugh fine, skip it then",
    "Cy": "Corporate made the call, not me, so it's happening.",
}


def _members(n: int) -> list[Member]:
    return [Member(i, f"L{i}", present=True) for i in range(1, n + 1)]


def test_roster_import_reports_bad_lines(store: ProgressStore, tmp_path: Path) -> None:
    roster = Roster(store)
    class_id = roster.create_class("Spring cohort")
    src = tmp_path / "roster.csv"
    src.write_text("Name,Email,Team\nAna Ruiz,ana@example.com,North\n,nobody@example.com,\nBen Cole,,South\n")
    result = roster.import_csv(class_id, src)
    assert result.added == ["Ana Ruiz", "Ben Cole"]
    assert result.problems == [f"{src}:3: empty name"]
    members = roster.members(class_id)
    assert [(m.name, m.email, m.team) for m in members] == [
        ("Ana Ruiz", "ana@example.com", "North"),
        ("Ben Cole", "", "South"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("who,when\nx,y\n")
    assert "no 'name' column" in roster.import_csv(class_id, bad).problems[0]
    assert roster.create_class("Spring cohort") == class_id


def test_hot_seat_round_robin_skips_absent_and_random_covers_everyone() -> None:
    seat = HotSeat(_members(4))
    seat.mark_absent(2)
    assert [seat.next().learner_id for _ in range(6)] == [1, 3, 4, 1, 3, 4]  # type: ignore[union-attr]
    seat.mark_absent(2, absent=False)
    assert [seat.next().learner_id for _ in range(4)] == [1, 2, 3, 4]  # type: ignore[union-attr]
    rnd = HotSeat(_members(12), "random", random.Random(7))
    first_round = [rnd.next().learner_id for _ in range(12)]  # type: ignore[union-attr]
    assert sorted(first_round) == list(range(1, 13))
    second_first = rnd.next()
    assert second_first is not None and second_first.learner_id != first_round[-1]
    empty = HotSeat([Member(1, "A", present=False)])
    assert empty.next() is None
    with pytest.raises(ValueError):
        HotSeat(_members(2), "alphabetical")


def _class_session(store: ProgressStore, grader, library) -> tuple[int, int, dict[str, int]]:  # type: ignore[no-untyped-def]
    roster = Roster(store)
    class_id = roster.create_class("Q4 managers")
    for name in REPLIES:
        roster.add_learner(class_id, name, f"{name.lower()}@example.com" if name != "Cy" else "")
    scenario = library.get("hold-the-line")
    turn = scenario.turn(scenario.start)
    cs_id = roster.start_session(class_id, [scenario.id], "round-robin", 90)
    seat = HotSeat(roster.members(class_id))
    attempts = {}
    for _ in REPLIES:
        member = seat.next()
        assert member is not None
        session_id = store.start_session(
            member.learner_id, scenario.id, scenario.version, kind="class", class_session_id=cs_id
        )
        text = REPLIES[member.name]
        grade = grader.grade(text, scenario.weights_for(turn), scenario.pass_mark)
        record = AttemptRecord(
            session_id,
            member.learner_id,
            scenario.id,
            scenario.version,
            scenario.criteria,
            turn.requires,
            measure(text),
            pass_mark=scenario.pass_mark,
            class_session_id=cs_id,
        )
        attempts[member.name] = store.record_attempt(
            record, TurnResult(1, turn.id, 1, turn.lines[0], text, grade, "end")
        )
    roster.end_session(cs_id)
    return class_id, cs_id, attempts


def test_class_session_summary_override_and_calibration(store, grader, library) -> None:  # type: ignore[no-untyped-def]
    class_id, cs_id, attempts = _class_session(store, grader, library)
    summary = class_summary(store.db, cs_id)
    assert set(summary) == set(REPLIES)
    assert summary["Ana"]["commitment"].met == 1 and summary["Ben"]["commitment"].met == 0
    # The trainer reviews Ben and Cy: agrees on everything but flips Ben's engages and Cy's calm.
    ben = {r.criterion: r.met for r in _machine(store, attempts["Ben"])}
    cy = {r.criterion: r.met for r in _machine(store, attempts["Cy"])}
    store.review_attempt(attempts["Ben"], {**ben, "engages": True}, comment="held it on the retry", by="Trainer")
    store.review_attempt(attempts["Cy"], {**cy, "calm": not cy["calm"]}, by="Trainer")
    rows = {r.criterion: r for r in calibration(store.db, cs_id)}
    assert rows["engages"].count == 2 and rows["engages"].agreement == 0.5
    # engages: machine [F (Ben), T (Cy)] vs trainer [T, T]: po = 0.5, pe = 0.5*1 + 0.5*0 = 0.5 -> kappa 0
    assert rows["engages"].kappa == pytest.approx(0.0)
    assert rows["commitment"].agreement == 1.0 and rows["commitment"].kappa == 1.0
    assert class_summary(store.db, cs_id)["Ben"]["engages"].met == 1
    assert (
        history(store.db, HistoryFilter(learner="Ben"))[0]["score"]
        > history(store.db, HistoryFilter(learner="Ben"))[0]["machine_score"]
    )
    assert len(class_trend(store.db, class_id)) == 1
    report = class_report_html(store.db, cs_id)
    assert "Q4 managers" in report and "Ben" in report and "Commitment" in report and "Reviewed" in report


def _machine(store: ProgressStore, attempt_id: int):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    rows = store.db.execute(
        "SELECT criterion, met FROM criterion_results WHERE attempt_id=? AND required=1", [attempt_id]
    )
    return [SimpleNamespace(criterion=c, met=bool(m)) for c, m in rows.fetchall()]


ISO_DURATION = re.compile(r"^PT\d+(\.\d+)?S$")


def _valid_statement(st: dict) -> None:  # type: ignore[type-arg]
    uuid.UUID(st["id"])
    assert st["version"] == "1.0.3"
    actor = st["actor"]
    assert actor["objectType"] == "Agent" and actor["name"]
    assert ("mbox" in actor and actor["mbox"].startswith("mailto:")) != ("account" in actor)
    if "account" in actor:
        assert actor["account"]["homePage"] and actor["account"]["name"]
    assert st["verb"]["id"] in VERBS.values() and st["verb"]["display"]["en-US"]
    obj = st["object"]
    assert obj["objectType"] == "Activity" and re.match(r"^[a-z][a-z0-9+.-]*:", obj["id"])
    score = st["result"]["score"]
    assert 0 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]
    assert isinstance(st["result"]["success"], bool)
    assert "duration" not in st["result"] or ISO_DURATION.match(st["result"]["duration"])
    assert st["result"]["extensions"]["urn:pushback:xapi:criteria"]
    assert st["timestamp"]


def test_xapi_export_is_valid_and_stable(store, grader, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _class_session(store, grader, library)
    target = tmp_path / "statements.json"
    assert export_xapi(store.db, {"hold-the-line": "Hold the line"}, target) == 3
    first = json.loads(target.read_text())
    for st in first:
        _valid_statement(st)
    verbs = {st["actor"]["name"]: st["verb"]["display"]["en-US"] for st in first}
    assert verbs == {"Ana": "passed", "Ben": "failed", "Cy": "failed"}
    export_xapi(store.db, {}, target)
    assert [s["id"] for s in json.loads(target.read_text())] == [s["id"] for s in first]


def test_calibration_and_xapi_commands(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(tmp_path)
    main.main(
        [
            "--data-dir",
            data,
            "practice",
            "--scenario",
            "mutual-goals",
            "--learner",
            "Dee",
            "--text",
            "What do you want to earn this year?",
        ]
    )
    capsys.readouterr()
    assert main.main(["--data-dir", data, "calibration"]) == 0
    assert "No trainer overrides yet" in capsys.readouterr().out
    assert main.main(["--data-dir", data, "export", "--format", "xapi", "--out", str(tmp_path / "x.json")]) == 0
    assert "wrote 1 statements" in capsys.readouterr().out
    roster = tmp_path / "r.csv"
    roster.write_text("name,team\nEve,West\n")
    assert main.main(["--data-dir", data, "roster", "import", "--class", "C1", str(roster)]) == 0
    assert main.main(["--data-dir", data, "export", "--format", "html", "--out", str(tmp_path / "r.html")]) == 1
