"""The attribute ruler's rules (tag → POS, morphology, some lemmas) applied from a memo.

spaCy's `attribute_ruler` runs its 179 rules through the Matcher on every token of every
text: a fifth of the English pipeline's time on news. Nearly all rules look at one token's
tag, lower-case form, dependency label and whether it is a space, so the rules that fire
are a function of those four values: worked out once per distinct combination, then looked
up. The few rules that span two tokens ("gon na") are checked where their first token
matches. The same rules, in the same order, with the same outcome (checked token by token
against the ruler in `tests/test_nlp.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .errors import RuleError

Key = tuple[str, str, str, bool]  # tag, lower, dep, is_space
OTHER_WORD = "\x00"  # the lower-case form of any word no rule names


def value_of(key: Key, attribute: str) -> object:
    tag, lower, dep, is_space = key
    return {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": is_space}[attribute]


def satisfies(value: object, condition: object) -> bool:
    """One attribute condition of a Matcher pattern: a value, IN, NOT_IN or REGEX."""
    if not isinstance(condition, dict):
        return value == condition
    for operator, operand in condition.items():
        if operator == "IN" and value not in operand:
            return False
        if operator == "NOT_IN" and value in operand:
            return False
        if operator == "REGEX" and not re.search(operand, str(value)):
            return False
        if operator not in {"IN", "NOT_IN", "REGEX"}:
            raise RuleError(f"attribute rule operator {operator!r} is not supported")
    return True


def matches(key: Key, spec: dict) -> bool:
    return all(satisfies(value_of(key, attribute), c) for attribute, c in spec.items())


class AttributeRules:
    """The rules of one attribute ruler, each with its order (later rules win)."""

    def __init__(self, rules: list[dict]) -> None:
        self.single: list[tuple[int, dict, dict]] = []  # order, token spec, attrs
        self.multi: list[tuple[int, list[dict], dict, int]] = []  # order, specs, attrs, index
        for order, rule in enumerate(rules):
            for pattern in rule["patterns"]:
                if len(pattern) == 1:
                    self.single.append((order, pattern[0], rule["attrs"]))
                else:
                    self.multi.append((order, pattern, rule["attrs"], rule.get("index", 0)))
                for spec in pattern:
                    if set(spec) - {"TAG", "LOWER", "DEP", "IS_SPACE"}:
                        raise RuleError(f"attribute rule reads {sorted(spec)}: not supported")
        self.memo: dict[Key, tuple[list, list]] = {}
        conditions = [
            spec["LOWER"]
            for rule in rules
            for pattern in rule["patterns"]
            for spec in pattern
            if "LOWER" in spec
        ]
        self.words = {c for c in conditions if isinstance(c, str)} | {
            word for c in conditions if isinstance(c, dict) for word in c.get("IN", ())
        }
        self.patterns = [c["REGEX"] for c in conditions if isinstance(c, dict) and "REGEX" in c]
        if any(isinstance(c, dict) and "NOT_IN" in c for c in conditions) or any(
            re.search(p, OTHER_WORD) for p in self.patterns
        ):
            raise RuleError("attribute rules test words in a way the memo cannot fold")
        self.named: dict[str, str] = {}  # lower-case form → itself or OTHER_WORD

    def token_key(self, token) -> Key:
        lower = token.lower_
        word = self.named.get(lower)
        if word is None:
            named = lower in self.words or any(re.search(p, lower) for p in self.patterns)
            word = self.named[lower] = lower if named else OTHER_WORD
        return token.tag_, word, token.dep_, token.is_space

    def rules_for(self, key: Key) -> tuple[list, list]:
        """(single-token rules that fire, multi-token rules whose first token matches)."""
        found = self.memo.get(key)
        if found is None:
            single = [(order, attrs) for order, spec, attrs in self.single if matches(key, spec)]
            starts = [rule for rule in self.multi if matches(key, rule[1][0])]
            found = self.memo[key] = (single, starts)
        return found

    def assignments(self, doc) -> Iterator[tuple[int, int, dict]]:
        """(order, token index, attrs) of every rule that fires in the doc."""
        keys = [self.token_key(token) for token in doc]
        for i, key in enumerate(keys):
            single, starts = self.rules_for(key)
            for order, attrs in single:
                yield order, i, attrs
            for order, specs, attrs, index in starts:
                if i + len(specs) <= len(keys) and all(
                    matches(keys[i + k], spec) for k, spec in enumerate(specs[1:], 1)
                ):
                    yield order, i + index, attrs

    def apply(self, doc):
        for _, i, attrs in sorted(self.assignments(doc), key=lambda a: a[0]):
            token = doc[i]
            for attribute, value in attrs.items():
                if attribute == "POS":
                    token.pos_ = value
                elif attribute == "MORPH":
                    token.set_morph(value)
                elif attribute == "LEMMA":
                    token.lemma_ = value
                elif attribute == "TAG":
                    token.tag_ = value
                elif attribute == "DEP":
                    token.dep_ = value
                else:
                    raise RuleError(f"attribute rule sets {attribute}: not supported")
        return doc


class AttributeComponent:
    """Pipeline component in place of `attribute_ruler` (same rules, memoized)."""

    def __init__(self, rules: AttributeRules) -> None:
        self.rules = rules

    def __call__(self, doc):
        return self.rules.apply(doc)

    def pipe(self, docs: Iterable, *, batch_size: int = 128) -> Iterator:
        for doc in docs:
            yield self.rules.apply(doc)


class LemmaComponent:
    """spaCy's rule lemmatizer behind a memo keyed as its own cache is (form, POS,
    morphology), which that cache leaves out for base forms and proper nouns: a third of the
    tokens of news were lemmatized again each time they were seen."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], str] = {}
        # spaCy keeps each part of speech's known lemmas as a list and tests membership in
        # it for every candidate form (57,528 nouns): as sets, the same answers ~100x faster.
        if lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for key, forms in list(index.items()):
                if isinstance(forms, list):
                    index[key] = frozenset(forms)

    def __call__(self, doc):
        for token in doc:
            if token.lemma == 0:  # a lemma the attribute rules set stays
                key = (token.orth, token.pos, token.morph.key)
                lemma = self.memo.get(key)
                if lemma is None:
                    lemma = self.memo[key] = self.lemmatizer.lemmatize(token)[0]
                token.lemma_ = lemma
        return doc

    def pipe(self, docs: Iterable, *, batch_size: int = 128) -> Iterator:
        for doc in docs:
            yield self(doc)
