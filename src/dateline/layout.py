"""Wire-story layout: dateline, byline, photo captions, page furniture and body paragraphs.

A scraped wire page carries more than the story: photo captions (often twice, once cut short
with "..."), a byline, "Published: … | Updated: 47 minutes ago" lines, and a dateline
("MOSCOW (AP) —") glued to the first paragraph. Each part is told apart here, with character
offsets into the article text, so later stages read the body as body and never mistake the
dateline for an actor or a caption's date for the story's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .records import Article, Caption, Dateline, Paragraph, ParsedArticle, Span

# "MOSCOW (AP) —", "KYIV, Ukraine (AP) —", "WASHINGTON, April 16 (Reuters) -", "GAZA CITY -- "
DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\- ]*[A-Z.]                             # place in capitals
        (?:,\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)
        [A-Z][\w.'’\- ]*?)?)                                           # optional ", Country"
        (?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?                    # optional ", April 16"
        \s*(?:\((?P<agency>[^()\n]{1,40})\))?                        # optional (AGENCY)
        \s*(?:—|–|--|-|:)\s+""",
    re.VERBOSE,
)
BYLINE = re.compile(r"^\s*(?:By|BY)\s+\S")
FURNITURE = re.compile(
    r"^\s*(?:Published|Updated|Posted|Last updated|Share|Copyright|©|Read more|Advertisement)\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b"
    r"|All rights reserved",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(r"\((?:[^()]*\b(?:Photo|Pool|AP|Reuters|AFP|Getty)\b[^()]*)\)\s*$")
ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


def iter_lines(text: str) -> Iterator[tuple[str, int, int]]:
    """(line, start, end) for every line, with offsets into `text` and no line break."""
    start = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        yield stripped, start, start + len(stripped)
        start += len(line)


def trimmed(text: str, start: int, end: int) -> tuple[str, Span]:
    """The stripped slice text[start:end] and its own offsets."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return piece.strip(), (start + left, start + right)


def find_dateline(line: str) -> re.Match[str] | None:
    match = DATELINE.match(line)
    if not match:
        return None
    place = match["place"].split(",")[0].strip()
    # A dateline names a place in capitals; "A" or "I" opening a sentence is not one.
    if len(place) < 3 or not place.replace(" ", "").replace(".", "").isupper():
        return None
    return match


def merge_truncated(captions: list[Caption]) -> list[Caption]:
    """Drop a caption cut short with an ellipsis when the full one is also there."""
    kept: list[Caption] = []
    for caption in captions:
        stem = ELLIPSIS.sub("", caption.text).rstrip()
        if ELLIPSIS.search(caption.text) and any(
            other is not caption and other.text.startswith(stem) for other in captions
        ):
            continue
        kept.append(caption)
    return kept


def caption_date(text: str, *, article: Article) -> str | None:
    """The day a caption states (its photo's day), resolved against publication."""
    from .resolve.time import find_times

    days = [t for t in find_times(text, published=article.published) if t.granularity == "day"]
    return days[0].start if days else None


def parse_layout(article: Article) -> ParsedArticle:
    """Split a story into dateline, byline, captions, furniture and body paragraphs."""
    text = article.text
    lines = list(iter_lines(text))
    dateline_index = next(
        (i for i, (line, _, _) in enumerate(lines) if find_dateline(line.lstrip())), None
    )
    byline, byline_span = "", None
    captions: list[Caption] = []
    furniture: list[Paragraph] = []
    body_lines = lines
    dateline = None

    if dateline_index is not None:
        # Everything above the dateline is page matter: captions, byline, furniture.
        for _, start, end in lines[:dateline_index]:
            piece, span = trimmed(text, start, end)
            if not piece:
                continue
            if BYLINE.match(piece) and not byline:
                byline, byline_span = piece, span
            elif FURNITURE.search(piece):
                furniture.append(Paragraph(text=piece, span=span))
            else:
                captions.append(Caption(text=piece, span=span))
        line, start, end = lines[dateline_index]
        offset = start + len(line) - len(line.lstrip())
        match = find_dateline(line.lstrip())
        assert match is not None
        dateline = Dateline(
            place=match["place"].strip(),
            agency=(match["agency"] or "").strip(),
            span=(offset, offset + match.end()),
        )
        body_lines = [(line[match.end() + (offset - start) :], offset + match.end(), end)]
        body_lines += lines[dateline_index + 1 :]
    else:
        # No dateline: only leading lines that are plainly page matter are set aside.
        body_lines = []
        for index, (_, start, end) in enumerate(lines):
            piece, span = trimmed(text, start, end)
            if BYLINE.match(piece) and not byline:
                byline, byline_span = piece, span
            elif FURNITURE.search(piece) and len(piece) < 200:
                furniture.append(Paragraph(text=piece, span=span))
            elif PHOTO_CREDIT.search(piece):
                captions.append(Caption(text=piece, span=span))
            elif piece:
                body_lines = lines[index:]
                break

    paragraphs: list[Paragraph] = []
    block: list[tuple[str, int, int]] = []
    for entry in [*body_lines, ("", len(text), len(text))]:
        if entry[0].strip():
            block.append(entry)
            continue
        if block:
            piece, span = trimmed(text, block[0][1], block[-1][2])
            target = furniture if FURNITURE.search(piece) and len(piece) < 200 else paragraphs
            target.append(Paragraph(text=piece, span=span))
            block = []

    captions = [
        Caption(text=c.text, span=c.span, date=caption_date(c.text, article=article))
        for c in merge_truncated(captions)
    ]
    return ParsedArticle(
        article=article,
        byline=byline,
        byline_span=byline_span,
        dateline=dateline,
        captions=tuple(captions),
        paragraphs=tuple(paragraphs),
        furniture=tuple(furniture),
    )
