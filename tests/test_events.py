"""Merged events in the store, their queries and exports (issue: one real event, one record)."""

import csv
import json

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from conftest import shared_file
from dateline.export import GDELT_COLUMNS, flat_row, read_events, read_flat, write_events
from dateline.pipeline import ingest, remerge
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
    remerge(store)
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


def put_mentions(store: Store, mentions: list[dict]) -> None:
    """Store hand-built mention records (and their articles), as ingest would, unmerged."""
    from dateline.syndication import signature, to_bytes

    for mention in mentions:
        article = mention["article_id"]
        store.db.execute(
            "INSERT OR IGNORE INTO articles (id, published, title, source, url, origin, text, "
            "layout, story_id, minhash) VALUES (?, '2023-04-16', '', 'AP', '', ?, '', '{}', ?, ?)",
            (article, article, mention["story"], to_bytes(signature(article))),
        )
        store.db.execute(
            "INSERT INTO mentions (id, article_id, seq, event_type, quad_class, goldstein, "
            "negated, modality, section, source_country, target_country, source_names, "
            "target_names, date_start, date_end, location, sentence, record) "
            "VALUES (?, ?, 0, ?, 1, 1.0, 0, 'asserted', 'body', '', '', '', '', ?, ?, NULL, "
            "'', ?)",
            (
                mention["mention_id"],
                article,
                mention["event_type"],
                mention["date"]["start"],
                mention["date"]["end"],
                json.dumps(mention),
            ),
        )


ACTORS = {
    "Putin": {"kind": "person", "name": "Vladimir Putin", "country": "RUS"},
    "Russia": {"kind": "state", "name": "Russia", "country": "RUS"},
    "Li": {"kind": "person", "name": "Li Shangfu", "country": "CHN"},
    "China": {"kind": "state", "name": "China", "country": "CHN"},
    "firms": {"kind": "unknown", "name": "", "country": "CHN", "sector": "BUS"},
}
mention_records = st.builds(
    lambda n, kind, sources, targets, day, defaulted, story: {
        "mention_id": f"a{story}-{n:03d}",
        "article_id": f"a{story}",
        "story": f"s{story}",
        "event_type": kind,
        "negated": False,
        "source": [ACTORS[a] for a in sorted(sources)],
        "target": [ACTORS[a] for a in sorted(targets)],
        "date": {"start": f"2023-04-{day:02d}", "end": f"2023-04-{day:02d}"},
        "date_defaulted": defaulted,
        "section": "body",
        "sentence": "",
        "sentence_span": [0, 0],
    },
    st.integers(0, 999),
    st.sampled_from(["CONSULT", "ACCUSE"]),
    st.frozensets(st.sampled_from(sorted(ACTORS)), min_size=1, max_size=2),
    st.frozensets(st.sampled_from(sorted(ACTORS)), max_size=2),
    st.integers(10, 20),
    st.booleans(),
    st.integers(0, 4),
)


def event_groups(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for event_id, mention_id in store.db.execute("SELECT * FROM event_mentions"):
        groups.setdefault(event_id, set()).add(mention_id)
    return {frozenset(members) for members in groups.values()}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(mention_records, max_size=30, unique_by=lambda m: m["mention_id"]),
    st.lists(st.integers(1, 8), min_size=1, max_size=8),
)
def test_merging_batch_by_batch_ends_where_merging_everything_does(
    tmp_path_factory, mentions, cuts
):
    """Events are merged after every committed batch (queries see them during an ingest and
    after a crash); the batches must end in the events of one merge over everything."""
    from dateline.merge import mention_row, merge_mentions
    from dateline.merge.tables import merge_pending

    folder = tmp_path_factory.mktemp("batches")
    with Store(folder / "b.db") as store:
        position = 0
        for size in [*cuts, len(mentions)]:
            with store.transaction():
                put_mentions(store, mentions[position : position + size])
                merge_pending(store.db)
            position += size
            unmerged = store.db.execute(
                "SELECT COUNT(*) FROM mentions WHERE id NOT IN (SELECT mention_id FROM "
                "event_mentions)"
            ).fetchone()[0]
            assert unmerged == 0
        batched = event_groups(store)
        remerge(store)
        assert event_groups(store) == batched
    rows = [
        mention_row(
            m, mention_id=m["mention_id"], story_id=m["story"], source="AP", published="2023-04-16"
        )
        for m in mentions
    ]
    assert batched == {frozenset(m.mention_id for m in e.mentions) for e in merge_mentions(rows)}
