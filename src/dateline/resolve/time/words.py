"""Vocabulary of time expressions: month, weekday and number words as regex fragments."""

from __future__ import annotations

import calendar
import re

# --- vocabulary ----------------------------------------------------------------------------

_MONTH_BY_PREFIX = {
    name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name
}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}
_UNITS_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS: dict[str, int] = {"a": 1, "an": 1, "a single": 1, "a couple of": 2}
_NUMBER_WORDS |= {word: i + 1 for i, word in enumerate(_UNITS_ONES)}
_NUMBER_WORDS |= {word: i + 10 for i, word in enumerate(_TEENS)}
_NUMBER_WORDS |= {word: (i + 2) * 10 for i, word in enumerate(_TENS)}
# Vague counts get a representative value and a lower confidence.
_VAGUE_NUMBERS = {"several": 3, "a few": 3, "few": 3, "a couple": 2, "couple of": 2}

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_MONTH_NODOT = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|{_MONTH_NODOT})(?![a-z])"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d])"
_TENS_ALT = "|".join(_TENS)
_ONES_ALT = "|".join(_UNITS_ONES)
_NUM = (
    rf"(?:\d{{1,3}}|(?:{_TENS_ALT})(?:[-\s](?:{_ONES_ALT}))?|{'|'.join(_TEENS)}|{_ONES_ALT}"
    r"|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|a\s+single|several|a|an)"
)
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
# A clock time right after a date belongs to it ("Apr. 16, 2023 at 3:52 PM EDT").
_CLOCK = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}(?::\d\d)?\s*[AaPp]\.?[Mm]\b\.?(?:\s+(?:[A-Z]{2,4}T|GMT|UTC)\b)?"
    r"|,?\s+at\s+\d{1,2}:\d\d(?:\s+(?:[A-Z]{2,4}T|GMT|UTC)\b)?)?"
)


def _number(word: str) -> tuple[int, bool]:
    """Value of a spelled or digit count and whether it is vague ("several")."""
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word.isdigit():
        return int(word), False
    if word in _VAGUE_NUMBERS:
        return _VAGUE_NUMBERS[word], True
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word], False
    tens, _, ones = word.replace("-", " ").partition(" ")
    return _NUMBER_WORDS.get(tens, 0) + _NUMBER_WORDS.get(ones, 0), False


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


# Transcripts say years: "nineteen ninety-six", "nineteen hundred", "two thousand and one".
_SPOKEN_YEAR = (
    r"(?i:nineteen[-\s](?:hundred(?:\s+and)?[-\s])?(?:(?:"
    + _TENS_ALT
    + r")(?:[-\s](?:"
    + _ONES_ALT
    + r"))?|"
    + "|".join(_TEENS)
    + r"|hundred)|two\s+thousand(?:\s+(?:and\s+)?(?:"
    + _ONES_ALT
    + r"|"
    + "|".join(_TEENS)
    + r"))?)"
)


def _spoken_year_value(spoken: str) -> int:
    """1996 for "nineteen ninety-six", 2001 for "two thousand and one"."""
    words = spoken.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [word for word in words[2:] if word != "and"]
        return 2000 + (_number(" ".join(rest))[0] if rest else 0)
    rest = [word for word in words[1:] if word not in ("hundred", "and")]
    return 1900 + (_number(" ".join(rest))[0] if rest else 0)
