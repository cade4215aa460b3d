"""End-to-end ingest with coding: articles/s and peak memory as the corpus grows.

    .venv/bin/python benchmarks/bench_ingest.py --sizes 1000 5000 20000 --workers 2

Runs `dateline ingest` on the first N Reuters-21578 stories (../shared/data, research use
only, never shipped) into a fresh database, sampling the resident memory of the whole process
tree (main process and workers) every 0.2 s. Prints one row per size, then checks the
accounting (stored + duplicates + skipped = read) and that a second run stores nothing.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"
DATELINE = str(Path(sys.executable).with_name("dateline"))


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run(command: list[str]) -> tuple[float, int, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.2)
    return time.perf_counter() - started, peak, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dateline-bench-ingest-"))
    print(f"workers={args.workers}, corpus={args.corpus.name}")
    print(f"{'stories':>8} {'seconds':>8} {'read/s':>8} {'peak RSS MB':>12}  report")
    for size in args.sizes:
        feed = folder / f"slice-{size}.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as handle, feed.open("w") as out:
            out.writelines(itertools.islice(handle, size))
        db, report = folder / f"bench-{size}.db", folder / f"report-{size}.json"
        command = [
            DATELINE,
            "ingest",
            str(feed),
            "--db",
            str(db),
            "--workers",
            str(args.workers),
            "--report-json",
            str(report),
        ]
        seconds, peak, _ = run(command)
        data = json.loads(report.read_text())
        balanced = data["stored"] + data["duplicates"] + data["skipped"] == data["read"]
        print(
            f"{size:>8} {seconds:>8.1f} {data['read'] / seconds:>8.1f} {peak / 2**20:>12.0f}"
            f"  stored {data['stored']}, duplicates {data['duplicates']}, skipped "
            f"{data['skipped']} ({'balanced' if balanced else 'NOT BALANCED'})"
        )
        again = folder / f"again-{size}.json"
        run([*command[:-1], str(again)])
        second = json.loads(again.read_text())
        print(
            f"{'':>8} rerun: stored {second['stored']}, duplicates {second['duplicates']}, "
            f"skipped {second['skipped']}"
        )


if __name__ == "__main__":
    main()
