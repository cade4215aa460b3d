"""Weeks, months, years and seasons relative to publication or to the last date told."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .context import _Context, _is_future, _mark, _Resolved
from .dates import _month_end, _period_of, _season_containing, _season_range, _shift, _week_of
from .days import _MONTH_PREPOSITIONS
from .narrative import _relative_later
from .quarters import _quarter_context, _year_ago_quarter
from .words import _number, _spoken_year_value, _unit


def _period(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "last week", "this month", "next year", "the past week", "earlier this month"."""
    published = context.published
    rel = " ".join(match["rel"].lower().split())
    unit = match["unit"].lower()
    if unit == "weekend":
        return _weekend(rel, published)
    this_start, this_end = _period_of(published, unit)
    if rel in ("the past", "past", "the last"):
        start = _shift(published, -1, unit)
        return _Resolved(
            start, published, "range", "past-period", 0.8, f"the {unit} to {published}"
        )
    if rel in ("the coming", "coming"):
        end = _shift(published, 1, unit)
        return _Resolved(
            published, end, "range", "coming-period", 0.7, f"the {unit} from {published}"
        )
    if rel == "earlier this":
        return _Resolved(
            this_start,
            published,
            "range",
            "earlier-this",
            0.8,
            f"from the start of the {unit} to publication",
        )
    if rel == "later this":
        return _Resolved(
            published,
            this_end,
            "range",
            "later-this",
            0.8,
            f"from publication to the end of the {unit}",
        )
    step = {"last": -1, "previous": -1, "next": 1, "this": 0, "the current": 0, "current": 0}
    offset = step.get(rel)
    if offset is None:
        return None
    if unit == "year" and offset == -1 and _quarter_context(match, context):
        before = context.text[max(0, match.start() - 70) : match.start()]
        if _COMPARISON_RE.search(before) or context.text.startswith("'s", match.end()):
            # "up from $3 million last year", "last year's $1.55 billion": results compared
            # with the same quarter a year before.
            return _year_ago_quarter(context, match.group(0))
    start, end = _period_of(_shift(this_start, offset, unit), unit)
    confidence = 0.6 if rel == "previous" else 0.85
    where = {-1: "before", 0: "containing", 1: "after"}[offset]
    return _Resolved(
        start,
        end,
        unit,
        f"{rel.replace(' ', '-')}-{unit}",
        confidence,
        f"the calendar {unit} {where} the one of {published}"
        if offset
        else f"the calendar {unit} containing {published}",
    )


_COMPARISON_RE = re.compile(
    r"(?:compared\s+with|compared\s+to|from|versus|vs\.|against)\s+[^.;]*[$#£€\d][^.;]*$"
)


def _weekend(rel: str, published: date) -> _Resolved:
    """A Saturday-Sunday; past ones stop at publication."""
    saturday = _week_of(published)[0] + timedelta(days=5)
    if rel in ("next", "the coming", "coming"):
        start = saturday if published < saturday else saturday + timedelta(days=7)
        return _Resolved(
            start, start + timedelta(days=1), "range", "next-weekend", 0.75, "the next weekend"
        )
    if rel == "this":
        return _Resolved(
            saturday,
            saturday + timedelta(days=1),
            "range",
            "this-weekend",
            0.7,
            f"the weekend of the week of {published}",
        )
    if rel == "last" and published >= saturday:
        saturday -= timedelta(days=7)
    elif published < saturday:
        saturday -= timedelta(days=7)
    end = min(saturday + timedelta(days=1), published)
    return _Resolved(
        saturday, end, "range", "last-weekend", 0.75, f"the last weekend on or before {published}"
    )


def _past_n(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the past three days", "in the last two weeks": a range ending at publication."""
    amount, vague = _number(match["n"])
    unit = _unit(match["unit"])
    start = _shift(context.published, -amount, unit)
    return _Resolved(
        start,
        context.published,
        "range",
        "past-n",
        0.6 if vague else 0.8,
        f"the {amount} {unit}(s) up to {context.published}",
    )


def _ago(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "two weeks ago", "a year earlier": the calendar unit containing publication minus N."""
    # "the year earlier" names no amount: one unit.
    amount, vague = _number(match["n"]) if match["n"] else (1, False)
    unit = _unit(match["unit"])
    direction = match["dir"].lower()
    published = context.published
    if direction == "later":
        amount = -amount
    if unit == "year" and amount == 1 and _quarter_context(match, context):
        return _year_ago_quarter(context, match.group(0))
    if direction != "ago" and (told := _relative_later(match, context)) is not None:
        return told
    if unit == "hour":
        start = published - timedelta(days=1 if amount <= 24 else (amount + 23) // 24)
        return _Resolved(start, published, "range", "hours-ago", 0.5, "within hours of publication")
    day = _shift(published, -amount, unit)
    start, end = _period_of(day, unit)
    confidence = 0.75 if direction == "ago" else 0.4
    if vague or match["q"]:
        confidence -= 0.2
    relative = "publication" if direction == "ago" else "publication (discourse time unknown)"
    return _Resolved(
        start,
        end,
        unit if unit != "decade" else "range",
        f"{unit}s-{direction}",
        confidence,
        f"the {unit} containing {day}, {abs(amount)} {unit}(s) from {relative}",
    )


def _half(match: re.Match[str], context: _Context) -> _Resolved | None:
    year = context.published.year
    if match["y"]:
        year = int(match["y"])
    elif match["rel"]:
        year += {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
    first = match["ord"].lower() in ("first", "1st")
    start = date(year, 1 if first else 7, 1)
    end = date(year, 6, 30) if first else date(year, 12, 31)
    return _Resolved(start, end, "range", "half-year", 0.8, f"H{1 if first else 2} {year}")


def _season(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "this spring", "last summer", "in the fall of 2022", "winter 2021"."""
    published = context.published
    season = match["s"].lower()
    rel = " ".join((match["rel"] or "").lower().split())
    if match["y"]:
        start, end = _season_range(season, int(match["y"]))
        return _Resolved(start, end, "season", "season-year", 0.85, f"{season} {match['y']}")
    if not rel or rel == "the":
        return None
    after = context.text[match.end() : match.end() + 12]
    if re.match(r"\s+(?:in|of)\s+(?!\d)", after):
        return None  # "the fall in prices", "the spring of discontent"
    current = _season_containing(published, season)
    year = published.year - (1 if season == "winter" and published.month <= 2 else 0)
    this_start, this_end = current or _season_range(season, year)
    future = ""
    if rel in ("next", "this coming", "coming"):
        start, end = _season_range(season, this_start.year + (1 if this_start <= published else 0))
        how = "the next"
    elif rel in ("last", "this past", "past"):
        back = 1 if current or this_start > published else 0
        start, end = _season_range(season, this_start.year - back)
        how = "the last"
    elif rel == "this":
        start, end, how = this_start, this_end, "this"
    elif this_start <= published:
        start, end, how = this_start, this_end, "the most recent"
        if (future := _is_future(match, context)) and not current:
            start, end = _season_range(season, this_start.year + 1)
            how = "the next"
    else:
        start, end = _season_range(season, this_start.year - 1)
        how = "the most recent"
        if future := _is_future(match, context):
            start, end, how = this_start, this_end, "the next"
    return _Resolved(
        start,
        end,
        "season",
        _mark("season", future),
        0.75,
        f"{how} {season} relative to {published}",
    )


_COUNT_NOUNS = frozenset(
    """people persons troops soldiers men women children kids workers jobs employees members
    students residents refugees civilians units cars vehicles homes houses shares tons tonnes
    barrels dollars yen euros pounds miles kilometers kilometres feet meters metres acres votes
    points times cases deaths casualties prisoners rebels police officers delegates seats
    marines sailors families passengers copies pages words rounds missiles tanks aircraft planes
    ships guns rifles hours minutes seconds calories patients beds villages years days""".split()
)
_QUANTIFIERS = frozenset(
    "about nearly some over almost around approximately roughly only just least all "
    "another additional extra".split()
)


def _bare_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "in 2022", "since 1990", "fiscal 1989", "2000": a year, unless it counts things."""
    year = int(match["y"])
    if not 1900 <= year <= 2100:
        return None
    text = context.text
    before = text[max(0, match.start() - 20) : match.start()].lower().split()
    after = text[match.end() : match.end() + 20].lower().split()
    if before and before[-1] in _QUANTIFIERS:
        return None
    if after and after[0].strip(".,;:") in _COUNT_NOUNS:
        return None
    confidence = 0.9 if before and before[-1] in _MONTH_PREPOSITIONS else 0.75
    return _Resolved(
        date(year, 1, 1), date(year, 12, 31), "year", "year", confidence, f"the year {year}"
    )


def _spoken_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    """Transcripts: "nineteen ninety-six", "the year two thousand"."""
    words = match.group("sy").lower().replace("-", " ").split()
    before = context.text[max(0, match.start() - 12) : match.start()].lower().split()
    after = context.text[match.end() : match.end() + 20].lower().split()
    if after and after[0].strip(".,;:") in _COUNT_NOUNS:
        return None
    spoken_year = "year" in match.group(0).lower() or (before and before[-1] in _MONTH_PREPOSITIONS)
    if words[:2] == ["two", "thousand"] and not spoken_year:
        return None  # "two thousand troops"
    year = _spoken_year_value(match.group("sy"))
    return _Resolved(
        date(year, 1, 1), date(year, 12, 31), "year", "spoken-year", 0.8, f"the year {year}"
    )


def _edge_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "early 2023", "mid-2022", "late 1998": a third of the year."""
    year, part = int(match["y"]), match["part"].lower()
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    start, end = date(year, months[0], 1), _month_end(year, months[1])
    return _Resolved(start, end, "range", "year-part", 0.7, f"{part} {year} (a third of the year)")


def _decade(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the 1990s", "the '90s", "the early 1980s"."""
    if match["d4"]:
        first = int(match["d4"])
    else:
        two = int(match["d2"])
        century = 1900 if 1900 + two + 9 < context.published.year else 1800
        first = century + two if century + two + 9 < context.published.year else 1900 + two
    start, end = date(first, 1, 1), date(first + 9, 12, 31)
    part = (match["part"] or "").lower()
    if part:
        span = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[part]
        start, end = date(first + span[0], 1, 1), date(first + span[1], 12, 31)
    return _Resolved(start, end, "range", "decade", 0.8, f"the decade {first}s")


def _discourse(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the following year", "the previous month", "that year": relative to the last date told.

    Without an earlier explicit date, "following"/"previous" fall back to publication
    (low confidence) and "that year" gives nothing.
    """
    rel = " ".join(match["rel"].lower().split())
    unit = match["unit"].lower()
    offset = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(
        rel, 0
    )
    base, confidence, how = context.last, 0.6, "the last date told"
    if base is None:
        if not offset:
            return None
        base, confidence, how = context.published, 0.4, "publication (no earlier date told)"
    start, end = _period_of(_shift(base, offset, unit), unit)
    return _Resolved(
        start,
        end,
        unit,
        f"discourse-{unit}",
        confidence,
        f"the {unit} {'containing' if not offset else ('after' if offset > 0 else 'before')} "
        f"that of {base} ({how})",
    )


def _this_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "the year", "the full year", "the current fiscal year", "the latest fiscal year"."""
    words = match.group(0).lower()
    year = context.published.year - (1 if "latest" in words or "last" in words else 0)
    confidence = 0.5 if words.split()[1:2] == ["year"] else 0.7
    return _Resolved(
        date(year, 1, 1),
        date(year, 12, 31),
        "year",
        "current-year",
        confidence,
        "the current year at publication"
        if year == context.published.year
        else "the last completed (fiscal) year before publication",
    )


def _year_end(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "by year-end" is the coming December 31; "since year-end" the last one."""
    before = context.text[max(0, match.start() - 8) : match.start()].lower().split()
    year = context.published.year - (1 if before and before[-1] == "since" else 0)
    day = date(year, 12, 31)
    return _Resolved(day, day, "day", "year-end", 0.6, f"the end of {year}")
