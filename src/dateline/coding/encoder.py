"""The fine-tuned transformer relation classifier (MiniLM, int8 ONNX) behind `classify_relation`.

The sentence is read with punctuation markers around the two actors ("@ Putin @ met # Li # in
Moscow"); the class comes from the hidden states of [CLS] and the two opening markers.
Trained by `scripts/train_encoder.py` (which imports `prepare` from here, so this module
imports only numpy at import time); shipped as `dateline/data/relation_encoder/`: one ONNX
file per member of the ensemble (`meta.json` lists them; they differ in seed and class
weights), `tokenizer.json` shared by all. The members' logits are averaged, then calibrated
by one temperature fitted on the averaged out-of-fold logits.

onnxruntime runs it on one thread by default (`DATELINE_ENCODER_THREADS` to change): the
ingest pipeline already spreads work over processes.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

Span = tuple[int, int] | None

SOURCE_MARK, TARGET_MARK = "@", "#"
MAX_TOKENS = 128
MODEL_DIR = "relation_encoder"


def marked(sentence: str, source: Span, target: Span) -> tuple[str, int | None, int | None]:
    """The sentence with markers, and the character offsets of the two opening markers.

    At one position closing markers come before opening ones, and of two spans opening
    there the longer one opens first, so nested actors ("@ # Iraqi # fighters @") nest.
    """
    inserts = []
    for role, mark, span in (("s", SOURCE_MARK, source), ("t", TARGET_MARK, target)):
        if span is None:
            continue
        start, end = span
        inserts.append((start, 1, -(end - start), mark + " ", role))
        inserts.append((end, 0, end - start, " " + mark, None))
    inserts.sort(key=lambda item: item[:3])
    pieces: list[str] = []
    opened: dict[str, int] = {}
    last = length = 0
    for position, _, _, text, role in inserts:
        chunk = sentence[last:position]
        pieces.append(chunk)
        length += len(chunk)
        if role:
            opened[role] = length
        pieces.append(text)
        length += len(text)
        last = position
    pieces.append(sentence[last:])
    return "".join(pieces), opened.get("s"), opened.get("t")


def window(sentence: str, source: Span, target: Span, words: int) -> tuple[str, Span, Span]:
    """The part of the sentence from `words` words before the first actor to `words` words
    after the last (the whole sentence when `words` is 0 or no actor is marked); the spans
    are shifted to match. What lies further away rarely decides the relation, and every
    token costs time."""
    spans = [span for span in (source, target) if span]
    if not words or not spans:
        return sentence, source, target
    low, high = min(s for s, _ in spans), max(e for _, e in spans)
    before = [m.start() for m in re.finditer(r"\S+", sentence[:low])]
    cut_low = before[-words] if len(before) >= words else 0
    after = [m.end() + high for m in re.finditer(r"\S+", sentence[high:])]
    cut_high = after[words - 1] if len(after) >= words else len(sentence)

    def shift(span: Span) -> Span:
        return (span[0] - cut_low, span[1] - cut_low) if span else None

    return sentence[cut_low:cut_high], shift(source), shift(target)


def prepare(
    sentence: str, source: Span, target: Span, words: int
) -> tuple[str, int | None, int | None]:
    """The encoder's input text and the offsets of its two opening markers."""
    return marked(*window(sentence, source, target, words))


@dataclass(frozen=True)
class RelationEncoder:
    sessions: tuple  # one onnxruntime.InferenceSession per member of the ensemble
    tokenizer: object  # tokenizers.Tokenizer
    classes: tuple[str, ...]
    temperature: float  # of the members' mean logits
    words: int  # the window around the actors (see `window`)
    meta: dict

    def probabilities(self, items: Sequence[tuple[str, Span, Span]]) -> np.ndarray:
        """Calibrated PLV-class probabilities, one row per (sentence, source, target)."""
        texts, opens = [], []
        for sentence, source, target in items:
            text, s, t = prepare(sentence, source, target, self.words)
            texts.append(text)
            opens.append((s, t))
        encodings = self.tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
        out = np.zeros((len(items), len(self.classes)))
        # One pair per run: int8 activations are scaled per run, so a pair batched with others
        # would get (slightly) different probabilities than alone. The same input must always
        # give the same answer, and batching gained only ~20%.
        for i, encoding in enumerate(encodings):
            ids = np.array([encoding.ids], dtype=np.int64)
            marks = np.array([[_token_at(encoding.offsets, char) for char in opens[i]]])
            inputs = {"input_ids": ids, "attention_mask": np.ones_like(ids), "marks": marks}
            logits = np.mean([session.run(None, inputs)[0][0] for session in self.sessions], 0)
            z = logits / self.temperature
            z = np.exp(z - z.max())
            out[i] = z / z.sum()
        return out


def _token_at(offsets: Sequence[tuple[int, int]], char: int | None) -> int:
    """The token that is the marker at `char` (0, the [CLS] token, when absent or cut off)."""
    if char is None:
        return 0
    for index, (start, end) in enumerate(offsets):
        if start == char and end == char + 1:
            return index
    return 0


@functools.cache
def load_encoder() -> RelationEncoder:
    """The shipped encoder, loaded once per process."""
    import onnxruntime
    from tokenizers import Tokenizer

    from ..errors import ModelError

    folder = resources.files("dateline") / "data" / MODEL_DIR
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        models = [(folder / member["file"]).read_bytes() for member in meta["members"]]
        tokenizer = Tokenizer.from_str((folder / "tokenizer.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(
            f"the relation encoder in dateline/data/{MODEL_DIR} is incomplete ({exc.filename})",
            hint="run `python scripts/train_encoder.py --export` to rebuild it",
        ) from exc
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("DATELINE_ENCODER_THREADS", "1"))
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    sessions = tuple(
        onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        for model in models
    )
    windows = {int(member["config"].get("window", 0)) for member in meta["members"]}
    if len(windows) != 1:
        raise ModelError(
            f"the members of the relation encoder read different windows {sorted(windows)}",
            hint="export every member with the same `window` setting",
        )
    return RelationEncoder(
        sessions=sessions,
        tokenizer=tokenizer,
        classes=tuple(meta["classes"]),
        temperature=float(meta["temperature"]),
        words=windows.pop(),
        meta=meta,
    )
