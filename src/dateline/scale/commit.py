"""The commit: staged parts become one new generation of the lake, events included.

The workers code files in any order; what depends on the order of records is decided here,
in input order, exactly as a local ingest into SQLite decides it record by record:

- a record whose article id is already stored is a duplicate (or, with other text, a skip
  that names the first origin), never a second article;
- a near-duplicate copy joins the story of the earliest stored article (`StoryIndex`);
- a role phrase ("China's defense minister") is named from the office holders that earlier
  stories showed (`name_role_holders` over the same `StoreHolders` queries);
- a skip row per origin, cleared when the record is stored later.

Those passes read only small columns (ids, signatures, role observations). Events are then
merged by `merge.merge_by_date` from every stored mention, streamed out of the lake sorted
by date (DuckDB sorts beyond memory), and written as hive partitions `event_date=…/`.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import pickle
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreBusyError
from ..merge import MERGE_VERSION, date_window, event_record, mention_row, merge_by_date
from ..pipeline import RunReport
from ..records import Outcome, Skipped, first_country, names, to_json
from ..resolve.officeholders import Observation, observe_extraction
from ..store.actors import (
    StoreHolders,
    create_actor_tables,
    insert_observations,
    name_role_holders,
)
from ..syndication import StoryIndex, from_bytes
from .lake import Generation, Lake
from .schema import TABLE_SCHEMAS, event_schema

EVENTS_PER_FLUSH = 200_000  # merged events held before they are written out


@contextmanager
def commit_lock(lake: Lake) -> Iterator[None]:
    """One commit at a time per lake (a second waits for up to a minute, then gives up)."""
    import time

    handle = (lake.root / ".lock").open("a")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreBusyError(
                        f"{lake.root} is busy: another commit held it for over 60 s",
                        hint="wait for the other ingest to finish, then run this command again",
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        handle.close()


class TableFiles:
    """The new files of one commit: one file per table, written in row groups."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.paths: dict[str, str] = {}

    def write(self, table: str, rows: pa.Table | list[dict]) -> None:
        schema = TABLE_SCHEMAS[table]
        if isinstance(rows, list):
            rows = pa.Table.from_pylist(rows, schema=schema)
        if rows.num_rows == 0:
            return
        if table not in self.writers:
            relative = self.lake.table_file(table)
            (self.lake.data / relative).parent.mkdir(parents=True, exist_ok=True)
            self.paths[table] = str(relative)
            self.writers[table] = pq.ParquetWriter(
                self.lake.data / relative, schema, compression="zstd"
            )
        self.writers[table].write_table(rows.select(schema.names).cast(schema))

    def close(self) -> dict[str, str]:
        for writer in self.writers.values():
            writer.close()
        return self.paths


class Replay:
    """The order-dependent decisions of a local ingest, replayed over the stored records."""

    def __init__(self, lake: Lake, previous: Generation) -> None:
        self.lake = lake
        self.seen: dict[str, tuple[str, str]] = {}  # article id -> (content id, origin)
        self.stories = StoryIndex()
        self.holders_db = sqlite3.connect(":memory:")
        create_actor_tables(self.holders_db)
        self.ord = 0
        self.skipped: dict[str, dict] = {}
        files = [str(lake.data / f) for f in previous.files.get("articles", [])]
        if files:
            import duckdb

            rows = (
                duckdb.connect()
                .execute(
                    "SELECT id, content_id, origin, story_id, minhash, ord FROM read_parquet(?) "
                    "ORDER BY ord",
                    [files],
                )
                .fetchall()
            )
            for article_id, content, origin, story_id, minhash, ord_ in rows:
                self.seen[article_id] = (content, origin)
                self.stories.add(article_id, from_bytes(minhash), story_id)
                self.ord = ord_ + 1
        self.observe(read_files(lake, previous, "observations", where="role != ''"))
        for row in read_files(lake, previous, "skipped"):
            self.skipped[row["origin"]] = row

    def observe(self, rows: list[dict]) -> None:
        """Office holders that stories showed, for the role phrases of later stories."""
        observations = [Observation(**row) for row in rows if row["role"]]
        insert_observations(self.holders_db, observations)

    def skip(self, item: dict) -> Outcome:
        self.skipped[item["origin"]] = {k: item[k] for k in TABLE_SCHEMAS["skipped"].names}
        return Outcome(
            origin=item["origin"],
            status="skipped",
            article_id=item["record_id"],
            stage=item["stage"],
            reason=item["reason"],
        )

    def article(self, row: dict) -> tuple[Outcome, dict | None]:
        """Decide one coded record; returns its outcome and, when stored, its table values
        (ord, story_id, and for a story with role phrases the named mentions and
        observations)."""
        first = self.seen.get(row["id"])
        if first is not None:
            if first[0] == row["content_id"]:
                self.skipped.pop(row["origin"], None)
                return Outcome(origin=row["origin"], status="duplicate", article_id=row["id"]), None
            record_id, source = row["record_id"], row["source"]
            reason = (
                f"record id '{record_id}' of {source} is already stored with other text (from "
                f"{first[1]}); give each record its own id, or leave ids out to identify "
                "records by their content"
            )
            stage = {"stage": "store", "reason": reason, "record_id": row["id"]}
            return self.skip({"origin": row["origin"], **stage}), None
        minhash = from_bytes(row["minhash"])
        earlier = self.stories.story_for(minhash)
        story_id = earlier or row["id"]
        self.stories.add(row["id"], minhash, story_id)
        self.seen[row["id"]] = (row["content_id"], row["origin"])
        self.skipped.pop(row["origin"], None)
        stored = {"ord": self.ord, "story_id": story_id}
        self.ord += 1
        if row["extraction"] is not None:
            extraction = name_role_holders(
                pickle.loads(row["extraction"]), StoreHolders(self.holders_db)
            )
            stored["mentions"] = {
                f"{row['id']}-{seq}": json.dumps(to_json(mention), ensure_ascii=False)
                for seq, mention in enumerate(extraction.mentions)
            }
            stored["observations"] = [dataclasses.asdict(o) for o in observe_extraction(extraction)]
        outcome = Outcome(
            origin=row["origin"],
            status="copy" if earlier else "stored",
            article_id=row["id"],
            story_id=story_id,
            reason=f"a copy of story {earlier}" if earlier else "",
        )
        return outcome, stored


def read_files(lake: Lake, generation: Generation, table: str, *, where: str = "") -> list[dict]:
    files = [str(lake.data / f) for f in generation.files.get(table, [])]
    if not files:
        return []
    import duckdb

    sql = "SELECT * FROM read_parquet(?)" + (f" WHERE {where}" if where else "")
    result = duckdb.connect().execute(sql, [files])
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def commit(
    lake: Lake,
    summaries: list[dict],
    report: RunReport,
    *,
    skipped: Sequence[Skipped] = (),
    on_record: Callable[[Outcome], None] | None = None,
) -> Generation:
    """Commit the staged parts of `summaries` (in their input order) as a new generation;
    `skipped`: records the driver skipped itself (already counted in `report`)."""
    with commit_lock(lake):
        previous = lake.current()
        committed = {entry["key"] for entry in previous.inputs}
        replay = Replay(lake, previous)
        for item in skipped:
            replay.skip(dataclasses.asdict(item))
        files = TableFiles(lake)
        inputs = list(previous.inputs)
        for summary in sorted(summaries, key=lambda s: s["index"]):
            if summary["key"] in committed:
                continue  # the same file, unchanged, in an earlier commit
            outcomes = commit_part(lake.staging / summary["key"], replay, files)
            for outcome in outcomes:
                report.count(outcome)
                if on_record is not None:
                    on_record(outcome)
            inputs.append(
                {
                    "key": summary["key"],
                    "path": summary["path"],
                    "read": summary["read"],
                    "stored": sum(o.status in ("stored", "copy") for o in outcomes),
                }
            )
            committed.add(summary["key"])
        files.write("skipped", list(replay.skipped.values()))
        new = files.close()
        tables = {
            table: [*previous.files.get(table, []), *([new[table]] if table in new else [])]
            for table in TABLE_SCHEMAS
            if table != "skipped"
        }
        tables["skipped"] = [new["skipped"]] if "skipped" in new else []
        generation = Generation(
            name=lake.next_name(),
            files=tables,
            inputs=inputs,
            merge_version=MERGE_VERSION,
        )
        write_events(lake, generation)
        generation.counts = count_rows(lake, generation)
        lake.commit(generation)
        lake.clear_staging({entry["key"] for entry in inputs})
        return generation


def commit_part(part: Path, replay: Replay, files: TableFiles) -> list[Outcome]:
    """Replay one staged part's records in file order; write its stored rows."""
    tables = {
        table: pq.read_table(part / f"{table}.parquet").to_pylist()
        for table in ("articles", "skipped", "mentions", "quotes", "actors", "places")
    }
    observed: dict[str, list[dict]] = {}
    for row in pq.read_table(part / "observations.parquet").to_pylist():
        observed.setdefault(row["article_id"], []).append(row)
    items = sorted([*tables["articles"], *tables["skipped"]], key=lambda row: row["position"])
    outcomes: list[Outcome] = []
    stored: dict[str, dict] = {}
    for item in items:
        if "stage" in item:
            outcomes.append(replay.skip(item))
            continue
        outcome, values = replay.article(item)
        outcomes.append(outcome)
        if values is not None:
            stored[item["id"]] = {**values, "row": item}
            if "observations" in values:  # its role phrases were named: observed anew
                observed[item["id"]] = values["observations"]
            replay.observe(observed.get(item["id"], []))
    if not stored:
        return outcomes
    files.write(
        "articles",
        [{**v["row"], "ord": v["ord"], "story_id": v["story_id"]} for v in stored.values()],
    )
    mentions = []
    for row in tables["mentions"]:
        values = stored.get(row["article_id"])
        if values is None:
            continue
        record = values.get("mentions", {}).get(row["mention_id"], row["record"])
        published = values["row"]["published"].isoformat()
        mentions.append(
            {
                **row,
                "record": record,
                "ord": values["ord"],
                "story_id": values["story_id"],
                "source": values["row"]["source"],
                "published": published,
                "merge_low": merge_low(record, published),
            }
        )
    files.write("mentions", mentions)
    for table in ("quotes", "actors", "places"):
        files.write(table, [row for row in tables[table] if row["article_id"] in stored])
    files.write(
        "observations", [row for article_id in stored for row in observed.get(article_id, [])]
    )
    return outcomes


def mention_rows(lake: Lake, generation: Generation) -> Iterator[tuple]:
    """Every stored mention as merging needs it, sorted by date window (DuckDB sorts)."""
    files = [str(lake.data / f) for f in generation.files.get("mentions", [])]
    if not files:
        return
    import duckdb

    result = duckdb.connect().execute(
        "SELECT mention_id, record, story_id, source, published FROM read_parquet(?) "
        "ORDER BY merge_low, mention_id",
        [files],
    )
    while batch := result.fetchmany(10_000):
        yield from batch


def merge_low(record: str, published: str) -> str:
    """The first day of a mention's date window (what merging sorts by)."""
    row = mention_row(
        json.loads(record), mention_id="", story_id="", source="", published=published
    )
    return date_window(row)[0].isoformat()


def write_events(lake: Lake, generation: Generation) -> None:
    """Merge every stored mention into events, written under `data/events/<generation>/`."""
    folder = f"events/{generation.name}"
    generation.events = folder
    root = lake.data / folder
    root.mkdir(parents=True, exist_ok=True)
    records: dict[str, dict] = {}

    def rows() -> Iterator:
        for mention_id, record, story_id, source, published in mention_rows(lake, generation):
            found = json.loads(record)
            if found.get("low_confidence"):
                continue  # stored, never merged into events (as in the SQLite store)
            records[mention_id] = found
            yield mention_row(
                records[mention_id],
                mention_id=mention_id,
                story_id=story_id,
                source=source,
                published=published,
            )

    buffer: dict[str | None, list[dict]] = {}
    held, flushes, longest = 0, 0, 0
    for event in merge_by_date(rows()):
        record = event_record(event, records)
        for member in event.mentions:
            records.pop(member.mention_id, None)
        when = record["date"] or {}
        if when:
            span = date.fromisoformat(when["end"]) - date.fromisoformat(when["start"])
            longest = max(longest, span.days)
        buffer.setdefault(when.get("start"), []).append(event_values(record))
        held += 1
        if held >= EVENTS_PER_FLUSH:
            flush_events(root, buffer, flushes)
            buffer, held, flushes = {}, 0, flushes + 1
    flush_events(root, buffer, flushes)
    generation.max_span_days = longest


def event_values(record: dict) -> dict:
    from ..export import flat_row

    location = record["location"] or {}
    return {
        **flat_row(record),
        "q_source_country": first_country(record["source"]),
        "q_target_country": first_country(record["target"]),
        "q_source_names": names(record["source"]),
        "q_target_names": names(record["target"]),
        "q_location_name": location.get("name", ""),
        "q_location_country": location.get("country", ""),
        "record": json.dumps(record, ensure_ascii=False),
    }


def flush_events(root: Path, buffer: dict[str | None, list[dict]], number: int) -> None:
    schema = event_schema()
    for day, rows in buffer.items():
        folder = root / f"event_date={day or '__HIVE_DEFAULT_PARTITION__'}"
        folder.mkdir(exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, folder / f"part-{number:05d}.parquet", compression="zstd")


def count_rows(lake: Lake, generation: Generation) -> dict[str, int]:
    """Rows per table (from the Parquet footers)."""
    counts = {
        table: sum(pq.ParquetFile(lake.data / path).metadata.num_rows for path in paths)
        for table, paths in generation.files.items()
    }
    counts["events"] = sum(
        pq.ParquetFile(path).metadata.num_rows
        for path in (lake.data / generation.events).glob("*/*.parquet")
    )
    return counts


def remerge(lake: Lake) -> Generation:
    """The current generation with its events merged again (`dateline merge`), committed as
    the next generation: the tables stay, the events are new."""
    with commit_lock(lake):
        previous = lake.current()
        generation = Generation(
            name=lake.next_name(),
            files=previous.files,
            inputs=previous.inputs,
            merge_version=MERGE_VERSION,
        )
        write_events(lake, generation)
        generation.counts = count_rows(lake, generation)
        lake.commit(generation)
        return generation
