"""The relation classifier: hand-written sentences, probabilities, spans, the shipped model."""

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from dateline import classify_relation, classify_relations
from dateline.coding.encoder import (
    SOURCE_MARK,
    TARGET_MARK,
    _token_at,
    load_encoder,
    marked,
    window,
)
from dateline.coding.model import FEATURE_VERSION, load_model, mask, relation_features, stem
from dateline.coding.ontology import PLOVER_TYPES
from dateline.coding.relation import (
    CONFIDENT,
    LINEAR_WEIGHT,
    blend,
    decide,
    needs_encoder,
    retype,
)

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
@pytest.mark.parametrize("model", ["auto", "linear", "encoder"])
def test_obvious_relations(sentence, source, target, expected, model):
    probabilities = classify_relation(sentence, *spans(sentence, source, target), model=model)
    assert max(probabilities, key=probabilities.get) == expected


@pytest.mark.parametrize("model", ["auto", "linear", "encoder"])
@pytest.mark.parametrize(
    ("source", "target"),
    [("Japan", "flood victims"), (None, "flood victims"), ("Japan", None), (None, None)],
)
def test_probabilities_cover_the_sixteen_types_and_sum_to_one(source, target, model):
    sentence = "Japan sent emergency relief to flood victims in Pakistan."
    probabilities = classify_relation(sentence, *spans(sentence, source, target), model=model)
    assert tuple(probabilities) == PLOVER_TYPES
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())


@pytest.mark.parametrize("bad", [(40, 10), (-5, -1), (500, 600), (3, 3)])
@pytest.mark.parametrize("model", ["linear", "encoder"])
def test_out_of_range_spans_count_as_implicit(bad, model):
    sentence = "Peru recalled its ambassador."
    assert classify_relation(sentence, bad, None, model=model) == classify_relation(
        sentence, None, None, model=model
    )


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="model must be"):
        classify_relation("Peru recalled its ambassador.", (0, 4), None, model="bert")


BATCH = [
    ("Rebels shelled the airport and the army answered with air strikes.", (0, 6), (19, 30)),
    ("Ghana and Togo signed a border agreement on Monday.", (0, 5), (10, 14)),
    ("The opposition demanded that the prime minister resign.", (0, 14), (29, 47)),
    ("Thousands marched in Santiago against the pension reform.", (0, 9), None),
]


@pytest.mark.parametrize("model", ["auto", "encoder"])
def test_batched_and_one_by_one_agree(model):
    batched = classify_relations(BATCH, model=model)
    for item, probabilities in zip(BATCH, batched, strict=True):
        alone = classify_relation(*item, model=model)
        assert alone.keys() == probabilities.keys()
        for name in alone:
            assert alone[name] == pytest.approx(probabilities[name], abs=1e-4)


def test_cascade_keeps_confident_linear_answers_and_blends_the_rest():
    linear = classify_relations(BATCH, model="linear")
    encoder = classify_relations(BATCH, model="encoder")
    auto = classify_relations(BATCH, model="auto")
    plv = [name for name in PLOVER_TYPES if name not in {"CONCEDE", "RETREAT"}]
    for lin, enc, mixed in zip(linear, encoder, auto, strict=True):
        if max(lin[name] for name in plv) >= CONFIDENT:
            assert mixed == lin
        else:
            for name in plv:
                expected = LINEAR_WEIGHT * lin[name] + (1 - LINEAR_WEIGHT) * enc[name]
                assert mixed[name] == pytest.approx(expected, abs=1e-6)


def test_needs_encoder_and_blend():
    p = np.array([[0.95, 0.05], [0.5, 0.5]])
    assert needs_encoder(p, "auto").tolist() == [False, True]
    assert needs_encoder(p, "linear").tolist() == [False, False]
    assert needs_encoder(p, "encoder").tolist() == [True, True]
    e = np.array([[0.0, 1.0]])
    assert blend(p[1:], e, "encoder").tolist() == [[0.0, 1.0]]
    assert blend(p[1:], e, "auto")[0, 0] == pytest.approx(LINEAR_WEIGHT * 0.5)


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ((0, 4), (9, 11), "@ Peru @ met # Xi # today."),
        (None, (9, 11), "Peru met # Xi # today."),
        ((0, 4), None, "@ Peru @ met Xi today."),
        ((9, 11), (0, 4), "# Peru # met @ Xi @ today."),
        ((0, 11), (0, 4), "@ # Peru # met Xi @ today."),  # a nested target opens inside
        ((0, 4), (0, 11), "# @ Peru @ met Xi # today."),
        (None, None, "Peru met Xi today."),
    ],
)
def test_markers(source, target, expected):
    text, opens_source, opens_target = marked("Peru met Xi today.", source, target)
    assert text == expected
    if source:
        assert text[opens_source] == SOURCE_MARK
    if target:
        assert text[opens_target] == TARGET_MARK


def test_window_keeps_words_around_the_actors_and_shifts_spans():
    sentence = "One two three four Peru five six met Chile seven eight nine ten."
    source, target = (19, 23), (37, 42)
    text, s, t = window(sentence, source, target, 2)
    assert text == "three four Peru five six met Chile seven eight"
    assert text[s[0] : s[1]] == "Peru" and text[t[0] : t[1]] == "Chile"
    assert window(sentence, source, target, 0) == (sentence, source, target)
    assert window(sentence, None, None, 2) == (sentence, None, None)


def test_marker_tokens_are_found():
    encoder = load_encoder()
    sentence = "Officials said Peru recalled its ambassador from Chile."
    text, s, t = marked(sentence, (15, 19), (49, 54))
    encoding = encoder.tokenizer.encode(text)
    tokens = encoding.tokens
    assert tokens[_token_at(encoding.offsets, s)] == SOURCE_MARK
    assert tokens[_token_at(encoding.offsets, t)] == TARGET_MARK
    assert _token_at(encoding.offsets, None) == 0


def test_shipped_encoder_is_the_recorded_recipe():
    encoder = load_encoder()
    assert list(encoder.classes) == list(load_model().main.classes)
    assert encoder.temperature > 0
    folder = resources.files("dateline") / "data" / "relation_encoder"
    assert len(encoder.sessions) == len(encoder.meta["members"]) >= 1
    for member in encoder.meta["members"]:
        assert (folder / member["file"]).stat().st_size < 30_000_000
        recorded = np.load(REPO / member["oof"])
        config = json.loads(str(recorded["report"]))["config"]
        assert {**member["config"], **config} == member["config"]
        assert recorded["logits"].shape == (1050, len(encoder.classes))


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


def test_two_word_triggers_and_joint_exercises_reach_the_linear_model():
    from dateline.coding.model import lexicon_hits

    assert (3, "COERCE") in lexicon_hits(["the", "army", "declared", "martial", "law"])
    assert (1, "MOBILIZE") in lexicon_hits(["the", "war", "games"])
    assert (1, "MOBILIZE") in lexicon_hits(["staged", "exercises"])
    assert (2, "COOPERATE") in lexicon_hits(["staged", "joint", "exercises"])
