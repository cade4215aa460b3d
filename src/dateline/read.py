"""Readers: files, directories and stdin in, dated `Article`s (or counted `Skipped`s) out.

Formats:
- dated text (the seed's format): first line `date YYYY-MM-DD Title`, leading spaces allowed;
  the rest of the file is the story, kept exactly as read (curly quotes, no-break spaces).
- JSON Lines: `{"id"?, "published" | "date", "title"?, "text" | "body", "url"?, "source"?}`;
  a `.json` file may also hold one such object or an array of them (pretty-printed or not).
- CSV with a header row; columns are found by common names or given with `fields`
  (`{"text": "body"}` reads the story from the column `body`).
- HTML pages (trafilatura finds title, date and main text).
- `.gz` of any of these; a directory (recursive, with glob filters; hidden files and folders
  are not read, other files of no story kind are counted skips); `-` for stdin (its kind
  sniffed, or given).

A record's identity is the outlet and the id it gives (`record_id`), else its content: per-file
row ids from two outlets never collide. Publication dates outside a sane range
(`PublishedRange`, 1800 to two days from now by default; tools write 0001-01-01 for
"missing") are skips with a reason.

Everything streams: JSON Lines and CSV are read record by record, and a record longer than
`MAX_RECORD_BYTES` is skipped without being held in memory. A record that cannot be used
becomes a `Skipped` naming the file, the line and the reason; the rest of the batch goes on.
Every path is checked before the first record is read.
"""

from __future__ import annotations

import csv
import fnmatch
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from .decoding import decode_bytes
from .errors import RecordError, SourceError
from .records import Article, Skipped, article_id, record_key

HEADER = re.compile(r"^\s*date\s+(\S+)\s*(.*?)\s*$")
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
LONG_FORMS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%a, %d %b %Y %H:%M:%S %z",
)
TEXT_SUFFIXES = {".txt", ".text", ".story"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_RECORD_BYTES = 10_000_000
MAX_DOCUMENT_BYTES = 500_000_000  # a JSON array is parsed whole; past this, use JSON Lines
KINDS = ("text", "jsonl", "json", "csv", "tsv", "html")
# Column names readers look for, in order, when no mapping is given.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story"),
    "published": ("published", "date", "pubdate", "publish_date", "published_at", "datetime"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher", "site"),
    "id": ("id",),
}


@dataclass(frozen=True, slots=True)
class PublishedRange:
    """The publication dates a record may have; others are skipped with a reason.

    `latest` None means two days after today (a story may be dated ahead by time zones)."""

    earliest: date = date(1800, 1, 1)
    latest: date | None = None

    @property
    def last(self) -> date:
        return self.latest or date.today() + timedelta(days=2)

    def problem(self, published: date) -> str:
        """Why `published` is out of range ('' when it is fine)."""
        if self.earliest <= published <= self.last:
            return ""
        return (
            f"publication date {published.isoformat()} is outside {self.earliest.isoformat()}.."
            f"{self.last.isoformat()} (tools write 0001-01-01 for a missing date); fix the "
            "date, or widen the range with --dates FROM..TO"
        )

    @classmethod
    def parse(cls, text: str) -> PublishedRange:
        """`FROM..TO` with ISO dates; either side may be left empty for its default."""
        first, sep, second = text.partition("..")
        try:
            earliest = date.fromisoformat(first.strip()) if first.strip() else cls.earliest
            latest = date.fromisoformat(second.strip()) if second.strip() else None
        except ValueError:
            earliest = latest = None  # type: ignore[assignment]
        if not sep or earliest is None or (latest is not None and latest < earliest):
            raise SourceError(
                f"'{text}' is not a date range",
                hint="write FROM..TO with ISO dates, e.g. 1987-01-01..1987-12-31 "
                "(either side may be empty)",
            )
        return cls(earliest, latest)


SANE_DATES = PublishedRange()


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
            "first line is not 'date YYYY-MM-DD Title'",
            origin=f"{origin}:1",
            hint="start the file with a line such as 'date 2023-04-16 Putin meets ...'",
        )
    published = parse_published(match[1])
    if published is None:
        raise RecordError(
            f"'{match[1]}' is not a usable date",
            origin=f"{origin}:1",
            hint="write the publication date as YYYY-MM-DD",
        )
    title = match[2]
    if not rest.strip():
        raise RecordError("the story has no text after its date line", origin=f"{origin}:1")
    return Article(
        id=article_id(rest, source=source, title=title, published=published),
        published=published,
        text=rest,
        title=title,
        source=source,
        origin=f"{origin}:1",
    )


def pick(data: Mapping[str, object], key: str, fields: Mapping[str, str]) -> object:
    """A record's value for one of our fields, by explicit mapping or by common names."""
    if key in fields:
        return data.get(fields[key])
    for name in FIELD_NAMES[key]:
        if data.get(name) not in (None, ""):
            return data[name]
    return None


def article_from_record(
    data: Mapping[str, object],
    *,
    origin: str,
    source: str = "",
    fields: Mapping[str, str] | None = None,
) -> Article:
    """An Article from one JSON/CSV record; raises RecordError when it cannot be used."""
    fields = fields or {}
    text = pick(data, "text", fields)
    if not isinstance(text, str) or not text.strip():
        raise RecordError(
            "record has no text",
            origin=origin,
            hint="give the story in 'text' (or map a column: --field text=NAME)",
        )
    raw_date = pick(data, "published", fields)
    published = parse_published(raw_date)
    if published is None:
        raise RecordError(
            f"record has no usable publication date ({raw_date!r})",
            origin=origin,
            hint="give 'published' as YYYY-MM-DD",
        )
    title = str(pick(data, "title", fields) or "")
    record_source = str(pick(data, "source", fields) or source)
    given_id = pick(data, "id", fields)
    record_id = "" if given_id in (None, "") else str(given_id)
    # (outlet, id) when both are known; a bare id says nothing across outlets or files
    identity = (
        record_key(record_source, record_id)
        if record_id and record_source.strip()
        else article_id(text, source=record_source, title=title, published=published)
    )
    return Article(
        id=identity,
        published=published,
        text=text,
        title=title,
        source=record_source,
        url=str(pick(data, "url", fields) or ""),
        origin=origin,
        record_id=record_id,
    )


def read_json_record(
    line: str, *, origin: str, source: str = "", fields: Mapping[str, str] | None = None
) -> Article:
    """One JSON Lines record; raises RecordError naming `origin` (file:line) when unusable."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg})", origin=origin) from exc
    if not isinstance(data, dict):
        raise RecordError(f"a JSON object is expected, got {type(data).__name__}", origin=origin)
    return article_from_record(data, origin=origin, source=source, fields=fields)


def skip(origin: str, exc: RecordError | str, stage: str = "read") -> Skipped:
    """A counted skip whose reason says what is wrong and, where known, what to do."""
    if isinstance(exc, RecordError):
        reason = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
    else:
        reason = exc
    return Skipped(origin=origin, stage=stage, reason=reason)


def bounded_lines(handle: IO[bytes]) -> Iterator[tuple[bytes | None, str]]:
    """(line, note) pairs; a line over MAX_RECORD_BYTES comes back as (None, note) unread."""
    while True:
        line = handle.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            size = len(line)
            while True:  # drain the rest of the oversized line without keeping it
                chunk = handle.readline(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield None, f"record of {size:,} bytes is over the {MAX_RECORD_BYTES:,}-byte limit"
            continue
        yield line, ""


def decode(raw: bytes) -> str | None:
    """The text of some bytes (see `decoding`); None when it cannot be read without guessing."""
    return decode_bytes(raw).text


def scan_jsonl(
    handle: IO[bytes], *, name: str, source: str = "", fields: Mapping[str, str] | None = None
) -> Iterator[Article | Skipped]:
    """Articles from JSON Lines, streamed; blank lines are ignored, bad ones become `Skipped`."""
    number = 0
    try:
        for number, (line, note) in enumerate(bounded_lines(handle), start=1):
            origin = f"{name}:{number}"
            if line is None:
                yield skip(origin, note)
                continue
            decoded = decode_bytes(line)
            if decoded.text is None:
                yield skip(origin, decoded.problem)
                continue
            text = decoded.text
            if not text.strip():
                continue
            try:
                yield read_json_record(text, origin=origin, source=source, fields=fields)
            except RecordError as exc:
                yield skip(origin, exc)
    except (EOFError, OSError, zlib.error) as exc:
        yield skip(
            f"{name}:{number + 1}",
            f"the file ends abruptly ({exc}); records before this line were read",
        )


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def scan_json_document(
    text: str, *, name: str, source: str = "", fields: Mapping[str, str] | None = None
) -> Iterator[Article | Skipped]:
    """Articles from one JSON document: an object, or an array of objects (any layout), each
    record's origin the line it starts on. A syntax error ends the file with one counted skip
    (what came before it is kept)."""
    decoder = json.JSONDecoder()
    position = skip_space(text, 0)
    line, counted = 1, 0

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    if not text.startswith("[", position):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield skip(f"{name}:{exc.lineno}", f"not valid JSON ({exc.msg})")
            return
        origin = f"{name}:{line_at(position)}"
        if not isinstance(data, dict):
            yield skip(origin, f"a JSON object is expected, got {type(data).__name__}")
            return
        try:
            yield article_from_record(data, origin=origin, source=source, fields=fields)
        except RecordError as exc:
            yield skip(origin, exc)
        return
    position = skip_space(text, position + 1)
    if text.startswith("]", position):
        return
    while True:
        origin = f"{name}:{line_at(position)}"
        try:
            data, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            yield skip(
                f"{name}:{exc.lineno}",
                f"not valid JSON ({exc.msg}); the rest of the file was not read",
            )
            return
        if isinstance(data, dict):
            try:
                yield article_from_record(data, origin=origin, source=source, fields=fields)
            except RecordError as exc:
                yield skip(origin, exc)
        else:
            yield skip(origin, f"a JSON object is expected, got {type(data).__name__}")
        position = skip_space(text, position)
        if text.startswith(",", position):
            position = skip_space(text, position + 1)
            continue
        if not text.startswith("]", position):
            yield skip(
                f"{name}:{line_at(position)}",
                "not valid JSON (expected ',' or ']' after a record); the rest of the file "
                "was not read",
            )
        return


class Rewound(io.RawIOBase):
    """A stream with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def scan_json(
    handle: IO[bytes], *, name: str, source: str = "", fields: Mapping[str, str] | None = None
) -> Iterator[Article | Skipped]:
    """JSON Lines, or one JSON document (an object or an array, pretty-printed or not)."""
    try:
        head = handle.read(1 << 16)
        while head and not head.strip() and len(head) < MAX_RECORD_BYTES:
            more = handle.read(1 << 16)
            if not more:
                break
            head += more
        first_line = head.lstrip().split(b"\n", 1)[0]
        starts_array = head.lstrip().startswith(b"[")
        if not starts_array and (not first_line.strip() or one_json_value(first_line)):
            lines = io.BufferedReader(Rewound(head, handle))
            yield from scan_jsonl(lines, name=name, source=source, fields=fields)
            return
        raw = head + handle.read(MAX_DOCUMENT_BYTES + 1 - len(head))
    except (EOFError, OSError, zlib.error) as exc:
        yield skip(name, f"the file ends abruptly or is not what it claims ({exc})")
        return
    if len(raw) > MAX_DOCUMENT_BYTES:
        yield skip(
            name,
            f"a JSON document over {MAX_DOCUMENT_BYTES:,} bytes; write it as JSON Lines "
            "(one record per line) to stream it",
        )
        return
    decoded = decode_bytes(raw)
    if decoded.text is None:
        yield skip(name, decoded.problem)
        return
    text = decoded.text
    if starts_array:
        yield from scan_json_document(text, name=name, source=source, fields=fields)
        return
    try:
        json.loads(text)
    except json.JSONDecodeError:
        # not one document either: JSON Lines with a broken first line
        yield from scan_jsonl(io.BytesIO(raw), name=name, source=source, fields=fields)
        return
    yield from scan_json_document(text, name=name, source=source, fields=fields)


def one_json_value(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def looks_like_csv(head: bytes, fields: Mapping[str, str] | None) -> bool:
    """Whether a stream's first line is a CSV header naming a story's text column."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    if "," not in first and "\t" not in first:
        return False
    wanted = {(fields or {}).get("text", "")} | set(FIELD_NAMES["text"])
    for delimiter in (",", "\t"):
        try:
            header = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return False
        if any(column.strip().lower() in wanted for column in header if column.strip()):
            return True
    return False


def scan_csv(
    handle: IO[bytes],
    *,
    name: str,
    source: str = "",
    fields: Mapping[str, str] | None = None,
    tabs: bool = False,
) -> Iterator[Article | Skipped]:
    """Articles from a CSV (or, with `tabs`, TSV) file with a header row. Each line is decoded
    on its own (`decoding`): a row with a line whose encoding cannot be told is a skip."""
    undecodable: dict[int, str] = {}

    def lines() -> Iterator[str]:
        for number, raw in enumerate(handle, start=1):
            decoded = decode_bytes(raw)
            if decoded.text is None:
                undecodable[number] = decoded.problem
                yield raw.decode("utf-8", errors="replace")  # keeps the row's shape
            else:
                yield decoded.text

    text = lines()
    dialect = "excel-tab" if tabs or name.endswith((".tsv", ".tsv.gz")) else "excel"
    csv.field_size_limit(MAX_RECORD_BYTES)
    try:
        reader = csv.DictReader(text, dialect=dialect)
        header = reader.fieldnames or []
        missing = [
            f"{key}={column}" for key, column in (fields or {}).items() if column not in header
        ]
        if missing:
            yield skip(f"{name}:1", f"mapped column(s) not in the header: {', '.join(missing)}")
            return
        last = reader.line_num
        for row in reader:
            origin = f"{name}:{reader.line_num}"
            problems = [
                undecodable[n] for n in range(last + 1, reader.line_num + 1) if n in undecodable
            ]
            last = reader.line_num
            if problems:
                yield skip(origin, problems[0])
                continue
            try:
                yield article_from_record(row, origin=origin, source=source, fields=fields)
            except RecordError as exc:
                yield skip(origin, exc)
    except (csv.Error, EOFError, OSError, zlib.error) as exc:
        yield skip(f"{name}", f"unreadable CSV ({exc})")


def read_html(raw: bytes, *, name: str, source: str = "") -> Article:
    """The main story of one HTML page (trafilatura), dated by the page's metadata."""
    import trafilatura

    decoded = decode_bytes(raw)
    if decoded.text is None:
        raise RecordError(decoded.problem, origin=name)
    document = trafilatura.bare_extraction(decoded.text, with_metadata=True)
    if document is None or not (document.text or "").strip():
        raise RecordError("no story text found in the page", origin=name)
    published = parse_published(document.date)
    if published is None:
        raise RecordError(
            "the page states no publication date",
            origin=name,
            hint="convert it to JSON Lines with a 'published' field",
        )
    title = document.title or ""
    outlet = source or document.sitename or ""
    return Article(
        id=article_id(document.text, source=outlet, title=title, published=published),
        published=published,
        text=document.text,
        title=title,
        source=outlet,
        url=document.url or "",
        origin=name,
    )


def kind_of(path: Path) -> str:
    """'text', 'jsonl', 'json', 'csv', 'html' or '' from the file name (".gz" looked
    through); a `.json` file may be JSON Lines or one document, told apart when it is read."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    for kind, known in (
        ("text", TEXT_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("html", HTML_SUFFIXES),
    ):
        if last in known:
            return kind
    return ""


def open_binary(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def scan_stream(
    handle: IO[bytes],
    *,
    name: str,
    kind: str,
    source: str = "",
    fields: Mapping[str, str] | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from an open binary stream of a known or sniffed kind (see `KINDS`)."""
    if kind == "jsonl":
        yield from scan_jsonl(handle, name=name, source=source, fields=fields)
        return
    if kind == "json":
        yield from scan_json(handle, name=name, source=source, fields=fields)
        return
    if kind in {"csv", "tsv"}:
        yield from scan_csv(handle, name=name, source=source, fields=fields, tabs=kind == "tsv")
        return
    try:
        raw = handle.read(MAX_RECORD_BYTES + 1)
    except (EOFError, OSError, zlib.error) as exc:
        yield skip(name, f"the file ends abruptly or is not what it claims ({exc})")
        return
    if not raw.strip():
        yield skip(name, "empty file")
        return
    if len(raw) > MAX_RECORD_BYTES:
        yield skip(name, f"a single story over {MAX_RECORD_BYTES:,} bytes")
        return
    if not kind:  # stdin or an unknown suffix: sniff
        head = raw.lstrip()[:200].lower()
        if head.startswith((b"{", b"[")):
            yield from scan_json(io.BytesIO(raw), name=name, source=source, fields=fields)
            return
        if not HEADER.match(head.split(b"\n", 1)[0].decode("utf-8", "replace")) and (
            looks_like_csv(raw[:MAX_RECORD_BYTES], fields)
        ):
            yield from scan_csv(io.BytesIO(raw), name=name, source=source, fields=fields)
            return
        kind = "html" if head.startswith((b"<!doctype", b"<html")) else "text"
    try:
        if kind == "html":
            yield read_html(raw, name=name, source=source)
            return
        decoded = decode_bytes(raw)
        if decoded.text is None:
            yield skip(name, decoded.problem)
            return
        yield read_dated_text(decoded.text, origin=name, source=source)
    except RecordError as exc:
        yield skip(exc.origin or name, exc)


def scan_file(
    path: Path, *, source: str = "", fields: Mapping[str, str] | None = None, kind: str = ""
) -> Iterator[Article | Skipped]:
    """Articles from one file (plain or .gz); `kind` overrides the one its name gives."""
    try:
        handle = open_binary(path)
    except OSError as exc:
        yield skip(str(path), f"cannot open file ({exc})")
        return
    with handle:
        yield from scan_stream(
            handle, name=str(path), kind=kind or kind_of(path), source=source, fields=fields
        )


def story_files(
    directory: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[Path]:
    """Files under a directory (recursive, sorted), filtered by glob patterns; hidden files
    and folders (an editor's backups, `.git`) are left out."""
    found = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if include and not any(
            fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(str(relative), g) for g in include
        ):
            continue
        if any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(str(relative), g) for g in exclude):
            continue
        found.append(path)
    return found


def check_paths(paths: Iterable[str | Path]) -> list[str | Path]:
    """The paths, once each is known to exist: a missing one is an error before anything is
    read (not after the files before it were coded and thrown away)."""
    items = list(paths)
    missing = [str(p) for p in items if str(p) != "-" and not Path(p).exists()]
    if missing:
        raise SourceError(
            f"{', '.join(missing)}: no such file or directory",
            hint="give files, directories or '-' for stdin; nothing was read",
        )
    return items


def scan_paths(
    paths: Iterable[str | Path],
    *,
    source: str = "",
    fields: Mapping[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    kind: str = "",
    dates: PublishedRange = SANE_DATES,
) -> Iterator[Article | Skipped]:
    """Articles from files, directories (recursive, sorted) and `-` (stdin), streamed.

    `kind` (one of `KINDS`) reads every input as that kind, whatever its name; a publication
    date outside `dates` makes the record a skip."""
    checked = check_paths(paths)
    for item in scan_unchecked(
        checked, source=source, fields=fields, include=include, exclude=exclude, kind=kind
    ):
        if isinstance(item, Article):
            problem = dates.problem(item.published)
            if problem:
                yield Skipped(origin=item.origin, stage="read", reason=problem, record_id=item.id)
                continue
        yield item


def scan_unchecked(
    paths: list[str | Path],
    *,
    source: str,
    fields: Mapping[str, str] | None,
    include: Sequence[str],
    exclude: Sequence[str],
    kind: str,
) -> Iterator[Article | Skipped]:
    for item in input_files(paths, include=include, exclude=exclude, kind=kind):
        if isinstance(item, Skipped):
            yield item
        elif str(item) == "-":
            yield from scan_stream(
                sys.stdin.buffer, name="<stdin>", kind=kind, source=source, fields=fields
            )
        else:
            yield from scan_file(Path(item), source=source, fields=fields, kind=kind)


def input_files(
    paths: Iterable[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    kind: str = "",
) -> Iterator[str | Path | Skipped]:
    """The inputs in the order they are read: each file (directories expanded, recursive
    and sorted), `-` for stdin, and a Skipped for a file in a directory that holds no stories
    by its name."""
    for item in paths:
        path = Path(item)
        if str(item) == "-" or not path.is_dir():
            yield item
            continue
        for child in story_files(path, include=include, exclude=exclude):
            if kind or include or kind_of(child):
                yield child
                continue
            suffix = "".join(child.suffixes[-2:]) or "(none)"
            yield skip(
                str(child),
                f"not a story file (its extension is '{suffix}'); name stories .txt, .jsonl, "
                ".json, .csv, .tsv or .html (optionally .gz), or read it with --include",
            )


def count_records(
    paths: Iterable[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_bytes: int = 500_000_000,
) -> int | None:
    """About how many records `scan_paths` will read (for a progress ETA); None if unknown
    (stdin, or more than `max_bytes` of input to look through)."""
    total, seen = 0, 0
    for item in paths:
        if str(item) == "-":
            return None
        path = Path(item)
        files = story_files(path, include=include, exclude=exclude) if path.is_dir() else [path]
        for file in files:
            kind = kind_of(file)
            if kind not in {"jsonl", "json", "csv"}:
                total += 1
                continue
            seen += file.stat().st_size
            if seen > max_bytes:
                return None
            try:
                with open_binary(file) as handle:
                    lines = sum(
                        chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
                    )
            except (OSError, EOFError, zlib.error):
                continue
            total += lines - (kind == "csv")
    return total
