"""Speed of `find_times`: time expressions resolved per second on one core.

A seeded set of news sentences (each with one to three time expressions, some with none) is
resolved five times; the median expressions/s is printed.

    .venv/bin/python benchmarks/bench_time.py [--sentences 5000] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from dateline.resolve.time import find_times

SUBJECTS = [
    "Russian President Vladimir Putin",
    "The company",
    "Protesters in the capital",
    "The defense minister",
    "Officials",
    "The central bank",
]
VERBS = ["met with reporters", "said", "announced new measures", "reported a loss", "arrived"]
EXPRESSIONS = [
    "on Sunday",
    "last week",
    "yesterday",
    "on Saturday, March 25, 2023",
    "earlier this month",
    "in March",
    "two weeks ago",
    "in the third quarter",
    "last year",
    "in 2021",
    "late last month",
    "this spring",
    "the past two weeks",
    "on Jan. 5",
    "in the 1990s",
    "less than a month after the summit",
    "two days before the vote",
    "today",
    "last summer",
    "in early March",
    "on 2023-03-25",
    "between March 20 and March 22",
]
FILLERS = [
    "in Moscow",
    "according to a statement",
    "despite a three-day state visit",
    "with 2,000 troops",
    "for two hours",
    "",
]


def make_sentences(count: int, seed: int) -> list[tuple[str, date]]:
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS)]
        for _ in range(rng.randint(1, 3)):
            parts.append(rng.choice(EXPRESSIONS))
            parts.append(rng.choice(FILLERS))
        published = date(1990, 1, 1) + timedelta(days=rng.randrange(12_000))
        sentences.append((" ".join(p for p in parts if p) + ".", published))
    return sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sentences = make_sentences(args.sentences, args.seed)
    rates = []
    found = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = sum(len(find_times(text, published=published)) for text, published in sentences)
        rates.append(found / (time.perf_counter() - started))
    print(
        f"{len(sentences)} sentences, {found} expressions per run; "
        f"median {statistics.median(rates):,.0f} expressions/s "
        f"(runs: {', '.join(f'{r:,.0f}' for r in rates)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
