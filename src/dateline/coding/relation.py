"""`classify_relation`: probabilities over the 16 PLOVER types for one source→target pair.

The scores come from the trained linear model shipped as `dateline/data/relation_model.json`
(features and inference in `dateline.coding.model`, training in `scripts/train_relation.py`).
It reads the raw sentence with the two actor spans masked, needs no spaCy, and runs at
thousands of relations per second on one core.

PLV, the training set, has one class YIELD for CONCEDE and RETREAT; the model predicts YIELD
and a second model trained on synthetic stories splits it, so CONCEDE + RETREAT is the
probability of the PLV class. `retype` lets the rule coder ask the model for a second opinion
on a frame it has found.
"""

from __future__ import annotations

from .model import Span, load_model
from .ontology import PLOVER_TYPES

# How much more probable another type must be before `retype` overrules the rule coder.
RETYPE_MARGIN = 0.35


def classify_relation(sentence: str, source: Span, target: Span) -> dict[str, float]:
    """Probabilities over the 16 PLOVER types for the relation from `source` to `target`.

    `source` and `target` are character spans `(start, end)` into `sentence`, or None when
    that actor is implicit. The values sum to 1 and are calibrated (temperature scaling on
    cross-validated logits).
    """
    probabilities = load_model().predict(sentence, _clip(source, sentence), _clip(target, sentence))
    return {name: probabilities.get(name, 0.0) for name in PLOVER_TYPES}


def retype(
    sentence: str,
    source_span: Span,
    target_span: Span,
    rule_type: str,
    *,
    margin: float = RETYPE_MARGIN,
) -> tuple[str, float]:
    """The type of a frame the rule coder found, checked by the classifier.

    Returns `(event_type, probability)`: the rule's type unless the classifier gives another
    type at least `RETYPE_MARGIN` more probability (CONCEDE and RETREAT count together as the
    PLV class they were trained as, so the rule decides between those two).
    """
    return decide(classify_relation(sentence, source_span, target_span), rule_type, margin=margin)


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
