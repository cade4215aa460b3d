"""Quality gate for event coding: relation classification and end-to-end coding vs gold.

What it measures (each against pinned floors in benchmarks/floors.json with `--check-floors`):

- `relations:<file>` — `classify_relation` on relation rows (default: PLV train). On PLV
  train this is the shipped model's fit to its own training data: a regression gate, not an
  estimate of quality on unseen data (use `--cv` for that).
- `cv-<file>` (with `--cv`) — 5-fold grouped cross-validation of the linear model's recipe on
  PLV train (`scripts/train_relation.py`): the honest estimate. Takes about a minute.
- `cv-auto-<file>` (with `--cv`) — the same for `classify_relation`'s cascade: the linear
  model's out-of-fold probabilities from that run, the encoder's out-of-fold logits as recorded
  by `scripts/train_encoder.py --cv` in `benchmarks/encoder_oof.npz` (same folds).
- `--locked` (issue 23; prints only this) — the locked evaluation fold of PLV train
  (`scripts/relation_split.py`: 210 rows no choice ever looks at) beside the inner-CV figures
  on the other 840 rows: macro-F1, accuracy, QuadClass accuracy, ECE (15 bins), for the linear
  model (retrained on the 840) and the cascade (recorded out-of-fold encoder logits), with the
  spread over inner seeds and a bootstrap interval. Temperatures and cascade thresholds are
  fitted on the inner folds only. About 20 s.
- `events:<file>@<labels>` — end to end: `dateline.extract` on each gold sentence; found = a
  mention with the gold type and the gold source/target countries, which come from the
  independent labels beside the gold file (`plv_train_actors.jsonl`; `:all` every labelled
  side, `:high` only sides labelled with high confidence), never from the coder (see
  `dateline.evaluate`). The rule coder's classifier is swapped per sentence for one that did
  not see it. The rules were written reading PLV train: a development figure, not an
  estimate for unseen text.
- `news-tune:` / `news-held:<gold>` — real news (`../shared/data/real_news/`): precision,
  recall and F1 of type + source + target against hand-coded sentence gold (see
  `dateline.evaluate_news`). Rules and thresholds are chosen on the `tune` half of the stories;
  `held` is the figure to report (never read while writing rules).

The rule coder asks the relation classifier to check its frames; on PLV train each sentence
is therefore coded with a classifier trained on the other folds (`--in-sample` to skip that).

Usage:
    python benchmarks/eval_relation.py                       # report
    python benchmarks/eval_relation.py --check-floors [--cv] # exit 1 if below a floor
    python benchmarks/eval_relation.py --locked              # locked fold vs inner CV
    python benchmarks/eval_relation.py --check-floors --allow-lower   # accept lower figures
    python benchmarks/eval_relation.py --pin-floors [--cv]   # (re)pin floors at the figures
    python benchmarks/eval_relation.py --relations FILE --events FILE   # other gold files
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dateline.evaluate import (
    RelationReport,
    check_floors,
    evaluate_events,
    evaluate_relations,
    format_report,
    pin_floors,
    sha256_of,
)
from dateline.evaluate_news import evaluate_news

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PLV = SHARED / "plv" / "plv_train.jsonl"
NEWS_STORIES = SHARED / "real_news" / "guardian_dev.jsonl"
NEWS_GOLD = SHARED / "real_news" / "guardian_dev_gold.jsonl"
FLOORS = Path(__file__).resolve().parent / "floors.json"
ENCODER_OOF = Path(__file__).resolve().parent / "encoder_oof.npz"
sys.path.insert(0, str(REPO / "scripts"))  # train_relation: the recipes cross-validated here


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cv_reports(path: Path) -> list[RelationReport]:
    """Cross-validated estimates: the linear model alone (`cv-`) and the cascade behind
    `classify_relation` (`cv-auto-`), each as a RelationReport (macro-F1/QuadClass/ECE)."""
    import train_relation

    figures = train_relation.cross_validate(
        train_relation.CONFIG, nested=False, synthetic_weight=0.0
    )
    print(
        f"cv (linear): {path} — macro-F1 per fold {figures['folds']}, mean "
        f"{figures['macro_f1_mean']:.4f} ± {figures['macro_f1_sd']:.4f}; accuracy "
        f"{figures['accuracy']:.4f}; QuadClass {figures['quad_accuracy']:.4f}; "
        f"ECE {figures['ece']:.4f}\n    per class F1 {figures['per_class_f1']}"
    )
    linear = figures_report(path, f"cv-{path.name}", figures["macro_f1_mean"])
    linear.accuracy, linear.quad_accuracy = figures["accuracy"], figures["quad_accuracy"]
    linear.ece = figures["ece"]
    return [linear, cascade_report(path, figures)]


def figures_report(path: Path, name: str, macro_f1: float) -> RelationReport:
    """A report that carries figures only (no per-row gold and predictions)."""
    report = RelationReport(path=name, labels=(), gold=[], predicted=[])
    report.macro_f1 = macro_f1
    report.sha256 = sha256_of(path)
    return report


def recorded_logits(path: Path, meta: dict):
    """The shipped encoder's out-of-fold logits: the mean over its members of those each
    member's recipe gave in `scripts/train_encoder.py --cv` (files named in its meta.json)."""
    import json

    import numpy as np

    logits = []
    for member in meta["members"]:
        oof = REPO / member["oof"]
        recorded = np.load(oof)
        if str(recorded["sha256"]) != sha256_of(path):
            raise SystemExit(f"{oof} was recorded on another {path.name}: re-record it")
        config = {**member["config"]}
        if {**config, **json.loads(str(recorded["report"]))["config"]} != config:
            raise SystemExit(f"{oof} is of another recipe than the shipped {member['file']}")
        logits.append(recorded["logits"])
    return np.mean(logits, axis=0)


def cascade_report(path: Path, figures: dict) -> RelationReport:
    """The cascade on out-of-fold outputs: the linear model's from the CV just run, the
    encoder's as recorded by `scripts/train_encoder.py --cv` for each member
    (benchmarks/encoder_oof*.npz; recording needs torch: ~5 min on a GPU, ~35 min on two CPU
    cores per member). The recordings must be of this PLV file and of the members' recipes."""
    import numpy as np
    import train_relation
    from sklearn.metrics import f1_score

    from dateline.coding.encoder import load_encoder
    from dateline.coding.relation import CONFIDENT, blend, needs_encoder
    from dateline.evaluate import expected_calibration_error, quad_of

    encoder = load_encoder()
    classes, y, fold_of = figures["_classes"], figures["_y"], figures["_fold_of"]
    assert list(encoder.classes) == list(classes)
    encoder_p = train_relation.softmax(recorded_logits(path, encoder.meta), encoder.temperature)
    linear_p = figures["_probabilities"]
    ask = needs_encoder(linear_p, "auto")
    combined = linear_p.copy()
    combined[ask] = blend(linear_p[ask], encoder_p[ask], "auto")
    predicted = combined.argmax(axis=1)
    folds = [
        f1_score(y[fold_of == k], predicted[fold_of == k], average="macro")
        for k in range(fold_of.max() + 1)
    ]
    report = figures_report(path, f"cv-auto-{path.name}", round(float(np.mean(folds)), 4))
    report.accuracy = round(float((predicted == y).mean()), 4)
    same_quad = [
        quad_of(classes[a]) == quad_of(classes[b]) for a, b in zip(y, predicted, strict=True)
    ]
    report.quad_accuracy = round(float(np.mean(same_quad)), 4)
    report.ece = round(
        expected_calibration_error(combined.max(axis=1).tolist(), (predicted == y).tolist()), 4
    )
    encoder_alone = encoder_p.argmax(axis=1)
    print(
        f"cv (classify_relation: linear, encoder where the linear model is below "
        f"{CONFIDENT}): macro-F1 per fold {[round(f, 4) for f in folds]}, mean "
        f"{report.macro_f1:.4f}; accuracy {report.accuracy:.4f}; QuadClass "
        f"{report.quad_accuracy:.4f}; ECE {report.ece:.4f}; encoder asked for "
        f"{ask.mean():.0%} of pairs; encoder alone macro-F1 "
        f"{f1_score(y, encoder_alone, average='macro'):.4f} (pooled)"
    )
    return report


CASCADE_CONFIDENT = (0.7, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: the encoder is always asked
CASCADE_LINEAR_WEIGHT = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
LOCKED_SEEDS = (0, 1, 2)


def cascade(linear_p, encoder_p, confident: float, weight: float):
    """`classify_relation`'s cascade with other thresholds: the linear model alone where its
    top probability is >= `confident`, else `weight` x linear + (1 - weight) x encoder."""
    ask = linear_p.max(axis=1) < confident
    combined = linear_p.copy()
    combined[ask] = weight * linear_p[ask] + (1 - weight) * encoder_p[ask]
    return combined, ask


def bootstrap_interval(y, predicted, *, draws: int = 1000, seed: int = 0):
    """95% percentile interval of macro-F1 over rows resampled with replacement."""
    import numpy as np
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(seed)
    values = []
    for _ in range(draws):
        pick = rng.integers(0, len(y), len(y))
        values.append(f1_score(y[pick], predicted[pick], average="macro"))
    low, high = np.percentile(values, [2.5, 97.5])
    return round(float(low), 4), round(float(high), 4)


def locked_report(path: Path) -> None:
    """Figures on the locked fold of PLV train (`scripts/relation_split.py`) beside the
    inner-CV figures on the other 80%, every choice (temperatures, cascade thresholds) made
    on the inner folds. The linear model is retrained here; the encoder is not (that needs
    torch): its logits are the out-of-fold ones recorded by `scripts/train_encoder.py --cv`
    (benchmarks/encoder_oof.npz), so each row is scored by an encoder whose training never
    saw its sentence, trained on another 80% of PLV train (the old 5-fold CV's)."""
    import json

    import numpy as np
    import relation_split
    import train_relation
    from sklearn.metrics import f1_score

    from dateline.coding.encoder import load_encoder
    from dateline.coding.relation import CONFIDENT, LINEAR_WEIGHT

    def line(name: str, scores: dict) -> str:
        return (
            f"{name:<34} macro-F1 {scores['macro_f1']:.4f}  accuracy {scores['accuracy']:.4f}  "
            f"QuadClass {scores['quad_accuracy']:.4f}  ECE(15) {scores['ece']:.4f}"
        )

    runs = {
        seed: train_relation.locked_evaluation(train_relation.CONFIG, seed=seed)
        for seed in LOCKED_SEEDS
    }
    first = runs[LOCKED_SEEDS[0]]
    classes, y, fold_of = first["_classes"], first["_y"], first["_fold_of"]
    inner = fold_of < relation_split.INNER_FOLDS
    locked = ~inner
    print(f"locked fold of {path.name}: {locked.sum()} rows; inner folds: {inner.sum()} rows")
    print(line("linear, inner CV (pooled)", first["inner"]))
    print(line("linear, locked fold", first["locked"]))
    means = [r["inner_mean"] for r in runs.values()]
    print(
        f"linear, inner CV mean macro-F1 over inner seeds {list(LOCKED_SEEDS)}: "
        f"{[round(m, 4) for m in means]} -> {np.mean(means):.4f} +- {np.std(means, ddof=1):.4f}; "
        f"locked macro-F1 {sorted({r['locked']['macro_f1'] for r in runs.values()})} "
        f"(the linear fit is deterministic: inner seeds move only its temperature)"
    )
    # how typical a draw the locked fold is: the same recipe on all five folds of the split
    # that the locked fold is the first of (each trained on the other four)
    _, fives, fold5 = train_relation.oof_logits(
        train_relation.read_plv(path),
        train_relation.CONFIG,
        folds=relation_split.LOCKED_FOLDS,
        seed=relation_split.LOCKED_SEED,
    )
    assert (fold5 == 0).sum() == locked.sum() and (locked[fold5 == 0]).all()
    by_fold = [
        round(float(f1_score(y[fold5 == k], fives[fold5 == k].argmax(1), average="macro")), 4)
        for k in range(relation_split.LOCKED_FOLDS)
    ]
    print(f"linear, macro-F1 of the five folds of the locked split (fold 0 = locked): {by_fold}")
    linear_p = first["_probabilities"]
    predicted = linear_p.argmax(1)
    print(
        f"linear, locked macro-F1 95% bootstrap interval "
        f"{bootstrap_interval(y[locked], predicted[locked])}"
    )
    encoder = load_encoder()
    assert list(encoder.classes) == list(classes)
    logits = recorded_logits(path, encoder.meta)
    temperature = train_relation.fit_temperature(logits[inner], y[inner])
    encoder_p = train_relation.softmax(logits, temperature)
    scores = train_relation.relation_scores
    print(line("encoder (recorded OOF), inner", scores(encoder_p[inner], y[inner], classes)))
    print(line("encoder (recorded OOF), locked", scores(encoder_p[locked], y[locked], classes)))
    grid = {}
    for confident in CASCADE_CONFIDENT:
        for weight in CASCADE_LINEAR_WEIGHT:
            combined, _ = cascade(linear_p, encoder_p, confident, weight)
            grid[confident, weight] = scores(combined[inner], y[inner], classes)["macro_f1"]
    chosen = max(grid, key=lambda k: (grid[k], -k[0]))
    for name, (confident, weight) in (
        (f"shipped {CONFIDENT}/{LINEAR_WEIGHT}", (CONFIDENT, LINEAR_WEIGHT)),
        (f"inner-chosen {chosen[0]}/{chosen[1]}", chosen),
    ):
        combined, ask = cascade(linear_p, encoder_p, confident, weight)
        print(line(f"cascade {name}, inner", scores(combined[inner], y[inner], classes)))
        print(
            line(f"cascade {name}, locked", scores(combined[locked], y[locked], classes))
            + f"  encoder asked {ask[locked].mean():.0%}; 95% interval "
            f"{bootstrap_interval(y[locked], combined[locked].argmax(1))}"
        )
    top = sorted(grid.items(), key=lambda kv: -kv[1])[:5]
    print("cascade grid, best on the inner folds:", json.dumps([[*k, v] for k, v in top]))


def oof_extractor(path: Path):
    """`dateline.extract` whose relation classifier and mention-confidence model never saw
    the sentence being coded.

    The rule coder asks the relation classifier (`coding.relation`) to check frames, and the
    confidence model (`coding.confidence`, trained on these sentences too) decides which
    mentions are kept; on PLV train the shipped models would have seen every sentence, so each
    sentence is coded with models trained without its fold (the relation model's
    cross-validation folds and recipe; `scripts/train_mention_model.py` for the other).
    """
    import train_mention_model as M

    from dateline import extract
    from dateline.coding import confidence, relation
    from dateline.coding.model import load_model

    fold_of, relation_models = M.relation_fold_models(path)
    news = M.news_examples()
    plv = M.plv_examples(path)
    shipped_mentions = confidence.load_mention_model()
    mention_models = {}
    for fold in relation_models:
        keep = [g != f"plv-{fold}" for g in plv[3]]
        features = news[0] + [f for f, k in zip(plv[0], keep, strict=True) if k]
        labels = news[1] + [y for y, k in zip(plv[1], keep, strict=True) if k]
        weights = [1.0] * len(news[1]) + [M.PLV_WEIGHT] * (len(labels) - len(news[1]))
        mention_models[fold] = {
            "threshold": shipped_mentions["threshold"],
            "weights": M.fit_weights(features, labels, weights),
        }
    shipped = load_model()
    current = {"relation": shipped, "mention": shipped_mentions}
    relation.load_model = lambda: current["relation"]  # this process only: a benchmark
    confidence.load_mention_model = lambda: current["mention"]

    def run(text: str, *, published):
        fold = fold_of.get(text)
        current["relation"] = relation_models.get(fold, shipped)
        current["mention"] = mention_models.get(fold, shipped_mentions)
        return extract(text, published=published)

    return run


def memoized(extract):
    """`extract` (default `dateline.extract`) run once per text: the PLV sentences are scored
    twice, against the labels of every side and of the high-confidence sides only."""
    if extract is None:
        from dateline import extract
    seen: dict[tuple[str, str], list[dict]] = {}

    def run(text: str, *, published):
        key = (text, str(published))
        if key not in seen:
            seen[key] = extract(text, published=published)
        return seen[key]

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=Path, action="append", help="relation gold file(s)")
    parser.add_argument("--events", type=Path, action="append", help="event gold file(s)")
    parser.add_argument("--cv", action="store_true", help="also cross-validate on PLV train")
    parser.add_argument(
        "--locked",
        action="store_true",
        help="only the locked-fold and inner-CV figures of PLV train (issue 23), then exit",
    )
    parser.add_argument(
        "--in-sample",
        action="store_true",
        help="code PLV train with the shipped model (it saw those sentences)",
    )
    parser.add_argument("--no-news", action="store_true", help="skip the real-news gold")
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--check-floors", action="store_true")
    parser.add_argument("--allow-lower", action="store_true", help="accept and pin lower figures")
    parser.add_argument("--pin-floors", action="store_true", help="pin floors at these figures")
    args = parser.parse_args(argv)
    if args.locked:
        if not PLV.exists():
            log(f"--locked needs {PLV}")
            return 2
        locked_report(PLV)
        return 0
    relations = args.relations or ([PLV] if PLV.exists() else [])
    events = args.events or ([PLV] if PLV.exists() else [])
    if not relations and not events:
        log("no gold files: pass --relations/--events or put ../shared/data beside the repo")
        return 2
    reports = []
    for path in relations:
        started = time.perf_counter()
        report = evaluate_relations(path)
        print(format_report(report))
        log(f"({time.perf_counter() - started:.1f} s)")
        reports.append(report)
    if args.cv and PLV.exists():
        reports.extend(cv_reports(PLV))
    # before the PLV events: their extractor swaps the relation model of this process
    if NEWS_GOLD.exists() and not args.no_news:
        for split in ("tune", "held"):
            started = time.perf_counter()
            report = evaluate_news(NEWS_STORIES, NEWS_GOLD, split=split)
            print()
            print(format_report(report))
            log(f"({time.perf_counter() - started:.1f} s)")
            reports.append(report)
    for path in events:
        started = time.perf_counter()
        held_out = path.resolve() == PLV.resolve() and not args.in_sample
        extract = memoized(oof_extractor(path) if held_out else None)
        for confidence in ("all", "high"):
            report = evaluate_events(path, extract=extract, confidence=confidence)
            print()
            if held_out:
                print(
                    "(each sentence coded with relation and confidence models trained on the "
                    "other folds)"
                )
            print(format_report(report))
            log(f"({time.perf_counter() - started:.1f} s)")
            reports.append(report)
            if not report.labels:
                break  # no independent labels: one report
    failures = []
    for report in reports:
        if args.pin_floors:
            pin_floors(report, args.floors)
        elif args.check_floors:
            failures += check_floors(report, args.floors, allow_lower=args.allow_lower)
    if args.pin_floors:
        log(f"floors pinned in {args.floors}")
    for failure in failures:
        log(f"FAIL {failure}")
    if args.check_floors and not failures:
        log("all floors hold")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
