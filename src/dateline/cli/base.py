"""The `dateline` command group and what its commands share: the error handling, the input
and filter options, the output checks.

Data goes to stdout, logs and reports to stderr. Exit codes: 0 all good, 1 an error
(`Error: …`), 2 usage, 3 some records were skipped (the rest were processed).
"""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..errors import DatelineError, FilterError, OutputError
from ..pipeline import RunReport
from ..read import FIELD_NAMES, KINDS, PublishedRange
from ..store.events import EventFilter

if TYPE_CHECKING:
    from ..store import LakeStore, Store


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
    from ..store.events import check_filter, dyad_pair

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
    from ..render import explain_no_events

    click.echo(explain_no_events(selection, count=store.count, db=db), err=True)


def print_rows(rows: list[dict], fmt: str, table: str) -> None:
    """Rows as JSON lines (`fmt` "jsonl"), else as the terminal table `render.<table>` draws."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from .. import render  # loads rich: only when a table is drawn

    render.console().print(getattr(render, table)(rows))
