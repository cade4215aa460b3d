"""Commands that write or serve what the store holds: `export`, `report`, `serve`."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import OutputError
from .base import (
    DB_HELP,
    DEFAULT_DB,
    event_filter,
    filter_options,
    filter_window,
    main,
    writable_output,
)


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
    from ..export import write_events
    from ..store import open_store

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
    from ..report import build_report
    from ..store import open_store

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

    from ..serve import serve as run_server

    token = os.environ.get("DATELINE_TOKEN", "")
    mode = "accepts POST /api/v1/articles with the token" if token else "read-only"
    click.echo(f"dateline: serving {db} at http://{host}:{port}/ ({mode}); Ctrl-C stops", err=True)
    run_server(db, host=host, port=port, token=token)
