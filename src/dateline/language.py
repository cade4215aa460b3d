"""Language screening: dateline codes English stories; others are skipped with a reason.

Uses py3langid, which ships its model in the wheel (nothing is downloaded at run time).
"""

from __future__ import annotations

import functools

from .records import Article, Skipped

MIN_CHARS = 60  # below this the guess is too unreliable to skip anything on
SAMPLE_CHARS = 2000


@functools.cache
def identifier():  # -> py3langid.LanguageIdentifier, loaded once per process
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for a text's language."""
    language, probability = identifier().classify(text[:SAMPLE_CHARS])
    return language, float(probability)


def screen_language(article: Article, *, expected: str = "en") -> Skipped | None:
    """A Skipped when the story is confidently not in `expected`, else None."""
    sample = f"{article.title}\n{article.text}"
    if len(sample.strip()) < MIN_CHARS:
        return None
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
