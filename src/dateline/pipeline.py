"""Composes the stages: read → layout → code → (store), with a run report.

Every stage is a plain function over an iterable, so the same code runs in one process, in
worker processes, or in a distributed engine's map step. Skipped records are counted by
reason and kept, never dropped silently.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .language import screen_language
from .merge.tables import merge_pending, rebuild_events
from .read import SANE_DATES, PublishedRange, parse_published, scan_paths
from .records import Article, Extraction, Outcome, Skipped, article_id, extraction_json

if TYPE_CHECKING:
    from .store import LakeStore, Store

ORIGIN_PREFIX = re.compile(r"^\S+?:\d+(?:@\d+)?:\s*")


@dataclass
class RunReport:
    """What a run read, stored and skipped (and why).

    Every record read ends in exactly one of stored, duplicates (the same record already
    stored) and skipped; syndicated counts the stored articles that joined an earlier story
    as copies of it.
    """

    read: int = 0
    coded: int = 0
    stored: int = 0
    duplicates: int = 0
    syndicated: int = 0
    mentions: int = 0
    seconds: float = 0.0
    skipped_by_reason: Counter = field(default_factory=Counter)
    skipped_records: list[Skipped] = field(default_factory=list)
    keep_skipped: bool = True

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_reason.values())

    def skip(self, item: Skipped) -> None:
        self.skipped_by_reason[f"{item.stage}: {reason_kind(item.reason)}"] += 1
        if self.keep_skipped:
            self.skipped_records.append(item)

    def count(self, outcome: Outcome) -> None:
        """Count what became of one record (a line of the per-record report)."""
        if outcome.status == "skipped":
            self.skip(Skipped(origin=outcome.origin, stage=outcome.stage, reason=outcome.reason))
        elif outcome.status == "duplicate":
            self.duplicates += 1
        else:
            self.stored += 1
            self.syndicated += outcome.status == "copy"

    def as_dict(self) -> dict[str, object]:
        rate = self.read / self.seconds if self.seconds else 0.0
        return {
            "read": self.read,
            "coded": self.coded,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "syndicated": self.syndicated,
            "mentions": self.mentions,
            "skipped": self.skipped,
            "skipped_by_reason": dict(self.skipped_by_reason),
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(rate, 2),
        }


def reason_kind(reason: str) -> str:
    """The reason without the record's own place and details, for counting."""
    return ORIGIN_PREFIX.sub("", reason).split(" (")[0]


def screened(
    items: Iterable[Article | Skipped], *, language: bool = True
) -> Iterator[Article | Skipped]:
    """Articles, with stories not in English turned into Skipped."""
    for item in items:
        if language and isinstance(item, Article):
            yield screen_language(item) or item
        else:
            yield item


def code_chunk(chunk: list[Article | Skipped]) -> list[Extraction | Skipped]:
    """One worker task: screen and code a chunk of stories (results in input order)."""
    from .coding.article import extract_articles

    return list(extract_articles(screened(chunk)))


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def start_worker() -> None:
    """Each worker process: one BLAS thread (the workers already fill the cores; two threads
    per worker on two cores made coding ~30% slower), then the models. A library reads the
    environment when it loads; those already loaded take the limit from threadpoolctl."""
    import os

    from threadpoolctl import threadpool_limits

    from .coding import article  # noqa: F401  (the coder's tables, before the first chunk)
    from .nlp import load_nlp

    exit_with_parent()
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    threadpool_limits(1)
    load_nlp()
    threadpool_limits(1)  # and any the models loaded


def exit_with_parent() -> None:
    """A worker whose parent is killed (kill -9, the out-of-memory killer) exits too: left
    alone it would wait for work forever, holding its models' memory."""
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def annotate(
    items: Iterable[Article | Skipped], *, workers: int = 1, chunk_size: int = 16
) -> Iterator[Extraction | Skipped]:
    """Code a stream of stories in input order, in this process or in `workers` processes.

    Memory stays bounded: at most two chunks per worker are in flight at any time.
    """
    if workers <= 1:
        from .coding.article import extract_articles

        yield from extract_articles(screened(items))
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pending: deque = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=start_worker
    ) as pool:
        for chunk in chunked(items, chunk_size):
            pending.append(pool.submit(code_chunk, chunk))
            while len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_extract(
    items: Iterable[Article | Skipped], report: RunReport, *, workers: int = 1
) -> Iterator[Extraction | Skipped]:
    """Code every article, counting what was read, coded and skipped; yields both kinds."""

    def counted() -> Iterator[Article | Skipped]:
        for item in items:
            report.read += 1
            yield item

    for result in annotate(counted(), workers=workers):
        if not isinstance(result, Skipped):
            report.coded += 1
            report.mentions += len(result.mentions)
        yield result


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 50,
    source: str = "",
    fields: Mapping[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    kind: str = "",
    dates: PublishedRange = SANE_DATES,
    progress: Callable[[RunReport], None] | None = None,
    on_record: Callable[[dict], None] | None = None,
) -> RunReport:
    """Read, code and store stories; idempotent and safe to kill and rerun.

    Records already in the store are counted as duplicates without being coded again. Each
    batch (stories, their mentions, the records skipped among them, and the merging of its
    mentions into events) is one transaction, so a killed run leaves only whole batches behind
    and the same command finishes the job. `on_record` gets one line per record read:
    `{"origin", "status", "article_id", "story_id", "reason"}` (status: stored, copy,
    duplicate or skipped).
    """
    items = scan_paths(
        paths,
        source=source,
        fields=fields,
        include=include,
        exclude=exclude,
        kind=kind,
        dates=dates,
    )
    return ingest_articles(
        items,
        store,
        workers=workers,
        batch_size=batch_size,
        progress=progress,
        on_record=on_record,
    )


def ingest_articles(
    items: Iterable[Article | Skipped],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 50,
    progress: Callable[[RunReport], None] | None = None,
    on_record: Callable[[dict], None] | None = None,
) -> RunReport:
    """Code and store articles already read (from files by `ingest`, or sent to the HTTP
    API); the same batches, duplicates and outcomes as `ingest`."""
    report = RunReport(keep_skipped=False)
    started = time.perf_counter()
    seen: set[str] = set()
    known: list[Article] = []  # already stored: not coded, only reported
    repeats: list[Article] = []  # read twice in this run: reported once the first is stored

    def fresh() -> Iterator[Article | Skipped]:
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    report.read += 1
                    repeats.append(item)
                    continue
                seen.add(item.id)
                if store.has_article(item.id):
                    report.read += 1
                    known.append(item)
                    continue
            yield item

    def write(batch: list[Extraction | Skipped | Article]) -> None:
        for outcome in store.write(batch, merge=merge_pending):
            report.count(outcome)
            if on_record is not None:
                on_record(outcome_line(outcome))
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)

    for batch in chunked(run_extract(fresh(), report, workers=workers), batch_size):
        write([*known, *batch])
        known.clear()
    write([*known, *repeats])
    report.seconds = time.perf_counter() - started
    return report


def remerge(store: Store | LakeStore) -> int:
    """Merge every stored mention into events again from scratch (`dateline merge`;
    idempotent, ingest merges each batch as it goes); returns the number of events."""
    from .store import Store

    if isinstance(store, Store):
        return store.apply(rebuild_events)
    return store.merge()


def outcome_line(outcome: Outcome) -> dict[str, str]:
    return {
        "origin": outcome.origin,
        "status": outcome.status,
        "article_id": outcome.article_id,
        "story_id": outcome.story_id,
        "reason": f"{outcome.stage}: {outcome.reason}" if outcome.stage else outcome.reason,
    }


def extract(
    text: str, *, published: date | str, title: str = "", include_low_confidence: bool = False
) -> list[dict]:
    """Code one story given as text; returns its mentions as in `dateline extract`: those the
    confidence model trusts, or with `include_low_confidence` every candidate (each with its
    `confidence` and `low_confidence` flag).

    >>> mentions = extract("MOSCOW (AP) — Putin met Xi on Monday.", published="2023-03-21")
    >>> mentions[0]["event_type"]
    'CONSULT'
    """
    day = parse_published(published)
    if day is None:
        from .errors import RecordError

        raise RecordError(
            f"'{published}' is not a usable publication date",
            hint="give a date or an ISO string such as '2023-04-16'",
        )
    article = Article(
        id=article_id(text, title=title, published=day),
        published=day,
        text=text,
        title=title,
        origin="<text>",
    )
    from .coding.article import extract_articles

    results = list(extract_articles([article]))
    result = results[0]
    if isinstance(result, Skipped):
        from .errors import RecordError

        raise RecordError(f"the story could not be coded: {result.reason}")
    mentions = extraction_json(result, everything=include_low_confidence)["mentions"]
    return list(mentions)  # type: ignore[call-overload]
