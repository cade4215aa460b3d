"""`dateline report`: one self-contained page, opened in a real browser (issue 26)."""

import re

import pytest

from chromium import visit
from dateline.errors import EmptySelectionError
from dateline.report import build_report, choose_period
from dateline.store import EventFilter, Store


@pytest.fixture(scope="module")
def russia(examples_db):
    with Store(examples_db) as store:
        selection = EventFilter(country="RUS")
        events = store.events(selection)
        page = build_report(store, selection, db="examples.db", limit=5)
    return page, events


def test_the_page_holds_everything_it_shows(russia):
    page, events = russia
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Events: country RUS</h1>" in page
    assert page.count("<svg") == 1 and "Events per month: country RUS" in page
    assert page.count("<article ") == 5
    assert f"The first 5 of {len(events)} are listed" in page
    assert "Busiest dyads" in page and "RUS → UKR" in page
    newest = events[0]
    sentence = " ".join(newest["mentions"][0]["sentence"].split())
    assert sentence.replace("’", "’") in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_page_asks_for_nothing_from_outside(russia):
    page, _ = russia
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page)
    assert not re.search(r"url\((?!#)|@import|src=", page)  # the chart clips by #id only
    assert "default-src 'none'" in page  # and the browser is told to refuse anyway


def test_nothing_selected_is_an_error_that_says_why(examples_db):
    with Store(examples_db) as store, pytest.raises(EmptySelectionError) as caught:
        build_report(store, EventFilter(country="FRA"), db="examples.db")
    assert "none has country FRA" in str(caught.value)


@pytest.mark.parametrize(
    ("days", "period"), [(0, "day"), (40, "day"), (200, "week"), (900, "month"), (9000, "year")]
)
def test_the_chart_period_follows_the_span(days, period):
    from datetime import date, timedelta

    first = date(2023, 1, 1)
    assert choose_period((first, first + timedelta(days=days))) == period


def test_the_report_opens_in_chromium_offline(russia, tmp_path):
    page, _ = russia
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    seen = visit(
        path.as_uri(),
        screenshot=shot,
        evaluate=[
            "document.querySelectorAll('article').length",
            "document.querySelector('figure svg').getBoundingClientRect().width",
            "document.documentElement.scrollWidth <= window.innerWidth",
        ],
    )
    assert seen.network() == []
    assert [r["url"] for r in seen.requests] == [path.as_uri()]
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.title == "Events: country RUS"
    articles, chart_width, fits = seen.results
    assert articles == 5 and chart_width > 600 and fits
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
