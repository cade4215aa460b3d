"""The lake store: an event lake (`--db lake:PATH`) queried by DuckDB behind the `Store`
interface, so `events`, `timeline`, `export`, `report`, `summary` … work on it unchanged.

DuckDB reads the committed generation's Parquet files through views named and typed like
the SQLite store's tables (`events`, `articles`, `mentions`, `actor_observations`, …), so the
queries in `store/events.py` and `store/actors.py` run here as they are. Two dialect gaps are
bridged in one place (`Connection`): SQLite's LIKE ignores case (DuckDB's ILIKE does), and
`julianday` is a macro. A filter on the first day of events prunes the `event_date=`
partitions; the longest event window recorded at commit bounds a filter on the last day.

The lake is written only by `dateline ingest --db lake:PATH` (files coded by workers, then
one commit); a lake store only reads, and `merge` commits the events merged again.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import StoreError
from ..scale.lake import Lake
from .actors import StoreHolders, list_actors, office_tables
from .events import EventFilter, check_filter, count_events, query_events, timeline

if TYPE_CHECKING:
    import pandas

    from ..resolve.officeholders import Holder

LIKE = re.compile(r"(?<![A-Za-z])LIKE\b")
PERIODS = {
    "day": "date_start",
    "week": "strftime(CAST(date_start AS DATE), '%Y-W%W')",
    "month": "month",
    "year": "substr(month, 1, 4)",
}
WORD = re.compile(r"\w+")
# `events` as the SQLite store has it, over the lake's event files ({events}: a FROM clause)
EVENTS_VIEW = (
    "SELECT event_id, event_type, coalesce(quad_class, 0) AS quad_class, "
    "coalesce(goldstein, 0.0) AS goldstein, CAST(negated AS INTEGER) AS negated, "
    "modality, q_source_country AS source_country, q_target_country AS target_country, "
    "q_source_names AS source_names, q_target_names AS target_names, "
    "event_date AS date_start, CAST(date_end AS VARCHAR) AS date_end, "
    "substr(event_date, 1, 7) AS month, q_location_name AS location_name, "
    "q_location_country AS location_country, mention_count, article_count, "
    "source_count, record FROM {events}"
)


class Result:
    """A query's rows, fetched whole (like an exhausted `sqlite3.Cursor`)."""

    def __init__(self, rows: list[tuple], description: Sequence | None) -> None:
        self.rows = rows
        self.description = description

    def fetchall(self) -> list[tuple]:
        return self.rows

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)


class Connection:
    """A DuckDB connection that runs the SQLite store's queries (see the module docstring)."""

    def __init__(self, duck) -> None:  # duckdb.DuckDBPyConnection
        self.duck = duck

    def execute(self, sql: str, params: Sequence[object] = ()) -> Result:
        result = self.duck.execute(LIKE.sub("ILIKE", sql), list(params))
        return Result(result.fetchall(), result.description)


def open_store(db: str | Path, *, readonly: bool = False):  # -> Store | LakeStore
    """The store a `--db` value names: `lake:PATH` a lake, anything else a SQLite file."""
    from ..scale.lake import lake_path
    from .sqlite import Store

    folder = lake_path(db)
    if folder is None:
        return Store(db, readonly=readonly)
    return LakeStore(folder, readonly=readonly)


T = TypeVar("T")


def latest(method: Callable[..., T]) -> Callable[..., T]:
    """A query on the generation committed last, even if it came after the store opened."""

    @functools.wraps(method)
    def wrapper(self: LakeStore, *args: object, **kwargs: object) -> T:
        self.refresh()
        return method(self, *args, **kwargs)

    return wrapper


class LakeStore:
    """Read access to one lake (see the module docstring); the `Store` interface."""

    def __init__(self, path: str | Path, *, readonly: bool = True) -> None:
        import duckdb

        self.path = Path(path)
        self.readonly = readonly
        self.lake = Lake(self.path)
        self.lake.check()
        self.generation = self.lake.current()
        self.duck = duckdb.connect()
        self.db = Connection(self.duck)
        self.create_views()

    def refresh(self) -> None:
        """Move on to the lake's current generation if a commit replaced the one in view."""
        if self.lake.current_name() != self.generation.name:
            self.reopen()

    def reopen(self) -> None:
        import duckdb

        self.duck.close()
        self.generation = self.lake.current()
        self.duck = duckdb.connect()
        self.db = Connection(self.duck)
        self.create_views()

    def files(self, table: str) -> list[str]:
        return [str(self.lake.data / f) for f in self.generation.files.get(table, [])]

    def event_files(self) -> list[tuple[str | None, list[str]]]:
        """The event partitions, by first day (None: undated), with their files."""
        if not self.generation.events:
            return []
        found = []
        for folder in sorted((self.lake.data / self.generation.events).glob("event_date=*")):
            day = folder.name.split("=", 1)[1]
            files = sorted(str(f) for f in folder.glob("*.parquet"))
            found.append((None if day == "__HIVE_DEFAULT_PARTITION__" else day, files))
        return found

    def events_source(self, low: str | None = None, high: str | None = None) -> str:
        """A FROM clause over the event partitions whose first day lies in [low, high]
        (every partition without bounds): files out of range are never opened."""
        bounded = low is not None or high is not None
        return self.read_events(
            f
            for day, paths in self.partitions
            if not bounded
            or (day is not None and (low is None or day >= low) and (high is None or day <= high))
            for f in paths
        )

    def read_events(self, files: Iterable[str]) -> str:
        """A FROM clause over these event files (an empty table when there is none)."""
        files = list(files)
        if not files:
            return "empty_events"
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        return (
            f"read_parquet([{listed}], hive_partitioning = true, "
            "hive_types = {'event_date': VARCHAR})"
        )

    def source(self, table: str) -> str:
        """A FROM clause over the table's files, or over an empty table of its columns."""
        from ..scale.schema import TABLE_SCHEMAS

        files = self.files(table)
        if files:
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            return f"read_parquet([{listed}])"
        self.duck.register(f"empty_{table}", TABLE_SCHEMAS[table].empty_table())
        return f"empty_{table}"

    def create_views(self) -> None:
        """Views with the SQLite store's table names, columns and types."""
        import pyarrow as pa

        from ..scale.schema import event_schema

        schema = event_schema().append(pa.field("event_date", pa.string()))
        self.duck.register("empty_events", schema.empty_table())
        self.duck.execute("SET parquet_metadata_cache = true")  # footers read once per store
        self.partitions = self.event_files()
        views = {
            "events": EVENTS_VIEW,
            "articles": "SELECT id, CAST(published AS VARCHAR) AS published, title, source, url, "
            "origin, text, layout, story_id, minhash, record_id, ord FROM {articles}",
            "mentions": "SELECT mention_id AS id, article_id, seq, record, ord FROM {mentions}",
            "quotes": "SELECT article_id, seq, speaker, text, record FROM {quotes}",
            "actors": "SELECT article_id, name, country, sector, kind, record FROM {actors}",
            "places": "SELECT article_id, name, geonameid, country, record FROM {places}",
            "skipped": "SELECT origin, stage, reason, record_id FROM {skipped}",
            "actor_observations": "SELECT article_id, seen, name, country, sector, role, title, "
            "kind, kb_id, mentions, reason FROM {observations}",
        }
        sources = {
            table: self.source(table)
            for table in (*views, "observations")
            if table not in ("events", "actor_observations")
        }
        sources["events"] = self.events_source()
        for name, sql in views.items():
            self.duck.execute(f"CREATE VIEW {name} AS " + sql.format(**sources))
        # Office tables are imported into SQLite stores only: here they are empty.
        self.duck.execute(
            "CREATE TABLE office_tables (source VARCHAR, path VARCHAR, coverage_end VARCHAR, "
            "spells INTEGER, imported VARCHAR)"
        )
        self.duck.execute(
            "CREATE TABLE office_spells (source VARCHAR, country VARCHAR, catalog VARCHAR, "
            "main INTEGER, position VARCHAR, role VARCHAR, person VARCHAR, person_id VARCHAR, "
            'start VARCHAR, "end" VARCHAR)'
        )
        self.duck.execute("CREATE MACRO julianday(day) AS julian(CAST(day AS DATE))")

    def close(self) -> None:
        self.duck.close()

    def __enter__(self) -> LakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[dict]:
        result = self.db.execute(sql, params)
        columns = [column[0] for column in result.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in result]

    # -- writing: only `dateline ingest --db lake:PATH` and `merge` ----------------------

    def write(self, batch: Iterable[object]) -> list:
        raise StoreError(
            f"{self.path} is a lake: it is written a whole input file at a time",
            hint=f"dateline ingest STORIES --db lake:{self.path} [--engine dask]",
        )

    def merge(self) -> int:
        """Merge every stored mention into events again, committed as a new generation;
        returns the number of events."""
        if self.readonly:
            raise StoreError(
                f"{self.path} was opened read-only; this needs to write",
                hint="open it with readonly=False (dateline.open(path, write=True))",
            )
        from ..scale.commit import remerge

        count = remerge(self.lake).counts.get("events", 0)
        self.reopen()
        return count

    def import_offices(self, path: str | Path, **_: object) -> dict[str, object]:
        raise StoreError(
            f"{self.path} is a lake: office-holder tables are imported into SQLite stores",
            hint="import them into the SQLite store you ingest with, or ask for lake support",
        )

    # -- queries ------------------------------------------------------------------------

    @latest
    def has_article(self, article_id: str) -> bool:
        return bool(self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).rows)

    @latest
    def mentions(self, *, limit: int | None = None) -> Iterator[dict]:
        """Stored mentions in ingest order."""
        sql = "SELECT record FROM mentions ORDER BY ord, seq"
        params: list[object] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for (record,) in self.db.execute(sql, params):
            yield json.loads(record)

    @latest
    def events(
        self,
        selection: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        as_frame: bool = False,
    ) -> list[dict] | pandas.DataFrame:
        """Merged events matching `selection`, newest first (a DataFrame with as_frame).

        A page (`limit`) in two steps: its ids in `query_events`' order, then their records
        from their own partitions only, so the records it skips are never read."""
        selection = check_filter(selection or EventFilter())
        with self.narrowed(selection) as db:
            if limit is None:
                rows = list(query_events(db, selection))
            else:
                where, params = selection.where()
                keys = db.execute(
                    f"SELECT event_id, date_start FROM events{where} "
                    "ORDER BY date_start DESC, event_id LIMIT ? OFFSET ?",
                    [*params, limit, offset],
                ).rows
                rows = self.records(keys)
        if as_frame:
            import pandas

            return pandas.json_normalize(rows, max_level=1)
        return rows

    def records(self, keys: list[tuple[str, str | None]]) -> list[dict]:
        """The records of events given as (event_id, first day), in that order."""
        if not keys:
            return []
        days = {day for _, day in keys}
        source = self.read_events(f for day, paths in self.partitions if day in days for f in paths)
        found = dict(
            self.duck.execute(
                f"SELECT event_id, record FROM {source} "
                "WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
                [[event_id for event_id, _ in keys]],
            ).fetchall()
        )
        return [json.loads(found[event_id]) for event_id, _ in keys]

    @latest
    def count(self, selection: EventFilter | None = None) -> int:
        with self.narrowed(selection) as db:
            return count_events(db, selection or EventFilter())

    @latest
    def timeline(
        self,
        selection: EventFilter | None = None,
        *,
        period: str = "month",
        as_frame: bool = False,
    ) -> list[dict] | pandas.DataFrame:
        """Events per period with counts per QuadClass and the Goldstein sum."""
        with self.narrowed(selection) as db:
            rows = timeline(db, selection or EventFilter(), period=period, periods=PERIODS)
        if as_frame:
            import pandas

            return pandas.DataFrame(rows)
        return rows

    def narrowed(self, selection: EventFilter | None) -> PrunedEvents:
        return PrunedEvents(self, selection)

    @latest
    def quotes(self, *, speaker: str | None = None, limit: int | None = None) -> list[dict]:
        """Direct quotes, optionally by speaker (part of the name), with their story."""
        sql = (
            "SELECT q.record, a.published, a.title, a.id FROM quotes q JOIN articles a "
            "ON a.id = q.article_id"
        )
        params: list[object] = []
        if speaker:
            sql += " WHERE q.speaker LIKE ?"
            params.append(f"%{speaker}%")
        sql += " ORDER BY a.published DESC, q.article_id, q.seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        out = []
        for record, published, title, article_id in self.db.execute(sql, params):
            quote = json.loads(record)
            quote.update(published=published, title=title, article_id=article_id)
            out.append(quote)
        return out

    @latest
    def search(self, text: str, *, limit: int = 50, raw: bool = False) -> list[dict]:
        """Sentences with every word (or "quoted phrase") of `text`, newest first. A lake has
        no full-text index: each word is matched as a whole word, ignoring case."""
        if raw:
            raise StoreError(
                "a lake has no FTS5 index: --fts queries need a SQLite store",
                hint="leave out --fts to find the words as written",
            )
        terms = search_terms(text)
        if not terms:
            return []
        clauses = " AND ".join("regexp_matches(m.sentence, ?)" for _ in terms)
        params: list[object] = [
            r"(?i)(^|\W)" + r"\W+".join(re.escape(w) for w in WORD.findall(term)) + r"(\W|$)"
            for term in terms
        ]
        sql = (
            "WITH m AS (SELECT id AS mention_id, article_id, "
            "json_extract_string(record, '$.sentence') AS sentence FROM mentions), "
            "e AS (SELECT event_id, unnest(json_extract_string(record, '$.mentions[*].mention_id'"
            ")) AS mention_id FROM events) "
            "SELECT m.sentence, min(m.mention_id) AS mention_id, m.article_id, a.published, "
            "a.title, min(e.event_id) AS event_id FROM m JOIN articles a ON a.id = m.article_id "
            f"LEFT JOIN e ON e.mention_id = m.mention_id WHERE {clauses} "
            "GROUP BY m.article_id, m.sentence, a.published, a.title "
            "ORDER BY a.published DESC, m.article_id, mention_id LIMIT ?"
        )
        return self.rows(sql, [*params, limit])

    @latest
    def actors(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        name: str | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """People and organizations seen in stories: roles, first/last seen, mentions."""
        return list_actors(
            self.db,  # type: ignore[arg-type]
            kind=kind,
            country=country,
            sector=sector,
            name=name,
            limit=limit,
        )

    @latest
    def office_tables(self) -> list[dict[str, object]]:
        return office_tables(self.db)  # type: ignore[arg-type]

    @latest
    def holder(self, *, country: str, role: str, on: date) -> Holder:
        """Who held `role` in `country` on a day, as the stories tell it."""
        return StoreHolders(self.db).holder(country=country, role=role, on=on)  # type: ignore[arg-type]

    @latest
    def story(self, story_id: str) -> list[dict]:
        """The copies of one story: each article's outlet, publication date and id."""
        return self.rows(
            "SELECT id, source, published, title, url FROM articles WHERE story_id = ? "
            "ORDER BY published, ord",
            [story_id],
        )

    @latest
    def articles(self, ids: Iterable[str]) -> dict[str, dict]:
        """Outlet, publication day, title and url of the articles with these ids."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self.rows(
            "SELECT id, source, published, title, url FROM articles WHERE list_contains(?, id)",
            [wanted],
        )
        return {row["id"]: row for row in rows}

    @latest
    def skipped(self) -> list[dict]:
        return self.rows("SELECT * FROM skipped ORDER BY origin")

    @latest
    def counts(self) -> dict[str, int]:
        tables = ("articles", "mentions", "events", "quotes", "actors", "places", "skipped")
        return {t: int(self.generation.counts.get(t, 0)) for t in tables}

    @latest
    def summary(self, *, top: int = 8) -> dict[str, object]:
        """Events per type, the busiest dyads and a small timeline (negated ones apart)."""
        by_type = self.rows(
            "SELECT event_type, COUNT(*) n, SUM(negated) neg, SUM(mention_count) mentions "
            "FROM events GROUP BY event_type ORDER BY n DESC, event_type"
        )
        dyads = self.rows(
            "SELECT source_country s, target_country t, COUNT(*) n FROM events "
            "WHERE source_country != '' AND target_country != '' AND negated = 0 "
            "GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?",
            [top],
        )
        return {
            "counts": self.counts(),
            "by_type": [
                {**r, "neg": int(r["neg"]), "mentions": int(r["mentions"])} for r in by_type
            ],
            "dyads": dyads,
            "timeline": self.timeline(EventFilter(include_negated=False), period="month"),
        }


class PrunedEvents:
    """The lake's connection with `events` narrowed to the partitions a date filter can
    match: events start by --until, and (the longest window known) end by --since."""

    def __init__(self, store: LakeStore, selection: EventFilter | None) -> None:
        self.store = store
        self.selection = check_filter(selection or EventFilter())

    def __enter__(self) -> Connection:
        low = high = None
        if self.selection.date_to:
            high = self.selection.date_to
        if self.selection.date_from:
            span = timedelta(days=self.store.generation.max_span_days)
            low = (date.fromisoformat(self.selection.date_from) - span).isoformat()
        self.bounded = low is not None or high is not None
        if self.bounded:
            source = self.store.events_source(low, high)
            self.store.duck.execute(
                "CREATE OR REPLACE VIEW events AS " + EVENTS_VIEW.format(events=source)
            )
        return self.store.db

    def __exit__(self, *exc: object) -> None:
        if self.bounded:
            source = self.store.events_source()
            self.store.duck.execute(
                "CREATE OR REPLACE VIEW events AS " + EVENTS_VIEW.format(events=source)
            )


def search_terms(text: str) -> list[str]:
    """Words and "quoted phrases" of a search, as `fts_literal` reads them."""
    parts = text.split('"')
    terms = []
    for position, part in enumerate(parts):
        phrase = position % 2 == 1 and position < len(parts) - 1
        for term in [part] if phrase else part.split():
            if WORD.search(term):
                terms.append(term.strip())
    return terms
