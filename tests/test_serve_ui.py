"""The web UI in a real browser (Debian's chromium via playwright-core, tests/chromium.py)
against a real `dateline serve` process: each view loads offline and without errors, a
network edge leads to the sentence behind an event, and markup in a story stays text.

Screenshots are kept in out/screenshots/ (the test artifacts)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from chromium import require_browser, visit
from conftest import REPO, shared_file

SHOTS = REPO / "out" / "screenshots"
MARKUP_STORY = (
    "date 2023-06-06 <script>window.__pwned = 1</script> Duda meets Scholz\n\n"
    "WARSAW — Polish President Andrzej Duda met German Chancellor Olaf Scholz in Warsaw on "
    'Monday <img src=x onerror="window.__pwned = 2"> to discuss air defence.\n'
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_address(port: int) -> str:
    """The local address a TCP socket listens on for `port` (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            return socket.inet_ntoa(bytes.fromhex(address)[::-1])
    return ""


@pytest.fixture(scope="module")
def ui_db(examples_db, tmp_path_factory) -> Path:
    """The examples, the seed story and a story full of markup, in one database."""
    from dateline.pipeline import ingest
    from dateline.store import Store

    folder = tmp_path_factory.mktemp("ui")
    path = folder / "ui.db"
    with sqlite3.connect(examples_db) as origin, sqlite3.connect(path) as copy:
        origin.backup(copy)
    markup = folder / "markup.txt"
    markup.write_text(MARKUP_STORY, encoding="utf-8")
    with Store(path) as store:
        report = ingest([shared_file("seed/000_9292aeaa127b65d9.txt"), markup], store)
    assert report.as_dict()["stored"] == 2
    return path


@pytest.fixture(scope="module")
def server(ui_db) -> str:
    """`dateline serve` on a free port with its default host; yields its base URL."""
    require_browser()
    port = free_port()
    command = "from dateline.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--db", str(ui_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(f"{base}/api/v1/network", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_page(server: str, route: str, name: str, **options):
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen = visit(
        f"{server}/{route}",
        screenshot=SHOTS / f"{name}.png",
        allow_origin=server,
        steps=[{"wait_for": "body[data-ready]"}, *options.pop("steps", [])],
        **options,
    )
    assert seen.network(allow_origin=server) == []  # nothing left the machine
    assert seen.console_errors == [] and seen.page_errors == []
    return seen


def test_the_server_listens_on_loopback_only_by_default(server):
    port = int(server.rsplit(":", 1)[1])
    assert listening_address(port) == "127.0.0.1"


def test_concurrent_requests_are_all_answered(server):
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/v1/events?dyad=RUS,UKR", "/api/v1/timeline", "/api/v1/network"] * 8

    def status(path: str) -> int:
        with urlopen(f"{server}{path}", timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(status, paths)) == {200}


@pytest.mark.parametrize(
    ("route", "name", "drawn"),
    [
        ("#/timeline", "timeline", "document.querySelectorAll('svg rect[fill]').length"),
        ("#/network", "network", "document.querySelectorAll('[data-dyad]').length"),
        ("#/map", "map", "document.querySelectorAll('path.country').length"),
        ("#/events?country=RUS", "events", "document.querySelectorAll('ol.events li').length"),
        ("#/search?q=defense%20minister", "search", "document.querySelectorAll('.hits li').length"),
    ],
)
def test_each_view_loads_offline_without_errors(server, route, name, drawn):
    seen = open_page(server, route, name, evaluate=[drawn])
    assert seen.title == "dateline" and seen.results[0] > 0
    assert {r["url"].split("?")[0] for r in seen.requests} >= {f"{server}/", f"{server}/ui/app.js"}


def test_the_api_reference_at_docs_is_drawn_offline_from_openapi_json(server):
    seen = open_page(
        server,
        "docs",
        "docs",
        evaluate=[
            "[...document.querySelectorAll('[data-operation]')].map((s) => s.dataset.operation)"
        ],
    )
    assert "GET /api/v1/events" in seen.results[0] and "POST /api/v1/articles" in seen.results[0]
    assert len(seen.results[0]) == 9


def test_from_the_russia_china_edge_to_the_sentence_behind_the_meeting(server):
    seen = open_page(
        server,
        "#/network",
        "network-to-event",
        steps=[
            {"click_line": '[data-dyad="CHN-RUS"]'},
            {"wait_for": "ol.events li"},
            {"click": 'ol.events li:has(.type:text-is("CONSULT")):has-text("Li Shangfu") a'},
            {"wait_for": ".mention mark"},
        ],
        evaluate=[
            "location.hash",
            "document.querySelector('h1').textContent",
            """[...document.querySelectorAll('.mention')].map((m) => ({
                sentence: m.querySelector('.sentence').textContent,
                marks: [...m.querySelectorAll('mark')].map((k) => [k.dataset.role, k.textContent]),
            }))""",
        ],
    )
    where, heading, mentions = seen.results
    assert where.startswith("#/event/ev-") and heading.startswith("CONSULT")
    assert "Li Shangfu" in heading and "Vladimir Putin" in heading
    met = [m for m in mentions if m["sentence"].startswith("Russian President Vladimir Putin met")]
    assert met, mentions
    marks = met[0]["marks"]
    assert ["source", "Russian President Vladimir Putin"] in marks
    assert ["target", "China’s defense minister"] in marks


def test_a_brush_on_the_timeline_lists_the_events_of_those_periods(server):
    seen = open_page(
        server,
        "#/timeline?period=year",
        "timeline-brush",
        steps=[
            {"drag": ['[data-testid="timeline"]', [0.75, 0.5], [0.98, 0.5]]},
            {"wait_for": ".picked ol.events li"},
        ],
        evaluate=[
            "document.querySelector('.picked h2').textContent",
            "[...document.querySelectorAll('.picked ol.events li')].length",
        ],
    )
    heading, listed = seen.results
    assert heading == "2023 to 2023" and listed > 0


@pytest.mark.parametrize("route", ["#/search?q=Scholz", "#/events?actor=Scholz"])
def test_markup_in_a_story_is_shown_as_text(server, route):
    steps = [{"click": "a[href^='#/event/']"}, {"wait_for": ".mention"}]
    seen = open_page(
        server,
        route,
        "markup-as-text",
        steps=steps,
        evaluate=[
            "window.__pwned === undefined",
            "document.querySelectorAll('main script, main img').length",
            "document.querySelector('main').innerText",
        ],
    )
    untouched, injected, text = seen.results
    assert untouched and injected == 0
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert "<script>window.__pwned = 1</script> Duda meets Scholz" in text


def test_events_ingested_by_another_process_appear_without_a_restart(server, ui_db, tmp_path):
    import json

    from dateline.pipeline import ingest
    from dateline.store import Store

    url = f"{server}/api/v1/events?dyad=FRA,IND&undirected=true"
    assert json.load(urlopen(url))["data"] == []
    story = tmp_path / "macron.txt"
    story.write_text(
        "date 2023-07-14 Macron hosts Modi\n\nPARIS — French President Emmanuel Macron met "
        "Indian Prime Minister Narendra Modi in Paris on Friday.\n",
        encoding="utf-8",
    )
    with Store(ui_db) as store:  # this process writes, the server's process reads
        assert ingest([story], store).as_dict()["stored"] == 1
    [event] = json.load(urlopen(url))["data"]
    assert event["event_type"] == "CONSULT"
