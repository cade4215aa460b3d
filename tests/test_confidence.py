"""The mention-confidence model: features, the threshold, and what is held back where."""

import json

import pytest

from conftest import candidates
from dateline.coding.confidence import (
    how_typed,
    load_mention_model,
    probability_of,
    side_features,
    with_confidence,
)
from dateline.records import ActorRef, Mention

MODEL = {"threshold": 0.5, "weights": {"bias": -1.0, "source:named": 3.0, "source:none": -2.0}}


def mention(source=(), *, modality="asserted", negated=False, **extra) -> Mention:
    return Mention(
        article_id="a",
        event_type="CONSULT",
        section="body",
        sentence="Putin met Xi in Moscow.",
        sentence_span=(0, 23),
        trigger="met",
        trigger_span=(6, 9),
        source=tuple(source),
        modality=modality,
        negated=negated,
        coder="rules-0.1: verb 'meet' → CONSULT",
        **extra,
    )


PUTIN = ActorRef(text="Putin", span=(0, 5), name="Vladimir Putin", country="RUS", kind="person")


def test_side_features_name_how_an_actor_was_found():
    assert side_features("source", []) == {"source:none": 1.0}
    assert side_features("source", [PUTIN]) == {"source:named": 1.0, "source:country": 1.0}
    role = ActorRef(text="the families of the missing", span=None, method="unresolved")
    assert side_features("target", [role]) == {"target:role": 1.0}
    place = ActorRef(text="Afrin", span=None, country="SYR", method="located-in", kind="located")
    assert side_features("target", [place]) == {"target:place": 1.0, "target:country": 1.0}
    clause = ActorRef(text="the group that ousted the militants from the city", span=None)
    assert "target:long" in side_features("target", [clause])


@pytest.mark.parametrize(
    ("coder", "how"),
    [
        ("rules-0.1: verb 'meet' → CONSULT", "verb"),
        ("rules-0.1: noun 'attack' → ASSAULT", "noun"),
        ("rules-0.1: 'held … talks' → CONSULT", "light"),
        ("rules-0.1: classifier: 'say' clause → ACCUSE (p=0.52)", "classifier"),
        ("rules-0.1: verb 'meet' → CONSULT; classifier: CONSULT → AGREE (p=0.7)", "retyped"),
    ],
)
def test_how_the_type_was_found(coder, how):
    assert how_typed(coder) == how


def test_only_asserted_mentions_below_the_threshold_are_held_back():
    named, nobody = mention([PUTIN]), mention()
    denied = mention(negated=True)
    planned = mention(modality="future")
    scored = with_confidence([named, nobody, denied, planned], model=MODEL)
    assert [m.low_confidence for m in scored] == [False, True, False, False]
    assert scored[0].confidence > 0.5 > scored[1].confidence
    assert scored[2].confidence < 0.5  # a denied act keeps its probability, not held back


def test_the_shipped_model_is_a_logistic_model_with_a_threshold():
    model = load_mention_model()
    assert 0.0 < model["threshold"] < 1.0
    assert model["weights"]["source:none"] < 0 < model["weights"]["source:named"]
    assert model["cross_validated"]["precision"] >= 0.5  # the threshold was chosen for it
    assert 0.0 <= probability_of({"bias": 1.0, "source:none": 1.0}, model) < model["threshold"]


def test_extract_leaves_out_what_the_model_does_not_trust():
    import dateline

    text = "Three soldiers were killed in Kabul on Sunday. Putin met Xi in Moscow on Sunday."
    every = candidates(text)
    shown = dateline.extract(text, published="2021-05-03")
    held = [m for m in every if m["low_confidence"]]
    assert [m["event_type"] for m in held] == ["ASSAULT"]  # by no one named
    assert all(not m["low_confidence"] for m in shown)
    assert len(shown) + len(held) == len(every)
    assert any(m["event_type"] == "CONSULT" for m in shown)


def test_low_confidence_mentions_are_stored_and_never_merged(tmp_path):
    from dateline.pipeline import ingest
    from dateline.store import Store

    feed = tmp_path / "feed.jsonl"
    story = {
        "id": "1",
        "source": "AP",
        "published": "2021-05-03",
        "text": "Putin met Xi in Moscow on Sunday. Three soldiers were killed in Kabul on Sunday.",
    }
    feed.write_text(json.dumps(story) + "\n")
    with Store(tmp_path / "x.db") as store:
        ingest([str(feed)], store)
        rows = store.db.execute("SELECT id, low_confidence FROM mentions").fetchall()
        merged = {r[0] for r in store.db.execute("SELECT mention_id FROM event_mentions")}
    held = {mention_id for mention_id, low in rows if low}
    assert held, "the killing by no one named is held back"
    assert merged and not merged & held
    assert merged == {mention_id for mention_id, low in rows if not low}
