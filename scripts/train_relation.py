"""Train (and cross-validate) the relation classifier shipped as dateline/data/relation_model.json.

Reproducible: fixed seeds, fixed hyperparameters (chosen a priori, then checked by nested
cross-validation with `--nested`), sorted vocabularies, rounded weights — the same inputs give
the same file byte for byte.

Training data (nothing else; no evaluation sentence is read):
- `../shared/data/plv/plv_train.jsonl` — 1,050 sentence/source/target rows, 15 classes
  (YIELD = CONCEDE or RETREAT): the 15-class main model;
- `../shared/data/plover_synthetic/plover_synthetic.jsonl` — synthetic, document-level
  stories: the headline and first sentence of its CONCEDE and RETREAT stories train the
  binary splitter of YIELD (weak labels; used for nothing else by default, `--synthetic W`
  adds all stories to the main model with sample weight W to measure whether that helps).

Usage:
    python scripts/train_relation.py --cv            # 5-fold grouped CV report, no file written
    python scripts/train_relation.py --cv --nested   # also pick C inside each outer fold
    python scripts/train_relation.py                 # write src/dateline/data/relation_model.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.coding.model import (  # noqa: E402
    BLOCKS,
    FEATURE_VERSION,
    MODEL_FILE,
    relation_features,
)
from dateline.coding.ontology import EVENT_TYPES  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
PLV = SHARED / "plv" / "plv_train.jsonl"
SYNTHETIC = SHARED / "plover_synthetic" / "plover_synthetic.jsonl"
OUTPUT = REPO / "src" / "dateline" / "data" / MODEL_FILE

SEED = 0
FOLDS = 5
CONFIG = {
    "C": 8.0,
    "block_weights": {"words": 1.0, "context": 1.0, "chars": 1.0, "lex": 0.7},
    "min_df": {"words": 2, "context": 2, "chars": 2, "lex": 1},
    "class_weight": "balanced",
}
C_GRID = (2.0, 4.0, 8.0, 16.0, 32.0)
DIGITS = 5


def quad(label: str) -> int:
    return 2 if label == "YIELD" else EVENT_TYPES[label].quad_class


# --- data -------------------------------------------------------------------------------------


def span(actor: dict | None) -> tuple[int, int] | None:
    if not actor or actor.get("span") is None:
        return None
    start, end = actor["span"]
    return int(start), int(end)


def read_plv(path: Path = PLV) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(
                {
                    "sentence": row["sentence"],
                    "source": span(row.get("source")),
                    "target": span(row.get("target")),
                    "label": row["gold_root"],
                }
            )
    return rows


def first_sentence(text: str) -> str:
    text = re.sub(r"^\s*\(?[A-Z][\w .,/()-]{0,40}\)?\s*[-—–]+\s*", "", text.strip())
    match = re.match(r"(.+?[.!?])(\s|$)", text, flags=re.S)
    return (match.group(1) if match else text[:300]).strip()


def read_synthetic(path: Path = SYNTHETIC) -> list[dict]:
    """Headline and first sentence of each synthetic story, no actor spans (weak labels)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        story = json.loads(line)
        for text in (story["headline"], first_sentence(story["text"])):
            rows.append(
                {"sentence": text, "source": None, "target": None, "label": story["event_type"]}
            )
    return rows


def as_plv(rows: list[dict]) -> list[dict]:
    """Synthetic rows with CONCEDE/RETREAT relabelled YIELD, as in the PLV label set."""
    return [
        {**r, "label": "YIELD" if r["label"] in {"CONCEDE", "RETREAT"} else r["label"]}
        for r in rows
    ]


def groups_of(rows: list[dict]) -> list[int]:
    """Identical sentences share a group so that no sentence is on both sides of a fold."""
    ids: dict[str, int] = {}
    return [ids.setdefault(" ".join(r["sentence"].lower().split()), len(ids)) for r in rows]


# --- fitting ----------------------------------------------------------------------------------


def identity(items):
    return items


class Featurizer:
    def __init__(self, config: dict) -> None:
        self.config = config
        self.vectorizers: dict[str, TfidfVectorizer] = {}

    def fit(self, features: list[dict]) -> Featurizer:
        for name in BLOCKS:
            vectorizer = TfidfVectorizer(
                analyzer=identity,
                sublinear_tf=True,
                min_df=self.config["min_df"][name],
                norm="l2",
                dtype=np.float64,
            )
            vectorizer.fit([f[name] for f in features])
            self.vectorizers[name] = vectorizer
        return self

    def transform(self, features: list[dict]):
        parts = []
        for name in BLOCKS:
            matrix = self.vectorizers[name].transform([f[name] for f in features])
            parts.append(matrix * self.config["block_weights"][name])
        return sparse.hstack(parts).tocsr()


def fit_linear(features, labels, config, weights=None):
    featurizer = Featurizer(config).fit(features)
    x = featurizer.transform(features)
    model = LogisticRegression(
        C=config["C"], class_weight=config["class_weight"], max_iter=5000, random_state=SEED
    )
    model.fit(x, labels, sample_weight=weights)
    return featurizer, model


def decision(featurizer, model, features) -> np.ndarray:
    scores = model.decision_function(featurizer.transform(features))
    return scores if scores.ndim == 2 else scores[:, None]


def softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    if logits.shape[1] == 1:
        p = 1 / (1 + np.exp(-logits[:, 0] / temperature))
        return np.stack([1 - p, p], axis=1)
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimizing the negative log-likelihood of out-of-fold logits."""

    def nll(t: float) -> float:
        p = softmax(logits, t)
        return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))))

    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def oof_logits(rows, config, *, folds=FOLDS, extra=None, extra_weight=0.0, seed=SEED):
    """Out-of-fold logits over `rows` (grouped folds), with the classes in sorted order."""
    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    labels = np.array([r["label"] for r in rows])
    groups = groups_of(rows)
    classes = sorted(set(labels.tolist()))
    out = np.zeros((len(rows), len(classes) if len(classes) > 2 else 1))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    fold_of = np.zeros(len(rows), dtype=int)
    extra_features = [
        relation_features(r["sentence"], r["source"], r["target"]) for r in extra or []
    ]
    extra_labels = [r["label"] for r in extra or []]
    for k, (train, test) in enumerate(splitter.split(features, labels, groups)):
        train_features = [features[i] for i in train] + extra_features
        train_labels = list(labels[train]) + extra_labels
        weights = np.array([1.0] * len(train) + [extra_weight] * len(extra_features))
        featurizer, model = fit_linear(train_features, train_labels, config, weights)
        assert list(model.classes_) == classes
        out[test] = decision(featurizer, model, [features[i] for i in test])
        fold_of[test] = k
    return classes, out, fold_of


# --- scoring ----------------------------------------------------------------------------------


def expected_calibration_error(probabilities: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (confidence > lo) & (confidence <= hi)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def cross_validate(config: dict, *, nested: bool, synthetic_weight: float) -> dict:
    rows = read_plv()
    extra = as_plv(read_synthetic()) if synthetic_weight > 0 else None
    labels = np.array([r["label"] for r in rows])
    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    groups = groups_of(rows)
    classes = sorted(set(labels.tolist()))
    y = np.array([classes.index(label) for label in labels])
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    probabilities = np.zeros((len(rows), len(classes)))
    fold_scores, chosen = [], []
    fold_of = np.zeros(len(rows), dtype=int)
    for k, (train, test) in enumerate(splitter.split(features, labels, groups)):
        fold_of[test] = k
        inner_rows = [rows[i] for i in train]
        fold_config = dict(config)
        if nested:
            best = max(
                C_GRID,
                key=lambda c: f1_score(
                    [r["label"] for r in inner_rows],
                    [
                        classes[i]
                        for i in oof_logits(inner_rows, {**config, "C": c}, folds=4)[1].argmax(1)
                    ],
                    average="macro",
                ),
            )
            fold_config["C"] = best
            chosen.append(best)
        inner_classes, inner_logits, _ = oof_logits(
            inner_rows, fold_config, folds=4, extra=extra, extra_weight=synthetic_weight
        )
        inner_y = np.array([inner_classes.index(r["label"]) for r in inner_rows])
        temperature = fit_temperature(inner_logits, inner_y)
        extra_features = [
            relation_features(r["sentence"], r["source"], r["target"]) for r in extra or []
        ]
        weights = np.array([1.0] * len(train) + [synthetic_weight] * len(extra_features))
        featurizer, model = fit_linear(
            [features[i] for i in train] + extra_features,
            list(labels[train]) + [r["label"] for r in extra or []],
            fold_config,
            weights,
        )
        logits = decision(featurizer, model, [features[i] for i in test])
        probabilities[test] = softmax(logits, temperature)
        predicted = probabilities[test].argmax(axis=1)
        fold_scores.append(f1_score(y[test], predicted, average="macro"))
    predicted = probabilities.argmax(axis=1)
    per_class = f1_score(y, predicted, average=None, labels=range(len(classes)))
    quad_true = np.array([quad(classes[i]) for i in y])
    quad_pred = np.array([quad(classes[i]) for i in predicted])
    return {
        "folds": [round(s, 4) for s in fold_scores],
        "macro_f1_mean": round(statistics.mean(fold_scores), 4),
        "macro_f1_sd": round(statistics.stdev(fold_scores), 4),
        "macro_f1_pooled": round(f1_score(y, predicted, average="macro"), 4),
        "accuracy": round(float((predicted == y).mean()), 4),
        "quad_accuracy": round(float((quad_true == quad_pred).mean()), 4),
        "ece": round(expected_calibration_error(probabilities, y), 4),
        "per_class_f1": {c: round(float(f), 4) for c, f in zip(classes, per_class, strict=True)},
        "support": dict(sorted(Counter(labels.tolist()).items())),
        "chosen_C": chosen,
        # for combining with other models' out-of-fold outputs (not printed)
        "_probabilities": probabilities,
        "_fold_of": fold_of,
        "_y": y,
        "_classes": classes,
    }


# --- the locked fold (issue 23) ---------------------------------------------------------------


def development_logits(
    rows: list[dict],
    config: dict,
    *,
    seed: int,
    extra: list[dict] | None = None,
    extra_weight: float = 0.0,
    augment=None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Logits of every row of PLV train without looking at the locked fold for anything:
    out-of-fold logits over the inner folds of the development rows, and the logits of a
    model trained on all development rows for the locked rows. `extra` rows (weight
    `extra_weight`) join every training set; `augment(train_rows)` gives rows derived from a
    training set only (weight 1), so no test sentence leaks through it.

    Returns `(classes, logits, fold_of)`: `fold_of` is the inner fold of each development row
    and `relation_split.INNER_FOLDS` for the locked rows."""
    import relation_split

    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    labels = [r["label"] for r in rows]
    classes = sorted(set(labels))
    extra = list(extra or [])
    extra_features = [relation_features(r["sentence"], r["source"], r["target"]) for r in extra]
    out = np.zeros((len(rows), len(classes)))
    fold_of = relation_split.fold_ids(rows, seed=seed)
    dev = relation_split.development(rows)
    locked = np.flatnonzero(fold_of == relation_split.INNER_FOLDS)
    parts = [(train, test) for train, test in relation_split.inner_splits(rows, seed=seed)]
    for train, test in [*parts, (dev, locked)]:
        derived = augment([rows[i] for i in train]) if augment else []
        derived_features = [
            relation_features(r["sentence"], r["source"], r["target"]) for r in derived
        ]
        train_features = [features[i] for i in train] + extra_features + derived_features
        train_labels = (
            [labels[i] for i in train] + [r["label"] for r in extra] + [r["label"] for r in derived]
        )
        weights = np.array([1.0] * len(train) + [extra_weight] * len(extra) + [1.0] * len(derived))
        featurizer, model = fit_linear(train_features, train_labels, config, weights)
        assert list(model.classes_) == classes
        out[test] = decision(featurizer, model, [features[i] for i in test])
    return classes, out, fold_of


def relation_scores(
    probabilities: np.ndarray, y: np.ndarray, classes: list[str], *, bins: int = 15
) -> dict:
    """Macro-F1, accuracy, QuadClass accuracy and ECE (`bins` equal-width bins) of rows."""
    predicted = probabilities.argmax(axis=1)
    quads = np.array([quad(c) for c in classes])
    return {
        "macro_f1": round(float(f1_score(y, predicted, average="macro")), 4),
        "accuracy": round(float((predicted == y).mean()), 4),
        "quad_accuracy": round(float((quads[predicted] == quads[y]).mean()), 4),
        "ece": round(expected_calibration_error(probabilities, y, bins=bins), 4),
    }


def locked_evaluation(
    config: dict,
    *,
    seed: int = 0,
    extra: list[dict] | None = None,
    extra_weight: float = 0.0,
    augment=None,
) -> dict:
    """The recipe `config` on the inner folds (`inner`: pooled figures, `inner_folds`:
    macro-F1 per fold) and on the locked fold (`locked`), the temperature fitted on the inner
    out-of-fold logits only. `_probabilities`, `_y`, `_fold_of`, `_classes` for cascades."""
    import relation_split

    rows = read_plv()
    classes, logits, fold_of = development_logits(
        rows, config, seed=seed, extra=extra, extra_weight=extra_weight, augment=augment
    )
    y = np.array([classes.index(r["label"]) for r in rows])
    inner = fold_of < relation_split.INNER_FOLDS
    temperature = fit_temperature(logits[inner], y[inner])
    probabilities = softmax(logits, temperature)
    folds = [
        round(
            float(
                f1_score(y[fold_of == k], probabilities[fold_of == k].argmax(1), average="macro")
            ),
            4,
        )
        for k in range(relation_split.INNER_FOLDS)
    ]
    return {
        "inner": relation_scores(probabilities[inner], y[inner], classes),
        "inner_folds": folds,
        "inner_mean": round(float(np.mean(folds)), 4),
        "locked": relation_scores(probabilities[~inner], y[~inner], classes),
        "temperature": round(temperature, 4),
        "_probabilities": probabilities,
        "_y": y,
        "_fold_of": fold_of,
        "_classes": classes,
    }


# --- export -----------------------------------------------------------------------------------


def export_linear(featurizer: Featurizer, model, temperature: float, config: dict) -> dict:
    blocks = {}
    for name in BLOCKS:
        vectorizer = featurizer.vectorizers[name]
        vocabulary = vectorizer.vocabulary_
        names = sorted(vocabulary, key=vocabulary.get)
        blocks[name] = {
            "weight": config["block_weights"][name],
            "features": names,
            "idf": [round(float(v), DIGITS) for v in vectorizer.idf_],
        }
    coef = model.coef_.T  # [feature][class]
    return {
        "classes": [str(c) for c in model.classes_],
        "blocks": blocks,
        "coef": [[round(float(v), DIGITS) for v in row] for row in coef],
        "intercept": [round(float(v), DIGITS) for v in np.atleast_1d(model.intercept_)],
        "temperature": round(temperature, DIGITS),
    }


def prune(linear: dict) -> dict:
    """Drop features whose weights are all zero after rounding (keeps the file small)."""
    offset = 0
    coef = linear["coef"]
    kept_rows = []
    for spec in linear["blocks"].values():
        size = len(spec["features"])
        keep = [i for i in range(size) if any(coef[offset + i])]
        spec["features"] = [spec["features"][i] for i in keep]
        spec["idf"] = [spec["idf"][i] for i in keep]
        kept_rows.extend(coef[offset + i] for i in keep)
        offset += size
    linear["coef"] = kept_rows
    return linear


def train_main(config: dict) -> dict:
    rows = read_plv()
    classes, logits, _ = oof_logits(rows, config)
    y = np.array([classes.index(r["label"]) for r in rows])
    temperature = fit_temperature(logits, y)
    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    featurizer, model = fit_linear(features, [r["label"] for r in rows], config)
    return prune(export_linear(featurizer, model, temperature, config))


SPLIT_CONFIG = {
    "C": 4.0,
    "block_weights": {"words": 1.0, "context": 0.0, "chars": 1.0, "lex": 1.0},
    "min_df": {"words": 2, "context": 1, "chars": 2, "lex": 1},
    "class_weight": "balanced",
}


def train_yield_split() -> tuple[dict, dict]:
    """CONCEDE vs RETREAT from the synthetic stories' headlines and first sentences."""
    rows = [r for r in read_synthetic() if r["label"] in {"CONCEDE", "RETREAT"}]
    classes, logits, _ = oof_logits(rows, SPLIT_CONFIG)
    y = np.array([classes.index(r["label"]) for r in rows])
    temperature = fit_temperature(logits, y)
    accuracy = float(((logits[:, 0] > 0).astype(int) == y).mean())
    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    featurizer, model = fit_linear(features, [r["label"] for r in rows], SPLIT_CONFIG)
    report = {"rows": len(rows), "cv_accuracy": round(accuracy, 4)}
    return prune(export_linear(featurizer, model, temperature, SPLIT_CONFIG)), report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate; write nothing")
    parser.add_argument("--nested", action="store_true", help="choose C inside each fold")
    parser.add_argument(
        "--synthetic",
        type=float,
        default=0.0,
        metavar="W",
        help="add synthetic stories to the main model with weight W (CV only)",
    )
    parser.add_argument("--C", type=float, default=None, help="override C (CV only)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    config = dict(CONFIG)
    if args.C is not None:
        config["C"] = args.C
    if args.cv:
        report = cross_validate(config, nested=args.nested, synthetic_weight=args.synthetic)
        print(json.dumps({k: v for k, v in report.items() if not k.startswith("_")}, indent=2))
        return 0
    main_model = train_main(config)
    split_model, split_report = train_yield_split()
    data = {
        "feature_version": FEATURE_VERSION,
        "meta": {
            "trained_on": ["plv/plv_train.jsonl", "plover_synthetic/plover_synthetic.jsonl"],
            "config": config,
            "yield_split": split_report,
            "script": "scripts/train_relation.py",
        },
        "main": main_model,
        "yield_split": split_model,
    }
    args.output.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n")
    size = args.output.stat().st_size / 1e6
    print(f"wrote {args.output} ({size:.1f} MB); yield split {split_report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
