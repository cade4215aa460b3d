"""One input file coded into a staged part of the lake: the map step of a distributed ingest.

`annotate_file` runs the same stage functions as a local ingest (`scan_paths` → language
screen → `extract_articles`) over one file and writes what they give as Parquet tables into
`staging/<key>/`, renamed into place when whole. It depends on nothing but its arguments and
the file, so any worker can run it, twice if need be: a part already there is reused. What
depends on the order of all the records (which copy of a story came first, who held an
office as earlier stories tell it, events) is left to the commit (`scale/commit.py`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..read import SANE_DATES, PublishedRange, scan_paths
from ..records import Article, Extraction, Skipped, to_json
from .lake import Lake, atomic_folder

ROWS_PER_WRITE = 2000  # rows buffered per table before they go to the file (bounded memory)


@dataclass(frozen=True, slots=True, kw_only=True)
class FileTask:
    """One input file and how to read it; `key` names its staged part."""

    index: int  # the file's place in the input order
    path: str  # as the user gave it: origins name it so
    absolute: str  # where a worker on another machine finds it (on a shared file system)
    key: str
    source: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    kind: str = ""
    dates: PublishedRange = SANE_DATES


@dataclass
class PartSummary:
    """What one file gave: its counts (for the run report) and where its part is."""

    key: str
    index: int
    path: str
    read: int = 0
    coded: int = 0
    mentions: int = 0
    skipped: int = 0
    seconds: float = 0.0
    worker: str = ""
    reused: bool = False
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return dataclasses.asdict(self)


def task_key(path: str | Path, *, settings: Mapping[str, object]) -> str:
    """A part's name: the file (path, size, modification time), how it is read and this
    dateline's version, so a rerun reuses parts of unchanged files and recodes the rest."""
    stat = Path(path).stat()
    identity = {
        "path": str(Path(path).absolute()),
        "size": stat.st_size,
        "mtime": stat.st_mtime_ns,
        "version": __version__,
        **{key: str(value) for key, value in sorted(settings.items())},
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]


@functools.cache
def prepare_process() -> None:
    """Once per worker process, on its first task: one BLAS thread (the workers fill the
    cores), then the models, which stay loaded for every later task."""
    from ..pipeline import BLAS_THREADS

    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    from threadpoolctl import threadpool_limits

    from ..coding import article  # noqa: F401  (the coder's tables)
    from ..nlp import load_nlp

    threadpool_limits(1)
    load_nlp()
    threadpool_limits(1)


def annotate_file(task: FileTask, lake_root: str) -> dict:
    """Code one input file into `staging/<task.key>/` (or reuse the part already there);
    returns its `PartSummary` as a dict."""
    import time

    lake = Lake(lake_root)
    part = lake.staging / task.key
    summary_file = part / "summary.json"
    if summary_file.is_file():
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        return {**summary, "reused": True}
    started = time.perf_counter()
    prepare_process()
    from ..coding.article import extract_articles
    from ..pipeline import screened

    summary = PartSummary(key=task.key, index=task.index, path=task.path, worker=worker_name())
    items = scan_paths(
        [task.absolute],
        source=task.source,
        fields=dict(task.fields) or None,
        kind=task.kind,
        dates=task.dates,
    )
    with atomic_folder(part) as folder:
        writer = PartWriter(folder)

        def counted():
            for item in items:
                summary.read += 1
                yield relabel(item, task)

        for position, result in enumerate(extract_articles(screened(counted()))):
            if isinstance(result, Skipped):
                summary.skipped += 1
                writer.skip(result, position)
            else:
                summary.coded += 1
                summary.mentions += len(result.mentions)
                writer.extraction(result, position)
        writer.close()
        summary.seconds = round(time.perf_counter() - started, 3)
        (folder / "summary.json").write_text(json.dumps(summary.as_json()), encoding="utf-8")
    return summary.as_json()


def relabel(item: Article | Skipped, task: FileTask) -> Article | Skipped:
    """A record's origin (and a skip's reason) naming the file as the user gave it, as a
    local ingest names it, not by the absolute path the worker read."""
    if task.absolute == task.path or not item.origin.startswith(task.absolute):
        return item
    origin = task.path + item.origin[len(task.absolute) :]
    if isinstance(item, Skipped):
        return dataclasses.replace(
            item, origin=origin, reason=item.reason.replace(task.absolute, task.path)
        )
    return dataclasses.replace(item, origin=origin)


def worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


class PartWriter:
    """The tables of one staged part, written in row groups as records arrive."""

    def __init__(self, folder: Path) -> None:
        from .schema import STAGED_SCHEMAS

        self.folder = folder
        self.schemas = STAGED_SCHEMAS
        self.rows: dict[str, list[dict]] = {name: [] for name in self.schemas}
        self.writers: dict[str, object] = {}
        self.article_ids: set[str] = set()

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)
        if len(self.rows[table]) >= ROWS_PER_WRITE:
            self.flush(table)

    def flush(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(
                self.folder / f"{table}.parquet", self.schemas[table], compression="zstd"
            )
        batch = pa.Table.from_pylist(self.rows[table], schema=self.schemas[table])
        self.writers[table].write_table(batch)  # type: ignore[attr-defined]
        self.rows[table] = []

    def close(self) -> None:
        for table in self.schemas:
            self.flush(table)  # every table gets a file, empty ones too
            self.writers[table].close()  # type: ignore[attr-defined]

    def skip(self, item: Skipped, position: int) -> None:
        self.add(
            "skipped",
            {
                "position": position,
                "origin": item.origin,
                "stage": item.stage,
                "reason": item.reason,
                "record_id": item.record_id,
            },
        )

    def extraction(self, extraction: Extraction, position: int) -> None:
        from ..records import article_id as content_id
        from ..records import article_json
        from ..resolve.officeholders import observe_extraction
        from ..store.actors import has_role_phrases
        from ..syndication import signature, to_bytes

        article = extraction.parsed.article
        self.add(
            "articles",
            {
                "position": position,
                "id": article.id,
                "published": article.published,
                "title": article.title,
                "source": article.source,
                "url": article.url,
                "origin": article.origin,
                "record_id": article.record_id,
                "text": article.text,
                "layout": json.dumps(article_json(extraction.parsed), ensure_ascii=False),
                "minhash": to_bytes(signature(f"{article.title}\n{extraction.parsed.body}")),
                "content_id": content_id(
                    article.text,
                    source=article.source,
                    title=article.title,
                    published=article.published,
                ),
                # Role phrases are named in story order at the commit: it needs the story whole
                "extraction": pickle.dumps(extraction) if has_role_phrases(extraction) else None,
            },
        )
        if article.id in self.article_ids:
            return  # read twice in this file: the commit stores the first one at most
        self.article_ids.add(article.id)
        for seq, mention in enumerate(extraction.mentions):
            self.add("mentions", mention_values(article.id, seq, mention))
        for seq, quote in enumerate(extraction.quotes):
            self.add(
                "quotes",
                {
                    "article_id": article.id,
                    "seq": seq,
                    "speaker": quote.speaker.name if quote.speaker else "",
                    "text": quote.text,
                    "record": json.dumps(to_json(quote), ensure_ascii=False),
                },
            )
        seen = set()
        for actor in extraction.actors:  # one row per (name, country), as the SQLite store
            if (actor.name, actor.country) in seen:
                continue
            seen.add((actor.name, actor.country))
            self.add(
                "actors",
                {
                    "article_id": article.id,
                    "name": actor.name,
                    "country": actor.country,
                    "sector": actor.sector,
                    "kind": actor.kind,
                    "record": json.dumps(to_json(actor), ensure_ascii=False),
                },
            )
        for place in extraction.places:
            self.add(
                "places",
                {
                    "article_id": article.id,
                    "name": place.name,
                    "geonameid": place.geonameid,
                    "country": place.country,
                    "record": json.dumps(to_json(place), ensure_ascii=False),
                },
            )
        for observation in observe_extraction(extraction):
            self.add("observations", dataclasses.asdict(observation))


def mention_values(article_id: str, seq: int, mention: object) -> dict:
    """A mention's row: its id and its record as `dateline extract` prints it."""
    record = to_json(mention)
    assert isinstance(record, dict)
    return {
        "mention_id": f"{article_id}-{seq}",
        "article_id": article_id,
        "seq": seq,
        "record": json.dumps(record, ensure_ascii=False),
    }
