"""PLOVER modes of coded events against the synthetic stories' modes (weak labels).

Each story of `plover_synthetic.jsonl` was generated for one event type and, for 2,556 of
them, one mode ("Over Half of Haiti Teachers Now Out on Wildcat Strike": PROTEST, STRIKE).
The story (headline and text) is coded with `dateline.extract`; where some mention has the
story's type, the story's mode is the most specific of those the mentions name (as for the
mentions of one merged event, `coding.modes.preferred_mode`). Reported: how often
the type is found, and how often the mode then matches, per type and per mode. The labels
are what a generator was asked to write about, not annotations: read the figures as a check
that the cue words cover the ways events are told, not as accuracy on news.

    python benchmarks/eval_modes.py [--per-mode 8] [--split test|dev]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import dateline
from dateline.coding.modes import preferred_mode

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO.parent / "shared" / "data" / "plover_synthetic" / "plover_synthetic.jsonl"
SPELLING = {"primative": "primitive", "sieze": "seize"}  # the source's own misspellings


def gold_mode(row: dict) -> str:
    mode = row["mode"].lower()
    return SPELLING.get(mode, mode)


DEVELOPMENT = 4  # stories per (type, mode) the cue words were written on


def sample(path: Path, per_mode: int, split: str) -> list[dict]:
    """`per_mode` stories of each (type, mode) with a mode: of the first `DEVELOPMENT` of
    each group in a fixed shuffle ("dev"), or of those after them ("test")."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["mode"]:
                groups[(row["event_type"], gold_mode(row))].append(row)
    rng = random.Random(0)
    picked = []
    for key in sorted(groups):
        rows = groups[key]
        rng.shuffle(rows)
        part = rows[:DEVELOPMENT] if split == "dev" else rows[DEVELOPMENT:]
        picked += part[:per_mode]
    return picked


def coded_mode(row: dict) -> str | None:
    """The mode the story's mentions of its own type give ("" for none), or None when no
    mention has that type."""
    mentions = dateline.extract(row["text"], published="2023-01-01", title=row["headline"])
    modes = [m["mode"] for m in mentions if m["event_type"] == row["event_type"]]
    if not modes:
        return None
    return preferred_mode(row["event_type"], modes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-mode", type=int, default=8)
    parser.add_argument(
        "--split",
        choices=("test", "dev"),
        default="test",
        help="dev: the stories cues were written on",
    )
    parser.add_argument("--data", type=Path, default=SYNTHETIC)
    args = parser.parse_args()
    rows = sample(args.data, args.per_mode, args.split)
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_mode: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    for row in rows:
        gold, coded = gold_mode(row), coded_mode(row)
        tally = by_type[row["event_type"]]
        tally["stories"] += 1
        if coded is None:
            continue
        tally["found"] += 1
        tally["right"] += coded == gold
        by_mode[f"{row['event_type']}/{gold}"]["found"] += 1
        by_mode[f"{row['event_type']}/{gold}"]["right"] += coded == gold
        if coded != gold:
            confusion[(row["event_type"], gold, coded or "-")] += 1
    print(
        f"{len(rows)} synthetic stories with a mode (up to {args.per_mode} per type and mode, "
        f"{args.split} split)\n"
    )
    print(f"{'type':10} {'stories':>7} {'found':>6} {'mode right':>10}")
    totals: Counter = Counter()
    for kind, tally in sorted(by_type.items()):
        totals.update(tally)
        share = tally["right"] / tally["found"] if tally["found"] else 0.0
        print(f"{kind:10} {tally['stories']:7d} {tally['found']:6d} {share:10.2f}")
    found = totals["found"]
    print(
        f"\ntype found in {found / totals['stories']:.2f} of stories; mode right in "
        f"{totals['right'] / found:.2f} of those ({totals['right']} of {found})"
    )
    print("\nmode right by gold mode (of the stories whose type was found):")
    for key, tally in sorted(by_mode.items()):
        print(f"  {key:28} {tally['right']:3d} / {tally['found']:3d}")
    print("\nmost frequent misses (type, gold mode, coded mode):")
    for (kind, gold, coded), count in confusion.most_common(15):
        print(f"  {count:3d}  {kind} {gold} → {coded}")


if __name__ == "__main__":
    main()
