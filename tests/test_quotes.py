"""Direct quotes and their speakers (resolve/quotes.py), and the bundled examples' quotes."""

from datetime import date

import pytest

from conftest import REPO
from dateline.read import read_dated_text
from dateline.resolve.quotes import find_quotes


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        (
            "Blinken said Washington would keep pressing for Stockholm’s membership. “We want "
            "to see Sweden at this table as soon as possible,” he said.",
            "Blinken",
        ),
        (
            "Zelenskyy thanked Americans for their support and said his country would keep "
            "asking for more weapons. “Every system we receive saves lives,” he said.",
            "Zelenskyy",
        ),
        ("“We will not be intimidated by anyone,” Harris said.", "Harris"),
        ("Putin said: “We are ready to talk to anyone.”", "Putin"),
        # no named subject just before the quote: the pronoun is left to the story's people
        (
            "In Moscow, Kremlin spokesman Dmitry Peskov said Russia would respond. “We will "
            "see what happens,” he said.",
            "he",
        ),
        ("“We will see what happens,” she said.", "she"),
    ],
)
def test_the_speaker_of_a_quote(paragraph, speaker):
    [quote] = find_quotes(paragraph)
    assert quote.speaker == speaker
    if quote.speaker_span:
        assert paragraph[slice(*quote.speaker_span)] == speaker


@pytest.mark.parametrize(
    ("example", "words", "speaker"),
    [
        ("04_finland_joins_nato.txt", "We want to see Sweden", "Antony Blinken"),
        ("05_zelenskyy_washington_patriot.txt", "Every system we receive", "Volodymyr Zelenskyy"),
        ("05_zelenskyy_washington_patriot.txt", "The United States and our allies", "Joe Biden"),
    ],
)
def test_bundled_examples_credit_the_right_speaker(example, words, speaker):
    from dateline.coding.article import extract_articles

    path = REPO / "examples" / example
    article = read_dated_text(path.read_text(encoding="utf-8"), origin=str(path))
    assert article.published > date(2000, 1, 1)
    [extraction] = extract_articles([article])
    [quote] = [q for q in extraction.quotes if q.text.startswith(words)]
    # the surname: the actor KB may give the full name ("Joseph Biden")
    assert quote.speaker is not None
    assert quote.speaker.name.split()[-1] == speaker.split()[-1], quote.speaker
