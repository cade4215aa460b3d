"""The entity tagger against spaCy's NER on real news it never saw, and what each costs.

    .venv/bin/python benchmarks/eval_entities.py [--stories 200]

Reads Reuters-21578 stories of 500-700 words (../shared/data, research use only: measured
here, never trained on or shipped), parses every paragraph with en_core_web_sm as shipped and
with dateline's pipeline (memoized attribute rules + entity tagger), and prints

- exact-span agreement of the tagger's entities with the NER's, per label (precision: share
  of the tagger's entities the NER also has; recall: share of the NER's the tagger has);
- whether the two pipelines give the same POS, morphology and lemma to every token;
- seconds per story on one core for each pipeline (median of 3 passes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter

from bench_extract import CORPUS, stories
from threadpoolctl import threadpool_limits


def timed(nlp, texts: list[str]) -> tuple[list, float]:
    passes, docs = [], []
    for _ in range(3):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        passes.append(time.perf_counter() - started)
    return docs, statistics.median(passes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    threadpool_limits(1)

    import spacy

    from dateline.nlp import MODEL, cheaper_components

    rows = stories(CORPUS, args.stories, 500, 700)
    texts = [p.strip() for row in rows for p in row["body"].split("\n") if p.strip()]
    plain = spacy.load(MODEL)
    ours = cheaper_components(spacy.load(MODEL))
    expected, plain_seconds = timed(plain, texts)
    got, our_seconds = timed(ours, texts)

    found, gold, right = Counter(), Counter(), Counter()
    differ = tokens = 0
    for a, b in zip(expected, got, strict=True):
        spans_a = {(e.start, e.end, e.label_) for e in a.ents}
        spans_b = {(e.start, e.end, e.label_) for e in b.ents}
        for label in (s[2] for s in spans_b):
            found[label] += 1
        for label in (s[2] for s in spans_a):
            gold[label] += 1
        for label in (s[2] for s in spans_a & spans_b):
            right[label] += 1
        for x, y in zip(a, b, strict=True):
            tokens += 1
            differ += (x.pos_, str(x.morph), x.lemma_) != (y.pos_, str(y.morph), y.lemma_)

    print(f"{len(rows)} stories, {len(texts)} paragraphs, {tokens} tokens")
    print(f"{'label':12} {'NER':>6} {'precision':>9} {'recall':>7} {'F1':>6}")
    for label in [*sorted(gold, key=gold.get, reverse=True), "all"]:
        f, g, r = (
            (sum(found.values()), sum(gold.values()), sum(right.values()))
            if label == "all"
            else (found[label], gold[label], right[label])
        )
        p, rec = (r / f if f else 0.0), (r / g if g else 0.0)
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        print(f"{label:12} {g:6} {p:9.3f} {rec:7.3f} {f1:6.3f}")
    print(f"tokens whose POS, morphology or lemma differ: {differ}")
    n = len(rows)
    print(
        f"one core: en_core_web_sm {1000 * plain_seconds / n:.0f} ms/story, "
        f"dateline's pipeline {1000 * our_seconds / n:.0f} ms/story "
        f"({plain_seconds / our_seconds:.2f}x)"
    )


if __name__ == "__main__":
    main()
