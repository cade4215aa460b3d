"""The trained relation classifier: features of one source→target pair and inference.

Features are read off the raw sentence (no spaCy: ≥ 200 relations/s on one core). The two
actor spans are masked as `SRC` and `TGT`, so the model learns what is said between and
around them, not who they are. Blocks of features, each TF-IDF weighted and L2-normalized on
its own, then concatenated with a block weight:

- `words`: unigrams and bigrams of the masked sentence;
- `context`: words by position relative to the pair (between them, just after the source,
  just before and after the target, before the first actor), the order of the pair, the gap;
- `chars`: character 3–5-grams of the words between and right around the pair;
- `lex`: hits of the rule lexicon (`coding.lexicon`: verbs, phrasal verbs, event nouns) by
  position, and negation cues.

The weights are a multinomial logistic regression over 15 classes (the PLV label set, where
YIELD stands for CONCEDE or RETREAT) with a temperature fitted on cross-validated logits;
a second, binary model splits YIELD into CONCEDE and RETREAT. Both live in one JSON file
written by `scripts/train_relation.py`, which declares the same `FEATURE_VERSION`.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .lexicon import NOUNS, PHRASAL, VERBS

FEATURE_VERSION = 4
MODEL_FILE = "relation_model.json"
YIELD_TYPES = ("CONCEDE", "RETREAT")

Span = tuple[int, int] | None

WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
NEGATION = {"not", "n't", "never", "no", "without", "refused", "refuses", "refuse", "declined"}
BLOCKS = ("words", "context", "chars", "lex")


# --- tokens and stems -------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English suffix stripper: enough to match 'accused', 'accuses' to 'accuse'."""
    w = word.lower()
    if len(w) <= 4:
        return w
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ying", "y")):
        if w.endswith(suffix):
            return w[: -len(suffix)] + keep
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "banned" → "bann" → "ban"
    return w


@functools.cache
def lexicon_stems() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Stemmed single-word triggers (verbs, then nouns) and two-word triggers (phrasal verbs,
    then nouns such as "war game" and "martial law") → PLOVER type."""
    words: dict[str, str] = {}
    for source in (NOUNS, VERBS):
        for key, kind in source.items():
            if kind and " " not in key:
                words[stem(key)] = kind
    phrasal = {
        (stem(first), plural): kind  # the second word as written, or its regular plural
        for key, kind in NOUNS.items()
        if kind and len(parts := key.split()) == 2
        for first, second in [parts]
        for plural in (second, f"{second}s", f"{second}es")
    }
    phrasal.update({(stem(verb), part): kind for (verb, part), kind in PHRASAL.items()})
    return words, phrasal


def tokenize(text: str) -> list[str]:
    return [t.lower() for t in WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class Pair:
    """The masked sentence as tokens, with the positions of the two actors."""

    tokens: list[str]
    src: int  # index of the SRC token, -1 when implicit
    tgt: int  # index of the TGT token, -1 when implicit


def mask(sentence: str, source: Span, target: Span) -> Pair:
    """Replace the actor spans by SRC/TGT tokens (a nested target keeps the source's slot)."""
    spans = []
    if source is not None:
        spans.append((source[0], source[1], "SRC"))
    if target is not None:
        overlapping = source is not None and target[0] < source[1] and source[0] < target[1]
        if not overlapping:
            spans.append((target[0], target[1], "TGT"))
    spans.sort()
    tokens: list[str] = []
    position = 0
    for start, end, name in spans:
        tokens.extend(tokenize(sentence[position:start]))
        tokens.append(name)
        position = max(position, end)
    tokens.extend(tokenize(sentence[position:]))
    src = tokens.index("SRC") if "SRC" in tokens else -1
    tgt = tokens.index("TGT") if "TGT" in tokens else -1
    if tgt < 0 and target is not None and src >= 0:
        tgt = src  # target nested in the source
    return Pair(tokens=tokens, src=src, tgt=tgt)


# --- features ---------------------------------------------------------------------------------


def window(tokens: list[str], start: int, end: int) -> list[str]:
    return tokens[max(start, 0) : max(end, 0)]


JOINT = {"joint", "combined"}


def lexicon_hits(tokens: list[str]) -> list[tuple[int, str]]:
    """(position, type) for every lexicon trigger in the token list."""
    words, phrasal = lexicon_stems()
    hits = []
    for i, token in enumerate(tokens):
        if token in {"SRC", "TGT"}:
            continue
        stemmed = stem(token)
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        kind = phrasal.get((stemmed, following)) or words.get(stemmed)
        if kind == "MOBILIZE" and i and tokens[i - 1] in JOINT:
            kind = "COOPERATE"  # joint exercises are cooperation (CAMEO 062)
        if kind:
            hits.append((i, kind))
    return hits


def relation_features(sentence: str, source: Span, target: Span) -> dict[str, list[str]]:
    """The feature strings of each block for one relation (see the module docstring)."""
    pair = mask(sentence, source, target)
    tokens = pair.tokens
    n = len(tokens)
    src, tgt = pair.src, pair.tgt
    anchors = [i for i in (src, tgt) if i >= 0]
    first = min(anchors) if anchors else 0
    last = max(anchors) if anchors else n

    words = list(tokens)
    words += [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]

    context = []
    order = "none"
    if src >= 0 and tgt >= 0:
        order = "st" if src < tgt else "ts" if tgt < src else "nested"
    elif src >= 0:
        order = "s_only"
    elif tgt >= 0:
        order = "t_only"
    context.append(f"order={order}")
    between = window(tokens, first + 1, last) if len(anchors) == 2 else []
    if len(anchors) == 2:
        gap = last - first - 1
        context.append(f"gap={min(gap, 12) // 3}")
        context += [f"b:{w}" for w in between]
        context += [f"b2:{a}_{b}" for a, b in itertools.pairwise(between)]
        if between:
            context.append(f"bfirst:{between[0]}")
            context.append(f"blast:{between[-1]}")
    if src >= 0:
        context += [f"as:{w}" for w in window(tokens, src + 1, src + 5)]
        context += [f"bs:{w}" for w in window(tokens, src - 3, src)]
    if tgt >= 0:
        context += [f"at:{w}" for w in window(tokens, tgt + 1, tgt + 5)]
        context += [f"bt:{w}" for w in window(tokens, tgt - 3, tgt)]
    context += [f"pre:{w}" for w in window(tokens, first - 4, first)]
    context += [f"post:{w}" for w in window(tokens, last + 1, last + 5)]

    focus = window(tokens, first - 2, last + 4) if anchors else tokens
    chars = []
    for token in focus:
        if token in {"SRC", "TGT"}:
            continue
        padded = f" {token} "
        for size in (3, 4, 5):
            chars += [padded[i : i + size] for i in range(len(padded) - size + 1)]

    lex = []
    hits = lexicon_hits(tokens)
    negated = any(t in NEGATION for t in tokens)
    for position, kind in hits:
        lex.append(f"any:{kind}")
        if len(anchors) == 2 and first < position < last:
            lex.append(f"between:{kind}")
        elif anchors and position > last:
            lex.append(f"after:{kind}")
        elif anchors and position < first:
            lex.append(f"before:{kind}")
        if negated:
            lex.append(f"neg:{kind}")
    near = [kind for position, kind in hits if position > (src if src >= 0 else first)]
    if near:
        lex.append(f"first_after_src:{near[0]}")
    if negated:
        lex.append("negation")
    if not hits:
        lex.append("no_lexicon_hit")
    return {"words": words, "context": context, "chars": chars, "lex": lex}


# --- inference --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    vocabulary: dict[str, int]
    idf: np.ndarray
    weight: float


@dataclass(frozen=True)
class LinearModel:
    """Multinomial (or binary) logistic regression over the concatenated feature blocks."""

    classes: tuple[str, ...]
    blocks: dict[str, Block]
    offsets: dict[str, int]
    coef: np.ndarray  # [feature, class]
    intercept: np.ndarray
    temperature: float

    def logits(self, features: dict[str, list[str]]) -> np.ndarray:
        rows: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for name, block in self.blocks.items():
            if block.weight == 0:
                continue
            vocabulary = block.vocabulary
            hits = [
                (vocabulary[f], c) for f, c in Counter(features[name]).items() if f in vocabulary
            ]
            if not hits:
                continue
            index = np.fromiter((h[0] for h in hits), dtype=np.int64, count=len(hits))
            counts = np.fromiter((h[1] for h in hits), dtype=np.float64, count=len(hits))
            values = (1.0 + np.log(counts)) * block.idf[index]
            values *= block.weight / np.sqrt(values @ values)
            rows.append(index + self.offsets[name])
            weights.append(values)
        if not rows:
            return self.intercept.copy()
        return self.intercept + np.concatenate(weights) @ self.coef[np.concatenate(rows)]

    def probabilities(self, features: dict[str, list[str]]) -> dict[str, float]:
        logits = self.logits(features) / self.temperature
        if len(self.classes) == 2 and len(logits) == 1:
            p = 1.0 / (1.0 + math.exp(-float(logits[0])))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        exps = np.exp(logits - logits.max())
        exps /= exps.sum()
        return {c: float(e) for c, e in zip(self.classes, exps, strict=True)}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        blocks = {
            name: Block(
                vocabulary={f: i for i, f in enumerate(spec["features"])},
                idf=np.asarray(spec["idf"], dtype=np.float64),
                weight=spec["weight"],
            )
            for name, spec in data["blocks"].items()
        }
        offsets, position = {}, 0
        for name, block in blocks.items():
            offsets[name] = position
            position += len(block.idf)
        width = len(data["intercept"])
        coef = np.asarray(data["coef"], dtype=np.float64).reshape(position, width)
        return cls(
            classes=tuple(data["classes"]),
            blocks=blocks,
            offsets=offsets,
            coef=coef,
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            temperature=data["temperature"],
        )


@dataclass(frozen=True)
class RelationModel:
    """The 15-class PLV model and the YIELD → CONCEDE/RETREAT splitter."""

    main: LinearModel
    yield_split: LinearModel
    meta: dict

    def predict(self, sentence: str, source: Span, target: Span) -> dict[str, float]:
        """Probabilities over the 16 PLOVER types (CONCEDE + RETREAT = the PLV 'YIELD')."""
        features = relation_features(sentence, source, target)
        probabilities = self.main.probabilities(features)
        yielded = probabilities.pop("YIELD", 0.0)
        split = self.yield_split.probabilities(features)
        for name in YIELD_TYPES:
            probabilities[name] = yielded * split[name]
        return probabilities


@functools.cache
def load_model() -> RelationModel:
    """The shipped model (`dateline/data/relation_model.json`), loaded once per process."""
    from ..errors import ModelError

    path = resources.files("dateline") / "data" / MODEL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(
            f"the relation model {MODEL_FILE} is missing",
            hint="run `python scripts/train_relation.py` to rebuild it",
        ) from exc
    if data.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"{MODEL_FILE} was trained with feature version {data.get('feature_version')}, "
            f"the code reads version {FEATURE_VERSION}",
            hint="run `python scripts/train_relation.py` to retrain it",
        )
    return RelationModel(
        main=LinearModel.from_json(data["main"]),
        yield_split=LinearModel.from_json(data["yield_split"]),
        meta=data.get("meta", {}),
    )
