"""Flat exports an analyst can open as they are (issue 26): one typed column per field.

Events are built by hand, so these tests never load spaCy; `test_events.py` exports a real
ingested store.
"""

import csv
import datetime as dt
import json
import re

import duckdb
import pandas
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from dateline.export import (
    FLAT_COLUMNS,
    FLAT_NAMES,
    flat_row,
    infer_granularity,
    read_events,
    read_flat,
    write_events,
)


def actor(name: str, country: str = "", sector: str = "") -> dict:
    return {"text": name, "name": name, "country": country, "sector": sector, "kind": "person"}


def event(**changes: object) -> dict:
    record = {
        "event_id": "ev-0001",
        "event_type": "CONSULT",
        "mode": "visit",
        "context": "military; diplomatic",
        "negated": False,
        "modality": "asserted",
        "source": [actor("Vladimir Putin", "RUS", "GOV"), actor("Sergei Shoigu", "RUS", "MIL")],
        "target": [actor("Li Shangfu", "CHN", "MIL")],
        "date": {"start": "2023-04-16", "end": "2023-04-16", "granularity": "day"},
        "date_defaulted": False,
        "location": {
            "name": "Moscow",
            "geonameid": 524901,
            "country": "RUS",
            "lat": 55.75222,
            "lon": 37.61556,
            "feature_class": "P",
        },
        "location_defaulted": True,
        "quad_class": 1,
        "goldstein": 1.0,
        "cameo_root": "04",
        "confidence": 0.85,
        "mention_count": 3,
        "article_count": 2,
        "source_count": 1,
        "outlets": ["AP", "Daily Courier"],
        "mentions": [
            {
                "mention_id": "a1-0",
                "article_id": "a1",
                "section": "headline",
                "sentence": "Putin meets with China's defense minister in Moscow",
                "span": [0, 52],
                "published": "2023-04-16",
            },
            {
                "mention_id": "a2-3",
                "article_id": "a2",
                "section": "body",
                "sentence": "Putin, Shoigu and Li met.",
                "span": [10, 35],
                "published": "2023-04-15",
            },
        ],
        "merges": ["same type"],
    }
    record.update(changes)
    return record


EMPTY = event(
    event_id="ev-0002",
    mode="",
    context="",
    source=[],
    target=[actor("Hamas")],
    date=None,
    location=None,
    location_defaulted=False,
    outlets=[],
    mentions=[],
)


def test_flat_row_has_one_typed_value_per_column():
    row = flat_row(event())
    assert list(row) == list(FLAT_NAMES)
    assert row["date_start"] == dt.date(2023, 4, 16)
    assert row["date_granularity"] == "day"
    assert (row["source_name"], row["source_country"], row["source_sector"]) == (
        "Vladimir Putin",
        "RUS",
        "GOV",
    )
    assert row["source_names"] == "Vladimir Putin;Sergei Shoigu"
    assert row["source_countries"] == "RUS;RUS"
    assert row["source_sectors"] == "GOV;MIL"
    assert row["target_name"] == "Li Shangfu"
    assert row["context"] == "military;diplomatic"
    assert row["location_geonameid"] == 524901
    assert row["location_lat"] == pytest.approx(55.75222)
    assert row["outlets"] == "AP;Daily Courier"
    assert row["first_published"] == dt.date(2023, 4, 15)
    assert row["sentence"] == "Putin meets with China's defense minister in Moscow"
    assert row["article_ids"] == "a1;a2"
    assert row["confidence"] == pytest.approx(0.85)


def test_missing_values_are_null_not_empty_json():
    row = flat_row(EMPTY)
    assert row["source_name"] is None and row["source_names"] is None
    assert row["target_country"] is None and row["target_countries"] is None
    assert row["date_start"] is None and row["date_granularity"] is None
    assert row["location_name"] is None and row["location_lat"] is None
    assert row["mode"] is None and row["sentence"] is None


@pytest.mark.parametrize(
    ("start", "end", "granularity"),
    [
        ("2023-04-16", "2023-04-16", "day"),
        ("2023-04-10", "2023-04-16", "week"),
        ("2023-04-01", "2023-04-30", "month"),
        ("2024-02-01", "2024-02-29", "month"),
        ("2023-04-01", "2023-06-30", "quarter"),
        ("2023-01-01", "2023-12-31", "year"),
        ("2023-04-12", "2023-04-18", "range"),
        ("2023-03-01", "2023-05-31", "range"),
    ],
)
def test_granularity_of_records_that_do_not_state_it(start, end, granularity):
    assert infer_granularity(start, end) == granularity


def test_every_column_is_documented_with_its_correspondences():
    text = (REPO / "docs" / "exports.md").read_text(encoding="utf-8").split("## Columns")[1]
    documented = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    assert documented == list(FLAT_NAMES)
    assert all(column.description for column in FLAT_COLUMNS)


@pytest.fixture
def exported(tmp_path):
    events = [event(), EMPTY, event(event_id="ev-0003", negated=True, goldstein=-2.5)]
    paths = {}
    for fmt in ("csv", "parquet", "jsonl"):
        paths[fmt] = tmp_path / f"events.{fmt}"
        write_events(events, paths[fmt], fmt=fmt)
    return events, paths


PARQUET_TYPES = {
    "string": "string",
    "int": "int64",
    "float": "double",
    "bool": "bool",
    "date": "date32[day]",
}
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
}


def test_parquet_types(exported):
    _, paths = exported
    schema = pq.read_schema(paths["parquet"])
    assert schema.names == list(FLAT_NAMES)
    assert {c.name: str(schema.field(c.name).type) for c in FLAT_COLUMNS} == {
        c.name: PARQUET_TYPES[c.kind] for c in FLAT_COLUMNS
    }


def test_pandas_reads_both_flat_exports_without_json_in_cells(exported):
    _, paths = exported
    parquet = pandas.read_parquet(paths["parquet"])
    table = pandas.read_csv(paths["csv"])
    for frame in (parquet, table):
        assert list(frame.columns) == list(FLAT_NAMES)
        assert len(frame) == 3
        for column in frame.columns:
            assert not frame[column].astype(str).str.match(r"^\s*[\[{]").any(), column
        for name in ("mention_count", "article_count", "source_count", "quad_class"):
            assert str(frame[name].dtype) == "int64", name
        for name in ("negated", "date_defaulted", "location_defaulted"):
            assert str(frame[name].dtype) == "bool", name
        for name in ("goldstein", "confidence", "location_lat", "location_lon"):
            assert str(frame[name].dtype) == "float64", name
    # dates are dates in Parquet; the CSV's ISO text parses without a format
    assert parquet["date_start"][0] == dt.date(2023, 4, 16)
    assert pandas.to_datetime(table["date_start"]).dt.year.tolist()[0] == 2023
    assert parquet["negated"].tolist() == [False, False, True]
    assert table["goldstein"].tolist()[2] == -2.5


def test_duckdb_reads_both_flat_exports_with_their_types(exported):
    _, paths = exported
    expected = [(c.name, DUCKDB_TYPES[c.kind]) for c in FLAT_COLUMNS]
    for fmt in ("parquet", "csv"):
        relation = duckdb.sql(f"SELECT * FROM read_{fmt}('{paths[fmt]}')")
        assert [(name, str(kind)) for name, kind, *_ in relation.description] == expected, fmt
        counts = duckdb.sql(
            f"SELECT source_country, COUNT(*) FROM read_{fmt}('{paths[fmt]}') "
            "WHERE date_start >= DATE '2023-01-01' GROUP BY ALL"
        ).fetchall()
        assert counts == [("RUS", 2)]


def test_nested_records_stay_whole_in_jsonl_only(exported):
    events, paths = exported
    assert read_events(paths["jsonl"], fmt="jsonl") == events
    with paths["csv"].open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(FLAT_NAMES)
    with pytest.raises(ValueError, match="jsonl"):
        read_events(paths["csv"], fmt="csv")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_flat_exports_read_back_to_the_rows_written(exported, fmt):
    events, paths = exported
    assert read_flat(paths[fmt], fmt=fmt) == [flat_row(e) for e in events]


def test_an_empty_export_still_has_its_columns(tmp_path):
    for fmt in ("csv", "parquet"):
        path = tmp_path / f"none.{fmt}"
        assert write_events([], path, fmt=fmt) == 0
        relation = duckdb.sql(f"SELECT * FROM read_{fmt}('{path}')")
        assert [name for name, *_ in relation.description] == list(FLAT_NAMES)


names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";"), max_size=12
)
actors = st.lists(
    st.builds(actor, names.filter(str.strip), st.sampled_from(["RUS", "", "UKR"])), max_size=3
)
random_events = st.lists(
    st.builds(
        event,
        event_id=st.text("abcdef0123456789", min_size=4, max_size=8),
        mode=st.sampled_from(["", "phone", "allege"]),
        negated=st.booleans(),
        source=actors,
        target=actors,
        date=st.one_of(
            st.none(),
            st.builds(
                lambda day, length: {
                    "start": day.isoformat(),
                    "end": (day + dt.timedelta(days=length)).isoformat(),
                },
                st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
                st.integers(0, 400),
            ),
        ),
        goldstein=st.floats(-10, 10, allow_nan=False),
        confidence=st.floats(0, 1, allow_nan=False),
        mention_count=st.integers(1, 10**6),
        outlets=st.lists(names.filter(str.strip), max_size=3),
    ),
    max_size=4,
)


@settings(max_examples=30, deadline=None)
@given(random_events, st.sampled_from(["csv", "parquet"]))
def test_flat_round_trip_property(tmp_path_factory, events, fmt):
    path = tmp_path_factory.mktemp("flat") / f"e.{fmt}"
    write_events(events, path, fmt=fmt)
    assert read_flat(path, fmt=fmt) == [flat_row(e) for e in events]


def test_plover_records_keep_their_shape(exported, tmp_path):
    events, _ = exported
    path = tmp_path / "events.plover.jsonl"
    write_events(events, path, fmt="plover")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[0]["actor_country"] == "RUS" and records[0]["recipient"] == "Li Shangfu"


def test_the_gdelt_table_reads_as_tab_separated_columns(exported, tmp_path):
    events, _ = exported
    path = tmp_path / "events.tsv"
    write_events(events, path, fmt="gdelt")
    frame = pandas.read_csv(path, sep="\t", dtype=str)
    assert len(frame.columns) == 61 and len(frame) == 3
    assert not frame.fillna("").apply(lambda c: c.str.match(r"^\s*[\[{]")).any().any()
    rows = duckdb.sql(f"SELECT SQLDATE, Actor1CountryCode FROM read_csv('{path}', delim='\t')")
    assert rows.fetchall()[0] == (20230416, "RUS")
