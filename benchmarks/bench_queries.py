"""Query latency over a large synthetic event store (seeded), for `events` and `timeline`.

    .venv/bin/python benchmarks/bench_queries.py --events 1000000

Builds (once, cached by size and seed) a store with N synthetic merged events spread over
ten years and 40 countries, then times `Store.events` for a directed dyad and
`Store.timeline` by month for a dyad and for one country, reporting the median of repeats.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dateline.coding.ontology import EVENT_TYPES
from dateline.store import EventFilter, Store

COUNTRIES = [
    "USA",
    "RUS",
    "CHN",
    "UKR",
    "GBR",
    "FRA",
    "DEU",
    "IRN",
    "ISR",
    "PSE",
    "TUR",
    "IND",
    "PAK",
    "JPN",
    "KOR",
    "PRK",
    "SYR",
    "IRQ",
    "SAU",
    "EGY",
    "BRA",
    "MEX",
    "VEN",
    "COL",
    "NGA",
    "ETH",
    "SDN",
    "AFG",
    "POL",
    "BLR",
    "QAT",
    "ARE",
    "LBN",
    "YEM",
    "LBY",
    "MLI",
    "TWN",
    "PHL",
    "VNM",
    "IDN",
]


def build(path: Path, count: int, seed: int, days: int = 3650) -> None:
    rng = random.Random(seed)
    types = list(EVENT_TYPES.values())
    start = date(2015, 1, 1)
    store = Store(path)
    rows = []
    for n in range(count):
        kind = rng.choice(types)
        # A few dyads dominate the news, as in real event data.
        a = rng.choice(COUNTRIES[:8] if rng.random() < 0.6 else COUNTRIES)
        b = rng.choice([c for c in COUNTRIES[:8] if c != a])
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        record = {
            "event_id": f"ev-{n:012d}",
            "event_type": kind.name,
            "date": {"start": day, "end": day},
            "source": [{"name": a, "country": a}],
            "target": [{"name": b, "country": b}],
            "negated": False,
        }
        rows.append(
            (
                f"ev-{n:012d}",
                kind.name,
                kind.quad_class,
                kind.goldstein,
                0,
                "asserted",
                a,
                b,
                a,
                b,
                day,
                day,
                day[:7],
                "",
                "",
                1,
                1,
                1,
                json.dumps(record),
            )
        )
        if len(rows) == 50_000:
            store.db.executemany(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
            rows = []
    if rows:
        store.db.executemany(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
        )
    store.db.commit()
    store.db.execute("ANALYZE")
    store.close()


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"dateline-bench-v2-{args.events}-{args.seed}.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.events, args.seed)
        print(f"built {args.events:,} events in {time.perf_counter() - started:.1f} s: {path}")
    store = Store(path)
    year = EventFilter(dyad=("RUS", "UKR"), date_from="2022-01-01", date_to="2022-12-31")
    cases = {
        "events dyad RUS→UKR, one year": lambda: store.events(year),
        "events dyad RUS→UKR, all (page of 100)": lambda: store.events(
            EventFilter(dyad=("RUS", "UKR")), limit=100
        ),
        "timeline dyad RUS→UKR by month": lambda: store.timeline(
            EventFilter(dyad=("RUS", "UKR")), period="month"
        ),
        "timeline country CHN by month": lambda: store.timeline(
            EventFilter(country="CHN"), period="month"
        ),
    }
    print(f"{args.events:,} events, median of {args.repeats} runs")
    for name, action in cases.items():
        result = action()
        print(f"  {name:<42} {median_ms(action, args.repeats):8.1f} ms  ({len(result)} rows)")
    store.close()


if __name__ == "__main__":
    main()
