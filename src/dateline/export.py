"""Exports of merged events: flat CSV and Parquet, nested JSON Lines, PLOVER JSON, GDELT TSV.

CSV and Parquet are flat: one typed column per field (`FLAT_COLUMNS`, documented with their
GDELT and PLOVER counterparts in docs/exports.md), so pandas, R, Stata, Excel and DuckDB count
from the first line without parsing anything. Lists (all the actors on one side, the
outlets) are joined with `;` beside a column for the first actor. The nested record, with every
mention and merge reason, is kept whole in JSON Lines only. The GDELT-style TSV fills the
columns of the GDELT 2.0 event table that dateline can honestly fill and leaves the rest empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import OutputFormatError

if TYPE_CHECKING:
    import pyarrow

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
LIST_SEPARATOR = ";"

Kind = Literal["string", "int", "float", "bool", "date"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the flat exports: its type, meaning and counterparts elsewhere."""

    name: str
    kind: Kind
    description: str
    gdelt: str = ""  # the GDELT 2.0 event table column it corresponds to
    plover: str = ""  # the PLOVER record field it corresponds to


FLAT_COLUMNS = (
    Column("event_id", "string", "stable id of the merged event", "GLOBALEVENTID", "id"),
    Column("event_type", "string", "PLOVER event type, e.g. CONSULT", "", "event"),
    Column("mode", "string", "PLOVER mode of the event type, e.g. visit", "", "mode"),
    Column("context", "string", "PLOVER contexts, `;`-joined", "", "context"),
    Column("cameo_root", "string", "CAMEO root code (two digits)", "EventRootCode", ""),
    Column(
        "quad_class", "int", "QuadClass 1-4 (verbal/material cooperation/conflict)", "QuadClass", ""
    ),
    Column("goldstein", "float", "Goldstein scale of the event type", "GoldsteinScale", ""),
    Column("negated", "bool", "the stories say it did not happen", "", ""),
    Column("modality", "string", "asserted, future, hypothetical or conditional", "", ""),
    Column("date_start", "date", "first day the event may have happened", "SQLDATE", "date"),
    Column("date_end", "date", "last day the event may have happened", "", ""),
    Column("date_granularity", "string", "day, week, month, quarter, year or range", "", ""),
    Column(
        "date_defaulted", "bool", "no mention states a date: the publication day stands in", "", ""
    ),
    Column("source_name", "string", "first source actor's name", "Actor1Name", "actor"),
    Column(
        "source_country",
        "string",
        "first source actor's country (ISO3)",
        "Actor1CountryCode",
        "actor_country",
    ),
    Column(
        "source_sector",
        "string",
        "first source actor's PLOVER agent code",
        "Actor1Type1Code",
        "actor_sector",
    ),
    Column("source_names", "string", "every source actor's name, `;`-joined", "", ""),
    Column("source_countries", "string", "their countries in the same order", "", ""),
    Column("source_sectors", "string", "their agent codes in the same order", "", ""),
    Column("target_name", "string", "first target actor's name", "Actor2Name", "recipient"),
    Column(
        "target_country",
        "string",
        "first target actor's country (ISO3)",
        "Actor2CountryCode",
        "recipient_country",
    ),
    Column(
        "target_sector",
        "string",
        "first target actor's PLOVER agent code",
        "Actor2Type1Code",
        "recipient_sector",
    ),
    Column("target_names", "string", "every target actor's name, `;`-joined", "", ""),
    Column("target_countries", "string", "their countries in the same order", "", ""),
    Column("target_sectors", "string", "their agent codes in the same order", "", ""),
    Column("location_name", "string", "where it happened", "ActionGeo_FullName", "location"),
    Column("location_country", "string", "the place's country (ISO3)", "ActionGeo_CountryCode", ""),
    Column("location_lat", "float", "latitude", "ActionGeo_Lat", ""),
    Column("location_lon", "float", "longitude", "ActionGeo_Long", ""),
    Column("location_geonameid", "int", "GeoNames id of the place", "ActionGeo_FeatureID", ""),
    Column(
        "location_defaulted", "bool", "no mention places it: the story's dateline stands in", "", ""
    ),
    Column("mention_count", "int", "sentences that report it", "NumMentions", ""),
    Column("article_count", "int", "articles that report it", "NumArticles", ""),
    Column(
        "source_count",
        "int",
        "independent stories (syndicated copies count once)",
        "NumSources",
        "source_count",
    ),
    Column("confidence", "float", "the highest coding confidence of its mentions (0-1)", "", ""),
    Column("outlets", "string", "outlets that carried it, `;`-joined", "", ""),
    Column(
        "first_published", "date", "earliest publication day among its articles", "DATEADDED", ""
    ),
    Column("sentence", "string", "the sentence of its first mention", "", "text"),
    Column("article_ids", "string", "dateline ids of its articles, `;`-joined", "", ""),
)
FLAT_NAMES = tuple(column.name for column in FLAT_COLUMNS)

# The GDELT 2.0 event table's columns, in order (GDELT Event Codebook V2.0).
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)


def joined(values: Iterable[str]) -> str | None:
    """`;`-joined text, or None when every value is empty."""
    values = [v or "" for v in values]
    return LIST_SEPARATOR.join(values) if any(values) else None


def actor_name(actor: dict) -> str:
    return actor.get("name") or actor.get("text") or ""


def infer_granularity(start: str, end: str) -> str:
    """The granularity a date range reads as, for records that do not state one."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    after = last + timedelta(days=1)
    if first == last:
        return "day"
    if first.weekday() == 0 and (last - first).days == 6:
        return "week"
    if first.day == 1 and after.day == 1:
        months = (after.year - first.year) * 12 + after.month - first.month
        if months == 1:
            return "month"
        if months == 3 and first.month % 3 == 1:
            return "quarter"
        if months == 12 and first.month == 1:
            return "year"
    return "range"


def flat_row(event: dict) -> dict[str, object]:
    """One merged event as flat, typed values in `FLAT_NAMES` order (None where absent)."""
    when = event.get("date") or {}
    place = event.get("location") or {}
    mentions = event.get("mentions") or []
    published = sorted(m["published"] for m in mentions if m.get("published"))
    row: dict[str, object] = {
        "event_id": event.get("event_id"),
        "event_type": event.get("event_type"),
        "mode": event.get("mode"),
        "context": joined((event.get("context") or "").split("; ")),
        "cameo_root": event.get("cameo_root"),
        "quad_class": event.get("quad_class"),
        "goldstein": event.get("goldstein"),
        "negated": bool(event.get("negated")),
        "modality": event.get("modality"),
        "date_start": when.get("start"),
        "date_end": when.get("end"),
        "date_granularity": when.get("granularity")
        or (infer_granularity(when["start"], when["end"]) if when else None),
        "date_defaulted": bool(event.get("date_defaulted")),
    }
    for side in ("source", "target"):
        actors = event.get(side) or []
        head = actors[0] if actors else {}
        row[f"{side}_name"] = actor_name(head)
        row[f"{side}_country"] = head.get("country")
        row[f"{side}_sector"] = head.get("sector")
        row[f"{side}_names"] = joined(actor_name(a) for a in actors)
        row[f"{side}_countries"] = joined(a.get("country", "") for a in actors)
        row[f"{side}_sectors"] = joined(a.get("sector", "") for a in actors)
    row |= {
        "location_name": place.get("name"),
        "location_country": place.get("country"),
        "location_lat": place.get("lat"),
        "location_lon": place.get("lon"),
        "location_geonameid": place.get("geonameid"),
        "location_defaulted": bool(event.get("location_defaulted")),
        "mention_count": event.get("mention_count"),
        "article_count": event.get("article_count"),
        "source_count": event.get("source_count"),
        "confidence": event.get("confidence"),
        "outlets": joined(event.get("outlets") or []),
        "first_published": published[0] if published else None,
        "sentence": mentions[0].get("sentence") if mentions else None,
        "article_ids": joined(dict.fromkeys(m.get("article_id", "") for m in mentions)),
    }
    return {column.name: typed(row[column.name], column.kind) for column in FLAT_COLUMNS}


def typed(value: object, kind: Kind) -> object:
    """A value as its column's Python type; "" and missing values become None."""
    if value is None or value == "":
        return False if kind == "bool" else None
    if kind == "string":
        return str(value)
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    if kind == "float":
        return float(value)  # type: ignore[arg-type]
    if kind == "bool":
        return value in (True, 1, "true", "True", "1")
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def csv_text(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def arrow_schema() -> pyarrow.Schema:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    return pa.schema([pa.field(c.name, types[c.kind]) for c in FLAT_COLUMNS])


def flat_table(events: Iterable[dict]) -> pyarrow.Table:
    """Events as a typed Arrow table of `FLAT_COLUMNS` (`.to_pandas()` for a DataFrame)."""
    import pyarrow as pa

    return pa.Table.from_pylist([flat_row(e) for e in events], schema=arrow_schema())


def plover_record(event: dict) -> dict:
    """One event as a PLOVER-style JSON record (actor/recipient with country and sector)."""
    source, target = event.get("source") or [], event.get("target") or []
    when = event.get("date") or {}
    first = (event.get("mentions") or [{}])[0]
    return {
        "id": event["event_id"],
        "date": when.get("start"),
        "date_end": when.get("end"),
        "event": event["event_type"],
        "mode": event.get("mode") or "",
        "context": event.get("context") or "",
        "actor": "; ".join(a.get("name") or a.get("text", "") for a in source),
        "actor_country": next((a["country"] for a in source if a.get("country")), ""),
        "actor_sector": next((a["sector"] for a in source if a.get("sector")), ""),
        "recipient": "; ".join(a.get("name") or a.get("text", "") for a in target),
        "recipient_country": next((a["country"] for a in target if a.get("country")), ""),
        "recipient_sector": next((a["sector"] for a in target if a.get("sector")), ""),
        "negated": event.get("negated", False),
        "modality": event.get("modality", "asserted"),
        "location": event.get("location"),
        "text": first.get("sentence", ""),
        "source_count": event.get("source_count"),
    }


def gdelt_row(event: dict, *, number: int) -> list[str]:
    """A GDELT 2.0 event row for one event (CAMEO root as event code; ISO3 countries)."""
    source, target = event.get("source") or [], event.get("target") or []
    when = (event.get("date") or {}).get("start") or ""
    day = when.replace("-", "")
    place = event.get("location") or {}
    values = dict.fromkeys(GDELT_COLUMNS, "")

    def actor(prefix: str, actors: list[dict]) -> None:
        if not actors:
            return
        head = actors[0]
        values[f"{prefix}Code"] = head.get("country", "") + head.get("sector", "")
        values[f"{prefix}Name"] = (head.get("name") or head.get("text", "")).upper()
        values[f"{prefix}CountryCode"] = head.get("country", "")
        values[f"{prefix}Type1Code"] = head.get("sector", "")

    actor("Actor1", source)
    actor("Actor2", target)
    root = event.get("cameo_root") or ""
    values.update(
        {
            "GLOBALEVENTID": str(number),
            "SQLDATE": day,
            "MonthYear": day[:6],
            "Year": day[:4],
            "FractionDate": f"{int(day[:4]) + (int(day[4:6]) - 1) / 12:.4f}" if day else "",
            "IsRootEvent": "1",
            "EventCode": root,
            "EventBaseCode": root,
            "EventRootCode": root,
            "QuadClass": str(event.get("quad_class") or ""),
            "GoldsteinScale": str(event.get("goldstein") or ""),
            "NumMentions": str(event.get("mention_count") or 0),
            "NumSources": str(event.get("source_count") or 0),
            "NumArticles": str(event.get("article_count") or 0),
        }
    )
    if place:
        values.update(
            {
                "ActionGeo_Type": "4" if place.get("feature_class") == "P" else "1",
                "ActionGeo_FullName": place.get("name", ""),
                "ActionGeo_CountryCode": place.get("country", ""),
                "ActionGeo_Lat": str(place.get("lat") or ""),
                "ActionGeo_Long": str(place.get("lon") or ""),
                "ActionGeo_FeatureID": str(place.get("geonameid") or ""),
            }
        )
    return [values[c] for c in GDELT_COLUMNS]


def write_events(events: Iterable[dict], path: str | Path, *, fmt: str) -> int:
    """Write events to `path` in `fmt` (one of FORMATS); returns how many were written."""
    path = Path(path)
    rows = list(events)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            for event in rows:
                out.write(json.dumps(event, ensure_ascii=False) + "\n")
    elif fmt == "plover":
        with path.open("w", encoding="utf-8") as out:
            for event in rows:
                out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(FLAT_NAMES)
            writer.writerows([csv_text(v) for v in flat_row(e).values()] for e in rows)
    elif fmt == "gdelt":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(GDELT_COLUMNS)
            writer.writerows(gdelt_row(e, number=n) for n, e in enumerate(rows, start=1))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(flat_table(rows), path)
    else:
        raise OutputFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return len(rows)


def read_events(path: str | Path, *, fmt: str = "jsonl") -> list[dict]:
    """Whole nested events written by `write_events` as JSON Lines."""
    if fmt != "jsonl":
        raise OutputFormatError(
            f"{fmt} exports are flat: read them with read_flat; only jsonl nests"
        )
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_flat(path: str | Path, *, fmt: str) -> list[dict[str, object]]:
    """The flat rows of a csv or parquet export, typed as `flat_row` makes them."""
    if fmt == "csv":
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    else:
        raise OutputFormatError(f"{fmt!r} is not a flat export; use csv or parquet")
    return [{c.name: typed(row.get(c.name), c.kind) for c in FLAT_COLUMNS} for row in rows]
