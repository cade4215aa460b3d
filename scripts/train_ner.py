"""Train the entity tagger shipped as dateline/data/entity_tagger.npz (see dateline.entities).

The tagger learns to reproduce the entities of en_core_web_sm's own NER from the NER's own
token vectors: a distilled copy without the NER's transition decoder. Its
training text is the headlines and paragraphs of the synthetic news stories in
`../shared/data/plover_synthetic/plover_synthetic.jsonl` (MIT; GPT-written fiction, but the
labels come from the NER, not from the stories). Nothing else is read.

Reproducible: a fixed split (every tenth story is held out), fixed seeds, fixed settings;
numpy only (no deep-learning framework).

Usage:
    python scripts/train_ner.py            # parse (cached in build/), train, write the model
    python scripts/train_ner.py --eval     # entity F1 against the NER on the held-out stories
    python scripts/train_ner.py --out X    # write elsewhere (experiments)
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.entities import (  # noqa: E402
    LABELS,
    MODEL_PATH,
    EntityTagger,
    decode,
    tag_ids,
    window_features,
)
from dateline.nlp import MODEL  # noqa: E402

SYNTHETIC = REPO.parent / "shared" / "data" / "plover_synthetic" / "plover_synthetic.jsonl"
CACHE = REPO / "build" / "ner_silver.npz"
SEED = 0
CONFIG = {"width": 2, "hidden": 256, "epochs": 8, "batch": 512, "rate": 2e-3}


def texts(path: Path) -> list[tuple[int, str]]:
    """(story number, text) for each headline and paragraph, parsed apart as dateline does."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            story = json.loads(line)
            pieces = [story.get("headline", ""), *story.get("text", "").split("\n")]
            out.extend((number, piece.strip()) for piece in pieces if piece.strip())
    return out


def parse_chunk(chunk: list[str]) -> tuple[list, list[int], list[int]]:
    """One worker: parse texts, keep the NER's token vectors and its tags."""
    nlp = load_nlp_with_ner()
    encoder = nlp.get_pipe("ner").model.get_ref("tok2vec")
    docs = list(nlp.pipe(chunk, batch_size=64))
    own = np.concatenate([encoder.predict(docs[i : i + 64]) for i in range(0, len(docs), 64)])
    tags = [tag for doc in docs for tag in tag_ids(doc)]
    return [own.astype(np.float32)], tags, [len(doc) for doc in docs]


@functools.cache
def load_nlp_with_ner():
    import spacy

    return spacy.load(MODEL)


def silver(path: Path) -> dict[str, np.ndarray]:
    """The NER's token vectors and tags for every text (cached: parsing takes minutes)."""
    if CACHE.exists():
        with np.load(CACHE) as cached:
            return dict(cached)
    pieces = texts(path)
    chunks = [[text for _, text in pieces[i : i + 2000]] for i in range(0, len(pieces), 2000)]
    own, tags, lengths = [], [], []
    with ProcessPoolExecutor(max_workers=2) as pool:
        for part in pool.map(parse_chunk, chunks):
            own.extend(part[0])
            tags.extend(part[1])
            lengths.extend(part[2])
            print(f"  parsed {len(lengths)}/{len(pieces)}")
    data = {
        "vectors": np.concatenate(own),
        "tags": np.array(tags, dtype=np.int8),
        "lengths": np.array(lengths, dtype=np.int32),
        "stories": np.array([number for number, _ in pieces], dtype=np.int32),
    }
    CACHE.parent.mkdir(exist_ok=True)
    np.savez(CACHE, **data)
    return data


def features(data: dict[str, np.ndarray], width: int) -> np.ndarray:
    """Window features of every token, each text padded on its own."""
    out, at = [], 0
    for length in data["lengths"].tolist():
        out.append(window_features(data["vectors"][at : at + length], width))
        at += length
    return np.concatenate(out)


def held_out(data: dict[str, np.ndarray]) -> np.ndarray:
    """Token mask of the held-out stories (every tenth)."""
    per_text = data["stories"] % 10 == 9
    return np.repeat(per_text, data["lengths"])


def train(x: np.ndarray, y: np.ndarray, config: dict) -> dict[str, np.ndarray]:
    """One hidden ReLU layer, softmax over tags, Adam; plain numpy."""
    rng = np.random.default_rng(SEED)
    classes = 1 + 2 * len(LABELS)
    dim, hidden = x.shape[1], config["hidden"]
    params = {
        "hidden_weights": rng.normal(0, np.sqrt(2 / dim), (dim, hidden)).astype(np.float32),
        "hidden_bias": np.zeros(hidden, np.float32),
        "output_weights": rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)).astype(np.float32),
        "output_bias": np.zeros(classes, np.float32),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    beta1, beta2, step = 0.9, 0.999, 0
    batches = int(np.ceil(len(x) / config["batch"]))
    for epoch in range(config["epochs"]):
        rate = config["rate"] * 0.5 * (1 + np.cos(np.pi * epoch / config["epochs"]))
        order = rng.permutation(len(x))
        loss = 0.0
        for b in range(batches):
            rows = order[b * config["batch"] : (b + 1) * config["batch"]]
            xb, yb = x[rows], y[rows]
            pre = xb @ params["hidden_weights"] + params["hidden_bias"]
            hid = np.maximum(pre, 0.0)
            logits = hid @ params["output_weights"] + params["output_bias"]
            logits -= logits.max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            loss += -np.log(prob[np.arange(len(yb)), yb] + 1e-9).mean()
            grad = prob
            grad[np.arange(len(yb)), yb] -= 1.0
            grad /= len(yb)
            grads = {
                "output_weights": hid.T @ grad,
                "output_bias": grad.sum(axis=0),
            }
            back = (grad @ params["output_weights"].T) * (pre > 0)
            grads["hidden_weights"] = xb.T @ back
            grads["hidden_bias"] = back.sum(axis=0)
            step += 1
            for key, g in grads.items():
                m, v = moments[key]
                m *= beta1
                m += (1 - beta1) * g
                v *= beta2
                v += (1 - beta2) * g * g
                m_hat = m / (1 - beta1**step)
                v_hat = v / (1 - beta2**step)
                params[key] -= (rate * m_hat / (np.sqrt(v_hat) + 1e-8)).astype(np.float32)
        print(f"  epoch {epoch + 1}: loss {loss / batches:.4f}")
    return params


def evaluate(tagger: EntityTagger, data: dict[str, np.ndarray], mask: np.ndarray) -> dict:
    """Exact-span entity precision/recall/F1 against the NER on the held-out texts."""
    scores = tagger.scores(features(data, tagger.width)[mask])
    found, gold, right = Counter(), Counter(), Counter()
    at_all, at_held = 0, 0
    held_texts = data["stories"] % 10 == 9
    for length, held in zip(data["lengths"].tolist(), held_texts.tolist(), strict=True):
        if held:
            predicted = set(decode(scores[at_held : at_held + length]))
            ner_tags = data["tags"][at_all : at_all + length].astype(np.int64)
            expected = set(decode(np.eye(1 + 2 * len(LABELS))[ner_tags]))  # the NER's spans
            for span in predicted:
                found[LABELS[span[2]]] += 1
            for span in expected:
                gold[LABELS[span[2]]] += 1
            for span in predicted & expected:
                right[LABELS[span[2]]] += 1
            at_held += length
        at_all += length
    report = {}
    for label in [*LABELS, "all"]:
        f, g, r = (
            (sum(found.values()), sum(gold.values()), sum(right.values()))
            if label == "all"
            else (found[label], gold[label], right[label])
        )
        p = r / f if f else 0.0
        rec = r / g if g else 0.0
        report[label] = {
            "precision": round(p, 3),
            "recall": round(rec, 3),
            "f1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0,
            "gold": g,
        }
    return report


def save(params: dict[str, np.ndarray], path: Path, meta: dict) -> None:
    rounded = {k: v.astype(np.float32) for k, v in params.items()}
    np.savez_compressed(path, **rounded, meta=np.array(json.dumps(meta, sort_keys=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", action="store_true", help="score the shipped model only")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    data = silver(SYNTHETIC)
    mask = held_out(data)
    print(f"{len(data['lengths'])} texts, {len(data['tags'])} tokens, {mask.sum()} held out")
    if args.eval:
        report = evaluate(EntityTagger(args.out), data, mask)
        for label, row in report.items():
            print(f"  {label:12} {row}")
        return
    x = features(data, CONFIG["width"])
    y = data["tags"].astype(np.int64)
    params = train(x[~mask], y[~mask], CONFIG)
    meta = {
        **CONFIG,
        "labels": list(LABELS),
        "spacy_model": MODEL,
        "spacy_version": load_nlp_with_ner().meta["version"],
        "data": SYNTHETIC.name,
    }
    save(params, args.out, meta)
    report = evaluate(EntityTagger(args.out), data, mask)
    print(f"held-out entity F1 against the NER: {report['all']}")
    for label, row in report.items():
        if row["gold"]:
            print(f"  {label:12} {row}")


if __name__ == "__main__":
    main()
