"""`classify_relation`: probabilities over the 16 PLOVER types for one source→target pair.

Two trained models, combined as a cascade (`model="auto"`, the default):

- a linear model over sparse features of the raw sentence (`dateline.coding.model`, shipped
  as `data/relation_model.json`, trained by `scripts/train_relation.py`): thousands of
  relations per second on one core;
- a fine-tuned MiniLM encoder (`dateline.coding.encoder`, shipped as
  `data/relation_encoder/`, trained by `scripts/train_encoder.py`): more accurate
  (cross-validated macro-F1 0.84 against 0.77), about 150 relations per second on one core.

The linear model answers alone when it is sure (`CONFIDENT`, about half of PLV's pairs);
otherwise the two are averaged with `LINEAR_WEIGHT`. `model="linear"` or `"encoder"` picks one.

PLV, the training set, has one class YIELD for CONCEDE and RETREAT; both models predict YIELD
and a second linear model trained on synthetic stories splits it, so CONCEDE + RETREAT is the
probability of the PLV class. `retype` lets the rule coder ask for a second opinion on a frame
it has found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from ..errors import ArgumentError
from .model import YIELD_TYPES, Span, load_model, relation_features
from .ontology import PLOVER_TYPES

Model = Literal["auto", "linear", "encoder"]

# How much more probable another type must be before `retype` overrules the rule coder.
RETYPE_MARGIN = 0.35
# The cascade: the linear model's top probability at which the encoder is not asked, and the
# linear model's share when both are (chosen on cross-validated logits, see docs/coding.md).
CONFIDENT = 0.9
LINEAR_WEIGHT = 0.3


def classify_relation(
    sentence: str, source: Span, target: Span, *, model: Model = "auto"
) -> dict[str, float]:
    """Probabilities over the 16 PLOVER types for the relation from `source` to `target`.

    `source` and `target` are character spans `(start, end)` into `sentence`, or None when
    that actor is implicit. The values sum to 1 and are calibrated (temperature scaling on
    cross-validated logits).
    """
    return classify_relations([(sentence, source, target)], model=model)[0]


def classify_relations(
    items: Sequence[tuple[str, Span, Span]], *, model: Model = "auto"
) -> list[dict[str, float]]:
    """`classify_relation` for many pairs at once (the encoder runs them in batches)."""
    if model not in ("auto", "linear", "encoder"):
        raise ArgumentError(f"model must be 'auto', 'linear' or 'encoder', not {model!r}")
    linear = load_model()
    pairs = [(s, _clip(a, s), _clip(b, s)) for s, a, b in items]
    features = [relation_features(*pair) for pair in pairs]
    classes = linear.main.classes
    linear_p = np.array(
        [[p[c] for c in classes] for p in (linear.main.probabilities(f) for f in features)]
    ).reshape(len(pairs), len(classes))
    ask = needs_encoder(linear_p, model)
    combined = linear_p.copy()
    if ask.any():
        encoder_p = encoder_probabilities([pairs[i] for i in np.flatnonzero(ask)], classes)
        combined[ask] = blend(linear_p[ask], encoder_p, model)
    results = []
    for row, feature in zip(combined, features, strict=True):
        probabilities = dict(zip(classes, row.tolist(), strict=True))
        yielded = probabilities.pop("YIELD", 0.0)
        split = linear.yield_split.probabilities(feature)
        for name in YIELD_TYPES:
            probabilities[name] = yielded * split[name]
        results.append({name: probabilities.get(name, 0.0) for name in PLOVER_TYPES})
    return results


def needs_encoder(linear_p: np.ndarray, model: Model) -> np.ndarray:
    """Which rows of linear-model probabilities the encoder is asked about."""
    if model == "linear":
        return np.zeros(len(linear_p), dtype=bool)
    if model == "encoder":
        return np.ones(len(linear_p), dtype=bool)
    return linear_p.max(axis=1) < CONFIDENT


def blend(linear_p: np.ndarray, encoder_p: np.ndarray, model: Model) -> np.ndarray:
    """The probabilities of rows the encoder was asked about."""
    share = 0.0 if model == "encoder" else LINEAR_WEIGHT
    return share * linear_p + (1 - share) * encoder_p


def encoder_probabilities(
    pairs: Sequence[tuple[str, Span, Span]], classes: Sequence[str]
) -> np.ndarray:
    """The encoder's PLV-class probabilities, columns in the order of `classes`."""
    from .encoder import load_encoder

    encoder = load_encoder()
    columns = [encoder.classes.index(c) for c in classes]
    return encoder.probabilities(pairs)[:, columns]


def retype(
    sentence: str,
    source_span: Span,
    target_span: Span,
    rule_type: str,
    *,
    margin: float = RETYPE_MARGIN,
    model: Model = "linear",
) -> tuple[str, float]:
    """The type of a frame the rule coder found, checked by the classifier.

    Returns `(event_type, probability)`: the rule's type unless the classifier gives another
    type at least `RETYPE_MARGIN` more probability (CONCEDE and RETREAT count together as the
    PLV class they were trained as, so the rule decides between those two). The rule
    coder uses the linear model: it is asked for most sentences of every story at ingest.
    """
    probabilities = classify_relation(sentence, source_span, target_span, model=model)
    return decide(probabilities, rule_type, margin=margin)


def decide(
    probabilities: dict[str, float], rule_type: str, *, margin: float = RETYPE_MARGIN
) -> tuple[str, float]:
    """`retype`'s choice between the rule's type and the classifier's probabilities."""
    merged = dict(probabilities)
    yielded = merged.pop("CONCEDE", 0.0) + merged.pop("RETREAT", 0.0)
    merged["YIELD"] = yielded
    rule_key = "YIELD" if rule_type in {"CONCEDE", "RETREAT"} else rule_type
    best = max(merged, key=merged.__getitem__)
    if best == rule_key or merged[best] - merged.get(rule_key, 0.0) < margin:
        return rule_type, merged.get(rule_key, 0.0)
    if best == "YIELD":
        return max(("CONCEDE", "RETREAT"), key=probabilities.__getitem__), yielded
    return best, merged[best]


def _clip(span: Span, sentence: str) -> Span:
    """A span inside the sentence, or None (an empty or out-of-range span is implicit)."""
    if span is None:
        return None
    start, end = max(0, int(span[0])), min(len(sentence), int(span[1]))
    return (start, end) if start < end else None
