"""Whole-article coding throughput on ~600-word stories: one core, and two cores via ingest.

    .venv/bin/python benchmarks/bench_extract.py [--stories 200] [--words 500 700]

Takes the first Reuters-21578 stories (../shared/data, research use only, never shipped)
whose bodies have between 500 and 700 words, then measures

- `dateline.extract` in this process, pinned to one core, after one warm-up story (models
  loaded apart): articles/s on the first pass (every story new to the process: the honest
  figure for a stream) and the median of 2 more passes over the same stories (the memos of
  names, places and phrases already filled, as for a stream that repeats itself);
- `dateline ingest --workers 2` on the same stories as a JSONL file into a fresh database:
  articles/s over the whole command (start-up, reading, coding, storing, merging), and over
  the coding alone as the ingest report gives it;
- `dateline.pipeline.ingest` with 2 workers in this process, every 10 stories stored: the
  whole call, and the steady rate once the workers are up (from the first stored batch to
  the last), which is what a long run sees: the ~3 s the workers take to load their models
  weigh on a run of 200 stories.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"
DATELINE = str(Path(sys.executable).with_name("dateline"))


def stories(path: Path, count: int, low: int, high: int) -> list[dict]:
    chosen = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            words = len((row.get("body") or "").split())
            if row.get("date") and low <= words <= high:
                chosen.append(row)
                if len(chosen) == count:
                    break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--words", type=int, nargs=2, default=[500, 700])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rows = stories(args.corpus, args.stories, *args.words)
    words = statistics.mean(len(r["body"].split()) for r in rows)
    print(f"{len(rows)} stories of {args.words[0]}-{args.words[1]} words (mean {words:.0f})")

    from threadpoolctl import threadpool_limits

    import dateline

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    threadpool_limits(1)  # one core: a second BLAS thread would only contend for it
    dateline.extract(rows[0]["body"], published=rows[0]["date"][:10], title=rows[0]["title"])
    passes = []
    for _ in range(3):
        started = time.perf_counter()
        for row in rows:
            dateline.extract(row["body"], published=row["date"][:10], title=row["title"])
        passes.append(time.perf_counter() - started)
    print(
        f"  extract, one core: {len(rows) / passes[0]:.1f} articles/s on first reading, "
        f"{len(rows) / statistics.median(passes[1:]):.1f} on a second"
    )

    folder = Path(tempfile.mkdtemp(prefix="dateline-bench-extract-"))
    feed = folder / "stories.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = folder / "report.json"
    command = [
        DATELINE,
        "ingest",
        str(feed),
        "--db",
        str(folder / "bench.db"),
        "--workers",
        "2",
        "--report-json",
        str(report),
    ]
    started = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.sched_setaffinity(0, set(range(os.cpu_count() or 1))),
    )
    wall = time.perf_counter() - started
    data = json.loads(report.read_text())
    print(
        f"  ingest --workers 2: {data['read'] / wall:.1f} articles/s over the whole command "
        f"({wall:.1f} s with start-up), {data['articles_per_second']:.1f} by its own report; "
        f"stored {data['stored']}, skipped {data['skipped']}"
    )
    steady_ingest(feed, folder / "steady.db")


def steady_ingest(feed: Path, db: Path) -> None:
    from dateline.pipeline import ingest
    from dateline.store import Store

    os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    stamps: list[tuple[float, int]] = []
    started = time.perf_counter()
    with Store(db) as store:
        report = ingest(
            [feed],
            store,
            workers=2,
            batch_size=10,
            progress=lambda r: stamps.append((time.perf_counter() - started, r.coded)),
        )
    wall = time.perf_counter() - started
    (first, coded_first), (last, coded_last) = stamps[0], stamps[-1]
    print(
        f"  ingest(workers=2) in-process: {report.read / wall:.1f} articles/s over the call, "
        f"{(coded_last - coded_first) / (last - first):.1f} once the workers are up "
        f"(first batch stored at {first:.1f} s)"
    )


if __name__ == "__main__":
    main()
