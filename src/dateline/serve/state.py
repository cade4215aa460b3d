"""What a running server holds: the database path, read-only connections (one per thread:
SQLite connections stay in the thread that opened them), the write token, and the lock that
lets one posted batch be ingested at a time."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article, Skipped
from ..store import Store


@dataclass
class StorePool:
    """A read-only `Store` for each thread that answers requests. Each query sees what was
    committed before it began (SQLite WAL), so events an ingest merges show up at once."""

    path: Path
    local: threading.local = field(default_factory=threading.local)

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path, readonly=True)
        return store

    def close(self) -> None:
        """Let go of every connection: SQLite lets only the thread that opened one close
        it, so they are dropped here and closed as they are collected."""
        self.local = threading.local()


@dataclass
class ServerState:
    path: Path
    token: str = ""
    stores: StorePool = field(init=False)
    writing: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.stores = StorePool(self.path)

    def ingest(self, items: list[Article | Skipped]) -> tuple[dict, list[dict]]:
        """Code, store and merge posted articles (one batch at a time); the run report and
        one outcome line per article."""
        from ..pipeline import ingest_articles

        records: list[dict] = []
        with self.writing, Store(self.path) as store:
            report = ingest_articles(items, store, on_record=records.append)
        return report.as_dict(), records
