"""Exact-range accuracy of `find_times` on TimeBank 1.2 (TempEval-3 TBAQ-cleaned) newswire.

For each document, run find_times(text, published=dct); a scored gold TIMEX3 counts as correct
when a found TimeRef overlaps its span and has exactly the gold start and end.

TimeML gives "earlier this month" the value of the whole month (a TIMEX3 value cannot say
"the part of the month before the story"); dateline keeps the narrower range that still holds
the event (month start .. publication), so no past event is dated after publication. The
second line of the report scores both readings: ours, and ours with TimeML's whole period for
"earlier/later this week/month/year".

Rules are developed on the "dev" half of the documents (a hash of the document id decides, so
the halves never change) and the "test" half is read only for the report:

    .venv/bin/python benchmarks/eval_timebank.py [--split all|dev|test] [--failures 40]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from dateline.records import TimeRef
from dateline.resolve.time import find_times

REPO = Path(__file__).resolve().parent.parent


def default_path() -> Path:
    root = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
    return root / "data" / "timebank" / "timebank.jsonl"


def timeml_range(found: TimeRef) -> tuple[str, str]:
    """The range TimeML would give: the whole period for "earlier/later this <unit>"."""
    if found.method not in ("earlier-this", "later-this"):
        return found.start, found.end
    unit = found.text.lower().split()[-1]
    first, last = date.fromisoformat(found.start), date.fromisoformat(found.end)
    day = first if found.method == "later-this" else last
    if unit == "week":
        monday = day.fromordinal(day.toordinal() - day.weekday())
        return monday.isoformat(), monday.fromordinal(monday.toordinal() + 6).isoformat()
    if unit == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        end = following.fromordinal(following.toordinal() - 1)
        return day.replace(day=1).isoformat(), end.isoformat()
    return f"{day.year}-01-01", f"{day.year}-12-31"


def split_of(doc_id: str) -> str:
    """ "dev" or "test": a fixed half of the documents by a hash of their id."""
    return "dev" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "test"


def evaluate(path: Path, split: str = "all") -> dict[str, object]:
    """Counts per granularity: total, correct, found-with-another-range, not found."""
    total: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    correct_timeml = 0
    missed: Counter[str] = Counter()
    failures: list[str] = []
    seconds = 0.0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if split != "all" and split_of(doc["doc_id"]) != split:
                continue
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
                wanted = (gold["start"], gold["end"])
                correct_timeml += any(timeml_range(t) == wanted for t in overlapping)
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
        "correct_timeml": correct_timeml,
        "failures": failures,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=default_path())
    parser.add_argument("--failures", type=int, default=30, help="how many failures to list")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"missing {args.path}", file=sys.stderr)
        return 1
    result = evaluate(args.path, args.split)
    print(f"split: {args.split}")
    total, correct, missed = result["total"], result["correct"], result["missed"]
    overall = sum(correct.values()) / max(1, sum(total.values()))
    print(f"exact range accuracy: {overall:.3f} ({sum(correct.values())}/{sum(total.values())})")
    timeml = result["correct_timeml"] / max(1, sum(total.values()))
    print(f"  (with TimeML's whole period for 'earlier/later this <unit>': {timeml:.3f})")
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
