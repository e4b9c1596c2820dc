"""The push-back grader: per-criterion verdicts with evidence, a score and what to try instead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from trainer.grading.detectors import DETECTORS, Cues, Finding
from trainer.grading.learned import LinearModel, features, load_models
from trainer.grading.semantic import CHUNK_KINDS, Reading, SemanticLayer, semantic_features
from trainer.grading.text import Reply, Span
from trainer.rubric import CRITERIA_BY_ID

GRADER_VERSION = "rules-1"


@dataclass(frozen=True)
class CriterionResult:
    """Whether one criterion was shown, how sure the grader is, and the words that show it."""

    criterion: str
    met: bool
    confidence: float
    evidence: str  # an exact substring of the reply, "" when not met
    lapse: str = ""  # for a miss, the words that caused it, when there are such words

    def as_json(self) -> dict[str, object]:
        return {"met": self.met, "confidence": round(self.confidence, 2), "evidence": self.evidence}


@dataclass(frozen=True)
class Grade:
    """A graded reply."""

    results: dict[str, CriterionResult]
    score: int
    passed: bool
    suggestions: dict[str, str] = field(default_factory=dict)
    grader_version: str = GRADER_VERSION

    def met(self, criterion: str) -> bool:
        return self.results[criterion].met


class PushbackGrader:
    """Deterministic and explainable: rule detectors, weighed by a model learned from labelled replies.

    Every verdict points at the reply's words. Pass models={} for the rules alone. The semantic
    layer (a sentence encoder) loads on the first grade, on the grading thread; without it the
    grader uses the models trained without its features.
    """

    def __init__(self, models: Mapping[str, LinearModel] | None = None, semantic: bool | SemanticLayer = True) -> None:
        self.models = dict(load_models() if models is None else models)
        self.plain_models = dict(load_models(semantic=False) if models is None else models)
        self.semantic = semantic if isinstance(semantic, SemanticLayer) else SemanticLayer() if semantic else None
        if not self.models:
            self.semantic = None
        self.version = f"{GRADER_VERSION}+lr" if self.models else GRADER_VERSION

    def grade(self, reply: str, criteria: Mapping[str, float], pass_mark: int = 70, situation: str = "") -> Grade:
        """Grade a reply on the given criteria (id -> weight); situation is the scenario's seed id."""
        unknown = [c for c in criteria if c not in DETECTORS]
        if unknown:
            raise ValueError(f"unknown criteria: {', '.join(unknown)}")
        parsed = Reply(reply)
        found = Cues(parsed)
        reading = self.semantic.read(reply) if self.semantic and parsed.word_count else None
        context = _Context(parsed, found, situation, reading, self.models if reading else self.plain_models)
        results = {cid: _result(cid, parsed, self._detect(cid, context)) for cid in criteria}
        score = _score(results, criteria)
        suggestions = {cid: CRITERIA_BY_ID[cid].try_saying for cid, r in results.items() if not r.met}
        version = f"{self.version}+sem" if reading else self.version
        return Grade(results, score, score >= pass_mark, suggestions, version)

    def _detect(self, criterion: str, ctx: _Context) -> Finding:
        if ctx.parsed.word_count == 0:
            return Finding(False, 0.99)
        rule = DETECTORS[criterion](ctx.found)
        model = ctx.models.get(criterion)
        if model is None:
            return rule
        feats = features(ctx.parsed, ctx.found, rule.met, ctx.situation)
        if ctx.reading is not None:
            feats.update(semantic_features(ctx.reading, model.probe, model.chunks))
        return _weighed(criterion, rule, model, feats, ctx)


@dataclass(frozen=True)
class _Context:
    """What one grade shares across criteria."""

    parsed: Reply
    found: Cues
    situation: str
    reading: Reading | None
    models: Mapping[str, LinearModel]


# Criteria met unless something said breaks them: a miss quotes the words that did.
_DEFAULT_MET = frozenset({"respectful", "calm"})


def _weighed(criterion: str, rule: Finding, model: LinearModel, feats: dict[str, float], ctx: _Context) -> Finding:
    """The model's verdict, quoting the rule's words when they agree, else the words the model leaned on.

    Where it overrules the rules, the sentence that carried the semantic layer's verdict is the
    quote, else the strongest word feature.
    """
    probability = model.probability(feats)
    met = probability >= 0.5
    confidence = probability if met else 1.0 - probability
    if met == rule.met:
        return Finding(met, confidence, rule.evidence, rule.lapse)
    sentence = _carrying_sentence(criterion, model, ctx.reading, met)
    if not met:  # a single word is no fair quote of what was missing; the sentence that broke it is
        return Finding(False, confidence, lapse=sentence if criterion in _DEFAULT_MET else None)
    if sentence:
        return Finding(True, confidence, sentence)
    return Finding(True, confidence, _word_span(ctx.parsed, model.strongest_words(feats, positive=True)))


def _carrying_sentence(criterion: str, model: LinearModel, reading: Reading | None, met: bool) -> Span | None:
    """The chunk of the reply that carried the semantic layer towards this verdict."""
    if reading is None:
        return None
    if model.probe is not None:
        return reading.carrying_chunk(model.probe, towards_met=met, chunk_probes=model.chunks)
    match = reading.matches.get(f"{criterion}{'+' if met else '-'}")
    return match.span if match else None


def _word_span(parsed: Reply, grams: list[str]) -> Span | None:
    """Where the first of these word features occurs in the reply."""
    for gram in grams:
        spans = parsed.find(re.compile(rf"\b{re.escape(gram)}\b"), "learned")
        if spans:
            return spans[0]
    return None


# Criteria whose cue names the move but not its content ("I hear that ..."): quote to the clause end.
_CLAUSE_CRITERIA = frozenset(
    {
        "acknowledges",
        "offers_support",
        "leaves_door_open",
        "sets_expectations",
        "urges_leadership",
        "other_focus",
        "commitment",
        "reasons",
        "respects_choice",
        "permission",
        "engages",
    }
)
_CLAUSE_END = re.compile(r"[.?!;:]|,\s+(?:but|and|so|because)\b| but | so ")
_MAX_EVIDENCE_WORDS = 18


def _result(criterion: str, parsed: Reply, finding: Finding) -> CriterionResult:
    span = finding.evidence
    if finding.met and span and criterion in _CLAUSE_CRITERIA and span.cue not in CHUNK_KINDS:
        span = _to_clause_end(parsed, span)
    evidence = _quote(parsed, span) if finding.met else ""
    if finding.met and not evidence:
        evidence = _first_sentence(parsed.original)
    lapse = _quote(parsed, finding.lapse) if not finding.met else ""
    return CriterionResult(criterion, finding.met, finding.confidence, evidence, lapse)


def _to_clause_end(parsed: Reply, span: Span) -> Span:
    """Extend a cue's span to the end of its clause, within a word limit."""
    text = parsed.original
    stop = _CLAUSE_END.search(text, span.end)
    end = stop.start() + (1 if stop and stop.group() == "?" else 0) if stop else len(text)
    words = text[span.start : end].split()
    if len(words) > _MAX_EVIDENCE_WORDS:
        cut = text[span.start :].split()[:_MAX_EVIDENCE_WORDS]
        end = max(span.end, text.index(cut[-1], span.start) + len(cut[-1]))
    return Span(span.start, max(end, span.end), span.cue)


def _first_sentence(text: str) -> str:
    stripped = text.strip()
    stop = re.search(r"[.?!]", stripped)
    sentence = stripped[: stop.end()] if stop else stripped
    words = sentence.split()
    return (
        " ".join(words[:_MAX_EVIDENCE_WORDS])
        if len(words) > _MAX_EVIDENCE_WORDS and " ".join(words) == sentence
        else sentence
    )


def _quote(parsed: Reply, span: Span | None) -> str:
    return parsed.text_of(span) if span else ""


def _score(results: Mapping[str, CriterionResult], weights: Mapping[str, float]) -> int:
    total = sum(weights.values())
    if total <= 0:
        return 0
    got = sum(w for cid, w in weights.items() if results[cid].met)
    return round(100 * got / total)
