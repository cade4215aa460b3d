"""The event lake's layout on disk, and the only ways anything is written into it.

A lake is a folder:

    dateline-lake.json              marks the folder as a lake (format and version)
    CURRENT                         the name of the committed generation, e.g. g-000003
    manifests/g-000003.json         that generation: its data files per table, its counts
    data/<table>/<name>.parquet     immutable table files (articles, mentions, quotes, ...)
    data/events/g-000003/event_date=YYYY-MM-DD/part-N.parquet
                                    merged events, hive-partitioned by first day, zstd
    staging/<key>/                  one input file coded by a worker, not yet committed

Nothing is ever changed in place. A file or folder is written under a temporary name
(`.tmp-…`, never read) and renamed when whole; a generation becomes visible when `CURRENT` is
renamed over the old pointer. So a job killed at any point leaves the last committed
generation readable, as it was, and nothing partial in sight: its leftovers are temporary
names and uncommitted files that the next commit removes.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NotADatelineError, StoreMissingError

MARKER = "dateline-lake.json"
LAKE_FORMAT = "dateline-lake"
LAKE_VERSION = 1
TABLES = ("articles", "mentions", "quotes", "actors", "places", "observations", "skipped")
TMP_PREFIX = ".tmp-"
LAKE_SCHEME = "lake:"


def lake_path(db: str | Path) -> Path | None:
    """The folder a `--db lake:PATH` names, or None for a SQLite file."""
    text = str(db)
    return Path(text[len(LAKE_SCHEME) :]) if text.startswith(LAKE_SCHEME) else None


@dataclass
class Generation:
    """One committed state of the lake: the files of each table and of the events."""

    name: str
    files: dict[str, list[str]] = field(default_factory=dict)  # table -> paths under data/
    events: str = ""  # the events folder under data/, hive-partitioned by event_date
    inputs: list[dict] = field(default_factory=list)  # committed input files: key, path
    counts: dict[str, int] = field(default_factory=dict)
    max_span_days: int = 0  # the longest date_end - date_start of any event
    merge_version: str = ""

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "files": self.files,
            "events": self.events,
            "inputs": self.inputs,
            "counts": self.counts,
            "max_span_days": self.max_span_days,
            "merge_version": self.merge_version,
        }

    @classmethod
    def from_json(cls, data: dict) -> Generation:
        return cls(**data)

    @property
    def number(self) -> int:
        return int(self.name.split("-")[1]) if self.name else 0


class Lake:
    """A lake folder: where each part lives, and the atomic ways to write them."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    def exists(self) -> bool:
        return (self.root / MARKER).is_file()

    def create(self) -> None:
        """Make the folder a lake (idempotent); refuse a folder that holds something else."""
        if self.exists():
            self.check()
            return
        if self.root.exists() and (not self.root.is_dir() or any(self.root.iterdir())):
            raise NotADatelineError(
                f"{self.root} is not a dateline lake and not an empty folder; dateline leaves it "
                "as it is",
                hint="give --db lake: a new or empty folder, or a lake dateline wrote",
            )
        self.root.mkdir(parents=True, exist_ok=True)
        marker = {"format": LAKE_FORMAT, "version": LAKE_VERSION}
        write_atomic(self.root / MARKER, json.dumps(marker).encode())

    def check(self) -> None:
        """Refuse a folder that is not a lake (`NotADatelineError`) or is missing."""
        if not self.root.exists():
            raise StoreMissingError(
                f"{self.root}: no dateline lake there",
                hint="check --db; 'dateline ingest STORIES --db lake:FOLDER' creates one",
            )
        try:
            marker = json.loads((self.root / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            marker = {}
        if marker.get("format") != LAKE_FORMAT:
            raise NotADatelineError(
                f"{self.root} is not a dateline lake (no {MARKER} of dateline's)",
                hint="give --db lake: a folder that 'dateline ingest --db lake:FOLDER' wrote",
            )
        if marker.get("version") != LAKE_VERSION:
            from ..errors import SchemaError

            raise SchemaError(
                f"{self.root} was written by another version of dateline (lake format "
                f"{marker.get('version')}, this one reads {LAKE_VERSION})",
                hint="use the dateline that wrote it, or ingest the stories again",
            )

    def current_name(self) -> str:
        """The committed generation's name ("" before the first commit)."""
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def current(self) -> Generation:
        """The committed generation (an empty one before the first commit)."""
        name = self.current_name()
        if not name:
            return Generation(name="")
        data = json.loads((self.root / "manifests" / f"{name}.json").read_text(encoding="utf-8"))
        return Generation.from_json(data)

    def commit(self, generation: Generation) -> None:
        """Make `generation` the lake's state: its manifest first, then the pointer (one
        rename), then the files neither it nor the generation it replaces names are removed
        (a reader still on the replaced one finishes its query; its next one moves on)."""
        replaced = self.current()
        manifests = self.root / "manifests"
        manifests.mkdir(exist_ok=True)
        write_atomic(
            manifests / f"{generation.name}.json",
            json.dumps(generation.as_json(), indent=1).encode(),
        )
        write_atomic(self.root / "CURRENT", generation.name.encode())
        self.collect_garbage(generation, replaced)

    def collect_garbage(self, *keep: Generation) -> None:
        """Remove what the kept generations do not name: older manifests and event folders,
        table files of failed commits, temporary names left by killed writers."""
        named = {Path(path) for g in keep for paths in g.files.values() for path in paths}
        events = {g.events for g in keep}
        for table_dir in self.data.glob("*"):
            if table_dir.name == "events":
                for folder in table_dir.iterdir():
                    if f"events/{folder.name}" not in events:
                        remove(folder)
                continue
            for item in table_dir.iterdir():
                if Path(table_dir.name) / item.name not in named:
                    remove(item)
        for manifest in (self.root / "manifests").glob("*.json"):
            if manifest.stem not in {g.name for g in keep}:
                remove(manifest)
        for item in self.root.glob(f"{TMP_PREFIX}*"):
            remove(item)

    def next_name(self) -> str:
        return f"g-{self.current().number + 1:06d}"

    def table_file(self, table: str) -> Path:
        """A new, unique file name for one more file of `table` (relative to data/)."""
        return Path(table) / f"{uuid.uuid4().hex}.parquet"

    def staged(self) -> Iterator[Path]:
        """Staged parts (whole ones only: a part appears by one rename)."""
        if self.staging.is_dir():
            for part in sorted(self.staging.iterdir()):
                if not part.name.startswith(TMP_PREFIX):
                    yield part

    def clear_staging(self, keys: set[str] | None = None) -> None:
        """Remove committed parts (all with `keys=None`) and dead writers' temporary folders."""
        if not self.staging.is_dir():
            return
        for part in self.staging.iterdir():
            if part.name.startswith(TMP_PREFIX) or keys is None or part.name in keys:
                remove(part)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_atomic(path: Path, content: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, synced, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{path.name}")
    with temporary.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """A folder filled under a temporary name and renamed to `path` when the block ends.

    If `path` appeared meanwhile (another attempt at the same task finished first: Dask may
    run a task twice when it lost track of a worker), this copy is dropped: both hold the
    same content. On any error the temporary folder is removed and nothing appears."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{path.name}")
    temporary.mkdir()
    try:
        yield temporary
        try:
            os.rename(temporary, path)
        except OSError:
            if not path.is_dir():
                raise
            remove(temporary)
    except BaseException:
        remove(temporary)
        raise
