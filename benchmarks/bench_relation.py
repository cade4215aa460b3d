"""Relations classified per second by `classify_relation` (run it pinned to one core).

Inputs are seeded: relation rows generated from fixed templates (or, with `--gold FILE`,
the rows of a relation gold file). Model loading is timed apart from classification.

Usage:
    taskset -c 0 python benchmarks/bench_relation.py [--n 3000] [--gold FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

ACTORS = [
    "Germany",
    "The Kenyan army",
    "Rebel fighters",
    "The foreign minister of Peru",
    "Police in the capital",
    "The European Union",
    "Dozens of protesters",
    "Japan",
]
TEMPLATES = [
    "{s} sharply criticized {t} over its handling of the crisis on Tuesday.",
    "{s} met {t} in the capital to discuss trade, border security and energy supplies.",
    "{s} attacked {t} near the northern border, killing four people, officials said.",
    "Officials said {s} had agreed to release members of {t} held since March.",
    "{s} urged {t} to withdraw its forces from the disputed region before the vote.",
    "{s} imposed new sanctions on {t} after the contested election last month.",
]


def seeded_rows(n: int, seed: int = 0) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        source, target = rng.sample(ACTORS, 2)
        template = rng.choice(TEMPLATES)
        sentence = template.format(s=source, t=target)
        start = sentence.index(source)
        t_start = sentence.index(target, start + len(source))
        rows.append((sentence, (start, start + len(source)), (t_start, t_start + len(target))))
    return rows


def gold_rows(path: Path) -> list:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            spans = [
                tuple(row[k]["span"]) if row.get(k) and row[k].get("span") else None
                for k in ("source", "target")
            ]
            rows.append((row["sentence"], *spans))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--gold", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    from dateline.coding.model import load_model
    from dateline.coding.relation import classify_relation

    load_model()
    loaded = time.perf_counter() - started
    rows = gold_rows(args.gold) if args.gold else seeded_rows(args.n)
    started = time.perf_counter()
    for sentence, source, target in rows:
        classify_relation(sentence, source, target)
    elapsed = time.perf_counter() - started
    print(
        f"{len(rows)} relations in {elapsed:.2f} s: {len(rows) / elapsed:.0f} relations/s "
        f"({1000 * elapsed / len(rows):.2f} ms each); model load {loaded:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
