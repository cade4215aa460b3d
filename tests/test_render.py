"""Terminal output sized to the terminal, with stated and defaulted values told apart."""

import io

import pytest
from rich.console import Console

from dateline.render import (
    date_label,
    describe_filter,
    event_table,
    explain_no_events,
    place_label,
    timeline_table,
)
from dateline.series import fill_periods
from dateline.store import EventFilter

SENTENCE = (
    "Russian President Vladimir Putin met Chinese Defense Minister Li Shangfu in the Kremlin "
    "on Sunday, days after a state visit by Xi Jinping."
)


def event(n: int, **changes: object) -> dict:
    record = {
        "event_id": f"ev-{n:04d}",
        "event_type": "CONSULT",
        "mode": "visit",
        "negated": False,
        "modality": "asserted",
        "source": [{"name": "Vladimir Putin", "country": "RUS"}],
        "target": [{"name": "Li Shangfu", "country": "CHN"}, {"name": "Sergei Shoigu"}],
        "date": {"start": "2023-04-16", "end": "2023-04-16", "granularity": "day"},
        "date_defaulted": False,
        "location": {"name": "Moscow", "country": "RUS"},
        "location_defaulted": False,
        "quad_class": 1,
        "goldstein": 1.0,
        "mention_count": 2,
        "article_count": 2,
        "source_count": 1,
        "outlets": ["AP"],
        "mentions": [{"sentence": SENTENCE.replace(" on ", "\non ")}],
    }
    record.update(changes)
    return record


ROWS = [event(1), event(2, date_defaulted=True, location_defaulted=True, negated=True)]


def rendered(table, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(table)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 240])
def test_event_table_fits_the_terminal(width):
    lines = rendered(event_table(ROWS, width=width), width)
    assert all(len(line) <= width for line in lines)
    text = "\n".join(lines)
    assert "2023-04-16*" in text and "Moscow†" in text  # defaulted values are marked
    assert "NOT CONSULT/visit" in text
    assert "Vladimir Putin (RUS)" in text
    assert "Li Shangfu (CHN)" in text or width < 80
    assert "Russian President" in text  # the sentence is there, on one line
    assert "\non Sunday" not in text


def test_wide_shows_every_column_in_full():
    text = "\n".join(rendered(event_table(ROWS, width=400, wide=True), 400))
    assert SENTENCE in text
    assert "ev-0002" in text and "QuadClass" in text
    narrow = "\n".join(rendered(event_table(ROWS, width=80), 80))
    assert SENTENCE not in narrow and "ev-0002" not in narrow


@pytest.mark.parametrize(
    ("when", "label"),
    [
        ({"start": "2023-03-01", "end": "2023-03-31", "granularity": "month"}, "2023-03"),
        ({"start": "2023-01-01", "end": "2023-12-31", "granularity": "year"}, "2023"),
        ({"start": "2023-04-10", "end": "2023-04-16", "granularity": "week"}, "2023-04-10…04-16"),
        ({"start": "2022-12-30", "end": "2023-01-02"}, "2022-12-30…2023-01-02"),
        (None, "?"),
    ],
)
def test_date_labels_read_as_their_granularity(when, label):
    assert date_label(event(1, date=when)) == label


def test_a_place_from_the_dateline_is_marked():
    assert place_label(event(1, location_defaulted=True)) == "Moscow†"
    assert place_label(event(1, location=None, location_defaulted=False)) == ""


def test_describe_filter():
    selection = EventFilter(country="chn", event_type=("ASSAULT",), date_from="2023-01-01")
    assert describe_filter(selection) == "country CHN, type ASSAULT, since 2023-01-01"
    assert describe_filter(EventFilter(dyad=("RUS", "UKR"), directed=False)) == "dyad RUS↔UKR"
    assert describe_filter(EventFilter()) == "all events"


def counter(matching: dict[str, int]):
    """A stand-in for Store.count: how many events each single filter matches."""

    def count(selection: EventFilter) -> int:
        return matching.get(describe_filter(selection), 0)

    return count


def test_an_empty_result_names_the_filter_that_left_nothing():
    selection = EventFilter(country="FRA", event_type=("ASSAULT",))
    count = counter({"all events": 94, "type ASSAULT": 8})
    message = explain_no_events(selection, count=count, db="x.db")
    assert message.startswith("no events match country FRA, type ASSAULT in x.db")
    assert "none has country FRA" in message and "94 events in all" in message
    both = counter({"all events": 94, "type ASSAULT": 8, "country FRA": 3})
    assert "none matches them all" in explain_no_events(selection, count=both, db="x.db")
    assert "ingest" in explain_no_events(selection, count=counter({}), db="x.db")


def test_timeline_table_shows_quiet_spells():
    rows = [
        {"period": p, "events": n, "verbal_cooperation": n, "material_cooperation": 0}
        | {"verbal_conflict": 0, "material_conflict": 0, "goldstein": float(n)}
        for p, n in (("2022-02", 1), ("2022-07", 6), ("2022-09", 2))
    ]
    lines = rendered(timeline_table(fill_periods(rows, "month")), 80)
    text = "\n".join(lines)
    assert "2022-03–06" in text  # four empty months on one line
    assert "2022-08" in text  # a single empty month keeps its own line
    assert all(len(line) <= 80 for line in lines)


def run(db, *args: str):
    from click.testing import CliRunner

    from dateline.cli import main

    return CliRunner().invoke(main, [args[0], "--db", str(db), *args[1:]])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "--country", "FRA"), "no events match country FRA in"),
        (("events", "--country", "FRA", "--format", "jsonl"), "none has country FRA"),
        (("timeline", "--type", "PROTEST", "--country", "UKR"), "none matches them all"),
        (("quotes", "--speaker", "Nobody"), "no quotes by a speaker named like 'Nobody'"),
        (("search", "zeppelin"), "no coded sentence in"),
        (("skipped",), "nothing skipped in"),
        (("actors", "--country", "FRA"), "no actors in"),
    ],
)
def test_an_empty_answer_says_so_on_stderr(examples_db, args, message):
    result = run(examples_db, *args)
    assert result.exit_code == 0
    assert result.stdout == ""  # nothing a script would mistake for data
    assert message in result.stderr


def test_plotting_nothing_is_an_error_and_draws_nothing(examples_db, tmp_path):
    chart = tmp_path / "none.png"
    result = run(examples_db, "timeline", "--country", "FRA", "--plot", str(chart))
    assert result.exit_code == 1
    assert "[D500]" in result.stderr and "none has country FRA" in result.stderr
    assert not chart.exists()


def test_timeline_offers_no_flag_it_would_ignore(examples_db):
    from click.testing import CliRunner

    from dateline.cli import main

    assert "--exclude-negated" not in CliRunner().invoke(main, ["timeline", "--help"]).output
    assert "never counted" in CliRunner().invoke(main, ["timeline", "--help"]).output
    assert "--exclude-negated" in CliRunner().invoke(main, ["events", "--help"]).output


def test_timeline_rows_include_the_empty_periods(examples_db):
    result = run(examples_db, "timeline", "--by", "month", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("period,start,end,events")
    periods = [line.split(",")[0] for line in lines[1:]]
    assert periods[0] == "2022-02" and "2022-03" in periods and "2023-10" in periods
    months = [int(p[:4]) * 12 + int(p[5:]) for p in periods]
    assert months == list(range(months[0], months[-1] + 1))


def test_events_csv_is_the_flat_export(examples_db):
    from dateline.export import FLAT_NAMES

    result = run(examples_db, "events", "--type", "CONSULT", "--format", "csv")
    header, *rows = result.stdout.splitlines()
    assert header.split(",") == list(FLAT_NAMES)
    assert rows and not any("{" in row for row in rows)
