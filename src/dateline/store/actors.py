"""Actor observations and office spells in the store: functions over a `sqlite3.Connection`.

- `actor_observations`: what each story showed about each actor (name, country, sector, the
  role it was named in, the date of the story), written with the story;
- `office_spells` / `office_tables`: office-holder tables a user imports, with the date each
  table's coverage ends.

`StoreHolders` answers "who held ROLE of COUNTRY on DATE" from both: an imported table within
its coverage first, then the person stories showed in the role nearest in time. A name is
kept apart per country ("Mohammed Ahmed" of Sudan is not "Mohammed Ahmed" of Egypt), and a
bare name seen in two countries' roles resolves to neither (`resolve_name` lists both).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import FilterError
from ..records import ActorRef, Extraction
from ..resolve.officeholders import (
    Holder,
    Observation,
    OfficeSpell,
    country_role,
    holder_from_spells,
    nearest_holder,
    observe_extraction,
    read_office_spells,
)

ACTOR_SCHEMA = """
CREATE TABLE IF NOT EXISTS actor_observations (
    article_id TEXT NOT NULL,
    seen TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    role TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    kb_id TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, name, country, role)
);
CREATE INDEX IF NOT EXISTS actor_observations_name ON actor_observations(name);
CREATE INDEX IF NOT EXISTS actor_observations_role
    ON actor_observations(country, role, seen);
CREATE TABLE IF NOT EXISTS office_tables (
    source TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    coverage_end TEXT NOT NULL,
    spells INTEGER NOT NULL,
    imported TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS office_spells (
    source TEXT NOT NULL REFERENCES office_tables(source),
    country TEXT NOT NULL,
    catalog TEXT NOT NULL,
    main INTEGER NOT NULL,
    position TEXT NOT NULL,
    role TEXT NOT NULL,
    person TEXT NOT NULL,
    person_id TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS office_spells_role ON office_spells(country, role);
CREATE INDEX IF NOT EXISTS office_spells_person ON office_spells(person);
"""


def create_actor_tables(db: sqlite3.Connection) -> None:
    """Create the actor tables if they are missing (idempotent; one statement at a time, so
    inside the caller's transaction)."""
    for statement in ACTOR_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def write_observations(db: sqlite3.Connection, extraction: Extraction) -> int:
    """Store what one coded story shows about its actors; returns rows written.

    Call inside the transaction that stores the story; rewriting a story replaces nothing
    (rows are keyed by article, name, country and role)."""
    return insert_observations(db, observe_extraction(extraction))


def insert_observations(db: sqlite3.Connection, rows: list[Observation]) -> int:
    """Store observations (see `write_observations`); returns how many were given."""
    db.executemany(
        "INSERT OR IGNORE INTO actor_observations VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                o.article_id,
                o.seen,
                o.name,
                o.country,
                o.sector,
                o.role,
                o.title,
                o.kind,
                o.kb_id,
                o.mentions,
                o.reason,
            )
            for o in rows
        ],
    )
    return len(rows)


def role_phrase(actor: ActorRef) -> str:
    """The office an actor phrase names without naming its holder ("China's defense
    minister": the defense minister of CHN), or "" when it names a person or no office."""
    if actor.kind == "person" or not actor.country or not actor.sector:
        return ""
    return country_role(actor.text, country=actor.country)


def name_role_holders(extraction: Extraction, holders: StoreHolders) -> Extraction:
    """Name the person behind each role phrase a story left unnamed, as of the mention's
    date (else the publication day), from `holders`; the other actors stay as they are."""
    published = extraction.parsed.article.published.isoformat()

    def named(actor: ActorRef, on: str) -> ActorRef:
        role = role_phrase(actor)
        if not role:
            return actor
        answer = holders.holder(country=actor.country, role=role, on=date.fromisoformat(on))
        if not answer.person:
            return actor
        return dataclasses.replace(
            actor,
            name=answer.person,
            kind="person",
            kb_id=answer.person_id or actor.kb_id,
            method="role-holder",
            reason=f"{actor.reason}; {answer.reason}",
        )

    mentions = []
    for mention in extraction.mentions:
        on = mention.date.start if mention.date else published
        mentions.append(
            dataclasses.replace(
                mention,
                source=tuple(named(a, on) for a in mention.source),
                target=tuple(named(a, on) for a in mention.target),
            )
        )
    return dataclasses.replace(extraction, mentions=tuple(mentions))


def has_role_phrases(extraction: Extraction) -> bool:
    """Whether `name_role_holders` may change anything in this story."""
    return any(role_phrase(actor) for m in extraction.mentions for actor in (*m.source, *m.target))


def import_office_spells(
    db: sqlite3.Connection,
    path: str | Path,
    *,
    source: str = "",
    as_of: date | None = None,
) -> dict[str, object]:
    """Import an office-holder CSV (country, position, person, id, start, end) under `source`
    (default: the file name), replacing an earlier import of the same source.

    The table's coverage ends at `as_of`, else at the latest date it states; later dates get
    "unknown holder". Returns `{"source", "spells", "coverage_end", "roles"}`."""
    table = read_office_spells(path, as_of=as_of, source=source)
    with db:
        db.execute("DELETE FROM office_spells WHERE source = ?", (table.source,))
        db.execute(
            "INSERT OR REPLACE INTO office_tables VALUES (?, ?, ?, ?, ?)",
            (
                table.source,
                str(Path(path).resolve()),
                table.coverage_end,
                len(table.spells),
                date.today().isoformat(),
            ),
        )
        db.executemany(
            "INSERT INTO office_spells VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    table.source,
                    s.country,
                    s.catalog,
                    int(table.main_catalog.get(s.country) == s.catalog),
                    s.position,
                    s.role,
                    s.person,
                    s.person_id,
                    s.start,
                    s.end,
                )
                for s in table.spells
            ],
        )
    roles = sum(1 for s in table.spells if s.role)
    return {
        "source": table.source,
        "spells": len(table.spells),
        "coverage_end": table.coverage_end,
        "roles": roles,
    }


def office_tables(db: sqlite3.Connection) -> list[dict[str, object]]:
    """The imported office-holder tables: source, path, coverage_end, spells, imported."""
    cursor = db.execute(
        "SELECT source, path, coverage_end, spells, imported FROM office_tables ORDER BY source"
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def row_observation(row: tuple) -> Observation:
    article_id, seen, name, country, sector, role, title, kind, kb_id, mentions, reason = row
    return Observation(
        name=name,
        country=country,
        sector=sector,
        role=role,
        title=title,
        seen=seen,
        article_id=article_id,
        kind=kind,
        kb_id=kb_id,
        mentions=mentions,
        reason=reason,
    )


@dataclass
class StoreHolders:
    """`HolderSource` over a store: imported tables first (within coverage), then stories."""

    db: sqlite3.Connection
    max_gap_days: int = 365

    def holder(self, *, country: str, role: str, on: date) -> Holder:
        reasons = []
        for table in office_tables(self.db):
            spells = [
                OfficeSpell(
                    country=country,
                    position=position,
                    person=person,
                    person_id=person_id,
                    start=start,
                    end=end,
                    role=role,
                )
                for position, person, person_id, start, end in self.db.execute(
                    "SELECT position, person, person_id, start, end FROM office_spells "
                    "WHERE source = ? AND country = ? AND role = ? AND main = 1",
                    (table["source"], country, role),
                )
            ]
            answer = holder_from_spells(
                spells,
                country=country,
                role=role,
                on=on,
                coverage_end=str(table["coverage_end"]),
                source=str(table["source"]),
            )
            if answer.status == "known":
                return answer
            reasons.append(answer.reason)
        observations = [
            row_observation(row)
            for row in self.db.execute(
                "SELECT * FROM actor_observations WHERE country = ? AND role = ? "
                "ORDER BY abs(julianday(seen) - julianday(?)) LIMIT 50",
                (country, role, on.isoformat()),
            )
        ]
        answer = nearest_holder(
            observations, country=country, role=role, on=on, max_gap_days=self.max_gap_days
        )
        if not reasons:
            return answer
        if answer.status == "known":
            return dataclasses.replace(answer, reason="; ".join([*reasons, answer.reason]))
        return Holder(
            country=country,
            role=role,
            on=answer.on,
            method="none",
            reason="; ".join([*reasons, answer.reason]),
        )


def list_actors(
    db: sqlite3.Connection,
    *,
    kind: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    name: str | None = None,
    limit: int | None = None,
) -> list[dict[str, object]]:
    """People and organizations seen in stories, one row per (name, country), busiest first.
    A `kind` no actor has ever had is a `FilterError` (kinds: `actor_kinds`).

    Rows:
    `{"name", "country", "kind", "sectors", "roles", "titles", "first_seen", "last_seen",
    "mentions", "articles"}` (sectors, roles, titles: lists, most frequent first)."""
    where, params = ["1 = 1"], []
    if kind and kind not in actor_kinds(db):
        raise FilterError(
            f"--kind '{kind}' is not a kind of actor",
            hint=f"one of {', '.join(sorted(actor_kinds(db)))}",
        )
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if country:
        where.append("country = ?")
        params.append(country.upper())
    if sector:
        where.append("sector = ?")
        params.append(sector.upper())
    if name:
        where.append("name LIKE ?")
        params.append(f"%{name}%")
    sql = (
        "SELECT name, country, MAX(kind), MIN(seen), MAX(seen), SUM(mentions), "
        "COUNT(DISTINCT article_id) FROM actor_observations WHERE "
        + " AND ".join(where)
        + " GROUP BY name, country ORDER BY SUM(mentions) DESC, name, country"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in db.execute(sql, params).fetchall():
        who = (row[0], row[1])
        out.append(
            {
                "name": row[0],
                "country": row[1],
                "kind": row[2],
                "sectors": ranked(db, "sector", who),
                "roles": ranked(db, "role", who),
                "titles": ranked(db, "title", who)[:5],
                "first_seen": row[3],
                "last_seen": row[4],
                "mentions": row[5],
                "articles": row[6],
            }
        )
    return out


# The kinds the actor coder gives (resolve/actors.py); a store may hold others it gave once.
ACTOR_KINDS = frozenset({"person", "org", "igo", "group", "state", "located", "unknown"})


def actor_kinds(db: sqlite3.Connection) -> frozenset[str]:
    stored = {row[0] for row in db.execute("SELECT DISTINCT kind FROM actor_observations")}
    return ACTOR_KINDS | stored


def ranked(db: sqlite3.Connection, column: str, who: tuple[str, str]) -> list[str]:
    rows = db.execute(
        f"SELECT {column}, SUM(mentions) n FROM actor_observations "  # column: one of a fixed set
        f"WHERE name = ? AND country = ? AND {column} != '' GROUP BY {column} "
        f"ORDER BY n DESC, {column}",  # ties by name: the same order in every store
        who,
    )
    return [value for value, _ in rows]


def resolve_name(
    db: sqlite3.Connection, name: str, *, on: date | None = None
) -> list[dict[str, object]]:
    """Everyone stories named `name` (or with `name` as part of their full name), one entry
    per (full name, country), nearest in time to `on` first. One entry: the name resolves;
    several: it is ambiguous and must not be merged."""
    parts = name.split()
    rows = db.execute(
        "SELECT name, country, MAX(kind), MIN(seen), MAX(seen), SUM(mentions) "
        "FROM actor_observations WHERE kind = 'person' AND (name = ? OR name LIKE ?) "
        "GROUP BY name, country",
        (name, f"%{parts[-1]}%" if parts else name),
    ).fetchall()
    wanted = set(parts)
    out = []
    for full, country, kind, first, last, mentions in rows:
        if full != name and not wanted <= set(full.split()):
            continue
        gap = 0
        if on is not None:
            day = on.isoformat()
            gap = 0 if first <= day <= last else min(abs(days(first, day)), abs(days(last, day)))
        out.append(
            {
                "name": full,
                "country": country,
                "kind": kind,
                "first_seen": first,
                "last_seen": last,
                "mentions": mentions,
                "gap_days": gap,
            }
        )
    out.sort(key=lambda r: (r["gap_days"], -int(r["mentions"])))  # type: ignore[call-overload]
    return out


def days(a: str, b: str) -> int:
    return date.fromisoformat(b[:10]).toordinal() - date.fromisoformat(a[:10]).toordinal()
