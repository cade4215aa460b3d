"""The embedded store: one SQLite file in WAL mode (one writer, many readers).

Articles, mentions, quotes, actors, places and skipped records, each mention kept whole as
JSON beside the columns queries filter on. Writes are transactional per batch and idempotent
by article id, so re-ingesting a story adds nothing and a killed run can simply be rerun.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..pipeline import article_json
from ..records import ActorRef, Extraction, Skipped, to_json
from ..resolve.officeholders import role_key
from .actors import (
    StoreHolders,
    create_actor_tables,
    import_office_spells,
    list_actors,
    office_tables,
    write_observations,
)
from .events import EventFilter, count_events, names, query_events, rebuild_events, timeline
from .schema import SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas

    from ..resolve.officeholders import Holder
    from ..syndication import StoryIndex


class Store:
    """Query and write access to one dateline database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            create_actor_tables(self.db)
            self.check_schema()
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the database ({exc})",
                hint="check the path and that the file is a dateline database",
            ) from exc

        self._stories: StoryIndex | None = None

    def check_schema(self) -> None:
        """Refuse a database written by an older, incompatible dateline."""
        with self.db:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                has_data = self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
                if has_data is None:
                    self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    return
            if row is None or row[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by another version of dateline (schema "
                    f"{row[0] if row else 'unknown'}, this one reads {SCHEMA_VERSION})",
                    hint="ingest the stories again into a new database file",
                )

    def close(self) -> None:
        self.db.close()

    def stories_index(self) -> StoryIndex:
        """The near-duplicate index over stored articles, rebuilt from the file on first use."""
        # datasketch (and the scipy it imports, ~1 s) only for commands that write
        from ..syndication import StoryIndex, from_bytes

        if self._stories is None:
            index = StoryIndex()
            for row in self.db.execute("SELECT id, story_id, minhash FROM articles ORDER BY rowid"):
                index.add(row["id"], from_bytes(row["minhash"]), row["story_id"])
            self._stories = index
        return self._stories

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def write(self, batch: Iterable[Extraction | Skipped]) -> tuple[int, int, int]:
        """Store one batch in one transaction; returns (stored, duplicates, syndicated).

        Syndicated: stored articles that joined the story of an earlier near-duplicate.
        """
        from ..syndication import signature, to_bytes

        stored = duplicates = syndicated = 0
        index = self.stories_index()
        with self.db:
            for item in batch:
                if isinstance(item, Skipped):
                    self.db.execute(
                        "INSERT OR REPLACE INTO skipped VALUES (?, ?, ?, ?)",
                        (item.origin, item.stage, item.reason, item.record_id),
                    )
                    continue
                if self.has_article(item.parsed.article.id):
                    duplicates += 1
                    continue
                article = item.parsed.article
                minhash = signature(f"{article.title}\n{item.parsed.body}")
                story_id = index.story_for(minhash)
                syndicated += story_id is not None
                story_id = story_id or article.id
                item = self.resolve_roles(item)
                self.insert(item, story_id=story_id, minhash=to_bytes(minhash))
                index.add(article.id, minhash, story_id)
                stored += 1
        return stored, duplicates, syndicated

    def resolve_roles(self, extraction: Extraction) -> Extraction:
        """Name the person behind a role phrase the story left unnamed ("China's defense
        minister"), from imported office tables or other stories, as of the event's date."""
        holders = StoreHolders(self.db)

        def named(actor: ActorRef, on: str) -> ActorRef:
            if actor.kind == "person" or not actor.country or not actor.sector:
                return actor
            role = role_key(actor.text, country=actor.country)
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
            on = (
                mention.date.start
                if mention.date
                else extraction.parsed.article.published.isoformat()
            )
            mentions.append(
                dataclasses.replace(
                    mention,
                    source=tuple(named(a, on) for a in mention.source),
                    target=tuple(named(a, on) for a in mention.target),
                )
            )
        return dataclasses.replace(extraction, mentions=tuple(mentions))

    def insert(self, extraction: Extraction, *, story_id: str, minhash: bytes) -> None:
        article = extraction.parsed.article
        layout = json.dumps(article_json(extraction.parsed), ensure_ascii=False)
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        for seq, mention in enumerate(extraction.mentions):
            record = to_json(mention)
            assert isinstance(record, dict)
            self.db.execute(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                ),
            )
        write_observations(self.db, extraction)
        self.db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?)",
            [
                (m.sentence, f"{article.id}-{seq}", article.id)
                for seq, m in enumerate(extraction.mentions)
            ],
        )
        for seq, quote in enumerate(extraction.quotes):
            self.db.execute(
                "INSERT INTO quotes VALUES (?, ?, ?, ?, ?)",
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
                "INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)",
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
                "INSERT INTO places VALUES (?, ?, ?, ?, ?)",
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
        for (record,) in self.db.execute(sql, params):
            yield json.loads(record)

    def merge(self) -> int:
        """Merge all mentions into events (idempotent); returns the number of events."""
        return rebuild_events(self.db)

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

    def count(self, selection: EventFilter | None = None) -> int:
        """How many merged events match `selection`."""
        return count_events(self.db, selection or EventFilter())

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

    def search(self, text: str, *, limit: int = 50) -> list[dict]:
        """Sentences matching a full-text query (SQLite FTS5 syntax), best first."""
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
                hint='quote phrases: "defense minister"; see SQLite FTS5',
            ) from exc
        keys = ("sentence", "mention_id", "article_id", "published", "title", "event_id")
        return [dict(zip(keys, row, strict=True)) for row in rows]

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

    def import_offices(
        self, path: str | Path, *, source: str = "", as_of: date | None = None
    ) -> dict[str, object]:
        """Import an office-holder CSV (country, position, person, id, start, end)."""
        return import_office_spells(self.db, path, source=source, as_of=as_of)

    def office_tables(self) -> list[dict[str, object]]:
        return office_tables(self.db)

    def holder(self, *, country: str, role: str, on: date) -> Holder:
        """Who held `role` in `country` on a day: imported tables, then the stories."""
        return StoreHolders(self.db).holder(country=country, role=role, on=on)

    def story(self, story_id: str) -> list[dict]:
        """The copies of one story: each article's outlet, publication date and id."""
        rows = self.db.execute(
            "SELECT id, source, published, title, url FROM articles WHERE story_id = ? "
            "ORDER BY published, rowid",
            (story_id,),
        )
        return [dict(r) for r in rows]

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

    def skipped(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM skipped ORDER BY origin")]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "mentions", "events", "quotes", "actors", "places", "skipped")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

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
