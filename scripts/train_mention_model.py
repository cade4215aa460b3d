"""Train the mention-confidence model (`src/dateline/data/mention_model.json`).

Data: the real-news development stories of `../shared/data/real_news/guardian_dev.jsonl` with
hand-coded sentence gold — the `tune` half of `guardian_dev_gold.jsonl` (the `held` half is
never read here: it is the reported figure) and `benchmarks/data/guardian_extra_gold.jsonl`
(the other 68 stories). Every mention the coder makes in a coded sentence is an example; it
is right (1) when it matches a gold event of its sentence by the rules of
`dateline.evaluate_news` (same type; each gold side met by country or a shared content
word), whatever the modality, else wrong (0).

Also the PLOVER gold sentences of `../shared/data/plv/plv_train.jsonl`: a mention is right
when it has the gold type and the gold sides' countries from the independent labels of
`plv_train_actors.jsonl` (the rules of `dateline.evaluate.evaluate_events`). Each sentence is
coded with a relation classifier that never saw it (trained on the other four folds of the
relation model's cross-validation), so the classifier's probability, one of the features, is
what it would be on unseen text. The threshold is chosen on the news mentions only.

Model: L2-regularized logistic regression over `dateline.coding.confidence.mention_features`.
The threshold is chosen on out-of-fold probabilities (5 folds grouped by story): the one that
maximizes F1 of asserted mentions (as the scorer counts them) among thresholds whose
precision is at least `--min-precision`. The regularization strength is fixed, not searched.

    python scripts/train_mention_model.py            # cross-validate, fit, write the model
    python scripts/train_mention_model.py --report   # cross-validate only, print the curve
    python scripts/train_mention_model.py --no-plv   # news gold only
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
sys.path.insert(0, str(REPO / "scripts"))  # train_relation: the relation model's folds
SHARED = REPO.parent / "shared" / "data" / "real_news"
PLV = REPO.parent / "shared" / "data" / "plv" / "plv_train.jsonl"
STORIES = SHARED / "guardian_dev.jsonl"
GOLD = [
    (SHARED / "guardian_dev_gold.jsonl", "tune"),
    (REPO / "benchmarks/data/guardian_extra_gold.jsonl", "all"),
]
OUT = REPO / "src" / "dateline" / "data" / "mention_model.json"
C = 1.0  # inverse regularization strength (fixed)
# Sample weight of a PLV mention: isolated sentences are not the stories the model judges.
# Measured on out-of-fold probabilities (news threshold at precision >= 0.5): weight 0 gives
# news F1 0.180 and PLV found 0.450; 0.2 gives 0.171 and 0.528; 1.0 gives 0.121 and 0.514.
PLV_WEIGHT = 0.2
FOLDS = 5
SEED = 7


def news_examples() -> tuple[list[dict], list[int], list[bool], list[str], int]:
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


def relation_fold_models(path: Path = PLV) -> tuple[dict[str, int], dict[int, object]]:
    """The fold of each PLV sentence and, per fold, the linear relation model trained on the
    other folds (the relation model's cross-validation folds and recipe; the shipped model's
    YIELD splitter and temperature)."""
    import train_relation as T

    from dateline.coding.model import LinearModel, RelationModel, load_model

    rows = T.read_plv(path)
    labels = np.array([r["label"] for r in rows])
    splitter = T.StratifiedGroupKFold(n_splits=T.FOLDS, shuffle=True, random_state=T.SEED)
    shipped = load_model()
    fold_of: dict[str, int] = {}
    models: dict[int, object] = {}
    for fold, (train, test) in enumerate(splitter.split(rows, labels, T.groups_of(rows))):
        part = [rows[i] for i in train]
        features = [T.relation_features(r["sentence"], r["source"], r["target"]) for r in part]
        featurizer, model = T.fit_linear(features, [r["label"] for r in part], T.CONFIG)
        exported = T.export_linear(featurizer, model, shipped.main.temperature, T.CONFIG)
        models[fold] = RelationModel(
            main=LinearModel.from_json(exported), yield_split=shipped.yield_split, meta={}
        )
        for i in test:
            fold_of[rows[i]["sentence"]] = fold
    return fold_of, models


def plv_examples(
    path: Path = PLV,
) -> tuple[list[dict], list[int], list[bool], list[str], list[str]]:
    """Features, labels, whether each counts (asserted), group (`plv-<fold>`) and record id
    of every mention the coder makes on the PLOVER gold sentences, each coded with a relation
    model trained without its fold."""
    from dateline.coding import relation
    from dateline.coding.article import extract_articles
    from dateline.coding.confidence import all_features
    from dateline.evaluate import (
        DATE_KEYS,
        DEFAULT_DATE,
        gold_countries,
        gold_label,
        mention_matches,
        read_actor_labels,
        read_records,
    )
    from dateline.evaluate_news import asserted
    from dateline.pipeline import article_id
    from dateline.records import Article, Extraction, to_json

    fold_of, models = relation_fold_models(path)
    actors = read_actor_labels(path.with_name(f"{path.stem}_actors.jsonl"), confidence="all")
    features, labels, counted, groups, records = [], [], [], [], []
    shipped_loader = relation.load_model
    try:
        for record in read_records(path):
            text = record["sentence"]
            fold = fold_of[text]
            relation.load_model = lambda fold=fold: models[fold]  # this process only
            published = next(
                (str(record[k])[:10] for k in DATE_KEYS if record.get(k)), DEFAULT_DATE
            )
            day = date.fromisoformat(published)
            article = Article(
                id=article_id(text, title="", published=day), published=day, text=text
            )
            [extraction] = list(extract_articles([article]))
            assert isinstance(extraction, Extraction), extraction
            mentions = list(extraction.mentions)
            label = gold_label(record)
            sources = gold_countries(record, "source", actors)
            targets = gold_countries(record, "target", actors)
            for mention, feature in zip(mentions, all_features(mentions), strict=True):
                json_mention = to_json(mention)
                features.append(feature)
                labels.append(int(mention_matches(json_mention, label, sources, targets)))
                counted.append(asserted(json_mention))
                groups.append(f"plv-{fold}")
                records.append(record.get("id", ""))
    finally:
        relation.load_model = shipped_loader
    return features, labels, counted, groups, records


def fit_weights(features: list[dict], labels: list[int], weights: list[float]) -> dict[str, float]:
    """The model's weights fitted on these examples (as written to the model file)."""
    matrix, names = vectorize(features)
    model = fit(matrix, np.array(labels), np.array(weights))
    return {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}


def vectorize(features: list[dict], names: list[str] | None = None):
    names = names or sorted({k for f in features for k in f})
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(features), len(names)))
    for row, feature in enumerate(features):
        for name, value in feature.items():
            if name in index:
                matrix[row, index[name]] = value
    return matrix, names


def fit(matrix: np.ndarray, labels: np.ndarray, weights: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    # the "bias" feature is the intercept: not penalized separately
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    return model.fit(matrix, labels, sample_weight=weights)


def out_of_fold(matrix, labels, weights, groups) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    probabilities = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(matrix, labels, groups):
        model = fit(matrix[train], labels[train], weights[train])
        probabilities[test] = model.predict_proba(matrix[test])[:, 1]
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
    parser.add_argument("--no-plv", action="store_true", help="train on the news gold only")
    args = parser.parse_args(argv)
    if not STORIES.exists():
        print(f"{STORIES} not found: the development data lives in ../shared", file=sys.stderr)
        return 2
    features, labels, counted, groups, gold_total = news_examples()
    plv_count = 0
    if not args.no_plv and PLV.exists():
        more = plv_examples()
        plv_count = len(more[1])
        features, labels = features + more[0], labels + more[1]
        counted, groups = counted + more[2], groups + more[3]
    matrix, names = vectorize(features)
    labels = np.array(labels)
    counted = np.array(counted)
    news = np.arange(len(labels)) < len(labels) - plv_count
    sample_weights = np.where(news, 1.0, PLV_WEIGHT)
    # the threshold and the figures are the news mentions' (the PLV sentences only train)
    probabilities = out_of_fold(matrix, labels, sample_weights, groups)[news]
    news_labels, news_counted = labels[news], counted[news]
    rows = curve(probabilities, news_labels, news_counted, gold_total)
    print(f"{news.sum()} news mentions ({news_labels.sum()} right), {gold_total} gold events")
    print(f"{plv_count} PLV mentions ({labels[~news].sum()} right) train too")
    ece = calibration_error(probabilities, news_labels)
    print(f"out-of-fold ECE {ece:.3f}")
    print("threshold  precision  recall  F1")
    for threshold, precision, recall, f1 in rows:
        print(f"{threshold:9.3f} {precision:10.3f} {recall:7.3f} {f1:6.3f}")
    eligible = [r for r in rows if r[1] >= args.min_precision] or rows
    threshold = max(eligible, key=lambda r: (r[3], -r[0]))[0]
    print(f"chosen threshold {threshold} (best F1 with precision >= {args.min_precision})")
    if args.report:
        return 0
    model = fit(matrix, labels, sample_weights)
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
                    "plv_mentions": plv_count,
                    "stories": len({g for g in groups if not g.startswith("plv-")}),
                    "gold": [f"{path.name}:{split}" for path, split in GOLD]
                    + ([PLV.name] if plv_count else []),
                },
                "cross_validated": {
                    "precision": round(chosen[1], 4),
                    "recall": round(chosen[2], 4),
                    "f1": round(chosen[3], 4),
                    "ece": round(ece, 4),
                },
                "C": C,
                "plv_weight": PLV_WEIGHT,
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
