"""Learn the toponym ranker (`src/dateline/data/place_ranker.json`) from the LGL corpus.

LGL (../shared/data/lgl/lgl.jsonl: local US news, 2009, every toponym with its GeoNames
coordinates) is research data: only the weights are shipped. For each gold toponym the
candidates are those `resolve_place` would rank (`name_key`, at most `_CANDIDATES` by size),
described by `place_ranker.candidate_features` with the story's other place names read as
`find_places` reads them first (`story_places`). A candidate within 161 km of the gold point
is right. The model is a conditional logit (a softmax over each toponym's candidates, L2
penalty), fitted by L-BFGS: it learns to rank one name's namesakes against each other.

    .venv/bin/python scripts/train_place_ranker.py            # write the model (all of LGL)
    .venv/bin/python scripts/train_place_ranker.py --cv 5     # grouped-fold ranking accuracy

`benchmarks/eval_lgl.py --cv 5` reports find_places/resolve_place on folds the ranker never
saw, training each fold's ranker with `fit` below.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from dateline.resolve.gazetteer import _codes, _gazetteer
from dateline.resolve.place_ranker import FEATURES, MODEL_FILE, PRIOR, PlaceRanker, StoryPlaces
from dateline.resolve.place_ranker import candidate_features as features_of
from dateline.resolve.places import _CANDIDATES, name_key, story_places

REPO = Path(__file__).resolve().parent.parent
LGL = REPO.parent / "shared" / "data" / "lgl" / "lgl.jsonl"
NEAR_KM = 161.0
PENALTY = 20.0  # L2 towards the prior; chosen on LGL folds and our own international dev set


def read_docs(path: Path = LGL) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def fold_of(doc_id: str, folds: int) -> int:
    """A document's fold: fixed by a hash of its id, so every run splits alike."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % folds


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class Group:
    """One gold toponym: its candidates' feature rows and which are right."""

    rows: np.ndarray
    right: np.ndarray  # bool per row


def candidates(name: str) -> tuple[str, tuple[int, ...], bool]:
    gaz = _gazetteer()
    key, adjective = name_key(name)
    if not key:
        return "", (), False
    codes = tuple(2 * e for e in gaz.adjectives[key]) if adjective else _codes(key)
    if len(codes) > _CANDIDATES:
        codes = tuple(sorted(codes, key=lambda c: -gaz.pops[c // 2])[:_CANDIDATES])
    return key, codes, adjective


def collect(docs: list[dict]) -> list[Group]:
    """Training groups: gold toponyms with at least two candidates, one of them right."""
    gaz = _gazetteer()
    groups = []
    for doc in docs:
        first = story_places(doc["text"])
        for gold in doc["toponyms"]:
            if gold.get("lat") is None:
                continue
            key, codes, adjective = candidates(gold["text"])
            if len(codes) < 2:
                continue
            right = np.array(
                [
                    not math.isnan(gaz.lats[c // 2])
                    and haversine_km(gaz.lats[c // 2], gaz.lons[c // 2], gold["lat"], gold["lon"])
                    <= NEAR_KM
                    for c in codes
                ]
            )
            if not right.any() or right.all():
                continue
            story = StoryPlaces.of(entry for other, entry in first.items() if other != key)
            rows = np.array(features_of(codes, gold["text"], story, adjective=adjective))
            groups.append(Group(rows=rows, right=right))
    return groups


def fit(groups: list[Group], penalty: float | None = None) -> PlaceRanker:
    """Conditional logit: maximise the log share of softmax mass on the right candidates."""
    penalty = PENALTY if penalty is None else penalty
    stacked = np.concatenate([g.rows for g in groups])
    right = np.concatenate([g.right for g in groups])
    bounds = np.cumsum([0] + [len(g.rows) for g in groups])
    owner = np.repeat(np.arange(len(groups)), [len(g.rows) for g in groups])
    prior = np.array([PRIOR.get(name, 0.0) for name in FEATURES])

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        scores = stacked @ weights
        top = np.maximum.reduceat(scores, bounds[:-1])
        exp = np.exp(scores - top[owner])
        total = np.add.reduceat(exp, bounds[:-1])
        good = np.add.reduceat(exp * right, bounds[:-1])
        pull = weights - prior
        value = -np.sum(np.log(good) - np.log(total)) + penalty * pull @ pull / 2
        p_all = exp / total[owner]
        p_good = exp * right / good[owner]
        gradient = stacked.T @ (p_all - p_good) + penalty * pull
        return float(value), gradient

    result = minimize(loss, prior.copy(), jac=True, method="L-BFGS-B")
    return PlaceRanker(weights=tuple(float(w) for w in result.x), bias=0.0, source="")


def accuracy(ranker: PlaceRanker, groups: list[Group]) -> float:
    """Share of groups whose best-scored candidate is a right one."""
    weights = np.array(ranker.weights)
    hits = sum(bool(g.right[int(np.argmax(g.rows @ weights))]) for g in groups)
    return hits / max(1, len(groups))


def train(docs: list[dict]) -> PlaceRanker:
    ranker = fit(collect(docs))
    source = f"scripts/train_place_ranker.py on LGL ({len(docs)} documents)"
    return PlaceRanker(weights=ranker.weights, bias=ranker.bias, source=source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lgl", type=Path, default=LGL)
    parser.add_argument("--cv", type=int, default=0, help="grouped folds to cross-validate")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "dateline" / "data" / MODEL_FILE)
    args = parser.parse_args(argv)
    docs = read_docs(args.lgl)
    if args.cv:
        scores = []
        for fold in range(args.cv):
            train_docs = [d for d in docs if fold_of(d["doc_id"], args.cv) != fold]
            test_docs = [d for d in docs if fold_of(d["doc_id"], args.cv) == fold]
            ranker = fit(collect(train_docs))
            scores.append(accuracy(ranker, collect(test_docs)))
            print(f"fold {fold}: ranking accuracy {scores[-1]:.3f} on ambiguous gold toponyms")
        print(f"mean {sum(scores) / len(scores):.3f}")
        return 0
    ranker = train(docs)
    args.out.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    for name, weight in zip(FEATURES, ranker.weights, strict=True):
        print(f"  {name:18} {weight:+.3f}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
