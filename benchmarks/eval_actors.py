"""Short actor phrases → country and sector accuracy against `benchmarks/actor_phrases.csv`.

The dev set is written for dateline (phrases in the style of news copy, not taken from any
evaluation set). Country accuracy counts exact PLOVER country codes (ISO3, UNO, EUR, IGO, or ""
where a phrase names none); sector accuracy counts exact agent codes.

Usage: python benchmarks/eval_actors.py [--phrases PATH] [--failures N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from dateline.resolve.actors import code_actor

DEFAULT = Path(__file__).resolve().parent / "actor_phrases.csv"
FLOORS = {"country": 0.95, "sector": 0.85}


def read_phrases(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=Path, default=DEFAULT)
    parser.add_argument("--failures", type=int, default=40, help="failures to list")
    args = parser.parse_args(argv)
    rows = read_phrases(args.phrases)
    started = time.perf_counter()
    country_ok = sector_ok = 0
    failures = []
    for row in rows:
        coded = code_actor(row["phrase"])
        c_ok = coded["country"] == row["country"]
        s_ok = coded["sector"] == row["sector"]
        country_ok += c_ok
        sector_ok += s_ok
        if not (c_ok and s_ok):
            failures.append((row, coded))
    elapsed = time.perf_counter() - started
    n = len(rows)
    country, sector = country_ok / n, sector_ok / n
    print(f"phrases: {n}  ({elapsed * 1000 / n:.2f} ms/phrase)")
    print(f"country accuracy: {country:.3f}  (floor {FLOORS['country']})")
    print(f"sector accuracy:  {sector:.3f}  (floor {FLOORS['sector']})")
    for row, coded in failures[: args.failures]:
        print(
            f"  {row['phrase']!r}: want {row['country'] or '-'}/{row['sector'] or '-'}, "
            f"got {coded['country'] or '-'}/{coded['sector'] or '-'}  ({coded.get('reason', '')})",
            file=sys.stderr,
        )
    return 0 if country >= FLOORS["country"] and sector >= FLOORS["sector"] else 1


if __name__ == "__main__":
    sys.exit(main())
