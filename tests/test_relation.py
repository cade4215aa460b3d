"""The relation classifier: hand-written sentences, probabilities, spans, the shipped model."""

import json
from importlib import resources
from pathlib import Path

import pytest

from dateline import classify_relation
from dateline.coding.model import FEATURE_VERSION, load_model, mask, relation_features, stem
from dateline.coding.ontology import PLOVER_TYPES
from dateline.coding.relation import decide, retype

REPO = Path(__file__).resolve().parent.parent


def spans(sentence: str, source: str | None, target: str | None):
    def find(text):
        if text is None:
            return None
        start = sentence.index(text)
        return start, start + len(text)

    return find(source), find(target)


@pytest.mark.parametrize(
    ("sentence", "source", "target", "expected"),
    [
        (
            "The foreign minister of Norway sharply criticized Hungary over its new media law.",
            "The foreign minister of Norway",
            "Hungary",
            "ACCUSE",
        ),
        (
            "Rebel fighters attacked an army convoy near the northern border, killing four.",
            "Rebel fighters",
            "an army convoy",
            "ASSAULT",
        ),
        (
            "The president of Chile met his Peruvian counterpart in Lima to discuss trade.",
            "The president of Chile",
            "his Peruvian counterpart",
            "CONSULT",
        ),
        (
            "Police in the capital arrested dozens of opposition activists on Friday.",
            "Police in the capital",
            "dozens of opposition activists",
            "COERCE",
        ),
        (
            "The government rejected the union's demand for higher wages.",
            "The government",
            "the union",
            "REJECT",
        ),
        (
            "The militia threatened to attack government buildings if the vote went ahead.",
            "The militia",
            "government buildings",
            "THREATEN",
        ),
        (
            "Mali's junta welcomed the decision by the regional bloc.",
            "Mali's junta",
            "the regional bloc",
            "SUPPORT",
        ),
    ],
)
def test_obvious_relations(sentence, source, target, expected):
    probabilities = classify_relation(sentence, *spans(sentence, source, target))
    assert max(probabilities, key=probabilities.get) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [("Japan", "flood victims"), (None, "flood victims"), ("Japan", None), (None, None)],
)
def test_probabilities_cover_the_sixteen_types_and_sum_to_one(source, target):
    sentence = "Japan sent emergency relief to flood victims in Pakistan."
    probabilities = classify_relation(sentence, *spans(sentence, source, target))
    assert tuple(probabilities) == PLOVER_TYPES
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())


@pytest.mark.parametrize("bad", [(40, 10), (-5, -1), (500, 600), (3, 3)])
def test_out_of_range_spans_count_as_implicit(bad):
    sentence = "Peru recalled its ambassador."
    assert classify_relation(sentence, bad, None) == classify_relation(sentence, None, None)


def test_nested_target_keeps_one_slot():
    sentence = "Serbian President Tomislav Nikolic visited Belgrade."
    pair = mask(sentence, (0, 35), (0, 7))
    assert pair.tokens[0] == "SRC" and "TGT" not in pair.tokens
    assert pair.tgt == pair.src


def test_features_are_deterministic_and_masked():
    sentence = "Brazil accused Argentina of breaking the deal."
    first = relation_features(sentence, (0, 6), (15, 24))
    assert first == relation_features(sentence, (0, 6), (15, 24))
    assert "brazil" not in first["words"] and "argentina" not in first["words"]
    assert "b:accused" in first["context"]
    assert "between:ACCUSE" in first["lex"]


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("accused", "accus"), ("accuses", "accus"), ("banned", "ban"), ("talks", "talk")],
)
def test_stem(word, stemmed):
    assert stem(word) == stemmed


def test_shipped_model_matches_the_feature_version():
    data = json.loads((resources.files("dateline") / "data" / "relation_model.json").read_text())
    assert data["feature_version"] == FEATURE_VERSION
    assert "FEATURE_VERSION" in (REPO / "scripts" / "train_relation.py").read_text()
    model = load_model()
    assert set(model.main.classes) == {*PLOVER_TYPES, "YIELD"} - {"CONCEDE", "RETREAT"}
    assert set(model.yield_split.classes) == {"CONCEDE", "RETREAT"}
    assert model.main.temperature > 0
    size = (resources.files("dateline") / "data" / "relation_model.json").stat().st_size
    assert size < 30_000_000


def test_retype_keeps_an_agreeing_rule_type():
    sentence = "Putin met Xi in Moscow."
    kind, probability = retype(sentence, (0, 5), (10, 12), "CONSULT")
    assert kind == "CONSULT" and probability > 0.5


def test_decide_overrules_only_with_a_clear_margin():
    close = dict.fromkeys(PLOVER_TYPES, 0.0) | {"ACCUSE": 0.5, "REJECT": 0.4}
    assert decide(close, "REJECT") == ("REJECT", 0.4)
    clear = dict.fromkeys(PLOVER_TYPES, 0.0) | {"ACCUSE": 0.9, "REJECT": 0.05, "AID": 0.05}
    assert decide(clear, "REJECT") == ("ACCUSE", 0.9)
    yielded = dict.fromkeys(PLOVER_TYPES, 0.0) | {"CONCEDE": 0.3, "RETREAT": 0.6, "AID": 0.1}
    assert decide(yielded, "CONCEDE") == ("CONCEDE", pytest.approx(0.9))
    assert decide(yielded, "AID")[0] == "RETREAT"
