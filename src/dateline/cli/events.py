"""Commands that query the store: `events`, `timeline`, `quotes`, `search`, `summary`,
`skipped`, and `merge`, which merges its mentions again."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from pathlib import Path

import click

from ..errors import OutputError
from ..store.events import EventFilter
from .base import (
    DB_HELP,
    DEFAULT_DB,
    FORMAT_HELP,
    PLOT_SUFFIXES,
    SUMMARY_MONTHS,
    event_filter,
    filter_options,
    filter_window,
    main,
    no_events,
    print_rows,
    writable_output,
)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@filter_options
@click.option("--limit", default=None, type=int, help="At most this many events.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="table for people; jsonl (nested records) or csv (flat columns) for programs.",
)
@click.option("--wide", is_flag=True, help="Every column, nothing cut to the terminal's width.")
def events(db: str, limit: int | None, fmt: str, wide: bool, **params: object) -> None:
    """List merged events (one real-world event per row, newest first, with its sentence).

    Dates marked * are publication days (the text states none); places marked † come from
    the story's dateline. Empty results say which filter left nothing.

    \b
    Example:
      dateline events --dyad RUS,UKR --type ASSAULT --since 2022-01-01
      dateline events --country CHN --wide
      dateline events --type CONSULT --format jsonl
    """
    from ..store import open_store

    selection = event_filter(params)
    with open_store(db, readonly=True) as store:
        rows = store.events(selection, limit=limit)
        if not rows:
            no_events(store, selection, db)
            return
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        from ..export import FLAT_NAMES, csv_text, flat_row

        writer = csv.writer(sys.stdout)
        writer.writerow(FLAT_NAMES)
        writer.writerows([csv_text(v) for v in flat_row(row).values()] for row in rows)
    else:
        from ..render import console, event_table

        out = console(wide=wide)
        out.print(event_table(rows, width=out.width, wide=wide))


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@filter_options(negated=False)
@click.option(
    "--by",
    "period",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
    help="Length of each period (every period in the span is listed, empty ones too).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="table for people; jsonl or csv (one row a period) for programs.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw the chart to this file (.png, .svg or .pdf).",
)
def timeline(db: str, period: str, fmt: str, plot: str | None, **params: object) -> None:
    """Events over time: counts per QuadClass and the Goldstein sum for every period from
    the first event to the last, empty periods included.

    Negated events are never counted (counting what did not happen misleads); list them
    with `dateline events`.

    \b
    Example:
      dateline timeline --dyad RUS,UKR --by month --plot rus-ukr.png
      dateline timeline --country CHN --by week --format csv
    """
    from ..render import chart_titles, console, timeline_table
    from ..series import COUNTS, busy_span, fill_periods
    from ..store import open_store

    if plot and Path(plot).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise click.BadParameter("name a .png, .svg or .pdf file", param_hint="--plot")
    selection = dataclasses.replace(event_filter(params), include_negated=False)
    if plot:
        writable_output(plot, suffixes=PLOT_SUFFIXES)
    with open_store(db, readonly=True) as store:
        first, last = filter_window(selection)
        rows = store.timeline(selection, period=period)
        series = fill_periods(rows, period, first=first, last=last)
        if not series.events:
            if plot:
                from ..errors import EmptySelectionError
                from ..render import explain_no_events

                raise EmptySelectionError(
                    f"nothing to plot: {explain_no_events(selection, count=store.count, db=db)}",
                    hint="loosen the filters",
                )
            no_events(store, selection, db)
            return
    keys = ("period", "start", "end", *COUNTS, "goldstein")
    if fmt == "jsonl":
        for row in series.rows:
            click.echo(
                json.dumps({k: str(row[k]) if k in ("start", "end") else row[k] for k in keys})
            )
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(keys)
        writer.writerows([row[k] for k in keys] for row in series.rows)
    else:
        console().print(timeline_table(series))
    if series.undated and fmt != "table":
        click.echo(f"{series.undated} events without a date are in no period", err=True)
    if series.outside:
        click.echo(f"{series.outside} events that began before {first} are in no period", err=True)
    busy = busy_span(series)
    if busy:
        click.echo(
            f"95% of these events fall in {busy[0]['period']} to {busy[1]['period']}: "
            f"--since {busy[0]['start']} --until {busy[1]['end']} looks closer",
            err=True,
        )
    if plot:
        from ..plot import plot_timeline

        title, subtitle = chart_titles(series, selection, db=db)
        try:
            plot_timeline(series, plot, title=title, subtitle=subtitle)
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write {plot} ({exc})", hint="check the path") from exc
        click.echo(f"chart written to {plot}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--speaker", default=None, help="Part of the speaker's name.")
@click.option("--limit", default=None, type=int, help="At most this many quotes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)
def quotes(db: str, speaker: str | None, limit: int | None, fmt: str) -> None:
    """Direct quotes with their speakers, newest first.

    \b
    Example:
      dateline quotes --speaker Biden
    """
    from ..store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.quotes(speaker=speaker, limit=limit)
        total = len(store.quotes()) if not rows else 0
    if not rows:
        who = f" by a speaker named like '{speaker}'" if speaker else ""
        click.echo(
            f"no quotes{who} in {db} ({total} quotes in all"
            + ("; `dateline quotes` lists them)" if total else ")"),
            err=True,
        )
        return
    print_rows(rows, fmt, "quote_table")


@main.command()
@click.argument("text")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--limit", default=20, show_default=True, help="At most this many results.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)
@click.option(
    "--fts",
    "raw",
    is_flag=True,
    help="TEXT is an SQLite FTS5 query (AND, OR, NOT, NEAR, prefix*), not words to find.",
)
def search(text: str, db: str, limit: int, fmt: str, raw: bool) -> None:
    """Full-text search over coded sentences, best first: sentences with every word of TEXT
    (a "quoted phrase" as a phrase); --fts for SQLite FTS5 query syntax.

    \b
    Example:
      dateline search "Xi's visit to the U.S."
      dateline search --fts '"prisoner swap" OR sanctions'
    """
    from ..store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.search(text, limit=limit, raw=raw)
    if not rows:
        hint = (
            "FTS5 syntax: quote phrases as '\"defense minister\"', join words with AND or OR"
            if raw
            else "every word must be in one sentence; fewer words find more"
        )
        click.echo(f"no coded sentence in {db} matches {text!r} ({hint})", err=True)
        return
    print_rows(rows, fmt, "search_table")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def merge(db: str) -> None:
    """Merge stored mentions into events again (ingest does this; idempotent).

    \b
    Example:
      dateline merge --db dateline.db
    """
    from ..pipeline import remerge
    from ..store import open_store

    with open_store(db) as store:
        count = remerge(store)
    click.echo(f"{count} events", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def summary(db: str) -> None:
    """A readable summary of the store: events per type, busiest dyads, a timeline.

    \b
    Example:
      dateline summary --db out/examples.db
    """
    from ..render import console, summary_view
    from ..series import fill_periods
    from ..store import open_store

    with open_store(db, readonly=True) as store:
        data = store.summary()
        series = fill_periods(data["timeline"], "month")
        if len(series.rows) > SUMMARY_MONTHS:  # decades of months read better as years
            yearly = store.timeline(EventFilter(include_negated=False), period="year")
            series = fill_periods(yearly, "year")
    out = console()
    for part in summary_view({**data, "series": series}, db=db):
        out.print(part)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "tsv"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP + " tsv: origin, stage and reason, tab-separated.",
)
def skipped(db: str, fmt: str) -> None:
    """List the records ingest skipped, with file/line, stage and reason.

    \b
    Example:
      dateline skipped --db out/examples.db
    """
    from ..store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.skipped()
        stored = store.counts()["articles"]
    if not rows:
        click.echo(f"nothing skipped in {db}: all {stored} stories read were stored", err=True)
        return
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "tsv":
        for row in rows:
            click.echo(f"{row['origin']}\t{row['stage']}\t{row['reason']}")
    else:
        from ..render import console, skipped_table

        console().print(skipped_table(rows))
