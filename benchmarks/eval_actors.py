"""Actor phrases → country and sector accuracy of `code_actor`, on data the actor KB was not
built from.

Sets (each one its own flag; several may be given):

- default / `--phrases PATH`: `benchmarks/actor_phrases.csv`, written beside the tables (a
  regression check, not a measurement).
- `--dated`: `benchmarks/actor_phrases_dated.csv`, dated phrases written from general
  knowledge before the compiled KB existed (committed first, then run).
- `--plv`: the marked source/target phrases of `../shared/data/plv/plv_train.jsonl` against
  the independent labels of `plv_train_actors.jsonl`; sides marked high confidence (and all
  sides), with the sector confusion. The sentence is the phrase's context (its countries).
- `--real-news {tune,held,all}`: the actor phrases of the hand-coded Guardian gold
  (`../shared/data/real_news/`), dated by the story, the story text as context; the halves
  of `dateline.evaluate_news.split_ids`: rules were chosen on `tune`, the figure to report
  is `held`.
- `--fuzzy`: the fuzzy fallback's false matches by threshold, on the names of office holders
  in the PepperCat spells (`../shared/data/leaders/`, CC BY-NC, read here for measurement
  only) that neither the exact nor the spelling key finds: a match to a person of another
  country is false; one of the same country is most likely a spelling of the same person.
- `--speed`: phrases/s of `code_actor` after load (run under `taskset -c 0` for one core),
  over the distinct phrases of every set, and the KB load time in a fresh process.

Country accuracy counts exact PLOVER country codes (ISO3, UNO, EUR, IGO, or "" where a phrase
names none); sector accuracy counts exact agent codes.

Usage:
    python benchmarks/eval_actors.py --dated --plv --real-news test
    taskset -c 0 python benchmarks/eval_actors.py --speed
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from dateline.resolve.actors import code_actor

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
DEFAULT = HERE / "actor_phrases.csv"
DATED = HERE / "actor_phrases_dated.csv"
FLOORS = {"country": 0.95, "sector": 0.85}


def read_phrases(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def coded(phrase: str, *, date: str | None = None, context: str = "") -> dict[str, str]:
    try:
        return code_actor(phrase, date=date, context=context or None)
    except TypeError:  # a resolver without the context hook (the baseline)
        return code_actor(phrase, date=date)


def score(
    name: str, rows: Iterable[dict[str, str]], *, failures: int, confusion: bool = False
) -> tuple[float, float]:
    """Rows with phrase, country, sector and optionally date and context."""
    rows = list(rows)
    country_ok = sector_ok = 0
    missed = []
    pairs: Counter[tuple[str, str]] = Counter()
    for row in rows:
        got = coded(row["phrase"], date=row.get("date") or None, context=row.get("context", ""))
        c_ok, s_ok = got["country"] == row["country"], got["sector"] == row["sector"]
        country_ok += c_ok
        sector_ok += s_ok
        pairs[(row["sector"] or "-", got["sector"] or "-")] += 1
        if not (c_ok and s_ok):
            missed.append((row, got))
    n = max(1, len(rows))
    country, sector = country_ok / n, sector_ok / n
    print(f"{name}: {len(rows)} phrases  country {country:.3f}  sector {sector:.3f}")
    if confusion:
        print_confusion(pairs)
    for row, got in missed[:failures]:
        print(
            f"  {row['phrase']!r} {row.get('date') or ''}: want {row['country'] or '-'}/"
            f"{row['sector'] or '-'}, got {got['country'] or '-'}/{got['sector'] or '-'}  "
            f"({got.get('reason', '')})",
            file=sys.stderr,
        )
    return country, sector


def print_confusion(pairs: Counter[tuple[str, str]]) -> None:
    gold = sorted(
        {g for g, _ in pairs}, key=lambda s: -sum(v for (g, _), v in pairs.items() if g == s)
    )
    predicted = sorted({p for _, p in pairs})
    print("  sector confusion (rows gold, columns coded):")
    print("  " + " " * 5 + " ".join(f"{p:>4}" for p in predicted))
    for g in gold:
        cells = " ".join(f"{pairs.get((g, p), 0) or '.':>4}" for p in predicted)
        print(f"  {g:<5}{cells}")


def plv_rows(*, high_only: bool) -> list[dict[str, str]]:
    sentences = [json.loads(line) for line in (SHARED / "plv" / "plv_train.jsonl").open()]
    labels = [json.loads(line) for line in (SHARED / "plv" / "plv_train_actors.jsonl").open()]
    rows = []
    for record, label in zip(sentences, labels, strict=True):
        assert record["id"] == label["id"], (record["id"], label["id"])
        for side in ("source", "target"):
            actor = record.get(side)
            if not actor or actor.get("span") is None:
                continue  # ZSP placeholders ("a recipient") name no actor
            if high_only and label[f"{side}_confidence"] != "high":
                continue
            rows.append(
                {
                    "phrase": actor["text"],
                    "country": label[f"{side}_country"],
                    "sector": label[f"{side}_sector"],
                    "context": record["sentence"],
                }
            )
    return rows


def real_news_rows(half: str) -> list[dict[str, str]]:
    from dateline.evaluate_news import split_ids

    folder = SHARED / "real_news"
    stories = {s["id"]: s for s in map(json.loads, (folder / "guardian_dev.jsonl").open())}
    golds = [json.loads(line) for line in (folder / "guardian_dev_gold.jsonl").open()]
    chosen = set(split_ids(g["story_id"] for g in golds)[half])
    rows = []
    for gold in golds:
        if gold["story_id"] not in chosen:
            continue
        story = stories[gold["story_id"]]
        for event in gold["events"]:
            for side in ("source", "target"):
                actor = event.get(side)
                if not actor or not actor.get("text"):
                    continue
                rows.append(
                    {
                        "phrase": actor["text"],
                        "country": actor.get("country") or "",
                        "sector": actor.get("sector") or "",
                        "date": str(story["published"])[:10],
                        "context": story["text"],
                    }
                )
    return rows


def speed(rows: list[dict[str, str]]) -> None:
    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t=time.perf_counter(); from dateline.resolve.actors import load_kb;"
            " load_kb(); print(time.perf_counter()-t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"KB load in a fresh process (import + load): {float(load.stdout):.3f} s")
    code_actor("warm-up")
    phrases = list(dict.fromkeys(r["phrase"] for r in rows))
    dated = list(dict.fromkeys((r["phrase"], r.get("date") or None) for r in rows))
    for label, calls in (
        ("undated", [(p, None) for p in phrases]),
        ("dated", dated),
    ):
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            for phrase, day in calls:
                code_actor(phrase, date=day)
            timings.append(time.perf_counter() - started)
        best = sorted(timings)[1]
        print(f"code_actor {label}: {len(calls) / best:,.0f} phrases/s (median of 3, {len(calls)})")


def fuzzy_thresholds() -> None:
    from rapidfuzz import fuzz

    from dateline.resolve.actors import FUZZY_MIN_LENGTH, load_kb
    from dateline.resolve.names import fold, skeleton

    compiled = load_kb().compiled
    path = SHARED / "leaders" / "peppercat_office_spells.csv"
    people: dict[str, str] = {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["country"] and row["catalog"] not in {"World", "European Union"}:
            people.setdefault(row["person"], row["country"])
    tried, best = 0, []
    for name, country in sorted(people.items()):
        key = fold(name)
        spelled = skeleton(key)
        if len(key) < FUZZY_MIN_LENGTH or not spelled or compiled.index.get(key):
            continue
        if compiled.skeletons.get(spelled):
            continue
        tried += 1
        words = spelled.split()
        pool = {*compiled.blocks.get("<" + words[0], ()), *compiled.blocks.get(words[-1] + ">", ())}
        scored = [
            (max(fuzz.ratio(key, alias) for alias in compiled.names_of[i]), i)
            for i in pool
            if compiled.names_of.get(i)
        ]
        if scored:
            top, actor_id = max(scored)
            best.append((top, compiled.actors[actor_id].country == country, name, actor_id))
    print(f"fuzzy fallback on {tried} PepperCat office holders no exact or spelling key finds:")
    print("  threshold  matches  same country  other country (false)  false per 1,000 names")
    for threshold in (80, 85, 88, 90, 92, 95):
        hits = [b for b in best if b[0] >= threshold]
        same = sum(1 for b in hits if b[1])
        other = len(hits) - same
        print(f"  {threshold:>9}  {len(hits):>7}  {same:>12}  {other:>21}  "
              f"{1000 * other / max(1, tried):>21.1f}")  # fmt: skip
    for top, same, name, actor_id in sorted(best, reverse=True)[:0]:
        print(top, same, name, compiled.actors[actor_id].name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=Path, default=None)
    parser.add_argument("--dated", action="store_true")
    parser.add_argument("--plv", action="store_true")
    parser.add_argument("--real-news", choices=["tune", "held", "all"], default=None)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--fuzzy", action="store_true")
    parser.add_argument("--failures", type=int, default=40, help="failures to list")
    args = parser.parse_args(argv)
    chosen = args.dated or args.plv or args.real_news or args.speed or args.fuzzy
    ok = True
    if args.phrases or not chosen:
        country, sector = score(
            "dev phrases", read_phrases(args.phrases or DEFAULT), failures=args.failures
        )
        ok = country >= FLOORS["country"] and sector >= FLOORS["sector"]
    if args.dated:
        score("dated phrases", read_phrases(DATED), failures=args.failures, confusion=True)
    if args.plv:
        score("plv high-confidence sides", plv_rows(high_only=True), failures=args.failures,
              confusion=True)  # fmt: skip
        score("plv all sides", plv_rows(high_only=False), failures=0)
    if args.real_news:
        score(f"real news ({args.real_news} half)", real_news_rows(args.real_news),
              failures=args.failures, confusion=True)  # fmt: skip
    if args.fuzzy:
        fuzzy_thresholds()
    if args.speed:
        rows = [
            *read_phrases(DEFAULT),
            *read_phrases(DATED),
            *plv_rows(high_only=False),
            *real_news_rows("all"),
        ]
        speed(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
