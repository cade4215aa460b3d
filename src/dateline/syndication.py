"""Syndicated and near-duplicate copies of one story, found with MinHash (datasketch).

One AP story printed by a hundred outlets is one story with a hundred outlets, not a hundred
sources. Each article gets a MinHash signature of its word shingles; an LSH index finds
earlier articles whose text overlaps at Jaccard ≥ `THRESHOLD`, and the new article joins
their story (the story id is the id of its first-stored article, so it is stable).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE = 3
SEED = 7
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only valid with it
WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        hashvalues=np.frombuffer(blob, dtype=np.uint64).copy(),
    )


class StoryIndex:
    """Near-duplicate lookup over the articles stored so far."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.story_of: dict[str, str] = {}
        self.order: dict[str, int] = {}

    def add(self, article_id: str, minhash: MinHash, story_id: str) -> None:
        if article_id in self.story_of:
            return
        self.lsh.insert(article_id, minhash)
        self.story_of[article_id] = story_id
        self.order[article_id] = len(self.order)

    def story_for(self, minhash: MinHash) -> str | None:
        """The story of the earliest stored article this text nearly duplicates, if any."""
        matches = self.lsh.query(minhash)
        if not matches:
            return None
        first = min(matches, key=self.order.__getitem__)
        return self.story_of[first]
