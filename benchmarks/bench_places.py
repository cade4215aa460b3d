"""Speed of place finding and resolution on one core: median toponyms/s over 5 repeats.

Seeded synthetic news sentences (place names from a fixed list mixed with person names,
titles, weekdays and demonyms that must not match). Index loading is timed separately.

Usage: python benchmarks/bench_places.py [--sentences N] [--repeats N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time

PLACES = [
    "Moscow", "Kyiv", "Paris", "Washington", "Beijing", "Donbas", "Gaza Strip", "Texas",
    "Bavaria", "Ontario", "Georgia", "St. Louis", "Bakhmut", "Crimea", "Black Sea", "Tehran",
    "New York", "Istanbul", "Syria", "Israel", "Khartoum", "Lagos", "Sao Paulo", "Caracas",
    "Seoul", "Taiwan Strait", "Gainesville", "Springfield", "Alexandria", "Kherson region",
]  # fmt: skip
NOISE = [
    "President Joe Biden", "Gen. Mark Milley", "Russian", "Chinese", "on Monday", "in March",
    "the Ministry of Defense", "officials said", "Mr. Smith", "the United Nations",
]  # fmt: skip
TEMPLATES = [
    "{n} said on Sunday that forces near {p} had been shelled, and {p2} was quiet.",
    "Officials in {p} met {n} to discuss aid for {p2}.",
    "{p} and {p2} signed an agreement, {n} said.",
    "Protesters gathered in {p} as {n} travelled from {p2}.",
]


def sentences(count: int, seed: int) -> tuple[list[str], list[str], int]:
    rng = random.Random(seed)
    texts, names = [], []
    for _ in range(count):
        p, p2 = rng.sample(PLACES, 2)
        texts.append(rng.choice(TEMPLATES).format(p=p, p2=p2, n=rng.choice(NOISE)))
        names += [p, p2]
    return texts, names, 2 * count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from dateline.resolve import gazetteer, places

    started = time.perf_counter()
    gazetteer._gazetteer()
    load = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index load: {load:.2f} s, peak RSS {rss:.0f} MB")

    texts, names, toponyms = sentences(args.sentences, args.seed)
    find_rates, resolve_rates = [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        found = sum(len(places.find_places(text)) for text in texts)
        find_rates.append(toponyms / (time.perf_counter() - started))
        started = time.perf_counter()
        for name in names:
            places.resolve_place(name, context_countries=("USA",))
        resolve_rates.append(len(names) / (time.perf_counter() - started))
    print(f"find_places:   {statistics.median(find_rates):,.0f} toponyms/s "
          f"({args.sentences} sentences, {toponyms} toponyms planted, {found} found)")  # fmt: skip
    print(f"resolve_place: {statistics.median(resolve_rates):,.0f} names/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
