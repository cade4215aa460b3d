"""Scale-out: the Dask engine against the local one, and lake queries against SQLite.

    .venv/bin/python benchmarks/bench_scale.py ingest --stories 400 --per-file 25
    .venv/bin/python benchmarks/bench_scale.py queries --events 1000000

`ingest` writes the first N dated Reuters-21578 stories with a body (../shared/data, research
use only, never shipped) as JSONL files of `--per-file` stories, then ingests them, each run
into a fresh store, on the same cores:

- local, SQLite: `dateline.pipeline.ingest(workers=2)`, the local process pool;
- local, lake: `ingest_lake(engine="local", workers=2)`, the same pool, files into a lake;
- dask, 1 and 2 workers: `ingest_lake(engine="dask")` on a local cluster started for the run.

Each figure is the whole call (cluster start and model loading included), stories/s; the
scaling ratio is dask 1 worker / dask 2 workers, the overhead dask 2 workers / local 2 workers.
Every run must store the same events (checked).

`queries` builds (once, cached by size and seed) the synthetic events of
`bench_queries.py` (ten years, 40 countries, a few dominant dyads) both as a SQLite store and
as a lake, and reports the median latency of the same queries on both.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))
CORPUS = REPO.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"


def write_inputs(folder: Path, count: int, per_file: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("date") and (row.get("body") or "").strip():
                rows.append(row)
                if len(rows) == count:
                    break
    for start in range(0, len(rows), per_file):
        with (folder / f"part-{start // per_file:05d}.jsonl").open("w", encoding="utf-8") as out:
            for row in rows[start : start + per_file]:
                out.write(json.dumps(row) + "\n")
    return len(rows)


def run_ingest(args: argparse.Namespace) -> None:
    from dateline.pipeline import ingest
    from dateline.scale.engine import ingest_lake
    from dateline.store import LakeStore, Store

    work = Path(tempfile.mkdtemp(prefix="dateline-bench-scale-"))
    inputs = work / "inputs"
    count = write_inputs(inputs, args.stories, args.per_file)
    files = len(list(inputs.iterdir()))
    print(f"{count} Reuters stories in {files} files of {args.per_file}")

    def local_sqlite() -> list[dict]:
        with Store(work / "local.db") as store:
            ingest([inputs], store, workers=2)
        with Store(work / "local.db", readonly=True) as store:
            return store.events()

    def lake(engine: str, workers: int):
        def run() -> list[dict]:
            root = work / f"lake-{engine}-{workers}"
            ingest_lake([inputs], root, engine=engine, workers=workers)
            with LakeStore(root) as store:
                return store.events()

        return run

    runs = {
        "local, SQLite, 2 processes": local_sqlite,
        "local, lake, 2 processes": lake("local", 2),
        "dask, lake, 1 worker": lake("dask", 1),
        "dask, lake, 2 workers": lake("dask", 2),
    }
    seconds, events = {}, {}
    for name in args.runs or runs:
        started = time.perf_counter()
        events[name] = runs[name]()
        seconds[name] = time.perf_counter() - started
        print(f"  {name:<28} {seconds[name]:7.1f} s  {count / seconds[name]:6.2f} stories/s")
    reference = next(iter(events.values()))
    same = all(found == reference for found in events.values())
    print(f"  same events in every run: {same} ({len(reference)} events)")
    one, two = seconds.get("dask, lake, 1 worker"), seconds.get("dask, lake, 2 workers")
    local = seconds.get("local, lake, 2 processes") or seconds.get("local, SQLite, 2 processes")
    if one and two:
        print(f"  scaling, dask 1 -> 2 workers: {one / two:.2f}x faster")
    if two and local:
        print(f"  overhead, dask 2 workers / local 2 processes: {two / local:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


def synthetic_events(count: int, seed: int, days: int):
    """The events of bench_queries.py's synthetic store, as merged records."""
    from bench_queries import COUNTRIES

    from dateline.coding.ontology import EVENT_TYPES

    rng = random.Random(seed)
    types = list(EVENT_TYPES.values())
    start = date(2015, 1, 1)
    for n in range(count):
        kind = rng.choice(types)
        a = rng.choice(COUNTRIES[:8] if rng.random() < 0.6 else COUNTRIES)
        b = rng.choice([c for c in COUNTRIES[:8] if c != a])
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        yield {
            "event_id": f"ev-{n:012d}",
            "event_type": kind.name,
            "quad_class": kind.quad_class,
            "goldstein": kind.goldstein,
            "date": {"start": day, "end": day, "granularity": "day"},
            "source": [{"name": a, "country": a}],
            "target": [{"name": b, "country": b}],
            "negated": False,
            "modality": "asserted",
            "location": None,
            "mention_count": 1,
            "article_count": 1,
            "source_count": 1,
            "mentions": [],
        }


def build_lake(root: Path, count: int, seed: int, days: int) -> None:
    """Synthetic events written as a lake's commit writes them (partitions by first day)."""
    from dateline.scale.commit import count_rows, event_values, flush_events
    from dateline.scale.lake import Generation, Lake

    lake = Lake(root)
    lake.create()
    generation = Generation(name="g-000001", events="events/g-000001")
    folder = lake.data / generation.events
    folder.mkdir(parents=True)
    buffer: dict[str | None, list[dict]] = {}
    for record in synthetic_events(count, seed, days):
        buffer.setdefault(record["date"]["start"], []).append(event_values(record))
    flush_events(folder, buffer, 0)
    generation.counts = count_rows(lake, generation)
    lake.commit(generation)


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_queries(args: argparse.Namespace) -> None:
    from bench_queries import build

    from dateline.store import EventFilter, LakeStore, Store

    base = Path(tempfile.gettempdir())
    suffix = "" if args.days == 3650 else f"-{args.days}d"  # bench_queries' cache: ten years
    db = base / f"dateline-bench-v2-{args.events}-{args.seed}{suffix}.db"
    root = base / f"dateline-bench-lake-v1-{args.events}-{args.seed}-{args.days}d"
    for path, make in ((db, build), (root, build_lake)):
        if not path.exists():
            started = time.perf_counter()
            make(path, args.events, args.seed, args.days)
            print(f"built {args.events:,} events in {time.perf_counter() - started:.1f} s: {path}")
    last = date(2015, 1, 1) + timedelta(days=args.days - 1)  # a year and a week they cover
    year = EventFilter(
        dyad=("RUS", "UKR"),
        date_from=(last - timedelta(days=364)).isoformat(),
        date_to=last.isoformat(),
    )
    week = EventFilter(date_from=(last - timedelta(days=6)).isoformat(), date_to=last.isoformat())
    cases = {
        "events, one week (all of it)": lambda s: s.events(week),
        "events dyad RUS→UKR, one year": lambda s: s.events(year),
        "events dyad RUS→UKR, all (page of 100)": lambda s: s.events(
            EventFilter(dyad=("RUS", "UKR")), limit=100
        ),
        "count, all events": lambda s: [s.count()],
        "timeline, all events by month": lambda s: s.timeline(period="month"),
        "timeline dyad RUS→UKR by month": lambda s: s.timeline(
            EventFilter(dyad=("RUS", "UKR")), period="month"
        ),
        "timeline country CHN by month": lambda s: s.timeline(
            EventFilter(country="CHN"), period="month"
        ),
    }
    print(
        f"{args.events:,} events over {args.days} days, median of {args.repeats} runs (ms): "
        "SQLite | lake"
    )
    with Store(db, readonly=True) as sqlite, LakeStore(root) as lake:
        for name, query in cases.items():
            rows = query(lake)
            assert list(map(identity, rows)) == list(map(identity, query(sqlite))), name
            local = median_ms(lambda q=query: q(sqlite), args.repeats)
            found = median_ms(lambda q=query: q(lake), args.repeats)
            print(f"  {name:<42} {local:8.1f} | {found:8.1f}  ({len(rows)} rows)")


def identity(row: object) -> object:
    """An event by its id (the synthetic records differ in their optional keys), else the
    row itself (timeline periods, counts)."""
    return row.get("event_id", row) if isinstance(row, dict) and "event_id" in row else row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest")
    ingest.add_argument("--stories", type=int, default=400)
    ingest.add_argument("--per-file", type=int, default=25)
    ingest.add_argument("--runs", nargs="*", help="names of the runs to make (default: all)")
    queries = commands.add_parser("queries")
    queries.add_argument("--events", type=int, default=1_000_000)
    queries.add_argument("--seed", type=int, default=1)
    queries.add_argument("--days", type=int, default=3650, help="days the events spread over")
    queries.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    run_ingest(args) if args.command == "ingest" else run_queries(args)


if __name__ == "__main__":
    main()
