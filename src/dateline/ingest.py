"""Readers: files, directories and stdin in, dated `Article`s (or counted `Skipped`s) out.

Formats:
- dated text (the seed's format): first line `date YYYY-MM-DD Title`, leading spaces allowed;
  the rest of the file is the story, kept exactly as read (curly quotes, no-break spaces).
- JSON Lines: `{"id"?, "published" | "date", "title"?, "text" | "body", "url"?, "source"?}`.
- `.gz` of either; a directory (recursive); `-` for stdin.

A record that cannot be used becomes a `Skipped` naming the file, the line and the reason;
the rest of the batch goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from .errors import RecordError, SourceError
from .records import Article, Skipped

HEADER = re.compile(r"^\s*date\s+(\S+)\s*(.*?)\s*$")
TEXT_SUFFIXES = {".txt", ".text", ".story"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
LONG_FORMS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y")


def article_id(text: str, *, source: str = "", title: str = "") -> str:
    """A stable id from normalized content: the same story read twice gets the same id."""
    normalized = " ".join(unicodedata.normalize("NFKC", f"{title}\n{text}").split()).casefold()
    digest = hashlib.sha256(f"{source.strip().casefold()}\n{normalized}".encode()).hexdigest()
    return digest[:16]


def parse_published(value: object) -> date | None:
    """A publication date from an ISO string (date or datetime) or a few common news forms."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    match = ISO_DAY.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    text = value.strip()
    candidates = [(fmt, text) for fmt in LONG_FORMS] + [("%d-%b-%Y", text.split(" ")[0])]
    for fmt, candidate in candidates:
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    return None


def read_dated_text(content: str, *, origin: str, source: str = "") -> Article:
    """One story in the dated-text format; raises RecordError naming `origin` when unusable."""
    first, _, rest = content.partition("\n")
    match = HEADER.match(first.lstrip("\ufeff"))
    if not match:
        raise RecordError(
            f"{origin}:1: first line is not 'date YYYY-MM-DD Title'",
            hint="start the file with a line such as 'date 2023-04-16 Putin meets ...'",
        )
    published = parse_published(match[1])
    if published is None:
        raise RecordError(
            f"{origin}:1: '{match[1]}' is not a usable date",
            hint="write the publication date as YYYY-MM-DD",
        )
    title = match[2]
    if not rest.strip():
        raise RecordError(f"{origin}: the story has no text after its date line")
    return Article(
        id=article_id(rest, source=source, title=title),
        published=published,
        text=rest,
        title=title,
        source=source,
        origin=f"{origin}:1",
    )


def read_json_record(line: str, *, origin: str, source: str = "") -> Article:
    """One JSON Lines record; raises RecordError naming `origin` (file:line) when unusable."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{origin}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise RecordError(f"{origin}: a JSON object is expected, got {type(data).__name__}")
    text = data.get("text") or data.get("body") or ""
    if not isinstance(text, str) or not text.strip():
        raise RecordError(f"{origin}: record has no 'text'", hint="give the story in 'text'")
    raw_date = data.get("published") or data.get("date")
    published = parse_published(raw_date)
    if published is None:
        raise RecordError(
            f"{origin}: record has no usable 'published' or 'date' ({raw_date!r})",
            hint="give the publication date as YYYY-MM-DD",
        )
    title = str(data.get("title") or "")
    record_source = str(data.get("source") or source)
    return Article(
        id=str(data.get("id") or article_id(text, source=record_source, title=title)),
        published=published,
        text=text,
        title=title,
        source=record_source,
        url=str(data.get("url") or ""),
        origin=origin,
    )


def scan_lines(lines: Iterable[str], *, name: str, source: str = "") -> Iterator[Article | Skipped]:
    """Articles from JSON Lines; blank lines are ignored, bad ones become `Skipped`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            yield read_json_record(line, origin=origin, source=source)
        except RecordError as exc:
            yield Skipped(origin=origin, stage="read", reason=exc.message)


def scan_text(content: str, *, name: str, source: str = "") -> Iterator[Article | Skipped]:
    """Articles from one file's content, JSON Lines or dated text, told apart by the first byte."""
    if content.lstrip("\ufeff \t\r\n").startswith("{"):
        yield from scan_lines(io.StringIO(content), name=name, source=source)
        return
    try:
        yield read_dated_text(content, origin=name, source=source)
    except RecordError as exc:
        yield Skipped(origin=f"{name}:1", stage="read", reason=exc.message)


def scan_file(path: Path, *, source: str = "") -> Iterator[Article | Skipped]:
    """Articles from one file (plain or .gz)."""
    name = str(path)
    try:
        raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError) as exc:
        yield Skipped(origin=name, stage="read", reason=f"cannot read file: {exc}")
        return
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Skipped(
            origin=f"{name}@{exc.start}",
            stage="read",
            reason="not UTF-8 text; convert the file to UTF-8",
        )
        return
    yield from scan_text(content, name=name, source=source)


def is_story_file(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in TEXT_SUFFIXES | JSONL_SUFFIXES


def scan_paths(paths: Iterable[str | Path], *, source: str = "") -> Iterator[Article | Skipped]:
    """Articles from files, directories (recursive, sorted) and `-` (stdin)."""
    for item in paths:
        if str(item) == "-":
            yield from scan_text(sys.stdin.read(), name="<stdin>", source=source)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and is_story_file(p)):
                yield from scan_file(child, source=source)
        elif path.is_file():
            yield from scan_file(path, source=source)
        else:
            raise SourceError(
                f"{path}: no such file or directory",
                hint="give a file, a directory or '-' for stdin",
            )


def read_articles(paths: Iterable[str | Path], *, source: str = "") -> list[Article]:
    """Every readable article (eager); skipped ones are left out: `scan_paths` shows them."""
    return [item for item in scan_paths(paths, source=source) if isinstance(item, Article)]
