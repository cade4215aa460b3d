"""Merged events in the store, their queries and exports (issue: one real event, one record)."""

import csv
import json

import pyarrow.parquet as pq
import pytest

import dateline
from conftest import shared_file
from dateline.export import GDELT_COLUMNS, flat_row, read_events, read_flat, write_events
from dateline.pipeline import ingest
from dateline.store import EventFilter, Store

SEED = "seed/000_9292aeaa127b65d9.txt"
OTHER_WORDS = (
    "date 2023-04-16 Russian leader hosts Chinese defense chief\n\n"
    "MOSCOW (Reuters) - China's Defense Minister Li Shangfu held talks with Vladimir Putin "
    "in the Kremlin on Sunday, the Russian presidential office said.\n"
)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seed story, a copy of it from another outlet, and a story in other words."""
    folder = tmp_path_factory.mktemp("events")
    seed_text = shared_file(SEED).read_text(encoding="utf-8")
    first, _, rest = seed_text.partition("\n")
    copy = folder / "copy.jsonl"
    copy.write_text(
        json.dumps(
            {
                "published": "2023-04-16",
                "title": first.split(" ", 3)[-1],
                "text": rest,
                "source": "Daily Courier",
            }
        )
        + "\n"
    )
    other = folder / "other.txt"
    other.write_text(OTHER_WORDS, encoding="utf-8")
    store = Store(folder / "events.db")
    ingest([shared_file(SEED)], store, source="AP")
    yield store, copy, other
    store.close()


def meeting(store: Store) -> list[dict]:
    return [
        e
        for e in store.events(
            EventFilter(event_type=("CONSULT",), date_from="2023-04-16", date_to="2023-04-16")
        )
        if any("Li Shangfu" in (a.get("name") or "") for a in e["source"] + e["target"])
    ]


def test_seed_meeting_is_one_event_then_syndication_then_other_words(seed_store):
    store, copy, other = seed_store
    (event,) = meeting(store)
    assert event["mention_count"] == 3
    assert sorted(m["section"] for m in event["mentions"]) == ["body", "body", "headline"]
    people = {a["name"] for a in event["source"] + event["target"]}
    assert {"Vladimir Putin", "Sergei Shoigu", "Li Shangfu"} <= people
    assert event["date"] == {"start": "2023-04-16", "end": "2023-04-16", "granularity": "day"}
    assert 0 < event["confidence"] <= 1
    assert event["location"]["name"] == "Moscow"
    assert (event["article_count"], event["source_count"]) == (1, 1)
    assert "military" in event["context"].split("; ")  # "China's defense minister"

    ingest([copy], store)
    (event,) = meeting(store)
    assert (event["article_count"], event["source_count"]) == (2, 1)

    ingest([other], store)
    (event,) = meeting(store)
    assert (event["article_count"], event["source_count"]) == (3, 2)
    ids = [e["event_id"] for e in store.events()]
    store.merge()
    assert [e["event_id"] for e in store.events()] == ids


def test_filters_timeline_quotes_search(seed_store):
    store, _, _ = seed_store
    negated = store.events(EventFilter(event_type=("AID",), include_negated=True))
    assert any(e["negated"] for e in negated)
    assert all(not e["negated"] for e in store.events(EventFilter(include_negated=False)))
    dyad = store.events(EventFilter(dyad=("CHN", "USA")))
    assert dyad and all(e["event_type"] == "ACCUSE" for e in dyad)
    assert store.events(EventFilter(dyad=("USA", "CHN"))) == []
    assert store.events(EventFilter(dyad=("USA", "CHN"), directed=False)) == dyad
    assert all(e["source_count"] >= 2 for e in store.events(EventFilter(min_sources=2)))
    months = store.timeline(EventFilter(country="RUS", include_negated=False), period="month")
    assert {r["period"] for r in months} >= {"2023-04"}
    assert all(
        r["events"]
        == r["verbal_cooperation"]
        + r["material_cooperation"]
        + r["verbal_conflict"]
        + r["material_conflict"]
        for r in months
    )
    frame = store.events(EventFilter(country="CHN"), as_frame=True)
    assert len(frame) == len(store.events(EventFilter(country="CHN")))
    quotes = store.quotes(speaker="Putin")
    assert quotes and quotes[0]["text"].startswith("We are also working")
    hits = store.search('"defense minister"')
    assert hits and all("defense minister" in h["sentence"].lower() for h in hits)


def test_exports_round_trip(seed_store, tmp_path):
    store, _, _ = seed_store
    events = store.events()
    for fmt in ("jsonl", "csv", "parquet"):
        path = tmp_path / f"events.{fmt}"
        assert write_events(events, path, fmt=fmt) == len(events)
        if fmt == "jsonl":
            assert read_events(path, fmt=fmt) == events
        else:
            assert read_flat(path, fmt=fmt) == [flat_row(e) for e in events]
    assert pq.read_table(tmp_path / "events.parquet").num_rows == len(events)
    (meeting_row,) = [
        r
        for r in read_flat(tmp_path / "events.csv", fmt="csv")
        if r["event_id"] == meeting(store)[0]["event_id"]
    ]
    assert meeting_row["location_name"] == "Moscow" and meeting_row["date_granularity"] == "day"


def test_gdelt_and_plover_exports(seed_store, tmp_path):
    store, _, _ = seed_store
    events = store.events()
    gdelt = tmp_path / "events.tsv"
    write_events(events, gdelt, fmt="gdelt")
    with gdelt.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert tuple(rows[0]) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert all(len(r) == 61 for r in rows[1:]) and len(rows) == len(events) + 1
    assert {r[GDELT_COLUMNS.index("SQLDATE")] for r in rows[1:]} >= {"20230416"}
    plover = tmp_path / "events.plover.jsonl"
    write_events(events, plover, fmt="plover")
    records = [json.loads(line) for line in plover.read_text().splitlines()]
    assert {r["event"] for r in records} >= {"CONSULT", "ACCUSE", "AID"}
    assert all(set(r) >= {"id", "date", "event", "actor", "recipient", "text"} for r in records)
    by_id = {r["id"]: r for r in records}
    assert any(r["mode"] for r in records)
    assert all(
        (by_id[e["event_id"]]["mode"], by_id[e["event_id"]]["context"]) == (e["mode"], e["context"])
        for e in events
    )


def test_python_open(seed_store):
    store, _, _ = seed_store
    with dateline.open(store.path) as again:
        assert again.counts()["events"] == store.counts()["events"]
