"""Merged events in the store: rebuilding them from mentions, filtering, timelines.

Functions over a `sqlite3.Connection` so the `Store` stays a thin facade and a second store
implementation can reuse the filter logic.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import functools
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources

from ..errors import FilterError

PERIODS = {
    "day": "date_start",
    "week": "strftime('%Y-W%W', date_start)",
    "month": "month",
    "year": "substr(month, 1, 4)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What `dateline events` and `Store.events` can filter on (all optional)."""

    actor: str | None = None  # part of an actor's name, either side
    country: str | None = None  # ISO3 on either side
    dyad: tuple[str, str] | None = None  # (source, target) ISO3
    directed: bool = True
    event_type: tuple[str, ...] = ()
    quad_class: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None  # part of the place name, or its ISO3 country
    min_sources: int = 1
    include_negated: bool = True
    include_hypothetical: bool = True

    def where(self, *, side: str = "") -> tuple[str, list[object]]:
        """SQL WHERE clause and parameters; `side` splits a country filter into its source
        side or its target side (without the events already counted on the source side)."""
        clauses: list[str] = []
        params: list[object] = []
        if self.actor:
            clauses.append("(source_names LIKE ? OR target_names LIKE ?)")
            params += [f"%{self.actor}%"] * 2
        if self.country and side == "source":
            clauses.append("source_country = ?")
            params.append(self.country.upper())
        elif self.country and side == "target":
            clauses.append("target_country = ? AND source_country != ?")
            params += [self.country.upper()] * 2
        elif self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            params += [self.country.upper()] * 2
        if self.dyad:
            a, b = self.dyad[0].upper(), self.dyad[1].upper()
            if self.directed:
                clauses.append("(source_country = ? AND target_country = ?)")
                params += [a, b]
            else:
                clauses.append(
                    "((source_country = ? AND target_country = ?) OR "
                    "(source_country = ? AND target_country = ?))"
                )
                params += [a, b, b, a]
        if self.event_type:
            clauses.append(f"event_type IN ({', '.join('?' * len(self.event_type))})")
            params += [t.upper() for t in self.event_type]
        if self.quad_class:
            clauses.append("quad_class = ?")
            params.append(self.quad_class)
        if self.date_from:
            clauses.append("date_end >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("date_start <= ?")
            params.append(self.date_to)
        if self.place:
            clauses.append("(location_name LIKE ? OR location_country = ?)")
            params += [f"%{self.place}%", self.place.upper()]
        if self.min_sources > 1:
            clauses.append("source_count >= ?")
            params.append(self.min_sources)
        if not self.include_negated:
            clauses.append("negated = 0")
        if not self.include_hypothetical:
            clauses.append("modality = 'asserted'")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# Codes beside ISO 3166-1 alpha-3 that actors carry (PLOVER's convention; see ARCHITECTURE).
SPECIAL_COUNTRIES = {"UNO", "EUR", "IGO", "XKX"}
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@functools.cache
def known_countries() -> frozenset[str]:
    """Every country code a filter may name: the shipped country table and PLOVER's extras."""
    table = resources.files("dateline") / "data" / "countries.csv"
    with table.open(encoding="utf-8") as handle:
        codes = {row["CCA3"].strip().upper() for row in csv.DictReader(handle)}
    return frozenset(codes | SPECIAL_COUNTRIES)


def filter_day(value: str, *, option: str, last: bool = False) -> str:
    """An ISO day from YYYY, YYYY-MM or YYYY-MM-DD (`last`: the last day it covers)."""
    match = PARTIAL_DATE.match(value.strip())
    try:
        if not match:
            raise ValueError(value)
        year, month, day = int(match[1]), int(match[2] or (12 if last else 1)), match[3]
        if day is None:
            day_number = calendar.monthrange(year, month)[1] if last else 1
        else:
            day_number = int(day)
        return date(year, month, day_number).isoformat()
    except ValueError:
        raise FilterError(
            f"{option} '{value}' is not a date",
            hint="write YYYY-MM-DD (or YYYY-MM, YYYY for a whole month or year)",
        ) from None


def country_code(value: str, *, option: str) -> str:
    code = value.strip().upper()
    if code not in known_countries():
        raise FilterError(
            f"{option} '{value}' is not a country code dateline knows",
            hint="use ISO 3166-1 alpha-3 (RUS, USA, CHN) or UNO, EUR, IGO, XKX",
        )
    return code


def dyad_pair(text: str) -> tuple[str, str]:
    """A dyad written SRC,TGT (RUS,UKR) as a (source, target) pair of country codes."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise FilterError(
            f"--dyad '{text}' is not two countries", hint="use SRC,TGT such as RUS,UKR"
        )
    return parts[0], parts[1]


def check_filter(selection: EventFilter) -> EventFilter:
    """`selection` with every value checked and normalized: dates to ISO days, types and
    countries to upper case. A value that cannot mean anything is a `FilterError` (it used to
    match nothing, silently)."""
    from ..coding.ontology import PLOVER_TYPES

    unknown = [t for t in selection.event_type if t.strip().upper() not in PLOVER_TYPES]
    if unknown:
        raise FilterError(
            f"--type {', '.join(unknown)}: not a PLOVER event type",
            hint=f"one of {', '.join(PLOVER_TYPES)}",
        )
    since = filter_day(selection.date_from, option="--since") if selection.date_from else None
    until = (
        filter_day(selection.date_to, option="--until", last=True) if selection.date_to else None
    )
    if since and until and since > until:
        raise FilterError(f"--since {since} is after --until {until}", hint="swap them")
    if selection.min_sources < 1:
        raise FilterError("--min-sources must be 1 or more", hint="1 keeps every event")
    if selection.quad_class is not None and selection.quad_class not in (1, 2, 3, 4):
        raise FilterError(f"--quad {selection.quad_class}: QuadClass is 1-4", hint="1, 2, 3 or 4")
    return dataclasses.replace(
        selection,
        event_type=tuple(t.strip().upper() for t in selection.event_type),
        date_from=since,
        date_to=until,
        country=country_code(selection.country, option="--country") if selection.country else None,
        dyad=tuple(country_code(c, option="--dyad") for c in selection.dyad)  # type: ignore[arg-type]
        if selection.dyad
        else None,
    )


def query_events(
    db: sqlite3.Connection, selection: EventFilter, *, limit: int | None = None, offset: int = 0
) -> Iterator[dict]:
    where, params = check_filter(selection).where()
    sql = f"SELECT record FROM events{where} ORDER BY date_start DESC, event_id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    for (record,) in db.execute(sql, params):
        yield json.loads(record)


def count_events(db: sqlite3.Connection, selection: EventFilter) -> int:
    where, params = check_filter(selection).where()
    return db.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0]


def timeline(
    db: sqlite3.Connection,
    selection: EventFilter,
    *,
    period: str = "month",
    periods: dict[str, str] = PERIODS,
) -> list[dict]:
    """Counts per QuadClass and the Goldstein sum for each period (day/week/month/year);
    `periods`: the SQL of each period in the database's dialect."""
    if period not in periods:
        raise FilterError(f"period '{period}' is none of {', '.join(PERIODS)}")
    selection = check_filter(selection)
    columns = (
        "period",
        "events",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "goldstein",
    )
    # A country's events are its source side plus its target side: two index scans that each
    # group in index order are far faster than one OR over both.
    sides = ("source", "target") if selection.country else ("",)
    totals: dict[str, list[float]] = {}
    for side in sides:
        where, params = selection.where(side=side)
        sql = (
            f"SELECT {periods[period]} AS period, COUNT(*), SUM(quad_class = 1), "
            "SUM(quad_class = 2), SUM(quad_class = 3), SUM(quad_class = 4), SUM(goldstein) "
            f"FROM events{where} GROUP BY period"
        )
        for row in db.execute(sql, params):
            current = totals.setdefault(row[0], [0, 0, 0, 0, 0, 0.0])
            for index, value in enumerate(row[1:]):
                current[index] += value or 0
    return [
        dict(
            zip(columns, (period, *(int(v) for v in values[:5]), round(values[5], 2)), strict=True)
        )
        for period, values in sorted(totals.items(), key=lambda kv: kv[0] or "")
    ]


def event_by_id(db: sqlite3.Connection, event_id: str) -> dict | None:
    """One merged event's record, or None when no event has this id."""
    row = db.execute("SELECT record FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return json.loads(row[0]) if row else None


def dyads(
    db: sqlite3.Connection, selection: EventFilter, *, limit: int | None = None
) -> list[dict]:
    """Directed country dyads of the matching events (both sides known), busiest first:
    events, events per QuadClass and the Goldstein sum."""
    where, params = check_filter(selection).where()
    known = "source_country != '' AND target_country != ''"
    where = f"{where} AND {known}" if where else f" WHERE {known}"
    sql = (
        "SELECT source_country, target_country, COUNT(*), SUM(quad_class = 1), "
        "SUM(quad_class = 2), SUM(quad_class = 3), SUM(quad_class = 4), SUM(goldstein) "
        f"FROM events{where} GROUP BY source_country, target_country "
        "ORDER BY COUNT(*) DESC, source_country, target_country"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    keys = ("source", "target", "events", *(f"quad{n}" for n in (1, 2, 3, 4)))
    return [
        {
            **dict(zip(keys, (*row[:2], *(int(v or 0) for v in row[2:7])), strict=True)),
            "goldstein": round(row[7] or 0.0, 2),
        }
        for row in db.execute(sql, params)
    ]


def event_places(
    db: sqlite3.Connection, selection: EventFilter, *, limit: int | None = None
) -> list[dict]:
    """Where the matching events happened, one row per place (busiest first): its name,
    ISO3 country, coordinates when geocoded, events, and how many of those only have the
    story's dateline for a place."""
    where, params = check_filter(selection).where()
    placed = "location_name != ''"
    where = f"{where} AND {placed}" if where else f" WHERE {placed}"
    sql = (
        "SELECT location_name, location_country, json_extract(record, '$.location.lat'), "
        "json_extract(record, '$.location.lon'), json_extract(record, '$.location.geonameid'), "
        "COUNT(*), SUM(json_extract(record, '$.location_defaulted') = 1) "
        f"FROM events{where} GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC, 1, 2"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    keys = ("name", "country", "lat", "lon", "geonameid", "events", "defaulted")
    return [
        {**dict(zip(keys, row, strict=True)), "defaulted": int(row[6] or 0)}
        for row in db.execute(sql, params)
    ]
