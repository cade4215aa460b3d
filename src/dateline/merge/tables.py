"""Merging into the SQLite store's tables, batch by batch, in the writer's transaction.

The store only persists: the ingest driver (`pipeline.ingest_articles`) hands `merge_pending`
to `Store.write`, which calls it inside the batch's transaction, and `dateline merge` runs
`rebuild_events` through `Store.apply`. The rules themselves are in `dateline.merge`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from ..records import first_country, names
from . import (
    MERGE_VERSION,
    Event,
    MentionRow,
    blocking_keys,
    connected_groups,
    cut_events,
    date_window,
    event_record,
    mention_row,
    same_event,
)


def merge_pending(db: sqlite3.Connection) -> int:
    """Merge the mentions that are in no event yet; returns how many there were.

    Call inside the transaction that stored them: then no reader ever sees a stored mention
    without its event, during an ingest or after a crash. Only the groups the new mentions
    link to are cut again (`merge.py`), and the result is the one a full merge would give.
    A store merged by other rules (`MERGE_VERSION`) is merged again from scratch.
    """
    version = db.execute("SELECT value FROM meta WHERE key = 'merge'").fetchone()
    if version is None or version[0] != MERGE_VERSION:
        for table in ("events", "event_mentions", "merge_rows", "merge_keys"):
            db.execute(f"DELETE FROM {table}")  # table: one of a fixed set
        db.execute("INSERT OR REPLACE INTO meta VALUES ('merge', ?)", (MERGE_VERSION,))
    pending = db.execute(
        "SELECT m.id, m.record, a.story_id, a.source, a.published FROM mentions m "
        "JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN merge_rows r ON r.mention_id = m.id "
        "WHERE r.mention_id IS NULL AND m.low_confidence = 0"  # never counted in events
    ).fetchall()
    if not pending:
        return 0
    records = {row[0]: json.loads(row[1]) for row in pending}
    new = [
        mention_row(
            records[row[0]], mention_id=row[0], story_id=row[2], source=row[3], published=row[4]
        )
        for row in pending
    ]
    touched = linked_components(db, new)
    old = [
        (mention_id, MentionRow.from_json(json.loads(row)))
        for component in sorted(touched)
        for mention_id, row in db.execute(
            "SELECT mention_id, row FROM merge_rows WHERE component = ?", (component,)
        )
    ]
    for mention_id, record in stored_records(db, [mention_id for mention_id, _ in old]):
        records[mention_id] = record
    stale = {
        event_id
        for mention_id, _ in old
        for (event_id,) in db.execute(
            "SELECT event_id FROM event_mentions WHERE mention_id = ?", (mention_id,)
        )
    }
    db.executemany("DELETE FROM events WHERE event_id = ?", [(e,) for e in sorted(stale)])
    db.executemany("DELETE FROM event_mentions WHERE event_id = ?", [(e,) for e in sorted(stale)])
    db.executemany("DELETE FROM merge_rows WHERE component = ?", [(c,) for c in sorted(touched)])
    db.executemany(
        "INSERT INTO merge_keys (key, low, high, mention_id) VALUES (?, ?, ?, ?)",
        [
            (key, *(day.isoformat() for day in date_window(row)), row.mention_id)
            for row in new
            for key in sorted(blocking_keys(row))
        ],
    )
    for group in connected_groups([*new, *(row for _, row in old)]):
        component = group[0].mention_id  # groups are sorted by mention id
        db.executemany(
            "INSERT INTO merge_rows (mention_id, component, row) VALUES (?, ?, ?)",
            [(row.mention_id, component, json.dumps(row.as_json())) for row in group],
        )
        for event in cut_events(group):
            insert_event(db, event, records)
    return len(new)


def linked_components(db: sqlite3.Connection, new: list[MentionRow]) -> set[str]:
    """The stored groups that new mentions have an edge to."""
    touched: set[str] = set()
    seen: dict[str, tuple[str, MentionRow]] = {}
    for row in new:
        low, high = (day.isoformat() for day in date_window(row))
        for key in sorted(blocking_keys(row)):
            for (mention_id,) in db.execute(
                "SELECT mention_id FROM merge_keys WHERE key = ? AND high >= ? AND low <= ?",
                (key, low, high),
            ).fetchall():
                if mention_id not in seen:
                    found = db.execute(
                        "SELECT component, row FROM merge_rows WHERE mention_id = ?", (mention_id,)
                    ).fetchone()
                    seen[mention_id] = (found[0], MentionRow.from_json(json.loads(found[1])))
                component, other = seen[mention_id]
                if component not in touched and same_event(row, other):
                    touched.add(component)
    return touched


def stored_records(db: sqlite3.Connection, mention_ids: list[str]) -> Iterator[tuple[str, dict]]:
    for mention_id in mention_ids:
        (record,) = db.execute("SELECT record FROM mentions WHERE id = ?", (mention_id,)).fetchone()
        yield mention_id, json.loads(record)


def insert_event(db: sqlite3.Connection, event: Event, records: dict[str, dict]) -> None:
    record = event_record(event, records)
    when = record["date"] or {}
    location = record["location"] or {}
    db.execute(
        "INSERT INTO events (event_id, event_type, quad_class, goldstein, negated, modality, "
        "source_country, target_country, source_names, target_names, date_start, date_end, "
        "month, location_name, location_country, mention_count, article_count, source_count, "
        "record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            record["event_id"],
            record["event_type"],
            record["quad_class"] or 0,
            record["goldstein"] or 0.0,
            int(record["negated"]),
            record["modality"],
            first_country(record["source"]),
            first_country(record["target"]),
            names(record["source"]),
            names(record["target"]),
            when.get("start"),
            when.get("end"),
            (when.get("start") or "")[:7],
            location.get("name", ""),
            location.get("country", ""),
            record["mention_count"],
            record["article_count"],
            record["source_count"],
            json.dumps(record, ensure_ascii=False),
        ),
    )
    db.executemany(
        "INSERT INTO event_mentions (event_id, mention_id) VALUES (?, ?)",
        [(event.event_id, m.mention_id) for m in event.mentions],
    )


def rebuild_events(db: sqlite3.Connection) -> int:
    """Merge every stored mention into events from scratch; returns the number of events.

    Deterministic: the same mentions give the same events and ids whatever the ingest order.
    Call inside a write transaction."""
    db.execute("DELETE FROM meta WHERE key = 'merge'")
    merge_pending(db)
    return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
