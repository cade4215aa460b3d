"""The embedded store: one SQLite file in WAL mode (one writer, many readers).

Articles, mentions, quotes, actors, places and skipped records, each mention kept whole as
JSON beside the columns queries filter on. Writes are transactional per batch and idempotent
by article id, so re-ingesting a story adds nothing and a killed run can simply be rerun.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import StoreError
from ..pipeline import article_json
from ..records import Extraction, Skipped, to_json
from ..syndication import StoryIndex, from_bytes, signature, to_bytes

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    published TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    origin TEXT NOT NULL,
    text TEXT NOT NULL,
    layout TEXT NOT NULL,
    story_id TEXT NOT NULL,
    minhash BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS mentions (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    negated INTEGER NOT NULL,
    modality TEXT NOT NULL,
    section TEXT NOT NULL,
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    source_names TEXT NOT NULL,
    target_names TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    location TEXT,
    sentence TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_type ON mentions(event_type);
CREATE INDEX IF NOT EXISTS mentions_date ON mentions(date_start);
CREATE INDEX IF NOT EXISTS mentions_dyad ON mentions(source_country, target_country);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE IF NOT EXISTS actors (
    article_id TEXT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    kind TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, name, country)
);
CREATE TABLE IF NOT EXISTS places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS skipped (
    origin TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (origin, stage)
);
"""


def names(actors: list[dict]) -> str:
    return "|".join(str(a.get("name") or a.get("text") or "") for a in actors)


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
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the database ({exc})",
                hint="check the path and that the file is a dateline database",
            ) from exc

        self._stories: StoryIndex | None = None

    def close(self) -> None:
        self.db.close()

    def stories_index(self) -> StoryIndex:
        """The near-duplicate index over stored articles, rebuilt from the file on first use."""
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
                self.insert(item, story_id=story_id, minhash=to_bytes(minhash))
                index.add(article.id, minhash, story_id)
                stored += 1
        return stored, duplicates, syndicated

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

    def mentions(
        self,
        *,
        event_type: str | None = None,
        country: str | None = None,
        include_negated: bool = True,
        limit: int | None = None,
    ) -> Iterator[dict]:
        """Coded mentions with their article's date and title, newest first."""
        where, params = [], []
        if event_type:
            where.append("m.event_type = ?")
            params.append(event_type.upper())
        if country:
            where.append("(m.source_country = ? OR m.target_country = ?)")
            params += [country.upper(), country.upper()]
        if not include_negated:
            where.append("m.negated = 0")
        sql = (
            "SELECT m.record, a.published, a.title FROM mentions m JOIN articles a "
            "ON a.id = m.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY m.date_start DESC, m.article_id, m.seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for row in self.db.execute(sql, params):
            record = json.loads(row["record"])
            record["published"] = row["published"]
            record["title"] = row["title"]
            yield record

    def story(self, story_id: str) -> list[dict]:
        """The copies of one story: each article's outlet, publication date and id."""
        rows = self.db.execute(
            "SELECT id, source, published, title, url FROM articles WHERE story_id = ? "
            "ORDER BY published, rowid",
            (story_id,),
        )
        return [dict(r) for r in rows]

    def skipped(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM skipped ORDER BY origin")]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "mentions", "quotes", "actors", "places", "skipped")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    def summary(self, *, top: int = 8) -> dict[str, object]:
        """Events per type, the busiest dyads and a small timeline."""
        by_type = self.db.execute(
            "SELECT event_type, COUNT(*) n, SUM(negated) neg FROM mentions "
            "GROUP BY event_type ORDER BY n DESC"
        ).fetchall()
        dyads = self.db.execute(
            "SELECT source_country s, target_country t, COUNT(*) n FROM mentions "
            "WHERE source_country != '' AND target_country != '' AND negated = 0 "
            "GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?",
            (top,),
        ).fetchall()
        timeline = self.db.execute(
            "SELECT substr(date_start, 1, 7) month, COUNT(*) n, "
            "SUM(CASE WHEN quad_class <= 2 THEN 1 ELSE 0 END) coop, "
            "SUM(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) conflict "
            "FROM mentions WHERE negated = 0 GROUP BY month ORDER BY month"
        ).fetchall()
        return {
            "counts": self.counts(),
            "by_type": [dict(r) for r in by_type],
            "dyads": [dict(r) for r in dyads],
            "timeline": [dict(r) for r in timeline],
        }
