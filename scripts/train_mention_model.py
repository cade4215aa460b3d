"""Train the mention-confidence model (`src/dateline/data/mention_model.json`).

Data: the real-news development stories of `../shared/data/real_news/guardian_dev.jsonl` with
hand-coded sentence gold — the `tune` half of `guardian_dev_gold.jsonl` (the `held` half is
never read here: it is the reported figure) and `benchmarks/data/guardian_extra_gold.jsonl`
(the other 68 stories). Every mention the coder makes in a coded sentence is an example; it
is right (1) when it matches a gold event of its sentence by the rules of
`dateline.evaluate_news` (same type; each gold side met by country or a shared content
word), whatever the modality, else wrong (0).

Model: L2-regularized logistic regression over `dateline.coding.confidence.mention_features`.
The threshold is chosen on out-of-fold probabilities (5 folds grouped by story): the one that
maximizes F1 of asserted mentions (as the scorer counts them) among thresholds whose
precision is at least `--min-precision`. The regularization strength is fixed, not searched.

    python scripts/train_mention_model.py            # cross-validate, fit, write the model
    python scripts/train_mention_model.py --report   # cross-validate only, print the curve
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "real_news"
STORIES = SHARED / "guardian_dev.jsonl"
GOLD = [
    (SHARED / "guardian_dev_gold.jsonl", "tune"),
    (REPO / "benchmarks/data/guardian_extra_gold.jsonl", "all"),
]
OUT = REPO / "src" / "dateline" / "data" / "mention_model.json"
C = 1.0  # inverse regularization strength (fixed)
FOLDS = 5
SEED = 7


def examples() -> tuple[list[dict], list[int], list[bool], list[str], int]:
    """Features, labels, whether each counts for the scorer (asserted), story ids, and the
    number of asserted gold events."""
    from dateline.coding.article import extract_articles
    from dateline.coding.confidence import all_features
    from dateline.evaluate_news import asserted, full_match, overlap, read_jsonl, split_ids
    from dateline.pipeline import article_id
    from dateline.records import Article, Extraction, to_json

    stories = {row["id"]: row for row in read_jsonl(STORIES)}
    features, labels, counted, groups = [], [], [], []
    gold_total = 0
    for path, split in GOLD:
        by_story: dict[str, list[dict]] = {}
        for row in read_jsonl(path):
            by_story.setdefault(row["story_id"], []).append(row)
        for story_id in split_ids(by_story)[split]:
            story = stories[story_id]
            rows = by_story[story_id]
            published = story["published"]
            day = date.fromisoformat(published)
            article = Article(
                id=article_id(story["text"], title="", published=day),
                published=day,
                text=story["text"],
                origin=story_id,
            )
            [extraction] = list(extract_articles([article]))
            assert isinstance(extraction, Extraction), extraction
            mentions = list(extraction.mentions)
            story_features = all_features(mentions)
            for mention, feature in zip(mentions, story_features, strict=True):
                span = mention.sentence_span
                best = max(range(len(rows)), key=lambda i: overlap(span, rows[i]["span"]))
                if overlap(span, rows[best]["span"]) <= 0:
                    continue
                record = to_json(mention)
                gold = rows[best]["events"]
                right = any(full_match(record, event) for event in gold)
                features.append(feature)
                labels.append(int(right))
                counted.append(asserted(record))
                groups.append(story_id)
            gold_total += sum(asserted(e) for row in rows for e in row["events"])
    return features, labels, counted, groups, gold_total


def vectorize(features: list[dict], names: list[str] | None = None):
    names = names or sorted({k for f in features for k in f})
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(features), len(names)))
    for row, feature in enumerate(features):
        for name, value in feature.items():
            if name in index:
                matrix[row, index[name]] = value
    return matrix, names


def fit(matrix: np.ndarray, labels: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    # the "bias" feature is the intercept: not penalized separately
    return LogisticRegression(C=C, max_iter=2000, fit_intercept=False).fit(matrix, labels)


def out_of_fold(matrix, labels, groups) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    probabilities = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(matrix, labels, groups):
        probabilities[test] = fit(matrix[train], labels[train]).predict_proba(matrix[test])[:, 1]
    return probabilities


def curve(probabilities, labels, counted, gold_total) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F1) of the asserted mentions kept at each threshold.
    A right mention is counted as one matched gold event (the scorer matches one to one, so
    this is an upper bound when two mentions match one event)."""
    rows = []
    for threshold in np.arange(0.0, 0.96, 0.025):
        kept = (probabilities >= threshold) & counted
        hits = int((labels & kept).sum())
        n = int(kept.sum())
        precision = hits / n if n else 0.0
        recall = hits / gold_total if gold_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((round(float(threshold), 3), precision, recall, f1))
    return rows


def calibration_error(probabilities, labels, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (probabilities >= lo) & (probabilities < hi if hi < 1 else probabilities <= hi)
        if inside.any():
            total += inside.sum() * abs(probabilities[inside].mean() - labels[inside].mean())
    return float(total / len(labels))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="cross-validate only")
    parser.add_argument("--min-precision", type=float, default=0.5)
    args = parser.parse_args(argv)
    if not STORIES.exists():
        print(f"{STORIES} not found: the development data lives in ../shared", file=sys.stderr)
        return 2
    features, labels, counted, groups, gold_total = examples()
    matrix, names = vectorize(features)
    labels = np.array(labels)
    counted = np.array(counted)
    probabilities = out_of_fold(matrix, labels, groups)
    rows = curve(probabilities, labels, counted, gold_total)
    print(f"{len(labels)} mentions ({labels.sum()} right), {gold_total} asserted gold events")
    print(f"out-of-fold ECE {calibration_error(probabilities, labels):.3f}")
    print("threshold  precision  recall  F1")
    for threshold, precision, recall, f1 in rows:
        print(f"{threshold:9.3f} {precision:10.3f} {recall:7.3f} {f1:6.3f}")
    eligible = [r for r in rows if r[1] >= args.min_precision] or rows
    threshold = max(eligible, key=lambda r: (r[3], -r[0]))[0]
    print(f"chosen threshold {threshold} (best F1 with precision >= {args.min_precision})")
    if args.report:
        return 0
    model = fit(matrix, labels)
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}
    chosen = next(r for r in rows if r[0] == threshold)
    OUT.write_text(
        json.dumps(
            {
                "threshold": threshold,
                "weights": weights,
                "trained_on": {
                    "mentions": len(labels),
                    "right": int(labels.sum()),
                    "stories": len(set(groups)),
                    "gold": [f"{path.name}:{split}" for path, split in GOLD],
                },
                "cross_validated": {
                    "precision": round(chosen[1], 4),
                    "recall": round(chosen[2], 4),
                    "f1": round(chosen[3], 4),
                    "ece": round(calibration_error(probabilities, labels), 4),
                },
                "C": C,
            },
            indent=1,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
