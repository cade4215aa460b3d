"""The `dateline` command: thin click commands over the library.

Data goes to stdout, logs and reports to stderr. Exit codes: 0 all good, 1 an error
(`Error: …`), 2 usage, 3 some records were skipped (the rest were processed).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DatelineError, FilterError, OutputError
from .ingest import FIELD_NAMES, KINDS, PublishedRange, check_paths, count_records, scan_paths
from .layout import parse_layout
from .pipeline import RunReport, article_json, extraction_json, run_extract
from .records import Skipped
from .store.events import EventFilter

EXIT_SKIPPED = 3
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
DEFAULT_DB = "dateline.db"


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
@input_options
def extract(paths: tuple[str, ...], workers: int, kind: str | None, dates: str) -> None:
    """Code stories and print one JSON line per story (no database).

    Each line is {"article", "mentions", "quotes", "actors", "places"}. PATHS are files,
    directories or '-' for stdin. Exit code 3 means some records were skipped (listed on
    stderr with file, line and reason); the others were coded.

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
            click.echo(json.dumps(extraction_json(result), ensure_ascii=False))
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
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
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
    """
    from .pipeline import ingest as run_ingest
    from .progress import progress_bar
    from .store import Store

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

        store = stack.enter_context(Store(db))
        show = stack.enter_context(progress_bar(enabled=terminal, total=total))
        report = run_ingest(
            paths,
            store,
            workers=workers,
            batch_size=batch_size,
            source=source,
            fields=fields,
            include=include,
            exclude=exclude,
            kind=kind or "",
            dates=published,
            progress=show,
            on_record=lines,
        )
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


def actor_label(actors: list[dict]) -> str:
    return (
        ", ".join(
            f"{a.get('name') or a.get('text')}" + (f" ({a['country']})" if a.get("country") else "")
            for a in actors
        )
        or "-"
    )


def filter_options(command):
    """The event filters shared by `events`, `timeline` and `export`."""
    options = [
        click.option("--actor", default=None, help="Part of an actor's name, either side."),
        click.option("--country", default=None, help="ISO3 country on either side, e.g. RUS."),
        click.option(
            "--dyad",
            default=None,
            metavar="SRC,TGT",
            help="Source and target countries, e.g. RUS,UKR.",
        ),
        click.option("--undirected", is_flag=True, help="Match the dyad in either direction."),
        click.option(
            "--type", "event_types", multiple=True, help="PLOVER type, e.g. ASSAULT (repeatable)."
        ),
        click.option(
            "--quad", "quad_class", type=click.IntRange(1, 4), default=None, help="QuadClass 1-4."
        ),
        click.option("--since", default=None, metavar="YYYY[-MM[-DD]]", help="Events on or after."),
        click.option(
            "--until", default=None, metavar="YYYY[-MM[-DD]]", help="Events on or before."
        ),
        click.option("--place", default=None, help="Part of the place name, or its ISO3."),
        click.option(
            "--min-sources",
            default=1,
            show_default=True,
            help="At least this many independent sources.",
        ),
        click.option("--exclude-negated", is_flag=True, help="Leave out negated events."),
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
    dyad = None
    if params.get("dyad"):
        parts = [p.strip() for p in params["dyad"].split(",")]
        if len(parts) != 2 or not all(parts):
            raise click.BadParameter("use SRC,TGT such as RUS,UKR", param_hint="--dyad")
        dyad = (parts[0], parts[1])
    from .store.events import check_filter

    return check_filter(
        EventFilter(
            actor=params.get("actor"),
            country=params.get("country"),
            dyad=dyad,
            directed=not params.get("undirected"),
            event_type=tuple(params.get("event_types") or ()),
            quad_class=params.get("quad_class"),
            date_from=params.get("since"),
            date_to=params.get("until"),
            place=params.get("place"),
            min_sources=params.get("min_sources") or 1,
            include_negated=not params.get("exclude_negated"),
            include_hypothetical=not params.get("exclude_hypothetical"),
        )
    )


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@filter_options
@click.option("--limit", default=None, type=int, help="At most this many events.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
def events(db: str, limit: int | None, fmt: str, **params: object) -> None:
    """List merged events (one real-world event per row, with its mentions).

    \b
    Example:
      dateline events --dyad RUS,UKR --type ASSAULT --since 2023-01-01 --format jsonl
    """
    from .store import Store

    with Store(db, readonly=True) as store:
        rows = store.events(event_filter(params), limit=limit)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if fmt == "csv":
        from .export import COLUMNS, flat_row

        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(flat_row(row) for row in rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("date", "type", "source", "target", "where", "src")
    table.add_column("sentence", overflow="ellipsis", no_wrap=True, max_width=60)
    for row in rows:
        when = row.get("date") or {}
        span = when.get("start", "")
        if when.get("end") and when.get("end") != span:
            span += f"…{when['end']}"
        kind = ("NOT " if row.get("negated") else "") + row["event_type"]
        if row.get("mode"):
            kind += f"/{row['mode']}"  # "ASSAULT/aerial"
        if row.get("modality") != "asserted":
            kind += f" ({row.get('modality')})"
        place = (row.get("location") or {}).get("name", "")
        sentence = row["mentions"][0]["sentence"] if row.get("mentions") else ""
        table.add_row(
            span,
            kind,
            actor_label(row["source"]),
            actor_label(row["target"]),
            place,
            str(row["source_count"]),
            sentence,
        )
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@filter_options
@click.option(
    "--by",
    "period",
    type=click.Choice(["day", "week", "month", "year"]),
    default="month",
    show_default=True,
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw the timeline to this file (.png, .svg or .pdf).",
)
def timeline(db: str, period: str, plot: str | None, **params: object) -> None:
    """Events over time for an actor or dyad: counts per QuadClass, Goldstein sum.

    Negated events are always left out: counting what did not happen misleads.

    \b
    Example:
      dateline timeline --dyad RUS,UKR --by month --plot rus-ukr.png
    """
    from .store import Store

    # Counting what did not happen misleads: negated events never enter a timeline.
    selection = dataclasses.replace(event_filter(params), include_negated=False)
    if plot:
        writable_output(plot, suffixes=PLOT_SUFFIXES)
    with Store(db, readonly=True) as store:
        rows = store.timeline(selection, period=period)
    click.echo(
        "\t".join(
            [
                "period",
                "events",
                "verbal_coop",
                "material_coop",
                "verbal_conflict",
                "material_conflict",
                "goldstein",
            ]
        )
    )
    for row in rows:
        click.echo("\t".join(str(v) for v in row.values()))
    if plot:
        from .plot import plot_timeline

        try:
            plot_timeline(rows, plot, title=f"dateline timeline by {period}")
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write {plot} ({exc})", hint="check the path") from exc
        click.echo(f"plot written to {plot}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--speaker", default=None, help="Part of the speaker's name.")
@click.option("--limit", default=None, type=int, help="At most this many quotes.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
def quotes(db: str, speaker: str | None, limit: int | None, fmt: str) -> None:
    """Direct quotes with their speakers.

    \b
    Example:
      dateline quotes --speaker Putin
    """
    from .store import Store

    with Store(db, readonly=True) as store:
        rows = store.quotes(speaker=speaker, limit=limit)
    for row in rows:
        if fmt == "jsonl":
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            who = (row.get("speaker") or {}).get("name") or "(unattributed)"
            click.echo(f"{row['published']}  {who}: “{row['text']}”")


@main.command()
@click.argument("text")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--limit", default=20, show_default=True)
@click.option(
    "--fts",
    "raw",
    is_flag=True,
    help="TEXT is an SQLite FTS5 query (AND, OR, NOT, NEAR, prefix*), not words to find.",
)
def search(text: str, db: str, limit: int, raw: bool) -> None:
    """Full-text search over coded sentences: sentences with every word of TEXT (a
    "quoted phrase" as a phrase); --fts for SQLite FTS5 query syntax.

    \b
    Example:
      dateline search "Xi's visit to U.S."
      dateline search '"defense minister" Moscow'
      dateline search --fts '"defense minister" AND (Moscow OR Beijing)'
    """
    from .store import Store

    with Store(db, readonly=True) as store:
        for row in store.search(text, limit=limit, raw=raw):
            click.echo(f"{row['published']}  {row['event_id'] or '-'}  {row['sentence']}")


@main.command(name="export")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "plover", "gdelt"]),
    required=True,
)
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True)
def export_command(db: str, fmt: str, out: str, **params: object) -> None:
    """Export merged events: JSON Lines, CSV, Parquet, PLOVER JSON or GDELT-style TSV.

    \b
    Example:
      dateline export --format parquet --out events.parquet --since 2023-01-01
    """
    from .export import write_events
    from .store import Store

    selection = event_filter(params)
    writable_output(out)
    with Store(db, readonly=True) as store:
        rows = store.events(selection)
    try:
        count = write_events(rows, out, fmt=fmt)
    except OSError as exc:
        raise OutputError(f"cannot write {out} ({exc})", hint="check the path") from exc
    click.echo(f"{count} events written to {out}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
def merge(db: str) -> None:
    """Merge stored mentions into events again (ingest does this; idempotent).

    \b
    Example:
      dateline merge --db dateline.db
    """
    from .store import Store

    with Store(db) as store:
        count = store.merge()
    click.echo(f"{count} events", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
def summary(db: str) -> None:
    """A readable summary of the store: events per type, busiest dyads, a timeline.

    \b
    Example:
      dateline summary --db out/examples.db
    """
    from rich.console import Console
    from rich.table import Table

    from .store import Store

    console = Console()
    with Store(db, readonly=True) as store:
        data = store.summary()
    counts = data["counts"]
    console.print(
        f"[bold]{db}[/]: {counts['articles']} stories, {counts['mentions']} event mentions "
        f"merged into {counts['events']} events, {counts['quotes']} quotes, "
        f"{counts['skipped']} skipped"
    )
    by_type = Table("event type", "events", "negated", "mentions", title="Events per type")
    for row in data["by_type"]:
        by_type.add_row(row["event_type"], str(row["n"]), str(row["neg"]), str(row["mentions"]))
    dyads = Table("source", "target", "events", title="Busiest dyads (not negated)")
    for row in data["dyads"]:
        dyads.add_row(row["s"], row["t"], str(row["n"]))
    timeline = Table(
        "month", "events", "cooperation", "conflict", "Goldstein", title="Timeline (not negated)"
    )
    for row in data["timeline"]:
        cooperation = row["verbal_cooperation"] + row["material_cooperation"]
        conflict = row["verbal_conflict"] + row["material_conflict"]
        timeline.add_row(
            row["period"] or "?",
            str(row["events"]),
            str(cooperation),
            str(conflict),
            str(row["goldstein"]),
        )
    for table in (by_type, dyads, timeline):
        console.print(table)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--kind", default=None, help="person, igo, gov, group, state …")
@click.option("--country", default=None, help="ISO3 country code.")
@click.option("--sector", default=None, help="PLOVER agent code, e.g. MIL.")
@click.option("--name", default=None, help="Part of the name.")
@click.option("--limit", default=50, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def actors(
    db: str,
    kind: str | None,
    country: str | None,
    sector: str | None,
    name: str | None,
    limit: int,
    fmt: str,
) -> None:
    """People and organizations the stories name: roles, country, first/last seen, mentions.

    \b
    Example:
      dateline actors --kind person --country RUS
    """
    from .store import Store

    with Store(db, readonly=True) as store:
        rows = store.actors(kind=kind, country=country, sector=sector, name=name, limit=limit)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "name",
        "country",
        "kind",
        "sectors",
        "roles",
        "first seen",
        "last seen",
        "mentions",
        "articles",
    )
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["country"]),
            str(row["kind"]),
            ", ".join(row["sectors"]),
            ", ".join(row["roles"][:2]),
            str(row["first_seen"]),
            str(row["last_seen"]),
            str(row["mentions"]),
            str(row["articles"]),
        )
    Console(width=None if sys.stdout.isatty() else 200).print(table)


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
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--source", default="", help="Name of this table (default: the file name).")
@click.option("--as-of", default=None, help="Last day the table is known to be complete.")
def offices_import(csv_path: str, db: str, source: str, as_of: str | None) -> None:
    """Import a CSV of office spells: country, position, person, id, start, end.

    Past the table's coverage the holder is "unknown", never the last one extended.

    \b
    Example:
      dateline offices import office_spells.csv --as-of 2023-01-19
    """
    from .ingest import parse_published
    from .store import Store

    day = parse_published(as_of) if as_of else None
    with Store(db) as store:
        result = store.import_offices(csv_path, source=source, as_of=day)
    click.echo(json.dumps(result, ensure_ascii=False))


@offices.command(name="holder")
@click.argument("country")
@click.argument("role")
@click.option("--on", "on", required=True, metavar="YYYY-MM-DD", help="The day in question.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
def offices_holder(country: str, role: str, on: str, db: str) -> None:
    """Who held ROLE of COUNTRY on a day, with the evidence.

    \b
    Example:
      dateline offices holder CHN "defense minister" --on 2023-04-16
    """
    from .ingest import parse_published
    from .store import Store

    day = parse_published(on)
    if day is None:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on")
    with Store(db, readonly=True) as store:
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
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
def skipped(db: str) -> None:
    """List the records ingest skipped, with file/line, stage and reason.

    \b
    Example:
      dateline skipped --db out/examples.db
    """
    from .store import Store

    with Store(db, readonly=True) as store:
        for row in store.skipped():
            click.echo(f"{row['origin']}\t{row['stage']}\t{row['reason']}")
