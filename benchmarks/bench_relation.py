"""Relations classified per second by `classify_relation` (run it pinned to one core).

Inputs are seeded: relation rows generated from fixed templates (or, with `--gold FILE`,
the rows of a relation gold file). Model loading is timed apart from classification.

Each model `classify_relation` offers (linear, the auto cascade, the encoder) is timed one
relation per call and in one batched call (`classify_relations`).

Usage:
    taskset -c 0 python benchmarks/bench_relation.py [--n 3000] [--gold FILE]
    taskset -c 0 python benchmarks/bench_relation.py --gold ../shared/data/plv/plv_train.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
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
    parser.add_argument("--repeats", type=int, default=3, help="report the median run")
    parser.add_argument(
        "--models", nargs="+", default=["linear", "auto", "encoder"], help="which to time"
    )
    args = parser.parse_args(argv)
    import numpy as np

    from dateline.coding.encoder import load_encoder
    from dateline.coding.model import load_model
    from dateline.coding.relation import (
        classify_relation,
        classify_relations,
        needs_encoder,
        relation_features,
    )

    started = time.perf_counter()
    linear = load_model()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    load_encoder()
    encoder_loaded = time.perf_counter() - started
    rows = gold_rows(args.gold) if args.gold else seeded_rows(args.n)
    linear_p = np.array(
        [list(linear.main.probabilities(relation_features(*row)).values()) for row in rows]
    )
    asked = needs_encoder(linear_p, "auto").mean()
    print(
        f"{len(rows)} relations ({args.gold or 'seeded templates'}); model load linear "
        f"{loaded:.2f} s, encoder {encoder_loaded:.2f} s; the cascade asks the encoder about "
        f"{asked:.0%} of them"
    )
    for model in args.models:
        for mode in ("one by one", "batched"):
            times = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                if mode == "batched":
                    classify_relations(rows, model=model)
                else:
                    for sentence, source, target in rows:
                        classify_relation(sentence, source, target, model=model)
                times.append(time.perf_counter() - started)
            elapsed = statistics.median(times)
            print(
                f"  {model:<8} {mode:<11} {len(rows) / elapsed:8.0f} relations/s "
                f"({1000 * elapsed / len(rows):.2f} ms each; median of {args.repeats})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
