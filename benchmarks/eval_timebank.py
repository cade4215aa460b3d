"""Exact-range accuracy of `find_times` on TimeBank 1.2 (TempEval-3 TBAQ-cleaned) newswire.

For each document, run find_times(text, published=dct); a scored gold TIMEX3 counts as correct
when a found TimeRef overlaps its span and has exactly the gold start and end.

    .venv/bin/python benchmarks/eval_timebank.py [--failures 40] [--path FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from dateline.resolve.time import find_times

REPO = Path(__file__).resolve().parent.parent


def default_path() -> Path:
    root = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
    return root / "data" / "timebank" / "timebank.jsonl"


def evaluate(path: Path) -> dict[str, object]:
    """Counts per granularity: total, correct, found-with-another-range, not found."""
    total: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    failures: list[str] = []
    seconds = 0.0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            started = time.perf_counter()
            times = find_times(doc["text"], published=doc["dct"])
            seconds += time.perf_counter() - started
            for gold in doc["timexes"]:
                if not gold.get("scored"):
                    continue
                granularity = gold["granularity"]
                total[granularity] += 1
                start, end = gold["span"]
                overlapping = [t for t in times if t.span[0] < end and start < t.span[1]]
                if any(t.start == gold["start"] and t.end == gold["end"] for t in overlapping):
                    correct[granularity] += 1
                    continue
                if not overlapping:
                    missed[granularity] += 1
                got = "; ".join(f"{t.text!r} {t.start}..{t.end} {t.method}" for t in overlapping)
                context = doc["text"][max(0, start - 50) : end + 30].replace("\n", " ")
                failures.append(
                    f"{doc['dct']} {gold['text']!r} gold {gold['start']}..{gold['end']} "
                    f"({gold['value']}) got [{got or 'nothing'}] | {context}"
                )
    return {
        "total": total,
        "correct": correct,
        "missed": missed,
        "failures": failures,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=default_path())
    parser.add_argument("--failures", type=int, default=30, help="how many failures to list")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"missing {args.path}", file=sys.stderr)
        return 1
    result = evaluate(args.path)
    total, correct, missed = result["total"], result["correct"], result["missed"]
    overall = sum(correct.values()) / max(1, sum(total.values()))
    print(f"exact range accuracy: {overall:.3f} ({sum(correct.values())}/{sum(total.values())})")
    for granularity in sorted(total):
        share = correct[granularity] / total[granularity]
        print(
            f"  {granularity:8} {share:.3f} ({correct[granularity]}/{total[granularity]}),"
            f" not found {missed[granularity]}"
        )
    print(f"gold items not found at all: {sum(missed.values())}")
    print(f"find_times time: {result['seconds']:.2f} s over the corpus")
    failures = result["failures"]
    print(f"\nfailures ({len(failures)}), first {min(args.failures, len(failures))}:")
    for failure in failures[: args.failures]:
        print("  " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
