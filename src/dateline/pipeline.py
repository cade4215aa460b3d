"""Composes the stages: read → layout → code → (store), with a run report.

Every stage is a plain function over an iterable, so the same code runs in one process, in
worker processes, or in a distributed engine's map step. Skipped records are counted by
reason and kept, never dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .coding.article import extract_articles
from .ingest import article_id, parse_published
from .records import Article, Extraction, ParsedArticle, Skipped, to_json

ORIGIN_PREFIX = re.compile(r"^\S+?:\d+(?:@\d+)?:\s*")


@dataclass
class RunReport:
    """What a run read, stored and skipped (and why)."""

    read: int = 0
    coded: int = 0
    stored: int = 0
    duplicates: int = 0
    mentions: int = 0
    skipped_by_reason: Counter = field(default_factory=Counter)
    skipped_records: list[Skipped] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_reason.values())

    def skip(self, item: Skipped) -> None:
        self.skipped_by_reason[f"{item.stage}: {reason_kind(item.reason)}"] += 1
        self.skipped_records.append(item)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "coded": self.coded,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "mentions": self.mentions,
            "skipped": self.skipped,
            "skipped_by_reason": dict(self.skipped_by_reason),
        }


def reason_kind(reason: str) -> str:
    """The reason without the record's own place and details, for counting."""
    return ORIGIN_PREFIX.sub("", reason).split(" (")[0]


def article_json(parsed: ParsedArticle) -> dict[str, object]:
    """The article part of `dateline parse` / `dateline extract` output."""
    article = parsed.article
    return {
        "id": article.id,
        "published": article.published.isoformat(),
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "origin": article.origin,
        "byline": parsed.byline,
        "byline_span": to_json(parsed.byline_span),
        "dateline": to_json(parsed.dateline),
        "captions": to_json(parsed.captions),
        "paragraphs": to_json(parsed.paragraphs),
        "furniture": to_json(parsed.furniture),
        "body": parsed.body,
    }


def extraction_json(extraction: Extraction) -> dict[str, object]:
    """One line of `dateline extract`: article, mentions, quotes, actors, places."""
    return {
        "article": article_json(extraction.parsed),
        "mentions": to_json(extraction.mentions),
        "quotes": to_json(extraction.quotes),
        "actors": to_json(extraction.actors),
        "places": to_json(extraction.places),
    }


def run_extract(items: Iterable[Article | Skipped], report: RunReport) -> Iterator[Extraction]:
    """Code every article, counting what was read and what was skipped."""

    def counted() -> Iterator[Article | Skipped]:
        for item in items:
            report.read += 1
            yield item

    for result in extract_articles(counted()):
        if isinstance(result, Skipped):
            report.skip(result)
            continue
        report.coded += 1
        report.mentions += len(result.mentions)
        yield result


def extract(text: str, *, published: date | str, title: str = "") -> list[dict]:
    """Code one story given as text; returns its mentions as in `dateline extract`.

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
        id=article_id(text, title=title), published=day, text=text, title=title, origin="<text>"
    )
    results = list(extract_articles([article]))
    result = results[0]
    if isinstance(result, Skipped):
        from .errors import RecordError

        raise RecordError(f"the story could not be coded: {result.reason}")
    return list(extraction_json(result)["mentions"])  # type: ignore[arg-type]
