"""Starting points for a new scenario: a two-turn template per rubric situation, or a copy of one."""

from __future__ import annotations

from trainer.rubric import SITUATION_CRITERIA
from trainer.scenarios.draft import Draft, DraftBranch, DraftTurn
from trainer.scenarios.writer import parse

COPY_SUFFIX = " (copy)"
DEFAULT_PERSONA = "rep-quota-pressured"


def template(situation: str = "hold-the-line", persona: str = DEFAULT_PERSONA,
             scenario_id: str = "new-scenario") -> Draft:
    """A valid two-turn draft for a situation: the opening branches to a follow-up when the key skill is missed."""
    criteria = list(SITUATION_CRITERIA.get(situation, SITUATION_CRITERIA["hold-the-line"]))
    first = criteria[0]
    opening = DraftTurn(
        id="opening",
        lines=["Write the counterpart's first objection here, the way they would really say it.",
               "Give a second wording of the same objection, so repeats don't sound canned."],
        requires=list(criteria),
        model_answer="Write a reply that shows every required skill, in the words a good rep would use.",
        branches=[DraftBranch("push-harder", {"missed": [first]}), DraftBranch("end")],
    )
    follow_up = DraftTurn(
        id="push-harder",
        lines=["Write how the counterpart presses when the first reply gave way.",
               "And a second wording of that follow-up."],
        requires=list(criteria),
        model_answer="Write the reply that wins the point back.",
        branches=[DraftBranch("end")],
    )
    return Draft(
        id=scenario_id, title="New scenario", situation=situation, learner_role="Sales manager",
        persona=persona, name="Counterpart's name", role="Counterpart's role",
        brief="Say who the counterpart is, what they will push back on, and what a good reply does.",
        criteria={c: 1.0 for c in criteria}, turns=[opening, follow_up], version=1,
    )


def draft_of(text: str) -> Draft:
    """An editable draft of a scenario file's text (keys it leaves out stay out)."""
    return Draft.from_plain(parse(text))


def copy_of(draft: Draft, new_id: str) -> Draft:
    """A copy under a new id: title marked as a copy, version 1."""
    draft.id, draft.version = new_id, 1
    if not draft.title.endswith(COPY_SUFFIX):
        draft.title += COPY_SUFFIX
    return draft
