from datetime import date

import pytest

from dateline.layout import find_dateline, parse_layout
from dateline.records import Article

PAGE = (
    "\n"
    "President Ana Diaz speaks in Lima, Peru, Friday, March 3, 2023. (Photo: DLW)\n"
    "President Ana Diaz speaks in...\n"
    "By Dateline Wire Staff\n"
    "Published: Mar. 5, 2023 at 1:00 PM EST|Updated: 3 hours ago\n"
    "LIMA, Peru (DLW) — Peru’s president met union leaders on Sunday.\n"
    "\n"
    "The talks went on for hours.\n"
)


def article(text: str, published: date = date(2023, 3, 5)) -> Article:
    return Article(id="x", published=published, text=text, title="Headline")


def test_wire_page_parts_and_offsets():
    parsed = parse_layout(article(PAGE))
    assert parsed.dateline is not None
    assert parsed.dateline.place == "LIMA, Peru"
    assert parsed.dateline.agency == "DLW"
    assert parsed.byline == "By Dateline Wire Staff"
    assert len(parsed.captions) == 1  # the truncated copy is the same caption
    assert parsed.captions[0].date == "2023-03-03"
    assert parsed.body.startswith("Peru’s president met")
    assert "Updated" not in parsed.body
    assert [f.text[:9] for f in parsed.furniture] == ["Published"]
    for part in [*parsed.paragraphs, *parsed.captions, *parsed.furniture]:
        assert PAGE[part.span[0] : part.span[1]] == part.text
    start, end = parsed.dateline.span
    assert PAGE[start:end] == "LIMA, Peru (DLW) — "


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("MOSCOW (AP) — Putin met", "MOSCOW", "AP"),
        ("KYIV, Ukraine (AP) — Strikes hit", "KYIV, Ukraine", "AP"),
        ("WASHINGTON, April 16 (Reuters) - The U.S.", "WASHINGTON", "Reuters"),
        ("GAZA CITY -- Crowds gathered", "GAZA CITY", None),
    ],
)
def test_dateline_forms(line, place, agency):
    match = find_dateline(line)
    assert match is not None
    assert match["place"].strip() == place
    assert match["agency"] == agency


@pytest.mark.parametrize("line", ["A new deal was signed - officials said", "I - too", "Putin met"])
def test_not_a_dateline(line):
    assert find_dateline(line) is None


def test_story_without_dateline_is_all_body():
    parsed = parse_layout(article("Putin met Xi on Monday.\n\nThey talked for hours.\n"))
    assert parsed.dateline is None
    assert [p.text for p in parsed.paragraphs] == [
        "Putin met Xi on Monday.",
        "They talked for hours.",
    ]
