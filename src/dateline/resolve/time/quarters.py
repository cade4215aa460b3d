"""Fiscal quarters and the earnings-report discourse around them."""

from __future__ import annotations

import re
from datetime import date

from .context import _Context, _Resolved
from .dates import _quarter_of, _quarter_range
from .words import _ORDINALS

_DISCOURSE_REACH = 1000  # characters: about one company's paragraph in an earnings digest


def _quarter_context_at(at: int, context: _Context) -> bool:
    return context.quarter is not None and at - context.quarter_at < _DISCOURSE_REACH


def _quarter_context(match: re.Match[str], context: _Context) -> bool:
    # Earnings digests name the quarter once per company paragraph, then say "the quarter".
    return _quarter_context_at(match.start(), context)


def _year_ago_quarter(context: _Context, words: str) -> _Resolved:
    year, quarter = context.quarter or _completed_quarter(context.published)
    start, end = _quarter_range(year - 1, quarter)
    return _Resolved(
        start,
        end,
        "quarter",
        "year-ago-quarter",
        0.7,
        f"'{words}' compares with Q{quarter} {year - 1}, a year before the quarter in discussion",
    )


def _completed_quarter(published: date) -> tuple[int, int]:
    year, quarter = _quarter_of(published)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def _set_quarter(context: _Context, year: int, quarter: int, at: int) -> _Resolved:
    current = context.quarter if _quarter_context_at(at, context) else None
    if (year, quarter) <= _completed_quarter(context.published) and (
        current is None or (year, quarter) >= current
    ):
        # Only a reported (completed) quarter becomes the one in discussion: "a fourth-quarter
        # charge" expected later does not change what "a year earlier" compares with, nor does
        # an earlier quarter named as background ("after a flat second quarter").
        context.quarter, context.quarter_at = (year, quarter), at
    start, end = _quarter_range(year, quarter)
    return _Resolved(start, end, "quarter", "quarter", 0.85, f"Q{quarter} {year}")


def _quarter(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the third quarter (of 2022)", "Q3 2022", "last year's fourth quarter"."""
    published = context.published
    number = _ORDINALS.get((match["ord"] or "").lower()) or (int(match["q"]) if match["q"] else 0)
    year_text = match["y"] or match["y2"] or match["yp"]
    shift = match["rp"] or match["rel"]
    if year_text:
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text[-2:])
        how = "named year"
    elif shift:
        year = published.year + {"this": 0, "last": -1, "next": 1}[shift.lower()]
        how = f"{shift.lower()} year"
    else:
        year = None
        how = ""
    if match["ya"]:
        base_year, base_q = context.quarter or _completed_quarter(published)
        number = number or base_q
        year = (year or base_year) - 1
        how = "a year before the quarter in discussion"
    if not number:
        base_year, base_q = context.quarter or _completed_quarter(published)
        number, year = base_q, year if year is not None else base_year
        how = how or "the quarter in discussion"
    if year is None:
        # The most recent such quarter that has begun (the current one counts).
        year = published.year if 3 * number - 2 <= published.month else published.year - 1
        how = f"the most recent quarter {number} begun by {published}"
    resolved = _set_quarter(context, year, number, match.start())
    return _Resolved(
        resolved.start, resolved.end, "quarter", "quarter", 0.85, f"Q{number} {year} ({how})"
    )


def _quarter_ref(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the quarter", "the latest period", "last quarter", "the year-ago quarter"."""
    published = context.published
    det = " ".join((match["det"] or "").lower().split())
    what = match["what"].lower()
    in_context = _quarter_context(match, context)
    if match["ya"] or match["ly"]:
        # "the year-ago period" is itself an earnings comparison: a quarter is implied.
        return _year_ago_quarter(context, match.group(0))
    if match["y"]:
        if not in_context:
            return None
        quarter = context.quarter[1] if context.quarter else 1
        start, end = _quarter_range(int(match["y"]), quarter)
        return _Resolved(
            start, end, "quarter", "discourse-quarter", 0.6, "the quarter in discussion"
        )
    if what == "period" and not in_context and det not in ("the latest", "the most recent"):
        return None
    if det == "last" or det in ("the previous", "the prior"):
        year, quarter = _completed_quarter(published)
        if det != "last" and in_context and context.quarter:
            year, quarter = context.quarter
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        how = "the quarter before"
    elif det == "next":
        year, quarter = _quarter_of(published)
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
        how = "the quarter after publication's"
    elif det == "the current":
        year, quarter = _quarter_of(published)
        how = "the quarter containing publication"
    elif det in ("the latest", "the most recent"):
        year, quarter = _completed_quarter(published)
        how = "the last completed quarter before publication"
    elif in_context and context.quarter:
        year, quarter = context.quarter
        how = "the quarter in discussion"
    elif det in ("this", "the current"):
        year, quarter = _quarter_of(published)
        how = "the quarter containing publication"
    else:
        year, quarter = _completed_quarter(published)
        how = "the last completed quarter before publication"
    start, end = _quarter_range(year, quarter)
    return _Resolved(start, end, "quarter", "discourse-quarter", 0.65, f"Q{quarter} {year} ({how})")


def _year_adjective(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "year-earlier", "year-ago" on their own."""
    if _quarter_context(match, context):
        return _year_ago_quarter(context, match.group(0))
    year = context.published.year - 1
    return _Resolved(
        date(year, 1, 1), date(year, 12, 31), "year", "year-ago", 0.5, "the year before publication"
    )


class _QuarterMatch:
    """Adapts the three quarter spellings to one set of group names."""

    __slots__ = ("_match",)

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def __getitem__(self, name: str) -> str | None:
        match = self._match
        if name == "rp":
            return match["rp"] or match["rp2"]
        if name == "y":
            y3 = match["y3"]
            return match["y"] or (y3.lstrip("'’") if y3 else None)
        return match[name]

    def start(self) -> int:
        return self._match.start()
