"""`classify_relation`: probabilities over the 16 PLOVER types for one source→target pair.

This first version reads the relation off the rule coder: the frame whose arguments cover the
two spans decides, smoothed so every type keeps some mass. A trained classifier replaces the
scores where one is shipped (see `dateline.coding.model`).
"""

from __future__ import annotations

from .coder import frames
from .ontology import PLOVER_TYPES

Span = tuple[int, int] | None


def overlaps(token, span: Span) -> bool:
    return span is not None and token.idx < span[1] and token.idx + len(token.text) > span[0]


def rule_scores(sentence: str, source: Span, target: Span) -> dict[str, float]:
    """Lexicon/dependency evidence for each PLOVER type (unnormalized)."""
    from ..nlp import load_nlp

    doc = load_nlp()(sentence)
    scores = dict.fromkeys(PLOVER_TYPES, 0.0)
    for sent in doc.sents:
        for frame in frames(sent):
            weight = 1.0
            heads = [t for h in frame.sources for t in h.subtree]
            tails = [t for h in frame.targets for t in h.subtree]
            if any(overlaps(t, source) for t in heads):
                weight += 2.0
            if any(overlaps(t, target) for t in tails):
                weight += 2.0
            scores[frame.event_type] += weight
    return scores


def classify_relation(sentence: str, source: Span, target: Span) -> dict[str, float]:
    """Probabilities over the 16 PLOVER types for the relation from `source` to `target`.

    `source` and `target` are character spans `(start, end)` into `sentence`, or None when
    that actor is implicit.
    """
    scores = rule_scores(sentence, source, target)
    total = sum(scores.values())
    floor = 0.02
    if total == 0:
        return dict.fromkeys(PLOVER_TYPES, 1 / len(PLOVER_TYPES))
    mass = 1 - floor * len(PLOVER_TYPES)
    return {name: floor + mass * score / total for name, score in scores.items()}
