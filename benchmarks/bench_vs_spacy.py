"""Whole-story coding against a bare spaCy parse of the same texts, in one run.

    .venv/bin/python benchmarks/bench_vs_spacy.py [--stories 400] [--workers 2] [--rounds 3]

Takes the N longest Reuters-21578 stories (../shared/data, research use only, never shipped)
and times, in the same process pool shape (N workers, each loading its models before the
clock starts, one BLAS thread each):

- `spacy`: the shipped spaCy model's full pipeline (tagger, parser, NER, lemmas) over each
  text, nothing else: the floor any parser-based coder pays;
- `dateline`: `dateline.extract` over the same texts (layout, parsing, coding, actors, times,
  places, confidence).

Rounds alternate the two; the figure is the median round. The ratio is dateline's time over
spaCy's: 1.0 means coding costs nothing beyond the parse.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import time
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"

WORKER: dict = {}


def longest(path: Path, count: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if r.get("date") and r.get("body")]
    return sorted(rows, key=lambda r: (-len(r["body"]), r.get("id", "")))[:count]


def start(kind: str) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if kind == "spacy":
        import spacy

        from dateline.nlp import MODEL

        nlp = spacy.load(MODEL)
        WORKER["run"] = lambda row: len(nlp(row["body"]))
    else:
        import dateline

        def run(row: dict) -> int:
            return len(dateline.extract(row["body"], published=row["date"][:10]))

        WORKER["run"] = run
    WORKER["run"]({"body": "Talks were held in Moscow on Monday.", "date": "2023-01-02"})


def work(row: dict) -> int:
    return WORKER["run"](row)


def timed(kind: str, rows: list[dict], workers: int) -> float:
    with get_context("spawn").Pool(workers, initializer=start, initargs=(kind,)) as pool:
        pool.map(work, rows[:workers], chunksize=1)  # every worker loaded and warm
        started = time.perf_counter()
        pool.map(work, rows, chunksize=4)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rows = longest(args.corpus, args.stories)
    words = statistics.mean(len(r["body"].split()) for r in rows)
    print(f"{len(rows)} longest Reuters stories (mean {words:.0f} words), {args.workers} workers")
    times: dict[str, list[float]] = {"spacy": [], "dateline": []}
    for _ in range(args.rounds):
        for kind in times:
            times[kind].append(timed(kind, rows, args.workers))
    spacy_s, dateline_s = (statistics.median(times[k]) for k in ("spacy", "dateline"))
    print(f"  bare spaCy pipeline: {len(rows) / spacy_s:.1f} stories/s (median of {args.rounds})")
    print(f"  dateline.extract:    {len(rows) / dateline_s:.1f} stories/s")
    print(f"  ratio dateline / spaCy: {dateline_s / spacy_s:.2f}x")


if __name__ == "__main__":
    main()
