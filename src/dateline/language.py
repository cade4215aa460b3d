"""Language screening: dateline codes English stories; others are skipped with a reason.

First the script: a story whose letters are mostly not Latin (Chinese, Arabic, Cyrillic,
Devanagari …) is not English however short it is. Then running English passes on its function
words alone; anything else goes to py3langid, which ships its model in the wheel (nothing is
downloaded at run time).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from .records import Article, Skipped

MIN_CHARS = 60  # below this the guess is too unreliable to skip anything on
SAMPLE_CHARS = 2000


@functools.cache
def identifier():  # -> py3langid.LanguageIdentifier, loaded once per process
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# The commonest English function words. In running English news about a third of the words
# are among them (Reuters-21578: median 0.31; of its 448 stories of 500-700 words one is below
# 0.2, a table of figures); in French, Spanish, German, Dutch, Italian, Portuguese or Danish
# news at most 0.09.
FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with was as by at it from he said be have are has his "
    "an will were which its not this had but they would been".split()
)
CLEARLY_ENGLISH = 0.2
MIN_WORDS = 30


def clearly_english(text: str) -> bool:
    """Whether a text is English beyond doubt by its function words alone."""
    words = re.findall(r"[a-z']+", text[:SAMPLE_CHARS].lower())
    if len(words) < MIN_WORDS:
        return False
    return sum(w in FUNCTION_WORDS for w in words) / len(words) >= CLEARLY_ENGLISH


MIN_SCRIPT_LETTERS = 8  # a handful of letters already tell a script
NON_LATIN_SHARE = 0.5


def main_script(text: str) -> tuple[str, float]:
    """The commonest script among a text's letters other than Latin, and the share of all
    letters written in a script other than Latin ("", 0.0 when there are too few letters)."""
    scripts: Counter[str] = Counter()
    letters = 0
    for char in text[:SAMPLE_CHARS]:
        if not char.isalpha():
            continue
        letters += 1
        if char < "\u0250" or "\u1e00" <= char <= "\u1eff":  # Latin blocks
            continue
        name = unicodedata.name(char, "")
        if name.startswith("LATIN") or not name:
            continue
        scripts[name.split()[0]] += 1
    if letters < MIN_SCRIPT_LETTERS or not scripts:
        return "", 0.0
    script, _ = scripts.most_common(1)[0]
    return script.title(), sum(scripts.values()) / letters


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for a text's language."""
    language, probability = identifier().classify(text[:SAMPLE_CHARS])
    return language, float(probability)


def screen_language(article: Article, *, expected: str = "en") -> Skipped | None:
    """A Skipped when the story is confidently not in `expected`, else None."""
    sample = f"{article.title}\n{article.text}"
    script, share = main_script(article.text) if expected == "en" else ("", 0.0)
    if share >= NON_LATIN_SHARE:
        return Skipped(
            origin=article.origin,
            stage="language",
            record_id=article.id,
            reason=f"not English ({share:.0%} of its letters in {script} script); dateline "
            "codes English stories",
        )
    if len(sample.strip()) < MIN_CHARS:
        return None
    if expected == "en" and clearly_english(sample):
        return None  # most stories: the identifier (0.6 s to load per process) is not needed
    language, probability = detect_language(sample)
    if language == expected or probability < 0.9:
        return None
    return Skipped(
        origin=article.origin,
        stage="language",
        record_id=article.id,
        reason=f"not English (detected '{language}', p={probability:.2f}); "
        "dateline codes English stories",
    )
