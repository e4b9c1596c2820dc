"""The editor's screenshots: a filled-in draft, and the same draft with a branch to a missing turn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QApplication, QWidget

from trainer.scenarios.draft import Draft, DraftBranch, DraftTurn
from ui.editor.controller import EditorController

CRITERIA = {"acknowledges": 1.0, "engages": 2.0, "commitment": 2.0, "respectful": 1.0, "calm": 1.0}


class Shell(Protocol):
    """What the renderer needs of the main window."""

    editor: EditorController

    def navigate(self, name: str) -> None: ...


def sample_draft() -> Draft:
    """A trainer's own four-turn scenario (our own words) with two branches out of the opening."""
    every = list(CRITERIA)
    opening = DraftTurn(
        "opening",
        ["Another approval step for discounts? I lose deals waiting for sign-off as it is.",
         "If I have to ask you before every discount over ten percent, my buyers will go elsewhere.",
         "Honestly, this approval rule just slows me down at the end of the quarter."],
        every,
        "I hear that waiting for sign-off feels like it costs you deals, and that's frustrating. The approval step "
        "stays for anything over ten percent, because our margins slipped last quarter, and I'm committed to it. "
        "I'll answer every request within two hours.",
        [DraftBranch("so-its-flexible", {"missed": ["engages"]}), DraftBranch("not-heard", {"missed": ["acknowledges"]}),
         DraftBranch("quarter-end")],
    )
    caves = DraftTurn("so-its-flexible", ["So for my big accounts I can skip it? Good, that's most of my deals."],
                      ["engages", "commitment", "respectful", "calm"],
                      "No, the rule covers every account. I'm keeping it, and I'll make the sign-off quick.",
                      [DraftBranch("quarter-end")])
    not_heard = DraftTurn("not-heard", ["You're reading me the policy. Did you hear that I'm losing deals?"],
                          every, "You're right, I skipped past that: waiting costs you momentum. The rule stays, "
                          "and I'll turn requests round the same morning.", [DraftBranch("quarter-end")])
    last = DraftTurn("quarter-end", ["Fine. But in the last week of the quarter, surely I can use my judgement?",
                                     "At quarter end, though, you'll let us decide ourselves, right?"],
                     every, "I see why the last week feels different. The rule holds then too, and that's when "
                     "I'll be on call for quick approvals.", [DraftBranch("end")])
    return Draft(
        id="discount-approval", title="Keep the new discount approval rule", situation="hold-the-line",
        learner_role="Sales director, Corrapak Packaging", persona="rep-excuse-maker", name="Tony Russo",
        role="Field sales rep, Corrapak Packaging",
        brief="Discounts over ten percent now need your sign-off. Tony says it loses him deals. Name the worry, "
              "keep the rule exactly as it is, and say plainly that you stand behind it.",
        criteria=dict(CRITERIA), turns=[opening, caves, not_heard, last], version=2, pass_mark=70,
    )


def render_editor_screenshots(window: Shell, out_dir: Path, grab: Callable[[QWidget, Path, str], Path],
                              wait_for: Callable[[Callable[[], bool], float], None]) -> list[Path]:
    """scenario-editor.png (a valid draft) and scenario-editor-error.png (a branch to a missing turn)."""
    editor = window.editor
    window.navigate("editor")
    checked: list[object] = []
    editor.checked.connect(checked.append)
    editor.edit(sample_draft())  # a new draft, as if typed in
    editor.view.select_turn("opening")
    wait_for(lambda: len(checked) >= 1, 5)
    focused = QApplication.focusWidget()
    if focused is not None:  # no focus ring on whichever button happened to have it
        focused.clearFocus()
    shots = [grab(window, out_dir, "scenario-editor")]  # type: ignore[arg-type]
    draft = editor.view.draft
    assert draft is not None
    draft.turns[0].branches[1].goto = "escalate"
    editor.view.select_turn("opening")
    editor.check_now()
    wait_for(lambda: len(checked) >= 2 and bool(editor.errors), 5)
    shots.append(grab(window, out_dir, "scenario-editor-error"))  # type: ignore[arg-type]
    editor.checked.disconnect(checked.append)
    return shots
