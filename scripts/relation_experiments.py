"""Extra training signal for the linear relation model, measured on the inner folds (issue 23).

Each candidate is the shipped recipe (`train_relation.CONFIG`) plus one source of rows, scored
by the mean macro-F1 over the inner folds of the development rows (`relation_split`), for
three inner seeds. The locked fold is neither read nor printed here unless `--locked` names
one candidate (the recipe chosen on the inner folds), whose locked figure is printed once.

Sources (weak labels; CONCEDE and RETREAT count as PLV's YIELD; types PLV lacks are dropped):
- `synthetic:W` — headline and first sentence of each synthetic PLOVER story, weight W;
- `codebook:W` — the PLOVER codebook's event definitions and mode definitions, weight W;
- `cameo:W` — one sentence per verb of `dateline/data/cameo_verbs.csv` (single CAMEO verbs
  with their PLOVER type), "<source> <verb>ed <target>.", weight W;
- `swap` — each training row again with its source and target phrases replaced by those of
  another training row (label kept; derived from the training rows of each fold only);
- `C:V` — another C (no extra rows).

Usage:
    python scripts/relation_experiments.py                    # every candidate, inner folds
    python scripts/relation_experiments.py synthetic:0.3 C:4  # some candidates
    python scripts/relation_experiments.py --locked cameo:0.3 # one candidate's locked figure
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import train_relation as T  # noqa: E402

CODEBOOK = T.SHARED / "plover_codebook" / "plover_codebook.csv"
CAMEO_VERBS = REPO / "src" / "dateline" / "data" / "cameo_verbs.csv"
SEEDS = (0, 1, 2)
CANDIDATES = (
    "base",
    "C:4",
    "C:16",
    "synthetic:0.1",
    "synthetic:0.3",
    "synthetic:1",
    "codebook:0.3",
    "codebook:1",
    "cameo:0.1",
    "cameo:0.3",
    "cameo:1",
    "swap",
)
# Actor phrases for the CAMEO template sentences (fixed, so the rows are the same every run).
ACTORS = ("The government", "Rebel forces", "The president", "Police", "The opposition party")


def plv_label(label: str) -> str:
    return "YIELD" if label in {"CONCEDE", "RETREAT"} else label


def codebook_rows() -> list[dict]:
    rows, seen = [], set()
    with CODEBOOK.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            for text in (record["event_def"], record["mode_def"]):
                text = text.strip()
                if text and (text, record["event"]) not in seen:
                    seen.add((text, record["event"]))
                    rows.append(row(text, None, None, record["event"]))
    return rows


def past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def cameo_rows() -> list[dict]:
    lines = [line for line in CAMEO_VERBS.read_text().splitlines() if not line.startswith("#")]
    rows = []
    for k, record in enumerate(csv.DictReader(lines)):
        source, target = ACTORS[k % len(ACTORS)], ACTORS[(k + 2) % len(ACTORS)].lower()
        text = f"{source} {past(record['verb'])} {target}."
        rows.append(
            row(
                text,
                (0, len(source)),
                (len(text) - 1 - len(target), len(text) - 1),
                record["plover"],
            )
        )
    return rows


def row(sentence: str, source, target, label: str) -> dict:
    return {"sentence": sentence, "source": source, "target": target, "label": plv_label(label)}


def swap(train_rows: list[dict]) -> list[dict]:
    """Each row with its actor phrases replaced by another row's (seeded by the rows)."""
    rng = random.Random(len(train_rows))
    donors = [r for r in train_rows if r["source"] and r["target"]]
    out = []
    for r in train_rows:
        if not (r["source"] and r["target"]):
            continue
        d = rng.choice(donors)
        spans = sorted([("source", r["source"]), ("target", r["target"])], key=lambda x: x[1][0])
        if spans[0][1][1] > spans[1][1][0]:
            continue  # nested or overlapping spans
        text, new, shift = r["sentence"], {}, 0
        for role, (start, end) in spans:
            phrase = d["sentence"][d[role][0] : d[role][1]]
            start, end = start + shift, end + shift
            text = text[:start] + phrase + text[end:]
            new[role] = (start, start + len(phrase))
            shift += len(phrase) - (end - start)
        out.append({**r, "sentence": text, "source": new["source"], "target": new["target"]})
    return out


def candidate(name: str) -> dict:
    kind, _, value = name.partition(":")
    options: dict = {"config": dict(T.CONFIG)}
    if kind == "C":
        options["config"]["C"] = float(value)
    elif kind == "synthetic":
        options |= {"extra": T.as_plv(T.read_synthetic()), "extra_weight": float(value)}
    elif kind == "codebook":
        options |= {"extra": codebook_rows(), "extra_weight": float(value)}
    elif kind == "cameo":
        options |= {"extra": cameo_rows(), "extra_weight": float(value)}
    elif kind == "swap":
        options["augment"] = swap
    elif kind != "base":
        raise SystemExit(f"unknown candidate {name}")
    return options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("candidates", nargs="*", default=list(CANDIDATES))
    parser.add_argument("--locked", action="store_true", help="print one candidate's locked figure")
    args = parser.parse_args(argv)
    if args.locked and len(args.candidates) != 1:
        parser.error("--locked takes exactly one candidate")
    for name in args.candidates:
        options = candidate(name)
        config = options.pop("config")
        runs = [T.locked_evaluation(config, seed=seed, **options) for seed in SEEDS]
        means = [r["inner_mean"] for r in runs]
        out = {
            "candidate": name,
            "inner_mean_by_seed": means,
            "inner_mean": round(statistics.mean(means), 4),
            "inner_pooled_seed0": runs[0]["inner"],
        }
        if args.locked:
            out["locked"] = runs[0]["locked"]
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
