"""Commands that read stories: `parse`, `extract`, `ingest`."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from ..layout import parse_layout
from ..pipeline import RunReport, run_extract
from ..read import check_paths, count_records, scan_paths
from ..records import Skipped, article_json, extraction_json
from .base import (
    DB_HELP,
    DEFAULT_DB,
    EXIT_SKIPPED,
    input_options,
    main,
    parse_fields,
    published_range,
    report_skipped,
    writable_output,
)


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
    from ..pipeline import ingest as run_ingest
    from ..progress import progress_bar
    from ..scale.lake import lake_path
    from ..store import Store

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
            from ..scale.engine import ingest_lake

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
