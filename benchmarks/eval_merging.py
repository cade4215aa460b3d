"""Merging on real news: how big events get, and what the largest of them tell.

    .venv/bin/python benchmarks/eval_merging.py --stories 3000 --db out/reuters3000.db

Ingests the first N Reuters-21578 stories (../shared/data, research use only, never shipped)
with `dateline ingest --workers 2` into a fresh database (or reads `--db` when it exists and
`--reuse` is given), then prints the distribution of independent sources per event, the
largest source count, and the `--top` largest events (by sources, then mentions) with their
participants, dates and sentences, to be read: each should tell one real event. The issue's
acceptance: no event with more than 12 independent sources in the first 3,000 stories.
The merging rules were set reading those; `--offset 3000` measures stories never read.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"
DATELINE = str(Path(sys.executable).with_name("dateline"))
sys.path.insert(0, str(REPO / "src"))


def reuters_slice(path: Path, count: int, offset: int = 0) -> Path:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle, path.open("w") as out:
        out.writelines(itertools.islice(handle, offset, offset + count))
    return path


def side(actors: list[dict]) -> str:
    return (
        ", ".join(
            f"{a.get('name') or a.get('text')}" + (f" ({a['country']})" if a.get("country") else "")
            for a in actors
        )
        or "-"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument(
        "--offset", type=int, default=0, help="skip this many stories first (held-out slices)"
    )
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="read --db if it exists")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--sentences", type=int, default=8, help="sentences shown per event")
    args = parser.parse_args()

    from dateline.store import Store

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "reuters.db"
        if not (args.reuse and db.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            feed = reuters_slice(Path(folder) / "reuters.jsonl", args.stories, args.offset)
            started = time.perf_counter()
            result = subprocess.run(
                [DATELINE, "ingest", str(feed), "--db", str(db), "--workers", str(args.workers)],
                capture_output=True,
                text=True,
                cwd=REPO,
            )
            print(result.stderr.strip().splitlines()[0])
            print(f"ingest: {time.perf_counter() - started:.1f} s")
        with Store(db, readonly=True) as store:
            events = store.events()
            counts = store.counts()
    sources = Counter(e["source_count"] for e in events)
    print(
        f"{counts['articles']} stories, {counts['mentions']} mentions, {len(events)} events; "
        f"max independent sources {max(sources, default=0)}; "
        f"max mentions {max((e['mention_count'] for e in events), default=0)}"
    )
    print("sources per event:", dict(sorted(sources.items())))
    largest = sorted(events, key=lambda e: (-e["source_count"], -e["mention_count"]))[: args.top]
    for rank, event in enumerate(largest, start=1):
        when = event.get("date") or {}
        print(
            f"\n#{rank} {event['event_type']} {event['event_id']}: {event['source_count']} "
            f"sources, {event['mention_count']} mentions, {when.get('start')}..{when.get('end')}"
            f"\n   source: {side(event['source'])}\n   target: {side(event['target'])}"
        )
        for mention in event["mentions"][: args.sentences]:
            print(f"   - [{mention['published']}] {mention['sentence'][:160]}")


if __name__ == "__main__":
    main()
