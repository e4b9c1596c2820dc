"""The push-back rubric: criterion ids (fixed, see RUBRIC.md), names and coaching tips."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    """One behaviour a reply can show."""

    id: str
    name: str
    shows: str
    try_saying: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "engages",
        "Engages",
        "takes the disagreement on and keeps the position",
        "Stay with the point instead of dropping it: \"I'd rather not let that one go; here's why it matters.\"",
    ),
    Criterion(
        "warning",
        "Warning",
        "signals that a different view is coming",
        'Flag the different view before you give it: "I see that a little differently."',
    ),
    Criterion(
        "permission",
        "Permission",
        "asks leave before challenging",
        'Ask before you challenge: "Would you be open to me pushing back on that a bit?"',
    ),
    Criterion(
        "reasons",
        "Reasons",
        "backs the view with a reason, fact, figure or example",
        "Back it with something concrete: a figure, a customer like them, or what happened last time.",
    ),
    Criterion(
        "respectful",
        "Respectful",
        "disagrees with the idea, not the person",
        "Take on the idea, not the person: drop the jab and say what you see instead.",
    ),
    Criterion(
        "calm",
        "Calm",
        "stays even and non-emotional",
        "Keep it even: no apologising for the disagreement, no pleading, no venting. Say it plainly.",
    ),
    Criterion(
        "acknowledges",
        "Acknowledges",
        "names their feeling or view before answering",
        'Name what they feel first: "I hear that this feels like one more thing on a full plate."',
    ),
    Criterion(
        "commitment",
        "Commitment",
        "states the direction firmly and owns it",
        "Own the direction: \"This is where we're going, I decided it, and I'm committed to it.\"",
    ),
    Criterion(
        "other_focus",
        "Their goals",
        "frames the ask around the other person's goals",
        'Frame it around their goals: "You told me you want the accelerator; this is the pace that gets you there."',
    ),
    Criterion(
        "asks_question",
        "Open question",
        "invites their view or goals with a genuine open question",
        'Ask a real, open question: "What would make this work for your team?"',
    ),
    Criterion(
        "sets_expectations",
        "Sets expectations",
        "prepares them for the resistance ahead",
        'Prepare them: "There will probably be push back at first; are you OK with that?"',
    ),
    Criterion(
        "offers_support",
        "Offers support",
        "offers concrete help",
        'Offer something concrete: "I\'ll come in and run the first session with your team myself."',
    ),
    Criterion(
        "urges_leadership",
        "Urges leadership",
        "makes clear it succeeds only if they lead it, and moves now",
        "Hand them the lead: \"This only works if you're the one driving it, so let's not wait for everyone to agree.\"",
    ),
    Criterion(
        "respects_choice",
        "Respects the choice",
        "accepts a refusal of help without forcing",
        'Accept the no without a lecture: "Fair enough, it\'s your call."',
    ),
    Criterion(
        "leaves_door_open",
        "Leaves the door open",
        "leaves a no-pressure invitation to come back",
        'Leave an easy way back: "If you ever want a second pair of ears on a call, just grab me."',
    ),
)

CRITERIA_BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}

# RUBRIC.md: which criteria each seed situation uses.
SITUATION_CRITERIA: dict[str, tuple[str, ...]] = {
    "challenge-the-prospect": ("engages", "warning", "permission", "reasons", "respectful", "calm"),
    "hold-the-line": ("engages", "respectful", "calm", "acknowledges", "commitment"),
    "coaching-rebuffed": ("respectful", "calm", "acknowledges", "respects_choice", "leaves_door_open"),
    "mutual-goals": ("engages", "respectful", "calm", "acknowledges", "other_focus", "asks_question"),
    "sale-after-the-sale": (
        "engages",
        "respectful",
        "calm",
        "acknowledges",
        "asks_question",
        "sets_expectations",
        "offers_support",
        "urges_leadership",
    ),
}


def is_criterion(criterion_id: str) -> bool:
    return criterion_id in CRITERIA_BY_ID
