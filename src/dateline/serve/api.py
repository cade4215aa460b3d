"""The HTTP API under /api/v1: the store's queries with the filters of `dateline events`.

Every endpoint only reads, through a read-only connection of the thread that answers it
(`StorePool`), so events an ingest merges appear in the next answer. The one write, `POST
/api/v1/articles`, needs the server's token. Answers are plain JSON built from the store's
records; `schemas.py` documents them.
"""

from __future__ import annotations

import csv
import dataclasses
import hmac
import io
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..coding.ontology import PLOVER_TYPES
from ..errors import (
    FilterError,
    NotFoundError,
    StoreError,
    TokenError,
    WritesDisabledError,
)
from ..store import EventFilter
from ..store.events import check_filter, dyad_pair
from . import schemas
from .evidence import mention_evidence
from .state import ServerState, StorePool

MAX_LIMIT = 500
# Shapes of filter values, so /openapi.json says what each takes (their meaning, such as a
# country code dateline knows, is still checked by `check_filter`).
COUNTRY = r"^[A-Za-z]{3}$"
DYAD = r"^[A-Za-z]{3},[A-Za-z]{3}$"
DAY = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EventType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]
MAX_OFFSET = 10_000_000
BIG = 1_000_000_000  # upper bound of counts a client may ask for (SQLite integers are 64-bit)

router = APIRouter(prefix="/api/v1")
bearer = HTTPBearer(auto_error=False, description="the DATELINE_TOKEN the server started with")


def error_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI entries for the errors an endpoint can answer (one shape for all)."""
    return {status: {"model": schemas.Error} for status in (400, *statuses)}


def state(request: Request) -> ServerState:
    return request.app.state.dateline


def stores(request: Request) -> StorePool:
    """The server's read-only connections. An endpoint takes its own with `.get()` in its
    body: FastAPI may resolve a dependency in another worker thread than the one that runs
    the endpoint, and an SQLite connection belongs to the thread that opened it."""
    return state(request).stores


def event_filter(
    actor: Annotated[str | None, Query(description="Part of an actor's name, either side.")] = None,
    country: Annotated[
        str | None,
        Query(pattern=COUNTRY, description="ISO3 country on either side, e.g. RUS."),
    ] = None,
    dyad: Annotated[
        str | None,
        Query(pattern=DYAD, description="Source and target countries, e.g. RUS,UKR."),
    ] = None,
    undirected: Annotated[bool, Query(description="Match the dyad in either direction.")] = False,
    event_type: Annotated[
        list[EventType],
        Query(alias="type", description="PLOVER type, e.g. ASSAULT (repeatable)."),
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    quad: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")] = None,
    since: Annotated[
        str | None, Query(pattern=DAY, description="Events on or after YYYY[-MM[-DD]].")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=DAY, description="Events on or before YYYY[-MM[-DD]].")
    ] = None,
    place: Annotated[str | None, Query(description="Part of the place name, or its ISO3.")] = None,
    min_sources: Annotated[
        int, Query(ge=1, le=BIG, description="At least this many independent sources.")
    ] = 1,
    exclude_negated: Annotated[bool, Query(description="Leave out negated events.")] = False,
    exclude_hypothetical: Annotated[
        bool, Query(description="Leave out future, hypothetical and conditional events.")
    ] = False,
    all_mentions: Annotated[
        bool,
        Query(
            alias="all",
            description="Also show mentions coding marks as low-confidence (kept in the "
            "database, never counted in events). Accepted now and changes nothing until "
            "the store records that mark.",
        ),
    ] = False,
) -> EventFilter:
    """The filters of `dateline events`, checked as the command line checks them."""
    return check_filter(
        EventFilter(
            actor=actor or None,
            country=country or None,
            dyad=dyad_pair(dyad) if dyad else None,
            directed=not undirected,
            event_type=tuple(event_type),
            quad_class=quad,
            date_from=since or None,
            date_to=until or None,
            place=place or None,
            min_sources=min_sources,
            include_negated=not exclude_negated,
            include_hypothetical=not exclude_hypothetical,
        )
    )


Filters = Annotated[EventFilter, Depends(event_filter)]
Readers = Annotated[StorePool, Depends(stores)]


def counted(selection: EventFilter) -> EventFilter:
    """What the aggregate views count: never negated events (counting what did not happen
    misleads; `dateline timeline` does the same)."""
    return dataclasses.replace(selection, include_negated=False)


@router.get(
    "/events",
    response_model=None,
    responses={
        200: {
            "model": schemas.EventPage,
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "A page of events, newest first (JSON, or flat CSV columns as "
            "`dateline export --format csv` writes them, with the next page in the Link "
            "header).",
        },
        **error_responses(),
    },
    summary="Merged events, newest first, filtered and paginated",
)
def list_events(
    request: Request,
    selection: Filters,
    readers: Readers,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    output: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    reader = readers.get()
    rows = reader.events(selection, limit=limit + 1, offset=offset)
    assert isinstance(rows, list)
    more = len(rows) > limit
    rows = rows[:limit]
    following = (
        str(request.url.include_query_params(offset=offset + limit)).removeprefix(
            str(request.base_url).rstrip("/")
        )
        if more
        else None
    )
    if output == "csv":
        headers = {"Link": f'<{following}>; rel="next"'} if following else {}
        return StreamingResponse(csv_lines(rows), media_type="text/csv", headers=headers)
    return JSONResponse({"data": rows, "next": following, "limit": limit, "offset": offset})


def csv_lines(rows: list[dict]) -> Iterator[str]:
    from ..export import FLAT_NAMES, csv_text, flat_row

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FLAT_NAMES)
    for row in rows:
        writer.writerow([csv_text(v) for v in flat_row(row).values()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@router.get(
    "/events/{event_id}",
    response_model=None,
    responses={200: {"model": schemas.EventDetail}, **error_responses(404)},
    summary="One event with the sentences behind it, their marked spans and merge reasons",
)
def get_event(
    event_id: str,
    readers: Readers,
    all_mentions: Annotated[
        bool,
        Query(alias="all", description="Also low-confidence mentions (no effect until coded)."),
    ] = False,
) -> JSONResponse:
    reader = readers.get()
    event = reader.event(event_id)
    if event is None:
        raise NotFoundError(
            f"no event with id '{event_id}'", hint="take event ids from /api/v1/events"
        )
    ids = [m["mention_id"] for m in event.get("mentions") or []]
    records = reader.mention_records(ids)
    articles = reader.articles(r.get("article_id", "") for r in records.values())
    mentions = [
        mention_evidence(
            mention_id, records[mention_id], articles.get(records[mention_id].get("article_id"))
        )
        for mention_id in ids
        if mention_id in records
    ]
    return JSONResponse({"event": event, "mentions": mentions})


@router.get(
    "/timeline",
    response_model=None,
    responses={200: {"model": schemas.Timeline}, **error_responses()},
    summary="Events per period with counts per QuadClass (every period, empty ones too)",
)
def get_timeline(
    selection: Filters,
    readers: Readers,
    period: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
) -> JSONResponse:
    reader = readers.get()
    from ..series import fill_periods

    selection = counted(selection)
    rows = reader.timeline(selection, period=period)
    assert isinstance(rows, list)
    first, last = (
        parse_day(selection.date_from),
        parse_day(selection.date_to),
    )
    series = fill_periods(rows, period, first=first, last=last)
    return JSONResponse(
        {
            "period": period,
            "rows": [
                {**row, "start": row["start"].isoformat(), "end": row["end"].isoformat()}
                for row in series.rows
            ],
            "undated": series.undated,
            "outside": series.outside,
        }
    )


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@router.get(
    "/network",
    response_model=None,
    responses={200: {"model": schemas.Network}, **error_responses()},
    summary="Country dyads weighted by events, with their QuadClass mix (negated left out)",
)
def get_network(
    selection: Filters,
    readers: Readers,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many dyads.")] = 200,
) -> JSONResponse:
    reader = readers.get()
    edges = reader.network(counted(selection), limit=limit)
    totals: dict[str, int] = {}
    for edge in edges:
        for side in ("source", "target"):
            totals[edge[side]] = totals.get(edge[side], 0) + edge["events"]
    nodes = [
        {"id": country, "events": events}
        for country, events in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return JSONResponse({"nodes": nodes, "edges": edges})


@router.get(
    "/places",
    response_model=None,
    responses={200: {"model": schemas.Places}, **error_responses()},
    summary="Where events happened: per place (with coordinates) and per country",
)
def get_places(
    selection: Filters,
    readers: Readers,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many places.")] = 500,
) -> JSONResponse:
    reader = readers.get()
    places = reader.places(counted(selection))
    countries: dict[str, int] = {}
    for place in places:
        if place["country"]:
            countries[place["country"]] = countries.get(place["country"], 0) + place["events"]
    return JSONResponse(
        {
            "countries": [
                {"country": c, "events": n}
                for c, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "places": places[:limit],
        }
    )


@router.get(
    "/actors",
    response_model=None,
    responses={200: {"model": schemas.Actors}, **error_responses()},
    summary="People and organizations seen in stories, busiest first",
)
def get_actors(
    readers: Readers,
    kind: Annotated[str | None, Query(description="person, org, igo, group, state …")] = None,
    country: Annotated[str | None, Query(pattern=COUNTRY, description="ISO3 country code.")] = None,
    sector: Annotated[str | None, Query(description="PLOVER agent code, e.g. MIL.")] = None,
    name: Annotated[str | None, Query(description="Part of the name.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> JSONResponse:
    reader = readers.get()
    rows = reader.actors(
        kind=kind or None,
        country=country or None,
        sector=sector or None,
        name=name or None,
        limit=limit,
    )
    return JSONResponse({"data": rows})


@router.get(
    "/quotes",
    response_model=None,
    responses={200: {"model": schemas.Quotes}, **error_responses()},
    summary="Direct and reported quotes with their speaker and story, newest first",
)
def get_quotes(
    readers: Readers,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> JSONResponse:
    reader = readers.get()
    return JSONResponse({"data": reader.quotes(speaker=speaker or None, limit=limit)})


@router.get(
    "/search",
    response_model=None,
    responses={200: {"model": schemas.SearchHits}, **error_responses()},
    summary="Sentences with every word of q, best first, with their event",
)
def search(
    readers: Readers,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    fts: Annotated[bool, Query(description="Pass q to SQLite FTS5 as a query.")] = False,
) -> JSONResponse:
    reader = readers.get()
    try:
        hits = reader.search(q, limit=limit, raw=fts)
    except StoreError as exc:
        if type(exc) is not StoreError:  # a damaged or busy file: not the query's fault
            raise
        raise FilterError(exc.message, hint=exc.hint) from exc
    return JSONResponse({"data": hits})


def check_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Writes only with the server's token, compared in constant time."""
    token = state(request).token
    if not token:
        raise WritesDisabledError(
            "this server only reads", hint="start dateline serve with DATELINE_TOKEN set"
        )
    presented = credentials.credentials if credentials else ""
    if not hmac.compare_digest(presented.encode(), token.encode()):
        raise TokenError(
            "a write needs the server's token" if not presented else "wrong token",
            hint="send 'Authorization: Bearer TOKEN' with the server's DATELINE_TOKEN",
        )


@router.post(
    "/articles",
    response_model=None,
    responses={
        200: {"model": schemas.IngestReport},
        **error_responses(401, 403),
    },
    dependencies=[Depends(check_token)],
    summary="Ingest stories (needs the token); they are coded, stored and merged at once",
)
def post_articles(request: Request, body: schemas.ArticlesIn) -> JSONResponse:
    from ..errors import RecordError
    from ..read import article_from_record, skip

    items = []
    for number, article in enumerate(body.articles, start=1):
        origin = f"POST /api/v1/articles:{number}"
        try:
            items.append(article_from_record(article.model_dump(), origin=origin))
        except RecordError as exc:
            items.append(skip(origin, exc))
    report, records = state(request).ingest(items)
    return JSONResponse({"report": report, "records": records})
