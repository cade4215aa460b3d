"""Place resolution against the LGL geoparsing gold (local US news, March 2009).

Two measurements over every gold toponym of `../shared/data/lgl/lgl.jsonl`:

(a) `find_places` over the whole document: span recall (a gold span overlapped by a found
    place) and precision (found places overlapping some gold span; LGL leaves many toponyms
    untagged, so this under-reads), then the accuracy of the places it resolved for found spans;
(b) `resolve_place(gold text)` with the places `find_places` found in the same document as
    context (`context_places`; no gold information is used).

Accuracy: share within 161 km of the gold coordinates (haversine), share with the gold country,
exact GeoNames id. LGL tags demonyms ("Russian", "American") as toponyms; `resolve_place` reads
them as adjectival toponyms (their country or region), and figures are also given without them.

The shipped ranker (`place_ranker.json`) was trained on all of LGL, so a plain run is an
in-sample figure. `--cv 5` is the honest one: documents fall into five fixed folds (a hash of
the id), and each fold is read with a ranker trained on the other four
(`scripts/train_place_ranker.py`'s `fit`).

Usage: python benchmarks/eval_lgl.py [--cv 5] [--lgl PATH] [--limit N] [--failures N]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

from dateline.records import PlaceRef
from dateline.resolve.place_ranker import PlaceRanker
from dateline.resolve.places import find_places, name_key, resolve_place

DEFAULT_LGL = Path(__file__).resolve().parents[2] / "shared" / "data" / "lgl" / "lgl.jsonl"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def is_adjective(text: str) -> bool:
    return name_key(text)[1]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def judge(place: PlaceRef | None, gold: dict) -> dict[str, bool]:
    """Whether `place` is within 161 km of, in the country of, and the same id as `gold`."""
    if place is None:
        return {"km161": False, "country": False, "id": False}
    near = place.lat is not None and place.lon is not None
    near = near and haversine_km(place.lat, place.lon, gold["lat"], gold["lon"]) <= 161
    return {
        "km161": bool(near),
        "country": bool(gold.get("country")) and place.country == gold["country"],
        "id": place.geonameid == gold["geonameid"],
    }


def failure(place: PlaceRef | None, gold: dict) -> str:
    if place is None:
        return f"no match ({gold['fclass']}.{gold['fcode']})"
    if place.lat is None:
        return f"no coordinates ({place.method})"
    if place.country != gold.get("country"):
        return f"wrong country ({place.method} vs gold {gold['fcode']})"
    return f"right country, >161 km ({place.method} vs gold {gold['fcode']})"


def evaluate(docs: list[dict], rankers: dict[str, PlaceRanker] | None = None) -> dict:
    """`rankers` maps a document id to the ranker that reads it (default: the shipped one)."""
    totals: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for doc in docs:
        ranker = (rankers or {}).get(doc["doc_id"])
        found = find_places(doc["text"], ranker=ranker)
        spans = [place for place in found if place.span is not None]
        context = tuple(sorted({place.country for place in found if place.country}))
        golds = [gold for gold in doc["toponyms"] if gold.get("lat") is not None]
        totals["found"] += len(spans)
        totals["found_on_gold"] += sum(
            any(p.span[0] < g["span"][1] and g["span"][0] < p.span[1] for g in golds) for p in spans
        )
        for gold in golds:
            demonym = is_adjective(gold["text"])
            totals["gold"] += 1
            totals["gold_places"] += not demonym
            hit = next(
                (p for p in spans if p.span[0] < gold["span"][1] and gold["span"][0] < p.span[1]),
                None,
            )
            if hit is not None:
                totals["recalled"] += 1
                totals["recalled_places"] += not demonym
                totals["exact_span"] += tuple(hit.span) == tuple(gold["span"])
                for name, ok in judge(hit, gold).items():
                    totals[f"a_{name}"] += ok
            place = resolve_place(
                gold["text"], context_countries=context, context_places=found, ranker=ranker
            )
            verdict = judge(place, gold)
            for name, ok in verdict.items():
                totals[f"b_{name}"] += ok
                totals[f"b_{name}_places"] += ok and not demonym
            if not verdict["km161"]:
                kind = failure(place, gold)
                failures[kind] += 1
                got = "None" if place is None else f"{place.name}/{place.country}"
                examples.setdefault(kind, []).append(f"{gold['text']!r}->{got}")
    return {"totals": totals, "failures": failures, "examples": examples}


def cross_rankers(docs: list[dict], folds: int) -> dict[str, PlaceRanker]:
    """Each document's ranker: trained on the documents of the other folds."""
    sys.path.insert(0, str(SCRIPTS))
    from train_place_ranker import collect, fit, fold_of

    rankers: dict[str, PlaceRanker] = {}
    for fold in range(folds):
        ranker = fit(collect([d for d in docs if fold_of(d["doc_id"], folds) != fold]))
        for doc in docs:
            if fold_of(doc["doc_id"], folds) == fold:
                rankers[doc["doc_id"]] = ranker
    return rankers


def report(result: dict, *, show: int) -> str:
    t = result["totals"]

    def share(part: str, whole: str) -> str:
        return f"{t[part] / t[whole]:.3f} ({t[part]}/{t[whole]})" if t[whole] else "n/a"

    lines = [
        f"gold toponyms with coordinates: {t['gold']} ({t['gold_places']} without demonyms)",
        "(a) find_places over the document",
        f"  span recall (overlap):        {share('recalled', 'gold')}",
        f"  span recall, no demonyms:     {share('recalled_places', 'gold_places')}",
        f"  exact spans among recalled:   {share('exact_span', 'recalled')}",
        f"  precision (found on gold):    {share('found_on_gold', 'found')}",
        f"  recalled within 161 km:       {share('a_km161', 'recalled')}",
        f"  recalled right country:       {share('a_country', 'recalled')}",
        f"  recalled exact geonameid:     {share('a_id', 'recalled')}",
        "(b) resolve_place(gold text, context_places = find_places over the doc)",
        f"  within 161 km:                {share('b_km161', 'gold')}",
        f"  right country:                {share('b_country', 'gold')}",
        f"  exact geonameid:              {share('b_id', 'gold')}",
        f"  within 161 km, no demonyms:   {share('b_km161_places', 'gold_places')}",
        f"  right country, no demonyms:   {share('b_country_places', 'gold_places')}",
        f"  exact id, no demonyms:        {share('b_id_places', 'gold_places')}",
        "top failure categories of (b) (not within 161 km):",
    ]
    for kind, count in result["failures"].most_common(show):
        sample = ", ".join(Counter(result["examples"][kind]).most_common(6)[i][0] for i in
                           range(min(6, len(set(result["examples"][kind])))))  # fmt: skip
        lines.append(f"  {count:5d}  {kind}: {sample}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lgl", type=Path, default=DEFAULT_LGL)
    parser.add_argument("--limit", type=int, default=0, help="first N documents only")
    parser.add_argument("--failures", type=int, default=12)
    parser.add_argument(
        "--cv", type=int, default=0, help="folds, each read by a ranker trained on the others"
    )
    args = parser.parse_args(argv)
    docs = [json.loads(line) for line in args.lgl.open(encoding="utf-8")]
    docs = docs[: args.limit] if args.limit else docs
    started = time.perf_counter()
    rankers = cross_rankers(docs, args.cv) if args.cv else None
    result = evaluate(docs, rankers)
    elapsed = time.perf_counter() - started
    how = f"{args.cv}-fold held-out rankers" if args.cv else "shipped ranker (in-sample)"
    print(f"LGL: {len(docs)} documents, {how}, {elapsed:.1f} s (training included)")
    print(report(result, show=args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
