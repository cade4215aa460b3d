"""The HTTP API's documented shapes (OpenAPI at /openapi.json): what each endpoint answers and
takes. Responses are built as plain JSON and checked against these in the tests; only the
posted articles are parsed by them (untrusted input)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_POSTED_ARTICLES = 100
MAX_TEXT_CHARS = 1_000_000


class Open(BaseModel):
    """A record that may carry more fields than the ones named (the store's JSON)."""

    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(description="dateline error code, see docs/errors.md", examples=["D100"])
    message: str
    hint: str = ""


class Error(BaseModel):
    """Every error the API answers, whatever the endpoint."""

    error: ErrorBody


class Actor(Open):
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    text: str | None = None


class DateRange(Open):
    start: str | None = None
    end: str | None = None
    granularity: str | None = None


class Place(Open):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class MentionRef(Open):
    mention_id: str
    article_id: str | None = None
    sentence: str | None = None


class Event(Open):
    """One merged event: one real-world event with the mentions that report it."""

    event_id: str
    event_type: str
    negated: bool | None = None
    modality: str | None = None
    source: list[Actor] = []
    target: list[Actor] = []
    date: DateRange | None = None
    location: Place | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    mention_count: int | None = None
    article_count: int | None = None
    source_count: int | None = None
    outlets: list[str] = []
    mentions: list[MentionRef] = []
    merges: list[str] = []


class EventPage(BaseModel):
    data: list[Event]
    next: str | None = Field(description="the next page's URL; null on the last page")
    limit: int
    offset: int


class Highlight(BaseModel):
    start: int = Field(description="character offset into the sentence")
    end: int
    role: str = Field(description="source, target, trigger, date or place")
    text: str
    label: str = Field(description="what the span was resolved to")
    reason: str


class Article(Open):
    id: str
    source: str
    published: str
    title: str
    url: str


class MentionEvidence(BaseModel):
    mention_id: str
    article_id: str | None
    section: str | None
    sentence: str
    highlights: list[Highlight]
    event_type: str | None
    negated: bool
    modality: str | None
    confidence: float | None
    date_defaulted: bool
    location_defaulted: bool
    article: Article | None


class EventDetail(BaseModel):
    event: Event
    mentions: list[MentionEvidence]


class TimelineRow(BaseModel):
    period: str
    start: str
    end: str
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein: float


class Timeline(BaseModel):
    period: str
    rows: list[TimelineRow]
    undated: int = Field(description="matching events without a date, in no period")
    outside: int = Field(description="events that began before `since`, in no period")


class Node(BaseModel):
    id: str = Field(description="ISO3 country (or UNO, EUR, IGO, XKX)")
    events: int


class Edge(BaseModel):
    source: str
    target: str
    events: int
    quad1: int = Field(description="verbal cooperation events")
    quad2: int = Field(description="material cooperation events")
    quad3: int = Field(description="verbal conflict events")
    quad4: int = Field(description="material conflict events")
    goldstein: float


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class PlaceCount(BaseModel):
    name: str
    country: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    events: int
    defaulted: int = Field(description="events placed only by the story's dateline")


class CountryCount(BaseModel):
    country: str
    events: int


class Places(BaseModel):
    countries: list[CountryCount]
    places: list[PlaceCount]


class ActorRow(Open):
    name: str
    country: str
    kind: str
    mentions: int


class Actors(BaseModel):
    data: list[ActorRow]


class Quote(Open):
    text: str
    published: str
    title: str
    article_id: str


class Quotes(BaseModel):
    data: list[Quote]


class SearchHit(BaseModel):
    sentence: str
    mention_id: str
    article_id: str
    published: str
    title: str
    event_id: str | None


class SearchHits(BaseModel):
    data: list[SearchHit]


class ArticleIn(BaseModel):
    """One story to ingest, as a JSON Lines record would give it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    published: str = Field(description="YYYY-MM-DD (or an ISO date-time)", examples=["2023-04-16"])
    title: str = ""
    source: str = Field("", description="the outlet")
    url: str = ""
    id: str | None = Field(None, description="the outlet's own id of the record")


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_POSTED_ARTICLES)


class RecordOutcome(BaseModel):
    origin: str
    status: str = Field(description="stored, copy, duplicate or skipped")
    article_id: str
    story_id: str
    reason: str


class IngestReport(BaseModel):
    report: dict[str, int | float | dict[str, int]]
    records: list[RecordOutcome]
