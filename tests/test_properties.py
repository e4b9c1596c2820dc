"""Property tests: any text or bytes gives a result or a clear error, never a traceback.

Kept fast (modest max_examples, a deadline), with no example database written to the worktree.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.grading.grader import PushbackGrader
from trainer.grading.text import _CANONICAL, Reply
from trainer.personas import load_personas
from trainer.rubric import CRITERIA_BY_ID
from trainer.scenarios.loader import ScenarioFileError, load_scenario

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=150, deadline=2000, database=None, suppress_health_check=[HealthCheck.too_slow])
ON_FILES = settings(
    FAST,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Words the grader's cues look for, mixed with any characters, so that matches (and their spans) happen.
CUE_WORDS = (
    "I hear you understand the review stays decided committed okay yeah gonna percent 50% because but, "
    "so ? ! um uh i i can can we you're dont İstanbul ß ﬁx Σ ’ ' - \u0130 \u212a"
)
WORDS = st.sampled_from([*CUE_WORDS.split(" "), "\n", "\t", "\r\n"])
REPLY_TEXT = st.one_of(
    st.text(max_size=300), st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=60).map(" ".join)
)
GRADER = PushbackGrader()


@FAST
@given(reply=REPLY_TEXT, criteria=st.sets(st.sampled_from(sorted(CRITERIA_BY_ID)), min_size=1))
def test_grader_evidence_is_always_the_replys_own_words(reply: str, criteria: set[str]) -> None:
    grade = GRADER.grade(reply, {c: 1.0 for c in criteria})
    assert set(grade.results) == criteria and 0 <= grade.score <= 100
    for result in grade.results.values():
        assert 0.0 <= result.confidence <= 1.0
        assert result.evidence in reply and result.lapse in reply
        assert result.evidence == "" or result.met


def _plain(text: str) -> str:
    """Lower case without combining marks ("İ" is "i" plus a dot above once lowered)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@FAST
@given(original=REPLY_TEXT)
def test_normaliser_maps_every_token_back_to_its_characters(original: str) -> None:
    parsed = Reply(original)
    assert len(parsed._owner) == len(parsed.norm)
    for token in parsed.tokens:
        assert 0 <= token.start < token.end <= len(original)
        source = _plain(original[token.start : token.end])
        assert token.text in _CANONICAL.get(source, source).split(" "), (token, source)
    for start in range(len(parsed.norm)):
        span = parsed.span_of(start, len(parsed.norm), "")
        assert 0 <= span.start <= span.end <= len(original)
        assert parsed.text_of(span) == original[span.start : span.end]


GOOD = (ROOT / "scenarios" / "hold-the-line.yaml").read_text(encoding="utf-8")
PERSONAS = set(load_personas(ROOT / "voices").personas)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=12),
    st.sampled_from(["end", "opening", "engages", "calm", "hold-the-line", "rep-excuse-maker", ""]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(SCALARS, inner, max_size=4)),
    max_leaves=12,
)


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into a parsed document."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> str:
    """The shipped scenario with one value anywhere replaced by an arbitrary one (or its key dropped)."""
    data = yaml.safe_load(GOOD)
    path = draw(st.sampled_from(_paths(data)[1:]))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _load_or_clear_error(folder: Path, content: bytes) -> None:
    target = folder / "hold-the-line.yaml"
    target.write_bytes(content)
    try:
        load_scenario(target, PERSONAS)
    except ScenarioFileError as error:
        assert error.error.line >= 1 and error.error.reason.strip()
        assert str(error).startswith(f"{target}:{error.error.line}: ")


@ON_FILES
@given(text=st.one_of(mutated_scenarios(), st.text(max_size=400)))
def test_loader_on_any_yaml_text(tmp_path: Path, text: str) -> None:
    _load_or_clear_error(tmp_path, text.encode("utf-8", "surrogatepass"))


@ON_FILES
@given(content=st.one_of(st.binary(max_size=400), st.binary(max_size=60).map(lambda b: GOOD.encode()[:2000] + b)))
def test_loader_on_any_bytes(tmp_path: Path, content: bytes) -> None:
    _load_or_clear_error(tmp_path, content)


def test_shipped_scenario_still_loads_as_the_mutation_base(tmp_path: Path) -> None:
    """The base of the mutations is valid, so the mutations test the loader's checks, not a broken file."""
    target = tmp_path / "hold-the-line.yaml"
    target.write_text(GOOD, encoding="utf-8")
    assert load_scenario(target, PERSONAS).id == "hold-the-line"
