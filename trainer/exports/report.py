"""A printable HTML class report: who met what in a class session, and the calibration figures."""

from __future__ import annotations

import html
from pathlib import Path

import sqlite_utils

from trainer.calibration import calibration
from trainer.classroom import class_summary
from trainer.rubric import CRITERIA_BY_ID

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } .meta { color: #666; margin-bottom: 1.5em; }
table { border-collapse: collapse; margin-bottom: 2em; } th, td { border: 1px solid #ccc; padding: 6px 10px; text-align: center; }
th { background: #f3f3f3; } td.name { text-align: left; font-weight: 600; }
.hi { background: #d8f0dc; } .mid { background: #fdf3d0; } .lo { background: #f8d9d6; }
@media print { body { margin: 0.5cm; } }
"""


def _cell(met: int, total: int) -> str:
    rate = met / total if total else 0.0
    css = "hi" if rate >= 0.75 else "mid" if rate >= 0.4 else "lo"
    return f'<td class="{css}">{met}/{total}</td>'


def class_report_html(db: sqlite_utils.Database, class_session_id: int) -> str:
    """The report for one class session as a standalone HTML page."""
    session = db.execute(
        """SELECT c.name, cs.started_at, cs.ended_at FROM class_sessions cs JOIN classes c ON c.id = cs.class_id
           WHERE cs.id = ?""",
        [class_session_id],
    ).fetchone()
    if session is None:
        raise ValueError(f"no class session {class_session_id}")
    summary = class_summary(db, class_session_id)
    criteria = sorted({c for row in summary.values() for c in row}, key=lambda c: list(CRITERIA_BY_ID).index(c))
    head = "".join(f"<th>{html.escape(CRITERIA_BY_ID[c].name)}</th>" for c in criteria)
    body = []
    for learner, row in sorted(summary.items()):
        cells = "".join(_cell(row[c].met, row[c].total) if c in row else "<td>-</td>" for c in criteria)
        body.append(f'<tr><td class="name">{html.escape(learner)}</td>{cells}</tr>')
    calib = (
        "".join(
            f"<tr><td class='name'>{html.escape(CRITERIA_BY_ID[r.criterion].name)}</td><td>{r.count}</td>"
            f"<td>{r.agreement:.0%}</td><td>{r.kappa:.2f}</td></tr>"
            for r in calibration(db, class_session_id)
        )
        or "<tr><td colspan=4>No grades reviewed in this session.</td></tr>"
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Pushback class report: {html.escape(session[0])}</title><style>{STYLE}</style></head><body>
<h1>{html.escape(session[0])}: class session report</h1>
<div class="meta">Started {html.escape(session[1] or "")}{" - ended " + html.escape(session[2]) if session[2] else ""}.
Cells show required criteria met / attempted (trainer overrides count).</div>
<table><tr><th>Learner</th>{head}</tr>{"".join(body) or "<tr><td>No attempts yet.</td></tr>"}</table>
<h2>Grader calibration (trainer reviews)</h2>
<table><tr><th>Criterion</th><th>Reviewed</th><th>Agreement</th><th>Kappa</th></tr>{calib}</table>
</body></html>"""


def write_class_report(db: sqlite_utils.Database, class_session_id: int, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(class_report_html(db, class_session_id), encoding="utf-8")
    return target
