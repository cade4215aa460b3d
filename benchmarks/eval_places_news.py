"""Toponyms in international wire copy: `find_places` and `resolve_place` against a dev set.

`benchmarks/toponyms_news.csv` holds short sentences written for dateline (not copied from any
corpus) in the style of international wire stories, each with one intended toponym and its
GeoNames id, country (ISO3; "" for seas and multi-country regions) and coordinates. Datelines
("BEIRUT", "KYIV, Ukraine") are passed to `find_places(..., dateline=...)`.

Two readings are scored, as GeoWebNews/TR-News-style evaluations do:

* find: `find_places(sentence)` must find the toponym (a PlaceRef overlapping its first
  occurrence, or the dateline PlaceRef) and put it within 161 km (100 miles) of the truth and
  in the right country; a toponym not found counts as wrong;
* resolve: `resolve_place(name, context_countries=<the story's countries>)`.

Pairs of rows with the same name and different countries ("Tripoli" in a Libya story and in a
Lebanon story) are also reported: both must come out right.

    .venv/bin/python benchmarks/eval_places_news.py [--failures 40] [--path FILE]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

from dateline.records import PlaceRef
from dateline.resolve.places import find_places, resolve_place

DEFAULT = Path(__file__).resolve().parent / "toponyms_news.csv"
NEAR_KM = 161.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def found_place(row: dict[str, str]) -> PlaceRef | None:
    """What `find_places` gives for the row's toponym (None when it is not found)."""
    if row["dateline"]:
        places = find_places(row["sentence"], dateline=row["dateline"])
        return next((place for place in places if place.span is None), None)
    sentence = row["sentence"]
    start = sentence.find(row["toponym"])
    end = start + len(row["toponym"])
    places = find_places(sentence)
    return next(
        (p for p in places if p.span is not None and p.span[0] < end and start < p.span[1]), None
    )


def resolved_place(row: dict[str, str]) -> PlaceRef | None:
    name = row["toponym"].split(",")[0]
    name = name.title() if name.isupper() else name
    return resolve_place(name, context_countries=tuple(filter(None, row["context"].split("|"))))


def judge(place: PlaceRef | None, row: dict[str, str]) -> tuple[bool, bool, str]:
    """(within 161 km, right country, what was found)."""
    if place is None:
        return False, False, "nothing"
    near = place.lat is not None and (
        km(place.lat, place.lon, float(row["lat"]), float(row["lon"])) <= NEAR_KM
    )
    where = "?" if place.lat is None else f"{place.lat:.2f},{place.lon:.2f}"
    got = f"{place.name} {place.country or '-'} {where} ({place.method})"
    return near, place.country == row["country"], got


def evaluate(rows: list[dict[str, str]]) -> dict[str, object]:
    scores: dict[str, list[int]] = {"find": [0, 0], "resolve": [0, 0]}
    failures: list[str] = []
    outcome: dict[tuple[str, str], bool] = {}
    for row in rows:
        for mode, place in (("find", found_place(row)), ("resolve", resolved_place(row))):
            near, country, got = judge(place, row)
            scores[mode][0] += near
            scores[mode][1] += country
            key = (row["toponym"].split(",")[0].title(), row["country"])
            outcome[key] = outcome.get(key, True) and near and country
            if not (near and country):
                failures.append(
                    f"{mode:7} {row['toponym']!r} want {row['gazetteer_name']} "
                    f"{row['country'] or '-'} got {got} | {row['sentence'][:70]}"
                )
    by_name: dict[str, list[bool]] = defaultdict(list)
    for (name, _), right in outcome.items():
        by_name[name].append(right)
    pairs = {name: all(results) for name, results in by_name.items() if len(results) > 1}
    return {"scores": scores, "failures": failures, "pairs": pairs, "total": len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT)
    parser.add_argument("--failures", type=int, default=40, help="how many failures to list")
    args = parser.parse_args(argv)
    rows = read_rows(args.path)
    result = evaluate(rows)
    total = result["total"]
    print(f"{total} toponyms from {args.path.name}")
    for mode, (near, country) in result["scores"].items():
        print(
            f"  {mode:7} within {NEAR_KM:.0f} km {near / total:.3f} ({near}/{total}),"
            f" right country {country / total:.3f} ({country}/{total})"
        )
    pairs = result["pairs"]
    right = sum(pairs.values())
    wrong = sorted(name for name, ok in pairs.items() if not ok)
    print(f"  same name, different stories: {right}/{len(pairs)} names right in every story")
    if wrong:
        print(f"    wrong somewhere: {', '.join(wrong)}")
    failures = result["failures"]
    print(f"\nfailures ({len(failures)}), first {min(args.failures, len(failures))}:")
    for failure in failures[: args.failures]:
        print("  " + failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
