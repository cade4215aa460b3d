"""Place resolution against GeoVirus (WikiNews passages on disease outbreaks, worldwide).

GeoVirus (../shared/data/geovirus/geovirus.jsonl, research data) gives each toponym the
coordinates of the Wikipedia page its annotators linked. Nothing in dateline was chosen on it:
it is read once, after the ranker and the rules were fixed on LGL and our own dev set.

A prediction is right when it lies within 161 km of the gold point, or when it is the country
or first-level division that the gold Wikipedia page names (countries and regions carry their
page's coordinates, often hundreds of km from GeoNames' point for the same area).

(a) `find_places` over each passage: recall of gold spans, and the share right among those
    found (a gold toponym not found is wrong in "(a) right of all");
(b) `resolve_place(gold text, context_places = find_places over the passage)`.

    .venv/bin/python benchmarks/eval_geovirus.py [--path FILE] [--failures 30]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from dateline.records import PlaceRef
from dateline.resolve.gazetteer import ADMIN1, COUNTRY, _codes, _gazetteer, normalize_name
from dateline.resolve.places import _entry_of, find_places, resolve_place

REPO = Path(__file__).resolve().parent.parent
NEAR_KM = 161.0


def default_path() -> Path:
    root = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
    return root / "data" / "geovirus" / "geovirus.jsonl"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def page_title(url: str) -> str:
    """ "https://en.wikipedia.org/wiki/Georgia_(country)" -> "Georgia"."""
    title = unquote(url.rsplit("/", 1)[-1]).replace("_", " ")
    return re.sub(r"\s*\([^)]*\)$", "", title)


def names_area(place: PlaceRef, gold: dict) -> bool:
    """Whether `place` is the country or first-level division the gold page is about."""
    entry = _entry_of(place)
    gaz = _gazetteer()
    if entry is None or gaz.kinds[entry] not in (COUNTRY, ADMIN1):
        return False
    title = normalize_name(page_title(gold.get("wikipedia", "")))
    return entry in {code // 2 for code in _codes(title)}


def right(place: PlaceRef | None, gold: dict) -> bool:
    if place is None:
        return False
    near = place.lat is not None and km(place.lat, place.lon, gold["lat"], gold["lon"]) <= NEAR_KM
    return near or names_area(place, gold)


def evaluate(docs: list[dict]) -> dict:
    totals: Counter[str] = Counter()
    failures: list[str] = []
    for doc in docs:
        found = find_places(doc["text"])
        spans = [p for p in found if p.span is not None]
        for gold in doc["toponyms"]:
            totals["gold"] += 1
            start, end = gold["span"]
            hit = next((p for p in spans if p.span[0] < end and start < p.span[1]), None)
            if hit is not None:
                totals["recalled"] += 1
                totals["a_right"] += right(hit, gold)
            place = resolve_place(gold["text"], context_places=found)
            ok = right(place, gold)
            totals["b_right"] += ok
            if not ok:
                got = "None" if place is None else f"{place.name}/{place.country} ({place.method})"
                failures.append(f"{gold['text']!r} -> {got} | gold {page_title(gold['wikipedia'])}")
    return {"totals": totals, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=default_path())
    parser.add_argument("--failures", type=int, default=30)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"missing {args.path}", file=sys.stderr)
        return 1
    docs = [json.loads(line) for line in args.path.open(encoding="utf-8")]
    result = evaluate(docs)
    t = result["totals"]

    def share(part: str, whole: str) -> str:
        return f"{t[part] / t[whole]:.3f} ({t[part]}/{t[whole]})" if t[whole] else "n/a"

    print(f"GeoVirus: {len(docs)} passages, {t['gold']} toponyms")
    print(f"(a) find_places: span recall {share('recalled', 'gold')}")
    print(f"    right among found {share('a_right', 'recalled')}")
    print(f"    right of all gold {share('a_right', 'gold')}")
    print(f"(b) resolve_place(gold text, story context): right {share('b_right', 'gold')}")
    failures = result["failures"]
    print(f"\nfailures of (b) ({len(failures)}), first {min(args.failures, len(failures))}:")
    for line, count in Counter(failures).most_common(args.failures):
        print(f"  {count:3d}  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
