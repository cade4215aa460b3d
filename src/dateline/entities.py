"""Named entities by a small tagger in place of the transition decoder of spaCy's NER.

en_core_web_sm's NER reads its own token vectors and then decides, token by token, with a
transition system: on news text the decoding alone costs more than the tagger and parser
together. This tagger reads the same token vectors (the NER's tok2vec, so the entity
knowledge learned there is kept), looks at a window of them around each token and scores
begin/inside/outside tags for the NER's 18 labels with one hidden layer. It is trained by
`scripts/train_ner.py` to reproduce the NER's entities on the synthetic news stories of
`../shared/data/plover_synthetic` (MIT); how closely it does, on those and on real news, is
in `docs/entities.md`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

MODEL_FILE = "entity_tagger.npz"
MODEL_PATH = Path(__file__).parent / "data" / MODEL_FILE
LABELS = (
    "CARDINAL",
    "DATE",
    "EVENT",
    "FAC",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOC",
    "MONEY",
    "NORP",
    "ORDINAL",
    "ORG",
    "PERCENT",
    "PERSON",
    "PRODUCT",
    "QUANTITY",
    "TIME",
    "WORK_OF_ART",
)
OUTSIDE = 0  # tag ids: 0 = outside, 1 + 2k = begins label k, 2 + 2k = inside label k


def begin_tag(label: int) -> int:
    return 1 + 2 * label


def inside_tag(label: int) -> int:
    return 2 + 2 * label


def tag_ids(doc) -> list[int]:
    """The tag of every token under the entities the doc already has (training targets)."""
    index = {label: k for k, label in enumerate(LABELS)}
    tags = [OUTSIDE] * len(doc)
    for ent in doc.ents:
        if ent.label_ not in index:
            continue
        label = index[ent.label_]
        tags[ent.start] = begin_tag(label)
        for i in range(ent.start + 1, ent.end):
            tags[i] = inside_tag(label)
    return tags


def window_features(vectors: np.ndarray, width: int) -> np.ndarray:
    """Each token's vector next to those of its `width` neighbours on each side (zeros past
    the ends of the text)."""
    rows, dim = vectors.shape
    padded = np.zeros((rows + 2 * width, dim), dtype=np.float32)
    padded[width : width + rows] = vectors
    return np.concatenate([padded[k : k + rows] for k in range(2 * width + 1)], axis=1)


def decode(scores: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, end, label) spans from tag scores, best tag first: an inside tag is taken only
    where it continues an entity of the same label; otherwise the best of outside/begin."""
    best = scores.argmax(axis=1).tolist()
    spans: list[tuple[int, int, int]] = []
    open_label, start = -1, 0
    for i, tag in enumerate(best):
        if tag != OUTSIDE and tag % 2 == 0:  # inside
            label = (tag - 2) // 2
            if label == open_label:
                continue
            row = scores[i]
            candidates = [OUTSIDE, *(begin_tag(k) for k in range(len(LABELS)))]
            if open_label >= 0:
                candidates.append(inside_tag(open_label))
            tag = max(candidates, key=lambda t: row[t])
            if tag != OUTSIDE and tag % 2 == 0:
                continue  # continues the open entity
        if open_label >= 0:
            spans.append((start, i, open_label))
            open_label = -1
        if tag != OUTSIDE:
            open_label, start = (tag - 1) // 2, i
    if open_label >= 0:
        spans.append((start, len(best), open_label))
    return spans


class EntityTagger:
    """Weights of one trained tagger; `scores` is the whole network."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path) as weights:
            self.hidden_weights = weights["hidden_weights"]
            self.hidden_bias = weights["hidden_bias"]
            self.output_weights = weights["output_weights"]
            self.output_bias = weights["output_bias"]
            self.meta = json.loads(str(weights["meta"]))
        self.width = int(self.meta["width"])

    def scores(self, features: np.ndarray) -> np.ndarray:
        hidden = np.maximum(features @ self.hidden_weights + self.hidden_bias, 0.0)
        return hidden @ self.output_weights + self.output_bias

    def spans(self, blocks: list[np.ndarray]) -> list[list[tuple[int, int, int]]]:
        """Entity spans of each text from its token vectors, scored in one batch."""
        if not blocks:
            return []
        scores = self.scores(np.concatenate([window_features(b, self.width) for b in blocks]))
        out, at = [], 0
        for block in blocks:
            out.append(decode(scores[at : at + len(block)]))
            at += len(block)
        return out


@functools.cache
def load_tagger() -> EntityTagger:
    return EntityTagger()


class EntityComponent:
    """The spaCy pipeline component that sets `doc.ents`. `encoder` is the NER's own tok2vec
    (the tagger reads the vectors the NER's decoder would have read)."""

    def __init__(self, tagger: EntityTagger, encoder) -> None:
        self.tagger = tagger
        self.encoder = encoder

    def __call__(self, doc):
        return self.annotate([doc])[0]

    def pipe(self, docs: Iterable, *, batch_size: int = 128) -> Iterator:
        batch: list = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.annotate(batch)
                batch = []
        if batch:
            yield from self.annotate(batch)

    def annotate(self, docs: list) -> list:
        from spacy.tokens import Span

        texts = [doc for doc in docs if len(doc)]
        if not texts:
            return docs
        vectors = self.encoder.predict(texts)  # the tokens of all texts, one after another
        bounds = np.cumsum([0, *(len(doc) for doc in texts)])
        blocks = [vectors[bounds[k] : bounds[k + 1]] for k in range(len(texts))]
        for doc, spans in zip(texts, self.tagger.spans(blocks), strict=True):
            doc.ents = [Span(doc, start, end, label=LABELS[label]) for start, end, label in spans]
        return docs
