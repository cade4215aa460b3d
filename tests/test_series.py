"""Timelines as continuous series: empty periods present, weeks whole, windows kept."""

from datetime import date

import pytest

from dateline.series import Series, busy_span, fill_periods, period_label, period_start


def row(period: str | None, events: int, *, conflict: int = 0, goldstein: float = 0.0) -> dict:
    return {
        "period": period,
        "events": events,
        "verbal_cooperation": events - conflict,
        "material_cooperation": 0,
        "verbal_conflict": conflict,
        "material_conflict": 0,
        "goldstein": goldstein,
    }


def test_empty_months_are_filled_in():
    series = fill_periods([row("2022-11", 2), row("2023-02", 1, conflict=1)], "month")
    assert [r["period"] for r in series.rows] == ["2022-11", "2022-12", "2023-01", "2023-02"]
    assert [r["events"] for r in series.rows] == [2, 0, 0, 1]
    assert series.rows[1]["start"] == date(2022, 12, 1)
    assert series.rows[1]["end"] == date(2022, 12, 31)
    assert series.events == 3


def test_years_far_apart_keep_the_years_between():
    series = fill_periods([row("1948", 1), row("1972", 4)], "year")
    assert len(series.rows) == 25
    assert series.rows[1] == {
        **row("1949", 0),
        "start": date(1949, 1, 1),
        "end": date(1949, 12, 31),
    }


def test_a_week_split_at_new_year_is_one_week():
    # SQLite's %W puts Mon 2022-12-26 .. Sat 2022-12-31 in 2022-W52 and Sun 2023-01-01 in W00
    series = fill_periods([row("2022-W52", 2), row("2023-W00", 3), row("2023-W01", 1)], "week")
    assert [(r["period"], r["events"]) for r in series.rows] == [("2022-W52", 5), ("2023-W01", 1)]
    assert series.rows[0]["start"] == date(2022, 12, 26)
    assert series.rows[0]["end"] == date(2023, 1, 1)


@pytest.mark.parametrize(
    ("key", "period", "start", "label"),
    [
        ("2023-04-16", "day", date(2023, 4, 16), "2023-04-16"),
        ("2023-W15", "week", date(2023, 4, 10), "2023-W15"),
        ("2023-04", "month", date(2023, 4, 1), "2023-04"),
        ("1987", "year", date(1987, 1, 1), "1987"),
    ],
)
def test_period_keys_and_labels(key, period, start, label):
    assert period_start(key, period) == start
    assert period_label(start, period) == label


def test_undated_events_are_counted_apart():
    series = fill_periods([row(None, 4), row("2023-04", 1)], "month")
    assert series.undated == 4 and series.events == 1


def test_a_filter_window_fixes_the_axis_and_sets_earlier_starts_apart():
    rows = [row("1979", 2), row("1987", 5)]
    series = fill_periods(rows, "year", first=date(1986, 3, 1), last=date(1988, 6, 30))
    assert [(r["period"], r["events"]) for r in series.rows] == [
        ("1986", 0),
        ("1987", 5),
        ("1988", 0),
    ]
    assert series.outside == 2


def test_busy_span_finds_where_the_events_are():
    rows = [row("1928", 1), *(row(f"1987-{m:02d}", 50) for m in range(3, 6)), row("2047", 1)]
    monthly = fill_periods(
        [row("1928-01", 1), *(row(f"1987-{m:02d}", 50) for m in range(3, 6)), row("2047-01", 1)],
        "month",
    )
    first, last = busy_span(monthly)
    assert (first["period"], last["period"]) == ("1987-03", "1987-05")
    assert busy_span(fill_periods(rows[1:4], "month")) is None  # already all busy
    assert busy_span(Series(period="month", rows=())) is None
