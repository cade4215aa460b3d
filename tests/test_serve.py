"""The HTTP API (serve/): every endpoint through FastAPI's TestClient over the examples, the
filters, pagination, CSV, the one error shape, the write token, and the evidence spans."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.export import FLAT_NAMES
from dateline.serve import create_app
from dateline.serve.evidence import highlights
from dateline.store import EventFilter, Store

TOKEN = "s3cret-token-for-tests"


def copy_db(source: Path, target: Path) -> Path:
    """A copy of a database with whatever its WAL holds (SQLite's backup API)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target


@pytest.fixture(scope="module")
def client(examples_db) -> TestClient:
    with TestClient(create_app(examples_db)) as test_client:
        yield test_client


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    return body["error"]


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("/api/v1/events", {"data", "next", "limit", "offset"}),
        ("/api/v1/timeline", {"period", "rows", "undated", "outside"}),
        ("/api/v1/network", {"nodes", "edges"}),
        ("/api/v1/places", {"countries", "places"}),
        ("/api/v1/actors", {"data"}),
        ("/api/v1/quotes", {"data"}),
        ("/api/v1/search?q=Putin", {"data"}),
    ],
)
def test_every_read_endpoint_answers_json(client, path, keys):
    response = client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == keys
    assert any(body[key] for key in keys - {"next", "limit", "offset", "period"})


def test_events_take_the_filters_of_dateline_events(client, examples_db):
    with Store(examples_db, readonly=True) as store:
        expected = store.events(EventFilter(dyad=("RUS", "UKR"), include_negated=False))
    response = client.get("/api/v1/events?dyad=RUS,UKR&exclude_negated=true&limit=500")
    rows = response.json()["data"]
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in expected] and rows
    typed = client.get("/api/v1/events?type=CONSULT&type=AGREE&since=2023-01&until=2023-12")
    assert typed.json()["data"]
    for row in typed.json()["data"]:
        assert row["event_type"] in {"CONSULT", "AGREE"}
        assert row["date"]["end"] >= "2023-01-01" and row["date"]["start"] <= "2023-12-31"


def test_pages_follow_next_links_to_every_event_once(client, examples_db):
    seen, url, pages = [], "/api/v1/events?limit=7&country=USA", 0
    with Store(examples_db, readonly=True) as store:
        total = store.count(EventFilter(country="USA"))
    while url:
        body = client.get(url).json()
        seen += [row["event_id"] for row in body["data"]]
        url, pages = body["next"], pages + 1
        assert url is None or url.startswith("/api/v1/events?")
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 7) and pages > 1


def test_events_as_flat_csv_with_a_link_to_the_next_page(client):
    response = client.get("/api/v1/events?format=csv&limit=3")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == list(FLAT_NAMES) and len(rows) == 4
    assert 'rel="next"' in response.headers["link"] and "offset=3" in response.headers["link"]


def test_one_event_carries_its_sentences_with_marked_spans(client):
    [event] = [
        e
        for e in client.get("/api/v1/events?dyad=USA,CHN&type=AGREE").json()["data"]
        if len(e["mentions"]) > 1
    ]
    body = client.get(f"/api/v1/events/{event['event_id']}").json()
    assert body["event"]["event_id"] == event["event_id"]
    assert len(body["mentions"]) == event["mention_count"] and body["event"]["merges"]
    for mention in body["mentions"]:
        assert mention["article"]["id"] == mention["article_id"]
        for mark in mention["highlights"]:
            assert mention["sentence"][mark["start"] : mark["end"]] == mark["text"]
    roles = {m["role"] for mention in body["mentions"] for m in mention["highlights"]}
    assert {"source", "target", "trigger"} <= roles


def test_the_network_weighs_dyads_and_leaves_negated_events_out(client, examples_db):
    edges = client.get("/api/v1/network").json()["edges"]
    with Store(examples_db, readonly=True) as store:
        expected = store.count(EventFilter(dyad=("RUS", "UKR"), include_negated=False))
    [edge] = [e for e in edges if (e["source"], e["target"]) == ("RUS", "UKR")]
    assert edge["events"] == expected == sum(edge[f"quad{n}"] for n in (1, 2, 3, 4))


def test_places_have_coordinates_and_country_totals(client):
    body = client.get("/api/v1/places").json()
    assert all(p["lat"] is not None for p in body["places"] if p["geonameid"])
    by_country = {c["country"]: c["events"] for c in body["countries"]}
    assert by_country["USA"] == sum(p["events"] for p in body["places"] if p["country"] == "USA")


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/events?since=2023-13", 400, "D100"),
        ("/api/v1/events?type=BOGUS", 400, "D600"),
        ("/api/v1/events?dyad=RUS", 400, "D600"),
        ("/api/v1/events?dyad=RUS,XXX", 400, "D100"),
        ("/api/v1/events?offset=10000000000000000000", 400, "D600"),
        ("/api/v1/events?limit=0", 400, "D600"),
        ("/api/v1/events?quad=7", 400, "D600"),
        ("/api/v1/events?format=xml", 400, "D600"),
        ("/api/v1/events/ev-nothing", 404, "D601"),
        ("/api/v1/nothing", 404, "D601"),
        ("/api/v1/actors?kind=martian", 400, "D100"),
        ("/api/v1/search?q=NEAR(&fts=true", 400, "D100"),
        ("/api/v1/search", 400, "D600"),
    ],
)
def test_one_error_shape(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code and error["message"]


def test_pages_and_answers_carry_a_strict_content_security_policy(client):
    for path in ("/", "/api/v1/events", "/api/v1/nothing"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
    page = client.get("/").text
    assert "<script" in page and "http" not in page.replace('"http-equiv"', "")
    assert client.get("/ui/app.js").status_code == 200
    assert client.get("/ui/data/world.geojson").json()["features"]


def test_writes_refused_without_a_token(client):
    article = {"articles": [{"text": "Talks.", "published": "2023-04-16"}]}
    response = client.post("/api/v1/articles", json=article)
    assert response.status_code == 403 and error_of(response)["code"] == "D603"


@pytest.mark.slow
def test_the_token_guards_writes_and_new_events_show_without_a_restart(examples_db, tmp_path):
    path = copy_db(examples_db, tmp_path / "live.db")
    story = (
        "WARSAW — Polish President Andrzej Duda met German Chancellor Olaf Scholz in Warsaw "
        "on Monday to discuss air defence."
    )
    article = {
        "articles": [{"text": story, "published": "2023-06-06", "title": "Duda meets Scholz"}]
    }
    with TestClient(create_app(path, token=TOKEN)) as live:
        before = live.get("/api/v1/events?dyad=POL,DEU&undirected=true").json()["data"]
        assert before == []
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            refused = live.post("/api/v1/articles", json=article, headers=headers)
            assert refused.status_code == 401 and error_of(refused)["code"] == "D602"
            assert refused.headers["www-authenticate"] == "Bearer"
        stored = live.post(
            "/api/v1/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert stored.status_code == 200, stored.text
        assert stored.json()["report"]["stored"] == 1
        assert [r["status"] for r in stored.json()["records"]] == ["stored"]
        after = live.get("/api/v1/events?dyad=POL,DEU&undirected=true").json()["data"]
        assert after and after[0]["event_type"] == "CONSULT"
        bad = live.post(
            "/api/v1/articles",
            json={"articles": [{"text": "x", "published": "yesterday"}]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert bad.json()["records"][0]["status"] == "skipped"


def test_the_server_refuses_a_missing_database(tmp_path):
    from dateline.errors import StoreMissingError

    with pytest.raises(StoreMissingError):
        create_app(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_highlights_are_sentence_offsets_of_article_spans():
    mention = {
        "sentence": "Putin met Li in Moscow on Sunday.",
        "sentence_span": [100, 133],
        "source": [
            {"text": "Putin", "span": [100, 105], "name": "Vladimir Putin", "country": "RUS"}
        ],
        "target": [{"text": "Li", "span": [110, 112], "name": "Li Shangfu", "country": "CHN"}],
        "trigger": "met",
        "trigger_span": [106, 109],
        "event_type": "CONSULT",
        "date": {"text": "Friday", "span": [20, 26], "start": "2023-04-14", "end": "2023-04-14"},
        "location": {"text": "Moscow", "span": [116, 122], "name": "Moscow", "country": "RUS"},
    }
    marks = highlights(mention)
    assert [(m["role"], m["text"], m["start"]) for m in marks] == [
        ("source", "Putin", 0),
        ("trigger", "met", 6),
        ("target", "Li", 10),
        ("place", "Moscow", 16),
    ]  # the date's span lies in another sentence: not marked here
    assert marks[0]["label"] == "Vladimir Putin (RUS)"
