"""The `dateline` command: thin click commands over the library.

Data goes to stdout, logs and reports to stderr. Exit codes: 0 all good, 1 an error
(`Error: …`), 2 usage, 3 some records were skipped (the rest were processed).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import DatelineError, FilterError, OutputError
from .layout import parse_layout
from .pipeline import RunReport, run_extract
from .read import FIELD_NAMES, KINDS, PublishedRange, check_paths, count_records, scan_paths
from .records import Skipped, article_json, extraction_json
from .store.events import EventFilter

if TYPE_CHECKING:
    from .store import LakeStore, Store

EXIT_SKIPPED = 3
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
DEFAULT_DB = "dateline.db"
DB_HELP = "SQLite database file, or lake:FOLDER for an event lake."
FORMAT_HELP = "table for people; jsonl (one JSON object a line) for programs."
SUMMARY_MONTHS = 36  # a longer span is summarised by year


class Group(click.Group):
    """Catches DatelineError in one place: `Error: …` on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FilterError as exc:  # a bad option value: a usage error
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except DatelineError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="dateline")
def main() -> None:
    """dateline: dated news stories in; who did what to whom, when, where, and who said so.

    \b
    Example:
      dateline extract story.txt          # one JSON line per story, no database
      dateline ingest examples/           # into ./dateline.db
      dateline events --format jsonl
    """


def input_options(command):
    """How inputs are read, shared by `parse`, `extract` and `ingest`."""
    options = [
        click.option(
            "--input-format",
            "kind",
            type=click.Choice(KINDS),
            default=None,
            help="Read every input (and stdin) as this kind, whatever its name says.",
        ),
        click.option(
            "--dates",
            default="1800-01-01..",
            show_default=True,
            metavar="FROM..TO",
            help="Publication dates outside this range are skipped (TO defaults to two days "
            "from now).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def published_range(text: str) -> PublishedRange:
    try:
        return PublishedRange.parse(text)
    except DatelineError as exc:
        raise click.BadParameter(str(exc), param_hint="--dates") from exc


def report_skipped(report: RunReport) -> None:
    for item in report.skipped_records:
        click.echo(f"skipped {item.origin} [{item.stage}]: {item.reason}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@input_options
def parse(paths: tuple[str, ...], kind: str | None, dates: str) -> None:
    """Print the wire layout of each story as JSON (dateline, byline, captions, body).

    \b
    Example:
      dateline parse ../shared/seed/000_9292aeaa127b65d9.txt
    """
    skipped = 0
    for item in scan_paths(paths, kind=kind or "", dates=published_range(dates)):
        if isinstance(item, Skipped):
            click.echo(f"skipped {item.origin} [{item.stage}]: {item.reason}", err=True)
            skipped += 1
            continue
        click.echo(json.dumps(article_json(parse_layout(item)), ensure_ascii=False))
    if skipped:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--workers", default=1, show_default=True, help="Worker processes for coding.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Also print mentions flagged low_confidence (left out by default).",
)
@input_options
def extract(
    paths: tuple[str, ...], workers: int, everything: bool, kind: str | None, dates: str
) -> None:
    """Code stories and print one JSON line per story (no database).

    Each line is {"article", "mentions", "quotes", "actors", "places"}. PATHS are files,
    directories or '-' for stdin. Mentions the confidence model does not trust are left out
    (`--all` prints them too, flagged `low_confidence`). Exit code 3 means some records were
    skipped (listed on stderr with file, line and reason); the others were coded.

    \b
    Example:
      dateline extract ../shared/seed/000_9292aeaa127b65d9.txt | jq .mentions
    """
    report = RunReport()
    items = scan_paths(paths, kind=kind or "", dates=published_range(dates))
    for result in run_extract(items, report, workers=workers):
        if isinstance(result, Skipped):
            report.skip(result)
        else:
            line = extraction_json(result, everything=everything)
            click.echo(json.dumps(line, ensure_ascii=False))
    report_skipped(report)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


def parse_fields(values: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for value in values:
        key, sep, column = value.partition("=")
        if not sep or key not in FIELD_NAMES:
            raise click.BadParameter(
                f"'{value}': use FIELD=COLUMN with FIELD one of {', '.join(FIELD_NAMES)}"
            )
        fields[key] = column
    return fields


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--source", default="", help="Outlet name for stories that do not carry one.")
@click.option(
    "--field",
    "field_map",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read FIELD (text, published, title, url, source, id) from COLUMN.",
)
@click.option("--include", multiple=True, metavar="GLOB", help="Only files matching GLOB.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching GLOB.")
@click.option("--workers", default=1, show_default=True, help="Worker processes for coding.")
@click.option("--batch-size", default=50, show_default=True, help="Stories per transaction.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where files are coded: this machine, or Dask workers (needs --db lake:FOLDER).",
)
@click.option(
    "--scheduler",
    default=None,
    envvar="DASK_SCHEDULER_ADDRESS",
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster of --workers).",
)
@input_options
@click.option(
    "--report-json",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the run report as JSON to this file.",
)
@click.option(
    "--records",
    "records_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write one JSON line per record read to this file: its origin, what became of it "
    "(stored, copy, duplicate, skipped), its article and story ids, and why.",
)
def ingest(
    paths: tuple[str, ...],
    db: str,
    source: str,
    field_map: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    workers: int,
    batch_size: int,
    engine: str,
    scheduler: str | None,
    kind: str | None,
    dates: str,
    report_json: str | None,
    records_path: str | None,
) -> None:
    """Code stories and store them: idempotent, resumable after a crash.

    Stories already stored are counted as duplicates and not coded again; near-duplicate
    copies from other outlets are stored and linked to one story. A progress bar shows on a
    terminal; the final report (read, stored, duplicates, skipped by reason) goes to stderr.

    \b
    Example:
      dateline ingest examples/ --db out/examples.db
      dateline ingest feed.csv --field text=body --field published=date --workers 2
      dateline ingest stories/ --engine dask --workers 8 --db lake:events/
    """
    from .pipeline import ingest as run_ingest
    from .progress import progress_bar
    from .scale.lake import lake_path
    from .store import Store

    lake = lake_path(db)
    if engine == "dask" and lake is None:
        raise click.UsageError("--engine dask writes an event lake: give --db lake:FOLDER")
    fields, published = parse_fields(field_map), published_range(dates)
    check_paths(paths)  # before the database is created or anything is read
    for output in (report_json, records_path):
        if output:
            writable_output(output)
    terminal = sys.stderr.isatty()
    total = count_records(paths, include=include, exclude=exclude) if terminal else None
    with contextlib.ExitStack() as stack:
        lines = None
        if records_path:
            handle = stack.enter_context(Path(records_path).open("w", encoding="utf-8"))

            def lines(line: dict) -> None:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")

        options = {
            "workers": workers,
            "source": source,
            "fields": fields,
            "include": include,
            "exclude": exclude,
            "kind": kind or "",
            "dates": published,
            "on_record": lines,
        }
        if lake is not None:
            from .scale.engine import ingest_lake

            show = stack.enter_context(progress_bar(enabled=terminal, total=total))
            report = ingest_lake(
                paths, lake, engine=engine, scheduler=scheduler, progress=show, **options
            )
        else:
            store = stack.enter_context(Store(db))
            show = stack.enter_context(progress_bar(enabled=terminal, total=total))
            report = run_ingest(paths, store, batch_size=batch_size, progress=show, **options)
    summary = report.as_dict()
    click.echo(
        f"read {summary['read']}, stored {summary['stored']}, duplicates "
        f"{summary['duplicates']}, skipped {summary['skipped']}, syndicated copies "
        f"{summary['syndicated']}, mentions {summary['mentions']} in {summary['seconds']} s "
        f"({summary['articles_per_second']}/s) → {db}",
        err=True,
    )
    for reason, count in sorted(report.skipped_by_reason.items(), key=lambda kv: -kv[1]):
        click.echo(f"  skipped {count:>6}  {reason}", err=True)
    if report.skipped:
        click.echo("  (list them with: dateline skipped --db " + db + ")", err=True)
    if report_json:
        Path(report_json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


def writable_output(path: str, *, suffixes: tuple[str, ...] = ()) -> Path:
    """An output path checked before any work: its folder exists and, where the format
    follows the name, the suffix is one that can be written."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {path}: the folder {folder} does not exist",
            hint=f"create it first (mkdir -p {folder}) or give another path",
        )
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder", hint="give a file name")
    if suffixes and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"cannot write {path}: '{target.suffix or '(no suffix)'}' is not a format this "
            "can draw",
            hint=f"name the file with one of {', '.join(suffixes)}",
        )
    return target


def filter_options(command=None, *, negated: bool = True):
    """The event filters shared by `events`, `timeline`, `export` and `report`; `negated=False`
    leaves out --exclude-negated where negated events are never counted anyway."""
    if command is None:
        return functools.partial(filter_options, negated=negated)
    options = [
        click.option("--actor", default=None, help="Part of an actor's name, either side."),
        click.option("--country", default=None, help="ISO3 country on either side, e.g. RUS."),
        click.option(
            "--dyad",
            default=None,
            metavar="SRC,TGT",
            help="Source and target countries, e.g. RUS,UKR.",
        ),
        click.option(
            "--directed/--undirected",
            default=True,
            help="Match the dyad source to target only (default), or in either direction.",
        ),
        click.option(
            "--event-type",
            "--type",
            "event_types",
            multiple=True,
            help="PLOVER type, e.g. ASSAULT (repeatable; --type is the same).",
        ),
        click.option(
            "--quad", "quad_class", type=click.IntRange(1, 4), default=None, help="QuadClass 1-4."
        ),
        click.option(
            "--date-from",
            "--since",
            "date_from",
            default=None,
            metavar="YYYY[-MM[-DD]]",
            help="Events on or after (--since is the same).",
        ),
        click.option(
            "--date-to",
            "--until",
            "date_to",
            default=None,
            metavar="YYYY[-MM[-DD]]",
            help="Events on or before (--until is the same).",
        ),
        click.option("--place", default=None, help="Part of the place name, or its ISO3."),
        click.option(
            "--min-sources",
            default=1,
            show_default=True,
            help="At least this many independent sources.",
        ),
        *(
            [click.option("--exclude-negated", is_flag=True, help="Leave out negated events.")]
            if negated
            else []
        ),
        click.option(
            "--exclude-hypothetical",
            is_flag=True,
            help="Leave out future, hypothetical and conditional events.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def event_filter(params: dict) -> EventFilter:
    from .store.events import check_filter, dyad_pair

    dyad = dyad_pair(params["dyad"]) if params.get("dyad") else None

    return check_filter(
        EventFilter(
            actor=params.get("actor"),
            country=params.get("country"),
            dyad=dyad,
            directed=params.get("directed", True),
            event_type=tuple(params.get("event_types") or ()),
            quad_class=params.get("quad_class"),
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
            place=params.get("place"),
            min_sources=params.get("min_sources") or 1,
            include_negated=not params.get("exclude_negated"),
            include_hypothetical=not params.get("exclude_hypothetical"),
        )
    )


def filter_window(selection: EventFilter) -> tuple[date | None, date | None]:
    """The --since and --until days of a filter, as dates (None when not given)."""

    def day(text: str | None) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise click.BadParameter(f"{text!r}: use YYYY-MM-DD") from None

    return day(selection.date_from), day(selection.date_to)


def no_events(store: Store | LakeStore, selection: EventFilter, db: str) -> None:
    """Say on stderr that nothing matched, and which filter left nothing."""
    from .render import explain_no_events

    click.echo(explain_no_events(selection, count=store.count, db=db), err=True)


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
    from .store import open_store

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
        from .export import FLAT_NAMES, csv_text, flat_row

        writer = csv.writer(sys.stdout)
        writer.writerow(FLAT_NAMES)
        writer.writerows([csv_text(v) for v in flat_row(row).values()] for row in rows)
    else:
        from .render import console, event_table

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
    from .render import chart_titles, console, timeline_table
    from .series import COUNTS, busy_span, fill_periods
    from .store import open_store

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
                from .errors import EmptySelectionError
                from .render import explain_no_events

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
        from .plot import plot_timeline

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
    from .store import open_store

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
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from .render import console, quote_table

    console().print(quote_table(rows))


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
    from .store import open_store

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
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from .render import console, search_table

    console().print(search_table(rows))


@main.command(name="export")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "plover", "gdelt"]),
    required=True,
    help="jsonl: nested records; csv, parquet: flat typed columns (docs/exports.md); "
    "plover: PLOVER JSON; gdelt: GDELT-style TSV.",
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), required=True, help="The file to write."
)
def export_command(db: str, fmt: str, out: str, **params: object) -> None:
    """Export merged events: JSON Lines, CSV, Parquet, PLOVER JSON or GDELT-style TSV.

    \b
    Example:
      dateline export --format parquet --out events.parquet --since 2023-01-01
    """
    from .export import write_events
    from .store import open_store

    selection = event_filter(params)
    writable_output(out)
    with open_store(db, readonly=True) as store:
        rows = store.events(selection)
    try:
        count = write_events(rows, out, fmt=fmt)
    except OSError as exc:
        raise OutputError(f"cannot write {out} ({exc})", hint="check the path") from exc
    click.echo(f"{count} events written to {out}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@filter_options
@click.option(
    "--by",
    "period",
    type=click.Choice(["auto", "day", "week", "month", "year"]),
    default="auto",
    show_default=True,
    help="Periods of the chart (auto: from the span of the events).",
)
@click.option(
    "--limit",
    default=200,
    show_default=True,
    help="At most this many events listed (all of them are counted).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    required=True,
    help="The HTML file to write (self-contained).",
)
def report(db: str, period: str, limit: int, out: str, **params: object) -> None:
    """Write one self-contained HTML page: the timeline chart, events per type, the busiest
    dyads and the events with the sentences and sources that report them.

    The page needs no network to open (styles and chart are inside it): mail it as it is.

    \b
    Example:
      dateline report --country RUS --since 2022-01-01 --out russia.html
    """
    from .report import build_report
    from .store import open_store

    selection = event_filter(params)
    filter_window(selection)  # a bad --since or --until is a usage error before any work
    writable_output(out)
    with open_store(db, readonly=True) as store:
        page = build_report(store, selection, db=db, period=period, limit=limit)
    try:
        Path(out).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {out} ({exc})", hint="check the path") from exc
    click.echo(f"report written to {out}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default keeps the server to this machine.",
)
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
def serve(db: str, host: str, port: int) -> None:
    """Serve the HTTP API (/api/v1, /docs) and the web UI over a database.

    The database is opened read-only: events an ingest adds appear without a restart. With
    DATELINE_TOKEN set, POST /api/v1/articles ingests stories sent with that token.

    \b
    Example:
      dateline serve --db out/examples.db     # then open http://127.0.0.1:8765/
    """
    import os

    from .serve import serve as run_server

    token = os.environ.get("DATELINE_TOKEN", "")
    mode = "accepts POST /api/v1/articles with the token" if token else "read-only"
    click.echo(f"dateline: serving {db} at http://{host}:{port}/ ({mode}); Ctrl-C stops", err=True)
    run_server(db, host=host, port=port, token=token)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def merge(db: str) -> None:
    """Merge stored mentions into events again (ingest does this; idempotent).

    \b
    Example:
      dateline merge --db dateline.db
    """
    from .pipeline import remerge
    from .store import open_store

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
    from .render import console, summary_view
    from .series import fill_periods
    from .store import open_store

    with open_store(db, readonly=True) as store:
        data = store.summary()
        series = fill_periods(data["timeline"], "month")
        if len(series.rows) > SUMMARY_MONTHS:  # decades of months read better as years
            yearly = store.timeline(EventFilter(include_negated=False), period="year")
            series = fill_periods(yearly, "year")
    out = console()
    for part in summary_view({**data, "series": series}, db=db):
        out.print(part)


@main.group(invoke_without_command=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--kind", default=None, help="person, igo, gov, group, state …")
@click.option("--country", default=None, help="ISO3 country code.")
@click.option("--sector", default=None, help="PLOVER agent code, e.g. MIL.")
@click.option("--name", default=None, help="Part of the name.")
@click.option("--limit", default=50, show_default=True, help="At most this many actors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)
@click.pass_context
def actors(
    ctx: click.Context,
    db: str,
    kind: str | None,
    country: str | None,
    sector: str | None,
    name: str | None,
    limit: int,
    fmt: str,
) -> None:
    """People and organizations the stories name: roles, country, first/last seen, mentions.
    `dateline actors lookup NAME` asks the shipped actor knowledge base instead.

    \b
    Example:
      dateline actors --kind person --country RUS
      dateline actors lookup "Kassym-Jomart Tokayev" --on 2020-01-01
    """
    if ctx.invoked_subcommand is not None:
        return
    from .store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.actors(kind=kind, country=country, sector=sector, name=name, limit=limit)
    if not rows:
        asked = {"kind": kind, "country": country, "sector": sector, "name": name}
        wanted = ", ".join(f"{key} {value}" for key, value in asked.items() if value)
        click.echo(f"no actors in {db} match {wanted or 'anything'}", err=True)
        return
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from .render import actor_table, console

    console().print(actor_table(rows))


@actors.command(name="lookup")
@click.argument("name")
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="The day in question.")
def actors_lookup(name: str, on: str | None) -> None:
    """Every candidate the actor knowledge base has for NAME, with its source and dated
    spells, what each was on the day given, and how `code_actor` resolves the name (JSON).

    \b
    Example:
      dateline actors lookup Johnson --on 2020-01-01
    """
    from .read import parse_published
    from .resolve.actors import lookup_actor

    day = parse_published(on) if on else None
    if on and day is None:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on")
    click.echo(json.dumps(lookup_actor(name, on=day), ensure_ascii=False, indent=1))


@main.group()
def offices() -> None:
    """Office-holder tables: who held which office when (for role phrases such as
    "China's defense minister").

    \b
    Example:
      dateline offices import office_spells.csv
      dateline offices holder USA president --on 2022-06-01
    """


@offices.command(name="import")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--source", default="", help="Name of this table (default: the file name).")
@click.option("--as-of", default=None, help="Last day the table is known to be complete.")
def offices_import(csv_path: str, db: str, source: str, as_of: str | None) -> None:
    """Import a CSV of office spells: country, position, person, id, start, end.

    Past the table's coverage the holder is "unknown", never the last one extended.

    \b
    Example:
      dateline offices import office_spells.csv --as-of 2023-01-19
    """
    from .read import parse_published
    from .store import open_store

    day = parse_published(as_of) if as_of else None
    with open_store(db) as store:
        result = store.import_offices(csv_path, source=source, as_of=day)
    click.echo(json.dumps(result, ensure_ascii=False))


@offices.command(name="holder")
@click.argument("country")
@click.argument("role")
@click.option("--on", "on", required=True, metavar="YYYY-MM-DD", help="The day in question.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
def offices_holder(country: str, role: str, on: str, db: str) -> None:
    """Who held ROLE of COUNTRY on a day, with the evidence.

    \b
    Example:
      dateline offices holder CHN "defense minister" --on 2023-04-16
    """
    from .read import parse_published
    from .store import open_store

    day = parse_published(on)
    if day is None:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on")
    with open_store(db, readonly=True) as store:
        holder = store.holder(country=country.upper(), role=role, on=day)
    click.echo(json.dumps(dataclasses.asdict(holder), ensure_ascii=False))


@main.command(name="eval")
@click.option(
    "--relations",
    "relation_files",
    multiple=True,
    type=click.Path(exists=True),
    help="Relation rows: sentence, source/target {text, span}, gold_root.",
)
@click.option(
    "--events",
    "event_files",
    multiple=True,
    type=click.Path(exists=True),
    help="PLOVER records: text, source, target, event (end-to-end coding).",
)
@click.option(
    "--actors",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Independent actor labels by record id for --events (default: <name>_actors.jsonl "
    "beside the gold file, when present).",
)
@click.option(
    "--news",
    nargs=2,
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    metavar="STORIES GOLD",
    help="Real news: a stories file and its hand-coded sentence gold (type + source + target).",
)
@click.option(
    "--split",
    type=click.Choice(["tune", "held", "all"]),
    default="held",
    show_default=True,
    help="Which half of the --news stories to score (rules are written on 'tune').",
)
@click.option(
    "--floors",
    type=click.Path(dir_okay=False),
    default=None,
    help="Pinned floors (JSON); with it a figure below its floor fails.",
)
@click.option(
    "--allow-lower",
    is_flag=True,
    help="Accept figures below the floors and rewrite the floors to them.",
)
@click.option(
    "--model",
    type=click.Choice(["auto", "linear", "encoder"]),
    default="auto",
    show_default=True,
    help="Relation classifier scored on --relations files (see docs/coding.md).",
)
def eval_command(
    relation_files: tuple[str, ...],
    event_files: tuple[str, ...],
    actors: str | None,
    news: tuple[str, str] | None,
    split: str,
    floors: str | None,
    allow_lower: bool,
    model: str,
) -> None:
    """Score the coder on gold files: per-type P/R/F1, confusion matrix, QuadClass accuracy,
    found rate and mentions per sentence; precision, recall and F1 on real news.

    \b
    Example:
      dateline eval --relations gold.jsonl --events plover.jsonl --floors floors.json
      dateline eval --news stories.jsonl gold.jsonl --split held
    """
    from .coding.relation import classify_relation
    from .evaluate import check_floors, evaluate_events, evaluate_relations, format_report
    from .evaluate_news import evaluate_news

    if not relation_files and not event_files and not news:
        raise click.UsageError("give at least one --relations, --events or --news file")

    def classify(sentence, source, target):
        return classify_relation(sentence, source, target, model=model)  # type: ignore[arg-type]

    failures: list[str] = []
    reports = [evaluate_relations(p, classify=classify) for p in relation_files]
    reports += [evaluate_events(p, actors=actors) for p in event_files]
    if news:
        reports.append(evaluate_news(*news, split=split))
    for report in reports:
        click.echo(format_report(report))
        if floors:
            failures += check_floors(report, floors, allow_lower=allow_lower)
    for failure in failures:
        click.echo(f"below floor: {failure}", err=True)
    if failures:
        sys.exit(1)


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
    from .store import open_store

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
        from .render import console, skipped_table

        console().print(skipped_table(rows))
