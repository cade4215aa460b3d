"""The records that flow through the pipeline.

Frozen, slotted, keyword-only dataclasses: cheap in hot loops, picklable for worker processes,
and impossible to mutate by accident between stages. Every resolved value keeps the text it
came from (`text` + `span`, character offsets into the text being read), the `method` that
produced it, a `confidence` and a human `reason`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Span = tuple[int, int]
Section = Literal["headline", "caption", "body"]
Modality = Literal["asserted", "future", "hypothetical", "conditional"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One dated story as read. `id` is stable: a hash of the outlet and the id the record
    gave (`record_id`), else of the content; `text` is the story as read."""

    id: str
    published: date
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    origin: str = ""  # where it was read: "path:line"
    record_id: str = ""  # the id the input gave the record, if any


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    place: str
    agency: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    text: str
    span: Span
    date: str | None = None  # ISO date the caption states, e.g. "2023-03-25"


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    text: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedArticle:
    """The wire layout of a story: every part with offsets into `article.text`."""

    article: Article
    byline: str = ""
    byline_span: Span | None = None
    dateline: Dateline | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    furniture: tuple[Paragraph, ...] = ()  # publish/update lines and other page debris

    @property
    def body(self) -> str:
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    text: str
    span: Span | None
    name: str = ""
    country: str = ""
    sector: str = ""
    kb_id: str = ""
    kind: str = ""  # person, state, igo, group, unknown
    confidence: float = 0.5
    method: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeRef:
    text: str
    span: Span | None
    start: str  # ISO date, inclusive
    end: str  # ISO date, inclusive
    granularity: str  # day, week, month, quarter, season, year, range
    method: str = ""
    confidence: float = 0.5
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRef:
    text: str
    span: Span | None
    name: str
    geonameid: int | None
    country: str  # ISO3
    lat: float | None = None
    lon: float | None = None
    feature_class: str = ""
    method: str = ""
    confidence: float = 0.5
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    text: str
    span: Span
    speaker: ActorRef | None
    verb: str = ""
    direct: bool = True
    section: Section = "body"


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One coded event in one sentence of one article."""

    article_id: str
    event_type: str
    section: Section
    sentence: str
    sentence_span: Span
    trigger: str
    trigger_span: Span
    source: tuple[ActorRef, ...] = ()
    target: tuple[ActorRef, ...] = ()
    mode: str = ""
    context: str = ""
    negated: bool = False
    modality: Modality = "asserted"
    background: bool = False
    date: TimeRef | None = None
    date_defaulted: bool = False
    location: PlaceRef | None = None
    location_defaulted: bool = False
    confidence: float = 0.5
    low_confidence: bool = False  # below the confidence model's threshold: kept, not counted
    cameo_root: str = ""
    quad_class: int = 0
    goldstein: float = 0.0
    speaker: ActorRef | None = None
    coder: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """A record that could not be processed: counted, stored and reported, never dropped."""

    origin: str  # file and line or offset
    stage: str
    reason: str
    record_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What became of one record read: one line of the ingest report.

    status: "stored", "copy" (stored, and linked to an earlier story it is a copy of),
    "duplicate" (this very record was already stored) or "skipped" (with the reason)."""

    origin: str
    status: str
    article_id: str = ""
    story_id: str = ""
    stage: str = ""  # of a skip: read, language, layout, coding, store
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Everything `extract` learns from one article."""

    parsed: ParsedArticle
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[ActorRef, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    notes: tuple[str, ...] = field(default=())


def to_json(value: object) -> object:
    """Plain JSON-ready data for a record (dates as ISO strings, spans as lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, ParsedArticle):
            out["body"] = value.body
        return out
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


def article_json(parsed: ParsedArticle) -> dict[str, object]:
    """The article part of `dateline parse` / `dateline extract` output."""
    article = parsed.article
    return {
        "id": article.id,
        "published": article.published.isoformat(),
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "origin": article.origin,
        "byline": parsed.byline,
        "byline_span": to_json(parsed.byline_span),
        "dateline": to_json(parsed.dateline),
        "captions": to_json(parsed.captions),
        "paragraphs": to_json(parsed.paragraphs),
        "furniture": to_json(parsed.furniture),
        "body": parsed.body,
    }


def extraction_json(extraction: Extraction, *, everything: bool = False) -> dict[str, object]:
    """One line of `dateline extract`: article, mentions, quotes, actors, places. Mentions
    flagged `low_confidence` are left out unless `everything` is set."""
    mentions = [m for m in extraction.mentions if everything or not m.low_confidence]
    return {
        "article": article_json(extraction.parsed),
        "mentions": to_json(mentions),
        "quotes": to_json(extraction.quotes),
        "actors": to_json(extraction.actors),
        "places": to_json(extraction.places),
    }


def article_id(
    text: str, *, source: str = "", title: str = "", published: date | None = None
) -> str:
    """A stable id from normalized content, outlet and day: the same story read twice gets
    the same id; the same words printed on another day are another report."""
    normalized = " ".join(unicodedata.normalize("NFKC", f"{title}\n{text}").split()).casefold()
    day = published.isoformat() if published else ""
    key = f"{source.strip().casefold()}\n{day}\n{normalized}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def record_key(source: str, record_id: str) -> str:
    """A stable article id from an outlet and the id it gave a record."""
    key = f"record\n{source.strip().casefold()}\n{record_id.strip()}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def first_country(actors: list[dict]) -> str:
    return next((a["country"] for a in actors if a.get("country")), "")


def names(actors: list[dict]) -> str:
    return "|".join(str(a.get("name") or a.get("text") or "") for a in actors)
