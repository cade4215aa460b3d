"""Commands about actors and office holders: `actors` (and `actors lookup`), `offices`."""

from __future__ import annotations

import dataclasses
import json

import click

from .base import (
    DB_HELP,
    DEFAULT_DB,
    FORMAT_HELP,
    main,
    print_rows,
)


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
    from ..store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.actors(kind=kind, country=country, sector=sector, name=name, limit=limit)
    if not rows:
        asked = {"kind": kind, "country": country, "sector": sector, "name": name}
        wanted = ", ".join(f"{key} {value}" for key, value in asked.items() if value)
        click.echo(f"no actors in {db} match {wanted or 'anything'}", err=True)
        return
    print_rows(rows, fmt, "actor_table")


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
    from ..read import parse_published
    from ..resolve.actors import lookup_actor

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
    from ..read import parse_published
    from ..store import open_store

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
    from ..read import parse_published
    from ..store import open_store

    day = parse_published(on)
    if day is None:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on")
    with open_store(db, readonly=True) as store:
        holder = store.holder(country=country.upper(), role=role, on=day)
    click.echo(json.dumps(dataclasses.asdict(holder), ensure_ascii=False))
