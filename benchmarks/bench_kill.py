"""Crash safety: kill -9 during ingest and during merge, then check and rerun.

    .venv/bin/python benchmarks/bench_kill.py --trials 20 --stories 1000

Ingests the first N Reuters-21578 stories (../shared/data, research use only) once without
interruption, then runs `--trials` trials, each on a fresh database: most kill
`dateline ingest --workers 2` with SIGKILL once a random share (seeded) of the stories is
stored; every fourth lets the ingest finish and kills `dateline merge` (a full re-merge in
one transaction) 0-50 ms after it takes the write lock. After each kill it checks
`PRAGMA integrity_check` and that no stored mention is outside an event (queries must see
events after a crash), then reruns the ingest and compares every table with the
uninterrupted run.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"
DATELINE = str(Path(sys.executable).with_name("dateline"))
TABLES = {
    "articles": "id, published, title, source, url, origin, text, layout, story_id, record_id",
    "mentions": "*",
    "quotes": "*",
    "actors": "*",
    "places": "*",
    "skipped": "*",
    "events": "*",
    "event_mentions": "*",
    "merge_rows": "*",
}


def dump(db: Path) -> dict[str, list]:
    connection = sqlite3.connect(db)
    try:
        return {
            table: sorted(connection.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
            for table, cols in TABLES.items()
        }
    finally:
        connection.close()


def check(db: Path) -> tuple[str, int, int]:
    """integrity_check's answer, stored articles, mentions outside any event."""
    connection = sqlite3.connect(db)
    try:
        (answer,) = connection.execute("PRAGMA integrity_check").fetchone()
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            return answer, 0, 0
        (articles,) = connection.execute("SELECT COUNT(*) FROM articles").fetchone()
        (loose,) = connection.execute(
            "SELECT COUNT(*) FROM mentions WHERE id NOT IN (SELECT mention_id FROM event_mentions)"
        ).fetchone()
        return answer, articles, loose
    finally:
        connection.close()


def writing(db: Path) -> bool:
    """Whether another connection holds the write lock of `db` (a merge inside its
    transaction)."""
    try:
        connection = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return True


def run_until(
    command: list[str],
    *,
    delay: float = 0.0,
    db: Path | None = None,
    stored: int = 0,
    in_transaction: Path | None = None,
):
    """Run a command and SIGKILL it after `delay` s, or once `db` holds `stored` articles, or
    `delay` s after it first holds the write lock of `in_transaction`; whether it was still
    running then, and when it was killed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    locked_at = None
    while process.poll() is None:
        time.sleep(0.002 if in_transaction else 0.02)
        elapsed = time.perf_counter() - started
        if in_transaction is not None:
            if locked_at is None:
                if writing(in_transaction):
                    locked_at = elapsed
                continue
            if elapsed - locked_at < delay:
                continue
        elif db is None and elapsed < delay:
            continue
        if db is not None:
            try:
                connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
                (count,) = connection.execute("SELECT COUNT(*) FROM articles").fetchone()
                connection.close()
            except sqlite3.Error:
                continue
            if count < stored:
                continue
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True, elapsed
    return False, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--stories", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "reuters.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle, feed.open("w") as out:
            out.writelines(itertools.islice(handle, args.stories))
        ingest = [
            DATELINE,
            "ingest",
            str(feed),
            "--workers",
            str(args.workers),
            "--batch-size",
            "25",
        ]
        clean = Path(folder) / "clean.db"
        started = time.perf_counter()
        subprocess.run([*ingest, "--db", str(clean)], cwd=REPO, capture_output=True)
        ingest_seconds = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([DATELINE, "merge", "--db", str(clean)], cwd=REPO, capture_output=True)
        merge_seconds = time.perf_counter() - started
        reference = dump(clean)
        print(
            f"{args.stories} stories: uninterrupted ingest {ingest_seconds:.1f} s, "
            f"merge {merge_seconds:.1f} s; {len(reference['articles'])} articles, "
            f"{len(reference['events'])} events"
        )
        results = []
        for trial in range(1, args.trials + 1):
            db = Path(folder) / f"trial{trial}.db"
            if trial % 4 == 0:  # inside the merge's transaction, once it holds the write lock
                stage = "merge"
                subprocess.run([*ingest, "--db", str(db)], cwd=REPO, capture_output=True)
                delay = chance.uniform(0.0, 0.05)
                killed, delay = run_until(
                    [DATELINE, "merge", "--db", str(db)], delay=delay, in_transaction=db
                )
            else:  # once a random share of the stories is stored
                stage = "ingest"
                target = int(chance.uniform(0.05, 0.95) * len(reference["articles"]))
                killed, delay = run_until([*ingest, "--db", str(db)], db=db, stored=target)
            answer, stored, loose = check(db) if db.exists() else ("ok (no file yet)", 0, 0)
            rerun = subprocess.run([*ingest, "--db", str(db)], cwd=REPO, capture_output=True)
            same = rerun.returncode in (0, 3) and dump(db) == reference
            results.append((answer.startswith("ok"), loose == 0, same))
            print(
                f"trial {trial:2d}: kill -9 {stage} at {delay:5.2f} s "
                f"({'killed' if killed else 'had finished'}), {stored:4d} articles stored; "
                f"integrity_check {answer}; mentions outside events {loose}; "
                f"rerun {'converged' if same else 'DIFFERS'}"
            )
        print(
            f"{sum(r[0] for r in results)}/{len(results)} integrity ok, "
            f"{sum(r[1] for r in results)}/{len(results)} with every mention in an event, "
            f"{sum(r[2] for r in results)}/{len(results)} reruns equal to the uninterrupted run"
        )


if __name__ == "__main__":
    main()
