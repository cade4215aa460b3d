"""Exports of merged events: JSON Lines, CSV, Parquet, PLOVER JSON and GDELT-style TSV.

JSON Lines and Parquet keep whole records (actors, date, place, mentions); CSV flattens them
to one row per event with JSON in the nested columns, so every format reads back to the same
events (`read_events`). The GDELT-style TSV fills the columns of the GDELT 2.0 event table
that dateline can honestly fill and leaves the rest empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
NESTED = ("source", "target", "date", "location", "outlets", "mentions", "merges")
SCALAR = (
    "event_id",
    "event_type",
    "mode",
    "context",
    "negated",
    "modality",
    "date_defaulted",
    "location_defaulted",
    "quad_class",
    "goldstein",
    "cameo_root",
    "mention_count",
    "article_count",
    "source_count",
)
COLUMNS = SCALAR + NESTED
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


def flat_row(event: dict) -> dict[str, object]:
    row: dict[str, object] = {key: event.get(key) for key in SCALAR}
    for key in NESTED:
        row[key] = json.dumps(event.get(key), ensure_ascii=False)
    return row


def unflatten(row: dict[str, object]) -> dict:
    event: dict = {}
    for key in SCALAR:
        event[key] = row.get(key)
    for key in NESTED:
        value = row.get(key)
        event[key] = json.loads(value) if isinstance(value, str) else value
    for key in ("negated", "date_defaulted", "location_defaulted"):
        event[key] = event[key] in (True, 1, "True", "true", "1")
    for key in ("quad_class", "mention_count", "article_count", "source_count"):
        event[key] = int(event[key]) if event[key] not in (None, "") else None
    event["goldstein"] = float(event["goldstein"]) if event["goldstein"] not in (None, "") else None
    return event


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
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(flat_row(e) for e in rows)
    elif fmt == "gdelt":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(GDELT_COLUMNS)
            writer.writerows(gdelt_row(e, number=n) for n, e in enumerate(rows, start=1))
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([flat_row(e) for e in rows])
        if not rows:
            table = pa.table({c: pa.array([], pa.string()) for c in COLUMNS})
        pq.write_table(table, path)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return len(rows)


def read_events(path: str | Path, *, fmt: str) -> list[dict]:
    """Events written by `write_events` in jsonl, csv or parquet, as full records."""
    path = Path(path)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [unflatten(row) for row in csv.DictReader(handle)]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return [unflatten(row) for row in pq.read_table(path).to_pylist()]
    raise ValueError(f"{fmt!r} does not read back to events; use jsonl, csv or parquet")
