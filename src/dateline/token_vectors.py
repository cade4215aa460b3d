"""Memoized embedding stage of spaCy's token-to-vector networks.

A tok2vec first embeds each token on its own (hash embeddings of its norm, prefix, suffix,
shape…, then one maxout layer with layer normalization) and only then mixes neighbours with
its CNN. The first stage is a pure function of the token's feature row, and news text
repeats the same few thousand rows, so its output is kept per row: each new row is computed
once by the network's own layers and later tokens with the same row are a table lookup.
Saves about a quarter of each tok2vec (two run per story: the shared one and the NER's).
"""

from __future__ import annotations

import threading

import numpy as np

CAPACITY = 32768  # rows kept per network (12 MB at width 96); the memo starts over when full


class EmbeddingMemo:
    """The rows already embedded by one network's embedding stage, and how to embed more."""

    def __init__(self, stage, *, capacity: int = CAPACITY) -> None:
        self.features, _, self.hashed, self.mixed, _ = stage.layers
        self.width = stage.get_dim("nO")
        self.capacity = capacity
        self.index: dict[bytes, int] = {}
        self.table: np.ndarray | None = None
        self.lock = threading.Lock()

    def __call__(self, docs: list) -> list[np.ndarray]:
        with self.lock:  # slots are handed out in order: two threads must not share one
            return self.embed_docs(docs)

    def embed_docs(self, docs: list) -> list[np.ndarray]:
        rows = self.features.predict(docs)  # one uint64 array (tokens × features) per doc
        lengths = [len(r) for r in rows]
        if not sum(lengths):
            return [np.zeros((0, self.width), dtype="float32") for _ in rows]
        bounds = np.cumsum(lengths)[:-1]
        flat = np.ascontiguousarray(np.concatenate(rows))
        keys = flat.view(np.dtype((np.void, flat.shape[1] * flat.itemsize))).ravel()
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        slots = np.array([self.index.get(key.tobytes(), -1) for key in unique])
        new = np.flatnonzero(slots < 0)
        if len(self.index) + len(new) > self.capacity:
            self.index.clear()  # rare: the memo is full; start it over
            if len(unique) > self.capacity:
                return np.split(self.embed(flat), bounds)
            slots[:] = -1
            new = np.arange(len(unique))
        if len(new):
            start = len(self.index)
            self.store(start, self.embed(flat[first[new]]))
            slots[new] = np.arange(start, start + len(new))
            for n in new:
                self.index[unique[n].tobytes()] = int(slots[n])
        assert self.table is not None
        return np.split(self.table[slots[inverse.ravel()]], bounds)

    def embed(self, rows: np.ndarray) -> np.ndarray:
        """The network's own embedding of feature rows (tokens × features)."""
        return self.mixed.predict(self.hashed.predict(rows))

    def store(self, start: int, vectors: np.ndarray) -> None:
        if self.table is None:
            self.table = np.empty((self.capacity, vectors.shape[1]), dtype=vectors.dtype)
        self.table[start : start + len(vectors)] = vectors


def embedding_stages(model) -> list:
    """The embedding stages (features → hash embeddings → maxout) in a thinc model tree."""
    return [
        node
        for node in model.walk()
        if node.name.startswith("extract_features>>") and node.name.endswith(">>ragged2list")
    ]


def memoize_embeddings(model) -> int:
    """Put a memo in place of each embedding stage in a thinc model tree (a tok2vec, or a
    pipe whose model holds one); returns how many were replaced."""
    from thinc.api import Model

    stages = embedding_stages(model)
    for stage in stages:
        memo = EmbeddingMemo(stage)

        def forward(model, docs, is_train, memo=memo):
            if is_train:
                raise NotImplementedError("the embedding memo is for prediction only")
            return memo(docs), lambda d_out: d_out

        replacement = Model("memoized_embeddings", forward, dims={"nO": memo.width}, ops=stage.ops)
        model.replace_node(stage, replacement)
    return len(stages)
