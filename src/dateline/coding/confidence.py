"""How likely a coded mention is a real event of its type with the right participants.

The rule coder finds candidate mentions; on real news about half of them are not events or
have the wrong who (docs/coding.md, "Which mentions are emitted"). Each candidate gets a calibrated
probability from a small logistic model over what the coder knows of it: whether a source and
a target were found and how (a name, a role, a place, a pronoun), how the type was found (a
verb, a noun, the classifier), what the relation classifier thinks of the type, modality,
speech and section. The model (`data/mention_model.json`) is trained by
`scripts/train_mention_model.py` on hand-coded real-news gold (a mention is right when it
matches a gold event of its sentence by the rules of `dateline.evaluate_news`).

An asserted mention below the model's threshold is kept, flagged `low_confidence`: stored,
shown on request (`--all`), never counted in events, timelines or exports by default.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources

from ..records import ActorRef, Mention, Span

MODEL_FILE = "mention_model.json"
# Methods by which the actor resolver names who an actor is (not a role or a place).
NAMED_KINDS = {"person", "org", "state", "igo", "group"}
LONG_PHRASE = 6  # words: a phrase longer than this is more often a clause than an actor


def side_features(prefix: str, actors: Sequence[ActorRef]) -> dict[str, float]:
    """What kind of actor a mention has on one side."""
    if not actors:
        return {f"{prefix}:none": 1.0}
    first = actors[0]
    method = first.method
    if method.startswith("located") or method == "in-clause" or first.kind == "located":
        kind = "place"
    elif method == "unresolved":
        kind = "role"
    elif method == "story-context":
        kind = "context"
    elif first.kind == "pronoun" or method in {"pronoun", "ambiguous"}:
        kind = "pronoun"
    elif first.kind in NAMED_KINDS or first.name:
        kind = "named"
    else:
        kind = "other"
    out = {f"{prefix}:{kind}": 1.0}
    if first.country:
        out[f"{prefix}:country"] = 1.0
    if len(first.text.split()) > LONG_PHRASE:
        out[f"{prefix}:long"] = 1.0
    return out


def how_typed(coder: str) -> str:
    """How the rule coder found the type, from its reasons ("verb 'meet' → CONSULT")."""
    reasons = coder.split(": ", 1)[-1]
    if reasons.startswith("classifier"):
        return "classifier"
    if "classifier:" in reasons:
        return "retyped"
    if reasons.startswith("CAMEO"):
        return "cameo"
    if reasons.startswith("noun"):
        return "noun"
    if reasons.startswith("'"):
        return "light"
    return "verb"


def mention_features(mention: Mention, probability: float, crowd: int) -> dict[str, float]:
    """The model's inputs for one mention: `probability` is the relation classifier's for
    its type, `crowd` the number of mentions coded in its sentence."""
    features = {"bias": 1.0, f"type:{mention.event_type}": 1.0}
    features |= side_features("source", mention.source)
    features |= side_features("target", mention.target)
    features[f"typed:{how_typed(mention.coder)}"] = 1.0
    features["classifier"] = probability
    features["modality:" + mention.modality] = 1.0
    if mention.negated:
        features["negated"] = 1.0
    if mention.speaker is not None:
        features["reported"] = 1.0
    if mention.section != "body":
        features["section:" + mention.section] = 1.0
    if mention.background:
        features["background"] = 1.0
    if mention.date_defaulted:
        features["date:defaulted"] = 1.0
    features["crowd"] = math.log(crowd)
    return features


@functools.cache
def load_mention_model() -> dict:
    """The shipped weights, threshold and training summary."""
    text = resources.files("dateline.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def probability_of(features: dict[str, float], model: dict) -> float:
    weights = model["weights"]
    score = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def relative(span: Span | None, sentence_span: Span) -> Span | None:
    if span is None:
        return None
    return span[0] - sentence_span[0], span[1] - sentence_span[0]


def classifier_probabilities(mentions: Sequence[Mention]) -> list[float]:
    """The linear relation classifier's probability of each mention's type for its first
    source and target (fast: asked for every mention of every story)."""
    from .relation import classify_relations

    items = [
        (
            m.sentence,
            relative(m.source[0].span, m.sentence_span) if m.source else None,
            relative(m.target[0].span, m.sentence_span) if m.target else None,
        )
        for m in mentions
    ]
    found = classify_relations(items, model="linear") if items else []
    return [p[m.event_type] for p, m in zip(found, mentions, strict=True)]


def all_features(mentions: Sequence[Mention]) -> list[dict[str, float]]:
    """The model's inputs for a story's mentions (in order)."""
    crowds: dict[tuple[int, int], int] = {}
    for mention in mentions:
        key = tuple(mention.sentence_span)
        crowds[key] = crowds.get(key, 0) + 1
    probabilities = classifier_probabilities(mentions)
    return [
        mention_features(m, p, crowds[tuple(m.sentence_span)])
        for m, p in zip(mentions, probabilities, strict=True)
    ]


def with_confidence(mentions: Sequence[Mention], *, model: dict | None = None) -> list[Mention]:
    """The mentions with `confidence` set to the model's probability, and `low_confidence`
    when it is below the model's threshold for a mention that would count as an event that
    happened (asserted, not negated). A denied, planned or possible act is never counted as
    one, so it is kept as coded ("China would not help Russia with weapons": a negated AID),
    with its probability."""
    model = model or load_mention_model()
    threshold = model["threshold"]
    out = []
    for mention, features in zip(mentions, all_features(mentions), strict=True):
        p = probability_of(features, model)
        counted = mention.modality == "asserted" and not mention.negated
        low = counted and p < threshold
        out.append(replace(mention, confidence=round(p, 3), low_confidence=low))
    return out
