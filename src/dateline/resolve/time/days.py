"""Days and months: written and numeric dates, bare months, weekdays, "yesterday"."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .context import _Context, _is_future, _mark, _Resolved, _scheduled_cue, _tense_cue
from .dates import _month_end, _safe_date, _week_of
from .words import _MONTH_BY_PREFIX, _WEEKDAYS, _spoken_year_value

_SOON_DAYS = 62


def _explicit(match: re.Match[str], context: _Context) -> _Resolved | None:
    """Written dates: "March 25, 2023", "Saturday, March 25", "25 March", "March 20-22"."""
    published = context.published
    month_text = match["m1"] or match["m3"]
    day_text = match["d1"] or match["d3"]
    year_text = match["y1"] or match["y3"]
    month = _MONTH_BY_PREFIX[month_text[:3].lower()]
    day = int(re.sub(r"\D", "", day_text))
    weekday = match["wd"]
    if year_text:
        start = _safe_date(int(year_text), month, day)
        if start is None:
            return None
        how, confidence = "explicit date", 0.95
        method = "explicit-date"
    else:
        candidates = [
            c
            for year in (published.year - 1, published.year, published.year + 1)
            if (c := _safe_date(year, month, day)) is not None
        ]
        if not candidates:
            return None  # "February 29" with no leap year around publication, "30 February"
        if weekday:
            matching = [c for c in candidates if c.weekday() == _WEEKDAYS[weekday.lower()]]
            candidates = matching or candidates
        future = _is_future(match, context)
        ahead = [c for c in candidates if c >= published]
        if future and ahead:
            start = ahead[0]
            how = f"the next {month_text} {day} on or after {published} ({future})"
        else:
            # News names upcoming dates of the next two months (schedules, deadlines) and past
            # dates otherwise: "Nov. 6" in a Nov. 2 story is ahead, "Aug. 6" in February past.
            past = [c for c in candidates if c <= published]
            soon = [c for c in ahead if (c - published).days <= _SOON_DAYS]
            if soon or not past:
                start = (soon or ahead)[0]
                how = f"{month_text} {day} within two months after {published}"
            else:
                start = past[-1]
                how = f"the most recent {month_text} {day} on or before {published}"
        if weekday:
            how += f", a {weekday}"
        confidence = 0.85
        method = _mark("month-day", future)
    end = start
    granularity = "day"
    if match["d2"]:
        end_month = _MONTH_BY_PREFIX[match["m2"][:3].lower()] if match["m2"] else month
        end_year = start.year + (1 if end_month < month else 0)
        end = _safe_date(end_year, end_month, int(re.sub(r"\D", "", match["d2"])))
        if end is None or end < start:
            return None
        granularity, method = "range", method.replace("date", "range").replace("day", "range")
    if end != start:
        how = f"{start}..{end} ({how})"
    return _Resolved(start, end, granularity, method, confidence, how)


def _numeric(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ISO "2023-03-25" and US "3/25/2023" (month first unless that is impossible)."""
    if match["iy"]:
        day = _safe_date(int(match["iy"]), int(match["im"]), int(match["id"]))
        return day and _Resolved(day, day, "day", "iso-date", 0.95, "ISO date")
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        year += 2000 if year <= (context.published.year % 100) + 1 else 1900
    day = _safe_date(year, first, second)
    order = "US month/day/year"
    if day is None:
        day, order = _safe_date(year, second, first), "day/month/year (month/day impossible)"
    return day and _Resolved(day, day, "day", "numeric-date", 0.85, order)


def _month_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    month = _MONTH_BY_PREFIX[match["m"][:3].lower()]
    year = int(match["y"]) if match["y"] else None
    if year is None:
        year = context.published.year + {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
    return _Resolved(
        date(year, month, 1), _month_end(year, month), "month", "month-year", 0.9, "named month"
    )


_COMING_MONTHS = 1  # bare months this far ahead of publication are the coming ones
_PART_THIRDS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20)}
_PART_THIRDS |= {"middle": (11, 20), "late": (21, 31), "end": (21, 31)}


def _bare_month_year(
    month: int, match: re.Match[str], context: _Context, rel: str
) -> tuple[int, str, str]:
    """Year of a month named without one; returns (year, how, future-cue)."""
    published = context.published
    name = calendar.month_name[month]
    if rel == "last":
        year = published.year if month < published.month else published.year - 1
        return year, f"the last {name} before {published:%B %Y}", ""
    if rel == "next" or rel == "coming":
        year = published.year if month > published.month else published.year + 1
        return year, f"the next {name} after {published:%B %Y}", ""
    if rel == "this":
        return published.year, f"{name} of {published.year}", ""
    if month == published.month:
        return published.year, f"the publication month {published:%B %Y}", ""
    future = _is_future(match, context)
    if future:
        year = published.year if month > published.month else published.year + 1
        return year, f"the next {name} after {published} ({future})", future
    if (month - published.month) % 12 <= _COMING_MONTHS:
        # A month eleven months back is "last November"; a bare "November" in an October story
        # is the coming one, unless the verb is past ("had closed in November").
        tense, _ = _tense_cue(context.text, match.start(), match.end())
        if tense != "past":
            year = published.year if month > published.month else published.year + 1
            return year, f"the coming {name}, the month after {published:%B %Y}", ""
    year = published.year if month < published.month else published.year - 1
    return year, f"the most recent {name} before {published}", ""


def _bare_month(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "in March", "last June", "this September", "early March", "mid-April 2022"."""
    name = match["m"]
    rel = (match["rel"] or "").lower().split()[-1] if match["rel"] else ""
    rel = "last" if rel == "past" else rel
    part_words = " ".join((match["part"] or "").lower().split()).replace("the ", "").split()
    part = part_words[0] if part_words else ""
    preceding = context.text[max(0, match.start() - 12) : match.start()].lower().split()
    if match["sy"]:
        spoken = _spoken_year_value(match["sy"])
        if not 1900 <= spoken <= 2099:
            return None
        return _Resolved(
            date(spoken, month := _MONTH_BY_PREFIX[name[:3].lower()], 1),
            _month_end(spoken, month),
            "month",
            "month-year",
            0.85,
            f"{name} {spoken} (a spoken year)",
        )
    if not rel and not part and not match["y"]:
        # "May" is a verb and a surname, "April" and "June" are names: want a cue.
        prep = preceding[-1] if preceding else ""
        followed = context.text[match.end() : match.end() + 2]
        if prep not in _MONTH_PREPOSITIONS and (
            name == "May" or (len(followed) == 2 and followed[0] == " " and followed[1].isupper())
        ):
            return None
    month = _MONTH_BY_PREFIX[name[:3].lower()]
    future = ""
    if match["y"]:
        year, how = int(match["y"]), f"{name} {match['y']}"
    else:
        year, how, future = _bare_month_year(month, match, context, rel)
    start, end = date(year, month, 1), _month_end(year, month)
    published = context.published
    if (
        not rel
        and (year, month) == (published.year, published.month)
        and _tense_cue(context.text, match.start(), match.end())[0] == "past"
    ):
        # "He had arrived in March" in a March story: the part of March before publication.
        end = published
        how += ", to publication (past tense)"
    if part:
        first, last = _PART_THIRDS[part]
        end = min(end, date(year, month, min(last, end.day)))
        start = min(date(year, month, first), end)
        return _Resolved(
            start,
            end,
            "range",
            _mark("month-part", future),
            0.75,
            f"the {part} third of {calendar.month_name[month]} {year} ({how})",
        )
    granularity = "month" if end == _month_end(year, month) else "range"
    return _Resolved(start, end, granularity, _mark("month", future), 0.85, how)


_MONTH_PREPOSITIONS = frozenset(
    "in since by until till of during through from before after last next this early late mid "
    "to between and or".split()
)


def _weekday(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "Sunday", "on Sunday", "last Tuesday", "next Friday", "this Monday", "Sunday night"."""
    published = context.published
    name = match["wd"]
    target = _WEEKDAYS[name.lower()]
    rel = " ".join((match["rel"] or "").lower().split())
    back = (published.weekday() - target) % 7
    future = ""
    if rel.startswith("the "):
        # "the previous Friday", "the following Monday": relative to the last day told.
        reference = context.last_day or published
        told = "the last day told" if context.last_day else "publication"
        if rel == "the following":
            day = reference + timedelta(days=(target - reference.weekday()) % 7 or 7)
            how = f"the {name} after {reference} ({told})"
        else:
            day = reference - timedelta(days=(reference.weekday() - target) % 7 or 7)
            how = f"the {name} before {reference} ({told})"
        return _Resolved(day, day, "day", "weekday-discourse", 0.6, how)
    if rel in ("next", "this coming", "coming"):
        day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        how, method = f"the next {name} after {published}", "weekday-next"
    elif rel in ("last", "this past", "past"):
        day = published - timedelta(days=back or 7)
        how, method = f"the last {name} before {published}", "weekday-last"
    elif rel == "this":
        day = _week_of(published)[0] + timedelta(days=target)
        how, method = f"the {name} of the week of {published}", "weekday-this"
    elif future := _is_future(match, context):
        day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        how, method = f"the next {name} after {published} ({future})", _mark("weekday", future)
    elif scheduled := _scheduled_cue(context.text, match.start()):
        # "The leaders meet Tuesday": a present tense schedules; the publication day counts.
        day = published + timedelta(days=(target - published.weekday()) % 7)
        how = f"the {name} on or after {published} (present tense '{scheduled}')"
        method = "weekday+present-cue"
    else:
        day = published - timedelta(days=back)
        how, method = f"the most recent {name} on or before {published}", "weekday"
    return _Resolved(day, day, "day", method, 0.8, how)


_DEICTIC = {
    "today": (0, "the publication day"),
    "tonight": (0, "the evening of the publication day"),
    "this morning": (0, "the publication day"),
    "this afternoon": (0, "the publication day"),
    "this evening": (0, "the publication day"),
    "yesterday": (-1, "the day before publication"),
    "last night": (-1, "the night before publication"),
    "tomorrow": (1, "the day after publication"),
    "the day before yesterday": (-2, "two days before publication"),
    "the day after tomorrow": (2, "two days after publication"),
}


def _deictic(match: re.Match[str], context: _Context) -> _Resolved | None:
    words = " ".join(match.group(0).lower().split())
    offset, how = _DEICTIC[words]
    day = context.published + timedelta(days=offset)
    confidence = 0.7 if words == "last night" else 0.9
    return _Resolved(day, day, "day", "deictic", confidence, f"{how} {context.published}")
