"""The `dateline` command: thin click commands over the library.

Data goes to stdout, logs and reports to stderr. Exit codes: 0 all good, 1 an error
(`Error: …`), 2 usage, 3 some records were skipped (the rest were processed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DatelineError
from .ingest import FIELD_NAMES, scan_paths
from .layout import parse_layout
from .pipeline import RunReport, article_json, extraction_json, run_extract
from .records import Skipped

EXIT_SKIPPED = 3
DEFAULT_DB = "dateline.db"


class Group(click.Group):
    """Catches DatelineError in one place: `Error: …` on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
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


def report_skipped(report: RunReport) -> None:
    for item in report.skipped_records:
        click.echo(f"skipped {item.origin} [{item.stage}]: {item.reason}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
def parse(paths: tuple[str, ...]) -> None:
    """Print the wire layout of each story as JSON (dateline, byline, captions, body).

    \b
    Example:
      dateline parse ../shared/seed/000_9292aeaa127b65d9.txt
    """
    skipped = 0
    for item in scan_paths(paths):
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
def extract(paths: tuple[str, ...], workers: int) -> None:
    """Code stories and print one JSON line per story (no database).

    Each line is {"article", "mentions", "quotes", "actors", "places"}. PATHS are files,
    directories or '-' for stdin. Exit code 3 means some records were skipped (listed on
    stderr with file, line and reason); the others were coded.

    \b
    Example:
      dateline extract ../shared/seed/000_9292aeaa127b65d9.txt | jq .mentions
    """
    report = RunReport()
    for result in run_extract(scan_paths(paths), report, workers=workers):
        if not isinstance(result, Skipped):
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
@click.option(
    "--report-json",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the run report as JSON to this file.",
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
    report_json: str | None,
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

    with Store(db) as store, progress_bar(enabled=sys.stderr.isatty()) as show:
        report = run_ingest(
            paths,
            store,
            workers=workers,
            batch_size=batch_size,
            source=source,
            fields=parse_fields(field_map),
            include=include,
            exclude=exclude,
            progress=show,
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


def actor_label(actors: list[dict]) -> str:
    return (
        ", ".join(
            f"{a.get('name') or a.get('text')}" + (f" ({a['country']})" if a.get("country") else "")
            for a in actors
        )
        or "-"
    )


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--type", "event_type", default=None, help="PLOVER event type, e.g. CONSULT.")
@click.option("--country", default=None, help="ISO3 code on either side, e.g. RUS.")
@click.option("--exclude-negated", is_flag=True, help="Leave out negated events.")
@click.option("--limit", default=None, type=int, help="At most this many rows.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def events(
    db: str,
    event_type: str | None,
    country: str | None,
    exclude_negated: bool,
    limit: int | None,
    fmt: str,
) -> None:
    """List coded events from the store.

    \b
    Example:
      dateline events --type CONSULT --country RUS --format jsonl
    """
    from .store import Store

    with Store(db) as store:
        rows = store.mentions(
            event_type=event_type, country=country, include_negated=not exclude_negated, limit=limit
        )
        if fmt == "jsonl":
            for row in rows:
                click.echo(json.dumps(row, ensure_ascii=False))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table("date", "type", "source", "target", "where", "sentence")
        for row in rows:
            when = row.get("date") or {}
            span = when.get("start", "")
            if when.get("end") and when.get("end") != span:
                span += f"…{when['end']}"
            kind = ("NOT " if row.get("negated") else "") + row["event_type"]
            if row.get("modality") != "asserted":
                kind += f" ({row.get('modality')})"
            place = (row.get("location") or {}).get("name", "")
            table.add_row(
                span,
                kind,
                actor_label(row["source"]),
                actor_label(row["target"]),
                place,
                row["sentence"][:90],
            )
        Console().print(table)


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
    with Store(db) as store:
        data = store.summary()
    counts = data["counts"]
    console.print(
        f"[bold]{db}[/]: {counts['articles']} stories, {counts['mentions']} event "
        f"mentions, {counts['quotes']} quotes, {counts['skipped']} skipped"
    )
    by_type = Table("event type", "mentions", "negated", title="Events per type")
    for row in data["by_type"]:
        by_type.add_row(row["event_type"], str(row["n"]), str(row["neg"]))
    dyads = Table("source", "target", "mentions", title="Busiest dyads")
    for row in data["dyads"]:
        dyads.add_row(row["s"], row["t"], str(row["n"]))
    timeline = Table("month", "events", "cooperation", "conflict", title="Timeline")
    for row in data["timeline"]:
        timeline.add_row(row["month"] or "?", str(row["n"]), str(row["coop"]), str(row["conflict"]))
    for table in (by_type, dyads, timeline):
        console.print(table)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database file.")
def skipped(db: str) -> None:
    """List the records ingest skipped, with file/line, stage and reason.

    \b
    Example:
      dateline skipped --db out/examples.db
    """
    from .store import Store

    with Store(db) as store:
        for row in store.skipped():
            click.echo(f"{row['origin']}\t{row['stage']}\t{row['reason']}")
