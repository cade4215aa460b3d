"""The English pipeline: the memoized attribute rules and the entity tagger that stand in for
spaCy's attribute ruler and NER."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from dateline.attributes import AttributeComponent, AttributeRules, LemmaComponent
from dateline.entities import LABELS, OUTSIDE, begin_tag, decode, inside_tag, window_features
from dateline.errors import ModelError
from dateline.nlp import MODEL, cheaper_components, load_nlp
from dateline.token_vectors import (
    CAPACITY,
    EmbeddingMemo,
    embedding_stages,
    memoize_embeddings,
)

TEXTS = [
    "Russian President Vladimir Putin met China's defense minister in Moscow on Sunday.",
    "China wouldn't be helping Russia with weapons, he said, and it isn't gonna change.",
    "There are those who'd rather we didn't; y'all know that's what I've done for you.",
    "Let's see whether the talks, which had stalled since 2019, gotta resume.",
    "The  ministers  said\n\nthat it was not over.",
    "Do they? I do. He has. Nothin' ain't what it seems.",
]


@pytest.fixture(scope="module")
def plain():
    """en_core_web_sm exactly as shipped (spaCy's own ruler and NER)."""
    return spacy.load(MODEL)


def test_memoized_rules_and_lemmas_give_what_spacy_gives(plain) -> None:
    rules = AttributeComponent(AttributeRules(plain.get_pipe("attribute_ruler").patterns))
    lemmas = LemmaComponent(plain.get_pipe("lemmatizer"))
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        bare = list(plain.pipe(TEXTS * 2))  # twice: the second time from the memos
    ruler, lemmatizer = plain.get_pipe("attribute_ruler"), plain.get_pipe("lemmatizer")
    ruled = [lemmatizer(ruler(doc.copy())) for doc in bare]
    memoized = list(lemmas.pipe(rules.pipe(doc.copy() for doc in bare)))
    assert sum(len(doc) for doc in bare) > 80
    for expected, got in zip(ruled, memoized, strict=True):
        for a, b in zip(expected, got, strict=True):
            assert (a.pos_, str(a.morph), a.lemma_, a.tag_, a.dep_) == (
                b.pos_,
                str(b.morph),
                b.lemma_,
                b.tag_,
                b.dep_,
            ), a.text
    assert any(t.lemma_ == "be" and t.lower_ == "ai" for doc in memoized for t in doc)


def test_attribute_rules_refuse_what_they_cannot_read() -> None:
    with pytest.raises(ValueError, match="not supported"):
        AttributeRules([{"patterns": [[{"ENT_TYPE": "GPE"}]], "attrs": {"POS": "PROPN"}}])


def tags(*rows: int) -> np.ndarray:
    scores = np.zeros((len(rows), 1 + 2 * len(LABELS)), dtype=np.float32)
    for i, tag in enumerate(rows):
        scores[i, tag] = 1.0
    return scores


PERSON, GPE = LABELS.index("PERSON"), LABELS.index("GPE")


@pytest.mark.parametrize(
    ("rows", "spans"),
    [
        ((begin_tag(PERSON), inside_tag(PERSON), OUTSIDE), [(0, 2, PERSON)]),
        ((OUTSIDE, begin_tag(GPE)), [(1, 2, GPE)]),
        ((begin_tag(GPE), begin_tag(GPE)), [(0, 1, GPE), (1, 2, GPE)]),
        ((OUTSIDE, OUTSIDE), []),
    ],
)
def test_decode_reads_begin_and_inside_tags(rows, spans) -> None:
    assert decode(tags(*rows)) == spans


def test_an_inside_tag_never_opens_or_switches_an_entity() -> None:
    # "inside PERSON" after outside: the best tag that may stand there (begin GPE) is taken
    scores = tags(OUTSIDE, inside_tag(PERSON))
    scores[1, begin_tag(GPE)] = 0.5
    assert decode(scores) == [(1, 2, GPE)]
    # "inside GPE" within a PERSON: ends the person, or continues it if that scores higher
    scores = tags(begin_tag(PERSON), inside_tag(GPE))
    scores[1, inside_tag(PERSON)] = 0.6
    assert decode(scores) == [(0, 2, PERSON)]


def test_window_features_pad_past_the_ends() -> None:
    vectors = np.arange(6, dtype=np.float32).reshape(3, 2)
    features = window_features(vectors, 1)
    assert features.shape == (3, 6)
    assert features[0].tolist() == [0, 0, 0, 1, 2, 3]
    assert features[2].tolist() == [2, 3, 4, 5, 0, 0]


def test_the_pipeline_tags_entities_without_spacys_ner() -> None:
    nlp = load_nlp()
    assert "entities" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert "attributes" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    assert "lemmas" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    doc = nlp("Russian President Vladimir Putin met Gen. Li Shangfu in Moscow on Sunday.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Vladimir Putin", "PERSON"), ("Moscow", "GPE"), ("Sunday", "DATE")} <= found
    assert [t.lemma_ for t in doc if t.text == "met"] == ["meet"]
    assert [doc.ents for doc in nlp.pipe(["", " "])] == [(), ()]


def test_spacys_ner_can_be_kept(plain) -> None:
    nlp = cheaper_components(spacy.load(MODEL), entities="spacy")
    assert "ner" in nlp.pipe_names and "entities" not in nlp.pipe_names
    with pytest.raises(ModelError, match="DATELINE_ENTITIES"):
        cheaper_components(plain, entities="fast")


def tok2vecs(nlp) -> dict:
    return {
        "shared": nlp.get_pipe("tok2vec").model,
        "ner": nlp.get_pipe("ner").model.get_ref("tok2vec"),
    }


def as_rows(output) -> np.ndarray:
    return np.concatenate(output) if isinstance(output, list) else output


@pytest.mark.parametrize("capacity", [CAPACITY, 40])
def test_memoized_embeddings_give_what_the_networks_give(plain, capacity) -> None:
    docs = list(plain.pipe([*TEXTS, "", TEXTS[0]]))
    expected = {name: as_rows(model.predict(docs)) for name, model in tok2vecs(plain).items()}
    fresh = spacy.load(MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    for name in ("tok2vec", "ner"):
        stages = embedding_stages(fresh.get_pipe(name).model)
        assert len(stages) == 1 and memoize_embeddings(fresh.get_pipe(name).model) == 1
        memo = EmbeddingMemo(stages[0], capacity=capacity)
        assert len(memo(docs[:1])[0]) == len(docs[0])  # part of the rows first
        rows = memo(docs)
        assert [len(r) for r in rows] == [len(doc) for doc in docs]
        assert memo(docs[:2])[0].shape == rows[0].shape  # from the table the second time
        assert len(memo.index) <= capacity
    for name, model in tok2vecs(fresh).items():
        assert any(node.name == "memoized_embeddings" for node in model.walk())
        for _ in range(2):  # the first time computed, the second from the memo
            got = as_rows(model.predict(docs))
            np.testing.assert_allclose(got, expected[name], rtol=1e-5, atol=1e-6)


def test_memoized_embeddings_refuse_training() -> None:
    fresh = spacy.load(MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "ner"])
    memoize_embeddings(fresh.get_pipe("tok2vec").model)
    doc = fresh.make_doc("Putin met Li.")
    with pytest.raises(NotImplementedError, match="prediction only"):
        fresh.get_pipe("tok2vec").model.begin_update([doc])


def test_the_loaded_pipeline_multiplies_through_numpy_and_memoizes() -> None:
    nlp = load_nlp()
    for name, model in tok2vecs(nlp).items():
        nodes = list(model.walk())
        assert not any(getattr(node.ops, "use_blis", False) for node in nodes), name
        assert any(node.name == "memoized_embeddings" for node in nodes), name


def test_memoized_embeddings_are_safe_across_threads(plain) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"{text} Item {n}." for n in range(12) for text in TEXTS]
    docs = list(plain.pipe(texts))
    stage = embedding_stages(plain.get_pipe("tok2vec").model)[0]
    expected = stage.predict(docs)
    memo = EmbeddingMemo(stage, capacity=CAPACITY)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda doc: memo([doc])[0], docs))
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-6)
