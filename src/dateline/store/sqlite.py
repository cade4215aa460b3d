"""The embedded store: one SQLite file in WAL mode (one writer, many readers).

Articles, mentions, quotes, actors, places and skipped records, each mention kept whole as
JSON beside the columns queries filter on. Each batch is one transaction that also merges its
mentions into events, taken with the write lock up front (`BEGIN IMMEDIATE`): two ingests into
one file take turns, and a killed run leaves only whole, merged batches behind. Writes are
idempotent by article id, so re-ingesting a story adds nothing and a killed run can simply be
rerun.

A store opened `readonly` (every command that only reads) opens the file with SQLite's
`mode=ro`: it never creates a file or a folder, never changes the journal mode of a file and
never adds a table. Either way a file that is not a dateline database is refused, and one
written by an older dateline is upgraded (`schema.MIGRATIONS`) only when opened for writing.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import (
    NotADatelineError,
    SchemaError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreMissingError,
)
from ..records import Article, Extraction, Outcome, Skipped, article_json, names, to_json
from ..records import article_id as content_id
from .actors import (
    StoreHolders,
    create_actor_tables,
    import_office_spells,
    list_actors,
    name_role_holders,
    office_tables,
    write_observations,
)
from .events import (
    EventFilter,
    count_events,
    dyads,
    event_by_id,
    event_places,
    query_events,
    timeline,
)
from .schema import (
    APPLICATION_ID,
    MIGRATIONS,
    OLDEST_MIGRATABLE,
    SCHEMA,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    import pandas

    from ..resolve.officeholders import Holder
    from ..syndication import StoryIndex

BUSY_SECONDS = 60  # how long a writer waits for another one's batch before giving up
T = TypeVar("T")


def sqlite_errors(method: Callable[..., T]) -> Callable[..., T]:
    """SQLite's errors in a store method become `StoreError`s naming the file and what to do."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: object, **kwargs: object) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self.explain(exc) from exc

    return wrapper


def fts_literal(text: str) -> str:
    """An FTS5 query that finds `text`'s words as written: each word, and each phrase the
    user put in double quotes, becomes a quoted FTS5 string ("U.S.", "Xi's" and "AND" are
    words, not syntax)."""
    parts = text.split('"')
    terms = []
    for position, part in enumerate(parts):
        phrase = position % 2 == 1 and position < len(parts) - 1
        for term in [part] if phrase else part.split():
            if term.strip():
                terms.append('"' + term.strip().replace('"', '""') + '"')
    return " ".join(terms)


class Store:
    """Query and write access to one dateline database file.

    `readonly=True` opens an existing dateline database for queries only: nothing about the
    file changes, and a path with no database is an error (`StoreMissingError`)."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._stories: StoryIndex | None = None
        self._indexed_rowid = 0
        if readonly and not self.path.is_file():
            raise StoreMissingError(
                f"{self.path}: no dateline database there",
                hint="check --db; 'dateline ingest STORIES --db FILE' creates one",
            )
        try:
            if readonly:
                uri = self.path.absolute().as_uri() + "?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)
            else:
                self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the database ({exc})",
                hint="check that the folder exists and that you may write there",
            ) from exc
        self.db.row_factory = sqlite3.Row
        try:
            self.open_schema()
        except sqlite3.Error as exc:
            self.db.close()
            raise self.explain(exc) from exc
        except StoreError:
            self.db.close()
            raise

    def explain(self, exc: sqlite3.Error) -> StoreError:
        """A `StoreError` for an SQLite error: what happened to which file, and what to do."""
        text = str(exc)
        if "not a database" in text or "file is encrypted" in text:
            return NotADatelineError(
                f"{self.path} is not a dateline database (not an SQLite file: {text})",
                hint="check --db",
            )
        if "malformed" in text or (isinstance(exc, sqlite3.DatabaseError) and "corrupt" in text):
            return StoreDamagedError(
                f"{self.path} is damaged ({text})",
                hint="'sqlite3 FILE \"PRAGMA integrity_check\"' says where; ingest the stories "
                "again into a new file (or restore a copy)",
            )
        if "locked" in text or "busy" in text:
            return StoreBusyError(
                f"{self.path} is busy: another process kept it locked for over {BUSY_SECONDS} s",
                hint="wait for the other ingest to finish, then run this command again",
            )
        if "readonly" in text:
            return StoreError(
                f"{self.path} was opened read-only ({text})",
                hint="open it with Store(path) (dateline.open(path, write=True)) to change it",
            )
        return StoreError(f"{self.path}: {text}", hint="check --db and the disk")

    def open_schema(self) -> None:
        """Recognize, create or upgrade the schema (see the module docstring)."""
        (application_id,) = self.db.execute("PRAGMA application_id").fetchone()
        tables = {
            row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        version = None
        if "meta" in tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            version = int(row[0]) if row and str(row[0]).isdigit() else None
        if version is None and (tables or self.readonly):
            what = "an empty SQLite file" if not tables else "another program's SQLite file"
            if application_id == APPLICATION_ID:
                what = "a dateline database whose schema record is missing"
            raise NotADatelineError(
                f"{self.path} is not a dateline database ({what}); dateline leaves it as it is",
                hint="give --db a dateline database, or a new file name to create one",
            )
        if version is not None and version != SCHEMA_VERSION:
            self.check_version(version)
        if self.readonly:
            return
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction():
            if version is None:
                self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            for step, statement in MIGRATIONS:
                if version is not None and version < step:
                    self.db.execute(statement)
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            create_actor_tables(self.db)  # statement by statement: in this transaction
            self.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )

    def check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION or version < OLDEST_MIGRATABLE:
            raise SchemaError(
                f"{self.path} was written by another version of dateline (schema {version}, "
                f"this one reads {SCHEMA_VERSION})",
                hint="ingest the stories again into a new database file"
                if version < OLDEST_MIGRATABLE
                else "use the newer dateline that wrote it",
            )
        if self.readonly:
            raise SchemaError(
                f"{self.path} was written by an older dateline (schema {version}; this one "
                f"reads {SCHEMA_VERSION}) and a command that only reads does not upgrade it",
                hint=f"upgrade it once with 'dateline merge --db {self.path}'",
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction that takes the write lock up front (waits for another
        writer up to BUSY_SECONDS), committed on success and rolled back on any error."""
        if self.readonly:
            raise StoreError(
                f"{self.path} was opened read-only; this needs to write",
                hint="open it with Store(path) (dateline.open(path, write=True)) to change it",
            )
        if self.db.in_transaction:
            self.db.commit()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def stories_index(self) -> StoryIndex:
        """The near-duplicate index over stored articles, brought up to date with the file
        (another process may have stored some since)."""
        # datasketch (and the scipy it imports, ~1 s) only for commands that write
        from ..syndication import StoryIndex, from_bytes

        if self._stories is None:
            self._stories = StoryIndex()
        for row in self.db.execute(
            "SELECT rowid, id, story_id, minhash FROM articles WHERE rowid > ? ORDER BY rowid",
            (self._indexed_rowid,),
        ):
            self._stories.add(row["id"], from_bytes(row["minhash"]), row["story_id"])
            self._indexed_rowid = row["rowid"]
        return self._stories

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @sqlite_errors
    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def same_record(self, article: Article) -> bool:
        """Whether the stored article with `article`'s id has its content (the same record
        read again) rather than other text under the same outlet and record id."""
        row = self.db.execute(
            "SELECT text, title, source, published FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        stored = content_id(
            row["text"],
            source=row["source"],
            title=row["title"],
            published=date.fromisoformat(row["published"]),
        )
        read = content_id(
            article.text, source=article.source, title=article.title, published=article.published
        )
        return stored == read

    @sqlite_errors
    def write(
        self,
        batch: Iterable[Extraction | Skipped | Article],
        *,
        merge: Callable[[sqlite3.Connection], object] | None = None,
    ) -> list[Outcome]:
        """Store one batch in one transaction; returns what became of each record
        (`Outcome`: stored, copy, duplicate or skipped). `merge` (the ingest driver passes
        `merge.tables.merge_pending`) runs last in the same transaction, so no reader ever
        sees a stored mention without its event.

        An `Article` in the batch is a record read but not coded because its id was stored
        before: it is reported as a duplicate (or, with other text, as a skip)."""
        from ..syndication import signature, to_bytes

        outcomes = []
        with self.transaction():
            index = self.stories_index()
            for item in batch:
                if isinstance(item, Skipped):
                    outcomes.append(self.skip(item.origin, item.stage, item.reason, item.record_id))
                    continue
                article = item if isinstance(item, Article) else item.parsed.article
                if isinstance(item, Article) or self.has_article(article.id):
                    outcomes.append(self.repeated(article))
                    continue
                minhash = signature(f"{article.title}\n{item.parsed.body}")
                earlier = index.story_for(minhash)
                story_id = earlier or article.id
                self.insert(self.resolve_roles(item), story_id=story_id, minhash=to_bytes(minhash))
                index.add(article.id, minhash, story_id)
                (self._indexed_rowid,) = self.db.execute(
                    "SELECT max(rowid) FROM articles"
                ).fetchone()
                self.db.execute("DELETE FROM skipped WHERE origin = ?", (article.origin,))
                outcomes.append(
                    Outcome(
                        origin=article.origin,
                        status="copy" if earlier else "stored",
                        article_id=article.id,
                        story_id=story_id,
                        reason=f"a copy of story {earlier}" if earlier else "",
                    )
                )
            if merge is not None:
                merge(self.db)
        return outcomes

    def skip(self, origin: str, stage: str, reason: str, record_id: str = "") -> Outcome:
        """Record a skipped record (one row per origin: its latest reason)."""
        self.db.execute(
            "INSERT OR REPLACE INTO skipped (origin, stage, reason, record_id) VALUES (?,?,?,?)",
            (origin, stage, reason, record_id),
        )
        return Outcome(
            origin=origin, status="skipped", article_id=record_id, stage=stage, reason=reason
        )

    def repeated(self, article: Article) -> Outcome:
        """The outcome for a record whose id was seen before: the same record read again, or
        another text under the same outlet and record id (a counted skip, not a loss)."""
        first = self.db.execute(
            "SELECT origin FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if first is None:  # read twice in one run, and the first one was not stored
            return self.skip(
                article.origin,
                "store",
                "the same record as one read before it in this run, which was skipped",
                article.id,
            )
        if self.same_record(article):
            self.db.execute("DELETE FROM skipped WHERE origin = ?", (article.origin,))
            return Outcome(origin=article.origin, status="duplicate", article_id=article.id)
        reason = (
            f"record id '{article.record_id}' of {article.source} is already stored with other "
            f"text (from {first[0]}); give each record its own id, or leave ids out to identify "
            "records by their content"
        )
        return self.skip(article.origin, "store", reason, article.id)

    def resolve_roles(self, extraction: Extraction) -> Extraction:
        """Name the person behind a role phrase the story left unnamed ("China's defense
        minister"), from imported office tables or other stories, as of the event's date."""
        return name_role_holders(extraction, StoreHolders(self.db))

    def insert(self, extraction: Extraction, *, story_id: str, minhash: bytes) -> None:
        article = extraction.parsed.article
        layout = json.dumps(article_json(extraction.parsed), ensure_ascii=False)
        self.db.execute(
            "INSERT INTO articles (id, published, title, source, url, origin, text, layout, "
            "story_id, minhash, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.published.isoformat(),
                article.title,
                article.source,
                article.url,
                article.origin,
                article.text,
                layout,
                story_id,
                minhash,
                article.record_id,
            ),
        )
        for seq, mention in enumerate(extraction.mentions):
            record = to_json(mention)
            assert isinstance(record, dict)
            self.db.execute(
                "INSERT INTO mentions (id, article_id, seq, event_type, quad_class, goldstein, "
                "negated, modality, section, source_country, target_country, source_names, "
                "target_names, date_start, date_end, location, sentence, record, "
                "low_confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    f"{article.id}-{seq}",
                    article.id,
                    seq,
                    mention.event_type,
                    mention.quad_class,
                    mention.goldstein,
                    int(mention.negated),
                    mention.modality,
                    mention.section,
                    next((a.country for a in mention.source if a.country), ""),
                    next((a.country for a in mention.target if a.country), ""),
                    names(record["source"]),
                    names(record["target"]),
                    mention.date.start if mention.date else None,
                    mention.date.end if mention.date else None,
                    mention.location.name if mention.location else None,
                    mention.sentence,
                    json.dumps(record, ensure_ascii=False),
                    int(mention.low_confidence),
                ),
            )
        write_observations(self.db, extraction)
        self.db.executemany(
            "INSERT INTO sentences (sentence, mention_id, article_id) VALUES (?, ?, ?)",
            [
                (m.sentence, f"{article.id}-{seq}", article.id)
                for seq, m in enumerate(extraction.mentions)
            ],
        )
        for seq, quote in enumerate(extraction.quotes):
            self.db.execute(
                "INSERT INTO quotes (article_id, seq, speaker, text, record) VALUES (?,?,?,?,?)",
                (
                    article.id,
                    seq,
                    quote.speaker.name if quote.speaker else "",
                    quote.text,
                    json.dumps(to_json(quote), ensure_ascii=False),
                ),
            )
        for actor in extraction.actors:
            self.db.execute(
                "INSERT OR IGNORE INTO actors (article_id, name, country, sector, kind, record) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    actor.name,
                    actor.country,
                    actor.sector,
                    actor.kind,
                    json.dumps(to_json(actor), ensure_ascii=False),
                ),
            )
        for place in extraction.places:
            self.db.execute(
                "INSERT INTO places (article_id, name, geonameid, country, record) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    article.id,
                    place.name,
                    place.geonameid,
                    place.country,
                    json.dumps(to_json(place), ensure_ascii=False),
                ),
            )

    def mentions(self, *, limit: int | None = None) -> Iterator[dict]:
        """Stored mentions (one per coded sentence-event) in ingest order."""
        sql = "SELECT record FROM mentions ORDER BY rowid"
        params: list[object] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        try:
            for (record,) in self.db.execute(sql, params):
                yield json.loads(record)
        except sqlite3.Error as exc:
            raise self.explain(exc) from exc

    @sqlite_errors
    def apply(self, step: Callable[[sqlite3.Connection], T]) -> T:
        """Run `step` on the connection in one write transaction and return its result
        (`dateline merge` runs `merge.tables.rebuild_events` so)."""
        with self.transaction():
            return step(self.db)

    @sqlite_errors
    def events(
        self,
        selection: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        as_frame: bool = False,
    ) -> list[dict] | pandas.DataFrame:
        """Merged events matching `selection`, newest first (a DataFrame with as_frame)."""
        rows = list(query_events(self.db, selection or EventFilter(), limit=limit, offset=offset))
        if as_frame:
            import pandas

            return pandas.json_normalize(rows, max_level=1)
        return rows

    @sqlite_errors
    def count(self, selection: EventFilter | None = None) -> int:
        """How many merged events match `selection`."""
        return count_events(self.db, selection or EventFilter())

    @sqlite_errors
    def event(self, event_id: str) -> dict | None:
        """One merged event's record (as `events` gives it), or None when there is none."""
        return event_by_id(self.db, event_id)

    @sqlite_errors
    def mention_records(self, mention_ids: Iterable[str]) -> dict[str, dict]:
        """The stored records of these mentions (as `dateline extract` gives them), by id:
        every actor, date and place with its span in the article's text."""
        wanted = sorted(set(mention_ids))
        found: dict[str, dict] = {}
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            rows = self.db.execute(
                f"SELECT id, record FROM mentions WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update((row[0], json.loads(row[1])) for row in rows)
        return found

    @sqlite_errors
    def network(
        self, selection: EventFilter | None = None, *, limit: int | None = None
    ) -> list[dict]:
        """Directed country dyads of the matching events, busiest first: `source`, `target`,
        `events`, `quad1`..`quad4` (events per QuadClass) and the `goldstein` sum."""
        return dyads(self.db, selection or EventFilter(), limit=limit)

    @sqlite_errors
    def places(
        self, selection: EventFilter | None = None, *, limit: int | None = None
    ) -> list[dict]:
        """Where the matching events happened, busiest first: `name`, `country`, `lat`, `lon`,
        `geonameid` (None when not geocoded), `events`, and `defaulted` (how many of them are
        placed only by the story's dateline)."""
        return event_places(self.db, selection or EventFilter(), limit=limit)

    @sqlite_errors
    def timeline(
        self,
        selection: EventFilter | None = None,
        *,
        period: str = "month",
        as_frame: bool = False,
    ) -> list[dict] | pandas.DataFrame:
        """Events per period with counts per QuadClass and the Goldstein sum."""
        rows = timeline(self.db, selection or EventFilter(), period=period)
        if as_frame:
            import pandas

            return pandas.DataFrame(rows)
        return rows

    @sqlite_errors
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
        for row in self.db.execute(sql, params):
            record = json.loads(row[0])
            record.update(published=row[1], title=row[2], article_id=row[3])
            out.append(record)
        return out

    @sqlite_errors
    def search(self, text: str, *, limit: int = 50, raw: bool = False) -> list[dict]:
        """Sentences with every word (or "quoted phrase") of `text`, best first; `raw=True`
        passes `text` to SQLite FTS5 as a query (AND, OR, NOT, NEAR, prefix*)."""
        if not raw:
            text = fts_literal(text)
            if not text:
                return []
        try:
            rows = self.db.execute(
                "SELECT s.sentence, s.mention_id, s.article_id, a.published, a.title, "
                "e.event_id FROM sentences s JOIN articles a ON a.id = s.article_id "
                "LEFT JOIN event_mentions e ON e.mention_id = s.mention_id "
                "WHERE sentences MATCH ? GROUP BY s.article_id, s.sentence ORDER BY MIN(rank) "
                "LIMIT ?",
                (text, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"cannot search for {text!r} ({exc})",
                hint="that is not an FTS5 query; leave out --fts to search for the words as "
                'written, or quote phrases: "defense minister"',
            ) from exc
        keys = ("sentence", "mention_id", "article_id", "published", "title", "event_id")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    @sqlite_errors
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
            self.db, kind=kind, country=country, sector=sector, name=name, limit=limit
        )

    @sqlite_errors
    def import_offices(
        self, path: str | Path, *, source: str = "", as_of: date | None = None
    ) -> dict[str, object]:
        """Import an office-holder CSV (country, position, person, id, start, end)."""
        return import_office_spells(self.db, path, source=source, as_of=as_of)

    @sqlite_errors
    def office_tables(self) -> list[dict[str, object]]:
        return office_tables(self.db)

    @sqlite_errors
    def holder(self, *, country: str, role: str, on: date) -> Holder:
        """Who held `role` in `country` on a day: imported tables, then the stories."""
        return StoreHolders(self.db).holder(country=country, role=role, on=on)

    @sqlite_errors
    def story(self, story_id: str) -> list[dict]:
        """The copies of one story: each article's outlet, publication date and id."""
        rows = self.db.execute(
            "SELECT id, source, published, title, url FROM articles WHERE story_id = ? "
            "ORDER BY published, rowid",
            (story_id,),
        )
        return [dict(r) for r in rows]

    @sqlite_errors
    def articles(self, ids: Iterable[str]) -> dict[str, dict]:
        """Outlet, publication day, title and url of the articles with these ids."""
        wanted = sorted(set(ids))
        found: dict[str, dict] = {}
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            rows = self.db.execute(
                "SELECT id, source, published, title, url FROM articles "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update((row["id"], dict(row)) for row in rows)
        return found

    @sqlite_errors
    def skipped(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM skipped ORDER BY origin")]

    @sqlite_errors
    def counts(self) -> dict[str, int]:
        tables = ("articles", "mentions", "events", "quotes", "actors", "places", "skipped")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    @sqlite_errors
    def summary(self, *, top: int = 8) -> dict[str, object]:
        """Events per type, the busiest dyads and a small timeline (negated ones apart)."""
        by_type = self.db.execute(
            "SELECT event_type, COUNT(*) n, SUM(negated) neg, SUM(mention_count) mentions "
            "FROM events GROUP BY event_type ORDER BY n DESC, event_type"
        ).fetchall()
        dyads = self.db.execute(
            "SELECT source_country s, target_country t, COUNT(*) n FROM events "
            "WHERE source_country != '' AND target_country != '' AND negated = 0 "
            "GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?",
            (top,),
        ).fetchall()
        return {
            "counts": self.counts(),
            "by_type": [dict(r) for r in by_type],
            "dyads": [dict(r) for r in dyads],
            "timeline": timeline(self.db, EventFilter(include_negated=False), period="month"),
        }
