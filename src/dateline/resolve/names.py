"""Name keys: how an actor's name is spelled for lookup, the same at build time
(`scripts/build_kb.py`) and at run time (`resolve.actors`).

- `fold`: the exact key: case, diacritics, periods, apostrophes and hyphens do not count
  ("Erdoğan" = "ERDOGAN", "U.N." = "UN", "Ja'afari" = "Jaafari", "Chan-o-cha" = "Chan o cha").
- `skeleton`: the spelling key of a person's name: what survives transliteration
  ("Kassym-Jomart Tokayev" = "Kasym-Zhomart Tokaev", "Mohammed" = "Muhammad",
  "Sergei Shoigu" = "Sergey Shoygu"): each word keeps its first letter and its consonants,
  with the digraphs that transliterations trade folded together and Arabic articles dropped.

Changing either function changes the keys stored in the compiled KB: bump `KEY_VERSION` and
rebuild it (`python scripts/build_kb.py`); a test checks the two agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata

KEY_VERSION = "3"

# Letters NFKD does not take apart.
SPECIAL_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d", "’": "'", "‘": "'", "`": "'",
     "ʼ": "'", "ʻ": "'", "–": "-", "—": "-", "‐": "-", "_": " "}
)  # fmt: skip
APOSTROPHES = re.compile(r"'")
SEPARATORS = re.compile(r"[-/]")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The exact lookup key of a name or phrase."""
    text = text.translate(SPECIAL_LETTERS)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = APOSTROPHES.sub("", text.replace(".", "").casefold())
    return " ".join(SEPARATORS.sub(" ", text).split())


# Particles that transliterations write, join or leave out ("al-Assad", "Assad").
PARTICLES = {
    "al",
    "el",
    "ad",
    "ash",
    "as",
    "an",
    "ar",
    "at",
    "az",
    "ul",
    "ud",
    "ibn",
    "bin",
    "ben",
    "abu",
    "abd",
    "umm",
    "bint",
    # "Abd al-" written as one word ("Adil Abdul Mahdi" = "Adil Abd al-Mahdi")
    *("abdul", "abdel", "abdal", "abdoul", "abdil"),
}
DIGRAPHS = [
    ("dzh", "j"), ("tch", "c"), ("tsch", "c"), ("sch", "s"), ("kh", "h"), ("gh", "g"),
    ("zh", "j"), ("dj", "j"), ("ch", "c"), ("sh", "s"), ("ph", "f"), ("th", "t"), ("ck", "k"),
    ("q", "k"), ("x", "ks"), ("ou", "u"),
]  # fmt: skip
VOWELS = re.compile(r"[aeiouyhw]")  # and the glides transliterations add
REPEATS = re.compile(r"(.)\1+")


def word_skeleton(word: str) -> str:
    for old, new in DIGRAPHS:
        word = word.replace(old, new)
    if not word:
        return ""
    return REPEATS.sub(r"\1", word[0] + VOWELS.sub("", word[1:]))


@functools.lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The spelling key of a folded multi-word name ("" for one word: too loose to use)."""
    words = [w for w in key.split() if w not in PARTICLES]
    if len(words) < 2:
        return ""
    spelled = " ".join(word_skeleton(w) for w in words)
    return spelled if len(spelled) >= MIN_SKELETON else ""


# Shorter spelling keys ("ab mt") are shared by too many names to tell anyone apart.
MIN_SKELETON = 6
