"""Time expressions in news text, resolved against the story's publication date.

News tells time relative to the day it is published: "on Sunday" is the most recent Sunday
on or before publication, "last week" the Monday-Sunday week before the publication week.
Everything here is regular expressions plus calendar arithmetic (no spaCy, no dateparser), so
one core resolves well over 5,000 expressions a second.

Conventions (each resolved `TimeRef` states the one it used in `reason`):

* Ranges are inclusive ISO dates; weeks run Monday-Sunday (ISO 8601, as TimeML does).
* A bare weekday or month is the most recent one on or before publication. It moves to the next
  one only when the expression says so ("next", "coming") or the verb is future: the caller
  passes `future=True`, or a future marker ("will", "is to", "scheduled", ...) governs it in
  the same sentence (method gets the suffix "+future-cue").
* A month-day without a year ("March 25") is the most recent one on or before publication,
  unless it falls within the two months after publication (schedules, deadlines) or the verb
  is future.
* "this week/month/year" is the whole period; "earlier this month" runs to publication,
  "later this month" from it; "the past N days" ends at publication.
* Earnings-report discourse: "the quarter", "the latest period", "a year earlier" after a
  quarter was named refer to that quarter (or the same quarter a year before).
* Durations ("a three-day visit", "for two hours") are not dates and yield nothing.
* Anchored expressions ("less than a month after X", "two days before the vote") do not date
  the sentence's main event: they date X. `find_times` returns them with method
  "anchored-after" / "anchored-before" and the range X lies in when the main event is the
  publication day; `anchor_range` recomputes it for the main event's real date and
  `resolve_anchored` goes the other way (main event from X's date).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateline.records import TimeRef

__all__ = ["anchor_range", "event_date", "find_times", "parse_iso_date", "resolve_anchored"]

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

# --- calendar arithmetic ------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _add_years(day: date, years: int) -> date:
    return _add_months(day, 12 * years)


def _shift(day: date, amount: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=amount)
    if unit == "week":
        return day + timedelta(weeks=amount)
    if unit == "month":
        return _add_months(day, amount)
    if unit == "decade":
        return _add_years(day, 10 * amount)
    return _add_years(day, amount)


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_range(year: int, quarter: int) -> tuple[date, date]:
    return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


def _period_of(day: date, unit: str) -> tuple[date, date]:
    """The calendar week, month, quarter or year that contains `day`."""
    if unit == "day":
        return day, day
    if unit == "week":
        return _week_of(day)
    if unit == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if unit == "quarter":
        return _quarter_range(*_quarter_of(day))
    if unit == "decade":
        first = day.year - day.year % 10
        return date(first, 1, 1), date(first + 9, 12, 31)
    return date(day.year, 1, 1), date(day.year, 12, 31)


_SEASON_MONTHS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season_range(season: str, year: int) -> tuple[date, date]:
    """Northern-hemisphere meteorological seasons; winter YEAR runs Dec YEAR - Feb YEAR+1."""
    first = _SEASON_MONTHS[season]
    start = date(year, first, 1)
    end_month = _add_months(start, 2)
    return start, _month_end(end_month.year, end_month.month)


def _season_containing(day: date, season: str) -> tuple[date, date] | None:
    for year in (day.year - 1, day.year):
        start, end = _season_range(season, year)
        if start <= day <= end:
            return start, end
    return None


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


def _iso(day: date) -> str:
    return day.isoformat()


# --- publication date and readers' dates ---------------------------------------------------

_ISO_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s]|[+-]\d\d:?\d\d$|Z$)")
_DMY_ABBR_RE = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
_TEXT_DATE_RE = re.compile(
    rf"\s*(?:{_WEEKDAY},?\s+)?(?:(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>\d{{4}})"
    rf"|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))\b",
    re.IGNORECASE,
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_iso_date(value: str) -> date | None:
    """A calendar day from a reader's date field, or None when the value is unusable.

    Accepts ISO dates and timestamps ("2023-04-16", "2023-04-16T15:52:00Z", "1987-03-31 ..."),
    written dates ("Apr. 16, 2023", "April 16, 2023", "16 April 2023", optionally after a
    weekday) and Reuters-style "31-MAR-1987 605:12:19.12": only the leading day part is read,
    so a malformed clock after a sound day still gives that day. Nothing is guessed: a value
    without a full day, month and year gives None.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if match := _ISO_RE.match(value):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY_ABBR_RE.match(value):
        month = _MONTH_BY_PREFIX.get(match[2].lower())
        return _safe_date(int(match[3]), month, int(match[1])) if month else None
    if match := _TEXT_DATE_RE.match(value):
        month_text = match["m"] or match["m2"]
        day_text = match["d"] or match["d2"]
        year_text = match["y"] or match["y2"]
        month = _MONTH_BY_PREFIX.get(month_text[:3].lower())
        day = int(re.sub(r"\D", "", day_text))
        return _safe_date(int(year_text), month, day) if month else None
    return None


def _as_date(published: date | str) -> date:
    if isinstance(published, date):
        return published
    day = parse_iso_date(published)
    if day is None:
        from dateline.errors import RecordError

        raise RecordError(
            f"publication date {published!r} is not a date",
            hint="pass a datetime.date or an ISO string such as '2023-04-16'",
        )
    return day


# --- tense cues ----------------------------------------------------------------------------

_CUE_RE = re.compile(
    r"\b(?:(?P<future>will|won't|shall|is\s+to|are\s+to|due\s+to|is\s+due|are\s+due|scheduled"
    r"|expected\s+to|expects?\s+to|plans?\s+to|set\s+to|going\s+to|intends?\s+to|upcoming"
    r"|next|would|likely\s+to|supposed\s+to|aims?\s+to|hopes?\s+to|seeks?\s+to)"
    r"|expected|(?P<past>said|says|told|announced|reported|was|were|had|did|ago|last|since"
    r"|[a-z]{3,}ed))\b"
    r"|(?P<future2>'ll)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+(?=[\"“‘`]*[A-Z])|\n")


def _future_cue(text: str, start: int, end: int) -> str:
    """The future marker governing the expression at text[start:end], or "".

    The nearest tense marker before the expression in its sentence decides ("said Tuesday that
    ... will" is past; "will meet on Tuesday" future); when there is none, the first one after.
    """
    before = text[max(0, start - 90) : start]
    if breaks := list(_SENTENCE_BREAK.finditer(before)):
        before = before[breaks[-1].end() :]
    cues = list(_CUE_RE.finditer(before))
    if cues:
        cue = cues[-1]
    else:
        after = text[end : end + 60]
        if stop := _SENTENCE_BREAK.search(after):
            after = after[: stop.start()]
        cue = _CUE_RE.search(after)
    if cue is None or cue["past"]:
        return ""
    return cue.group(0).lower()


# --- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    start: date
    end: date
    granularity: str
    method: str
    confidence: float
    reason: str


@dataclass(slots=True)
class _Context:
    """What resolution of one text knows: publication, tense, and the quarter in discourse."""

    text: str
    published: date
    future: bool
    quarter: tuple[int, int] | None = None
    quarter_at: int = -10_000
    last: date | None = None  # the last explicitly dated expression ("in 1995", "March 3")


_Handler = Callable[[re.Match[str], _Context], _Resolved | None]


def _is_future(match: re.Match[str], context: _Context) -> str:
    if context.future:
        return "future=True"
    cue = _future_cue(context.text, match.start(), match.end())
    return f"'{cue}'" if cue else ""


def _mark(method: str, future: str) -> str:
    return f"{method}+future-cue" if future and not future.startswith("future=") else method


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
    if part:
        first, last = _PART_THIRDS[part]
        start, end = date(year, month, first), min(end, date(year, month, min(last, end.day)))
        return _Resolved(
            start,
            end,
            "range",
            _mark("month-part", future),
            0.75,
            f"the {part} third of {calendar.month_name[month]} {year} ({how})",
        )
    return _Resolved(start, end, "month", _mark("month", future), 0.85, how)


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


def _quarter_context(match: re.Match[str], context: _Context) -> bool:
    # Earnings digests name the quarter once per company paragraph, then say "the quarter".
    return context.quarter is not None and match.start() - context.quarter_at < 1000


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
    if (year, quarter) <= _completed_quarter(context.published):
        # Only a reported (completed) quarter becomes the one in discussion: "a fourth-quarter
        # charge" expected later does not change what "a year earlier" compares with.
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
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        year = 2000 + (_number(" ".join(rest))[0] if rest else 0)
    else:
        rest = [w for w in words[1:] if w not in ("hundred", "and")]
        year = 1900 + (_number(" ".join(rest))[0] if rest else 0)
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


# --- anchored expressions ------------------------------------------------------------------

_VAGUE_UNIT_RANGES = {"hour": (0, 1), "day": (2, 9), "week": (14, 55), "month": (60, 330)}
_VAGUE_UNIT_RANGES |= {"year": (730, 3650)}
_LESS = frozenset(("less than", "within", "under", "fewer than", "barely"))


@dataclass(frozen=True, slots=True)
class _Anchor:
    direction: str  # "after": main event = X + amount; "before": main event = X - amount
    amount: int  # 0 for a vague plural ("days after")
    unit: str  # hour, day, week, month, year
    mode: str  # exact, less, more, nearly, about, vague
    words: str  # the amount as written, for reasons


_ANCHOR_RE = re.compile(
    r"(?i:(?:(?P<q>less\s+than|more\s+than|nearly|almost|about|some|roughly|around|just|only"
    r"|over|under|within|barely|fewer\s+than)\s+)?(?:(?P<n>" + _NUM + r")\s+)?"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\s+"
    r"(?P<dir>after|before|later\s+than|earlier\s+than|prior\s+to|ahead\s+of|following))"
    r"(?=\s+[\w\"“‘'])"
    r"|(?i:the\s+(?P<unit1>day|week|month|year)\s+(?P<dir1>after|before)(?=\s+[\w\"“‘']))"
)


def _parse_anchor(match: re.Match[str]) -> _Anchor | None:
    if match["unit1"]:
        direction = "after" if match["dir1"].lower() == "after" else "before"
        return _Anchor(direction, 1, match["unit1"].lower(), "exact", f"a {match['unit1']}")
    unit_word = match["unit"].lower()
    unit = _unit(unit_word)
    direction_word = " ".join(match["dir"].lower().split())
    direction = "after" if direction_word in ("after", "later than", "following") else "before"
    qualifier = " ".join((match["q"] or "").lower().split())
    if match["n"] is None:
        if not unit_word.endswith("s"):
            return None  # "day after day", "year before last"
        return _Anchor(direction, 0, unit, "vague", unit_word)
    amount, vague = _number(match["n"])
    if qualifier in _LESS:
        mode = "less"
    elif qualifier in ("more than", "over"):
        mode = "more"
    elif qualifier in ("nearly", "almost"):
        mode = "nearly"
    else:
        mode = "about" if qualifier or vague else "exact"
    words = " ".join(f"{qualifier} {match['n']} {unit_word}".lower().split())
    return _Anchor(direction, amount, unit, mode, words)


def _anchor_days(anchor: _Anchor, reference: date, sign: int) -> tuple[int, int]:
    """Fewest and most days between X and the main event, counted from `reference`."""
    if anchor.mode == "vague":
        return _VAGUE_UNIT_RANGES[anchor.unit]
    if anchor.unit == "hour":
        return 0, max(1, (anchor.amount + 23) // 24)
    days = abs((_shift(reference, sign * anchor.amount, anchor.unit) - reference).days)
    if anchor.mode == "less":
        # Inclusive of the amount itself: "less than a month" is conservative, not strict.
        return (0, max(days - 1, 0)) if anchor.unit == "day" else (1, days)
    if anchor.mode == "more":
        return days + 1, 2 * days
    if anchor.mode == "nearly":
        return days * 3 // 4, days
    if anchor.mode == "about":
        slack = max(1, days // 4)
        return days - slack, days + slack
    return days, days


def _anchored(match: re.Match[str], context: _Context) -> _Resolved | None:
    anchor = _parse_anchor(match)
    if anchor is None:
        return None
    start, end = _x_range(anchor, context.published)
    return _Resolved(
        start,
        end,
        "day" if start == end else "range",
        f"anchored-{anchor.direction}",
        0.4 if start != end else 0.5,
        f"{anchor.words} {anchor.direction} X: X lies in {start}..{end} if the main event "
        f"is on {context.published} (use anchor_range with the main event's date)",
    )


def _x_range(anchor: _Anchor, reference: date) -> tuple[date, date]:
    if anchor.direction == "after":
        low, high = _anchor_days(anchor, reference, -1)
        return reference - timedelta(days=high), reference - timedelta(days=low)
    low, high = _anchor_days(anchor, reference, 1)
    return reference + timedelta(days=low), reference + timedelta(days=high)


def anchor_range(expression: TimeRef, *, reference: date) -> tuple[date, date]:
    """Where the anchor event X lies, given the date of the sentence's main event.

    `expression` is an anchored TimeRef from `find_times` ("less than a month after X",
    method "anchored-after"; "two days before the vote", method "anchored-before");
    `reference` is the date of the main event the sentence tells (the meeting, the attack).

    * "AMOUNT after X": the main event came AMOUNT after X, so X = reference - AMOUNT
      ("less than a month after X", reference 2023-04-16 -> X in 2023-03-16..2023-04-15).
    * "AMOUNT before X": the main event came AMOUNT before X, so X = reference + AMOUNT
      ("two days before the vote", reference 2023-04-16 -> X on 2023-04-18).

    Returns the inclusive (first, last) days X may fall on.
    """
    anchor = _anchor_of(expression.text)
    if anchor is None:
        raise ValueError(f"{expression.text!r} is not an anchored time expression")
    return _x_range(anchor, reference)


def _anchor_of(text: str) -> _Anchor | None:
    match = _ANCHOR_RE.search(text + " X")
    return _parse_anchor(match) if match else None


def resolve_anchored(
    expression: TimeRef | str, *, anchor: TimeRef | None, published: date
) -> TimeRef:
    """The date of the MAIN event of an anchored expression, from the anchor event X's date.

    "two days before the vote" with the vote (`anchor`) on 2023-04-18 -> the main event on
    2023-04-16; "less than a month after X" with X on 2023-03-20..22 -> the main event in
    2023-03-21..2023-04-21 (clipped to `published`: a told event has happened). Without an
    anchor date, the main event falls back to the publication day (method
    "anchored-unresolved", low confidence).
    """
    text = expression.text if isinstance(expression, TimeRef) else expression
    span = expression.span if isinstance(expression, TimeRef) else None
    parsed = _anchor_of(text)
    if parsed is None:
        raise ValueError(f"{text!r} is not an anchored time expression")
    if anchor is None:
        return TimeRef(
            text=text,
            span=span,
            start=_iso(published),
            end=_iso(published),
            granularity="day",
            method="anchored-unresolved",
            confidence=0.2,
            reason=f"'{text}' needs the anchor event's date; publication date {published}",
        )
    first, last = date.fromisoformat(anchor.start), date.fromisoformat(anchor.end)
    if parsed.direction == "after":
        low, high = _anchor_days(parsed, first, 1)
        start, end = first + timedelta(days=low), last + timedelta(days=high)
        end = max(start, min(end, published)) if start <= published else end
    else:
        low, high = _anchor_days(parsed, first, -1)
        start, end = first - timedelta(days=high), last - timedelta(days=low)
    return TimeRef(
        text=text,
        span=span,
        start=_iso(start),
        end=_iso(end),
        granularity="day" if start == end else "range",
        method=f"anchored-{parsed.direction}",
        confidence=min(0.7, anchor.confidence),
        reason=f"{parsed.words} {parsed.direction} '{anchor.text}' ({anchor.start}..{anchor.end})",
    )


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


# --- the rule table ------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class _Composite:
    """A match assembled from a core match and the count words just before it."""

    __slots__ = ("_end", "_groups", "_start", "_text")

    def __init__(self, text: str, start: int, end: int, groups: dict[str, str | None]) -> None:
        self._text, self._start, self._end, self._groups = text, start, end, groups

    def __getitem__(self, name: str) -> str | None:
        return self._groups.get(name)

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: int | str = 0) -> str | None:
        return self._text[self._start : self._end] if name == 0 else self._groups.get(name)


_COUNT_PREFIX = re.compile(
    r"(?i:(?:\b(?P<q>less\s+than|more\s+than|nearly|almost|about|some|roughly|around|just|only"
    r"|over|under|within|barely|fewer\s+than)\s+)?\b(?P<n>" + _NUM + r")\s+|\b(?P<the>the)\s+)$"
)


class _Prefixed:
    """Scan for a unit word first ("days ago"), then read the count before it.

    Far faster than one regex that tries every count word at every position.
    """

    def __init__(self, core: str, *, required: bool) -> None:
        self._core = re.compile(core)
        self._required = required  # "ago" needs a count; "days after X" does not

    def finditer(self, text: str) -> list[_Composite]:
        found = []
        for core in self._core.finditer(text):
            groups: dict[str, str | None] = dict(core.groupdict())
            start = core.start()
            prefix = _COUNT_PREFIX.search(text, max(0, start - 48), start)
            if prefix and prefix["the"]:
                singular = not groups["unit"].lower().endswith("s")
                if singular and groups["dir"].lower() in ("after", "before"):
                    groups |= {"unit1": groups["unit"], "dir1": groups["dir"]}
                    start = prefix.start()
            elif prefix:
                groups |= {"q": prefix["q"], "n": prefix["n"]}
                start = prefix.start()
            elif self._required:
                continue
            found.append(_Composite(text, start, core.end(), groups))
        return found


_QREL = r"(?P<rel>this|last|next)"
_RULES: tuple[tuple[str, re.Pattern[str] | _Prefixed, _Handler], ...] = (
    (
        "explicit",
        _rx(
            rf"(?<![\w.])(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?(?:"
            rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:\s*(?:-|–|—|to|through|and)\s*"
            rf"(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY}))?(?:,?\s+(?P<y1>{_YEAR}))?"
            rf"|(?P<d3>{_DAY})\s+(?:of\s+)?(?P<m3>{_MONTH})(?:,?\s+(?P<y3>{_YEAR}))?)"
            rf"{_CLOCK}"
        ),
        _explicit,
    ),
    (
        "numeric",
        _rx(
            r"(?<![\d/.-])(?:(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)"
            r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
            r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d))(?![\d/])"
        ),
        _numeric,
    ),
    (
        "month-year",
        _rx(
            rf"(?<![\w.])(?P<m>{_MONTH_FULL}|{_MONTH_ABBR}|{_MONTH_NODOT}(?![a-z]))"
            rf"(?:(?:,|\s+of)?\s+(?P<y>{_YEAR})|\s+(?P<rel>this|last|next)\s+year\b)"
        ),
        _month_year,
    ),
    (
        "month",
        _rx(
            r"(?<![\w.])(?:(?P<part>(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of))"
            r"[-\s]+|(?P<rel>(?i:last|this|next|this\s+past|this\s+coming|coming))\s+)?"
            rf"(?P<m>{_MONTH_FULL}|Sept\.)(?![\w])(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?"
        ),
        _bare_month,
    ),
    (
        "weekday",
        _rx(
            r"(?<![\w.])(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|past))\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
        _weekday,
    ),
    (
        "deictic",
        _rx(
            r"\b(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|tonight"
            r"|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b"
        ),
        _deictic,
    ),
    (
        "period",
        _rx(
            r"\b(?i:(?:over\s+)?(?P<rel>last|next|this|the\s+past|the\s+last|the\s+coming"
            r"|the\s+current|earlier\s+this|later\s+this|past|coming|previous)"
            r"\s+(?P<unit>weekend|week|month|year))\b(?!-)"
        ),
        _period,
    ),
    (
        "weekend",
        _rx(r"\b(?i:(?:over|during|on)\s+the\s+weekend)\b"),
        lambda match, context: _weekend("the", context.published),
    ),
    (
        "past-n",
        _rx(
            r"\b(?i:(?:in\s+|over\s+|during\s+)?the\s+(?:past|last|previous)\s+(?P<n>"
            + _NUM
            + r")\s+(?P<unit>days|weeks|months|years))\b"
        ),
        _past_n,
    ),
    (
        "ago",
        _Prefixed(
            r"\b(?i:(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\s+"
            r"(?P<dir>ago|earlier|later))\b",
            required=True,
        ),
        _ago,
    ),
    (
        "anchored",
        _Prefixed(
            r"\b(?i:(?P<unit>hours?|days?|weeks?|months?|years?)\s+"
            r"(?P<dir>after|before|later\s+than|earlier\s+than|prior\s+to|ahead\s+of|following))"
            r"(?=\s+[\w\"“‘'])",
            required=False,
        ),
        _anchored,
    ),
    (
        "quarter",
        _rx(
            r"\b(?i:(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?"
            r"(?:(?P<ya>year-ago|year-earlier|year\s+ago|prior-year)\s+|(?P<yp>(?:19|20)\d\d)\s+"
            r"|(?P<rp>this|last|next)\s+year['’]s\s+)?(?:(?P<ord>" + _ORD + r")[-\s])"
            r"(?:fiscal\s+)?quarter(?:\s+of\s+(?:(?P<y>(?:19|20)\d\d)\b|" + _QREL + r"\s+year\b)"
            r"|,?\s+(?P<y2>(?:19|20)\d\d)\b)?)"
            r"|\b(?:(?i:(?P<rp2>this|last|next)\s+year['’]s)\s+quarter)"
            r"|\bQ(?P<q>[1-4])(?:\s*(?:of\s+)?(?P<y3>(?:19|20)\d\d\b|['’]\d\d\b))?"
        ),
        lambda match, context: _quarter(_QuarterMatch(match), context),
    ),
    (
        "quarter-ref",
        _rx(
            r"\b(?i:(?P<det>the|this|that|last|next|the\s+latest|the\s+most\s+recent|the\s+current"
            r"|the\s+previous|the\s+prior|the\s+same|the\s+comparable|the\s+corresponding)\s+"
            r"(?:(?P<ya>year-ago|year-earlier|prior-year|year-before|comparable\s+year-ago)\s+"
            r"|(?P<y>(?:19|20)\d\d)\s+)?(?P<what>quarter|period)(?![-\w])"
            r"(?P<ly>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year))?)"
        ),
        _quarter_ref,
    ),
    (
        "discourse",
        _rx(
            r"\b(?i:(?P<rel>the\s+following|the\s+previous|the\s+preceding|that)\s+"
            r"(?P<unit>year|month|week|day))\b(?![-'’])"
        ),
        _discourse,
    ),
    (
        "this-year",
        _rx(
            r"\b(?i:the\s+(?:(?:full|current|latest|last|current\s+fiscal|latest\s+fiscal|fiscal)\s+)?"
            r"year)\b(?![-'’]|\s+(?:(?:19|20)\d\d|two\s+thousand|nineteen|before|after|earlier|later|ago"
            r"|to\s+date|of\b|in\s+which|when|since|-))"
        ),
        _this_year,
    ),
    ("year-end", _rx(r"\b(?i:year-end|year's\s+end|the\s+end\s+of\s+the\s+year)\b"), _year_end),
    ("year-adjective", _rx(r"\b(?i:year-(?:ago|earlier))\b"), _year_adjective),
    (
        "half",
        _rx(
            r"\b(?i:(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half(?:\s+of\s+"
            r"(?:(?P<y>(?:19|20)\d\d)\b|(?P<rel>this|last|next)\s+year\b|the\s+year\b))?)"
        ),
        _half,
    ),
    (
        "season",
        _rx(
            r"\b(?:(?P<rel>(?i:this|last|next|this\s+past|this\s+coming|the"
            r"|(?:in|during|over|since|by|until|through|throughout)\s+the))\s+)?"
            r"(?P<s>(?i:spring|summer|fall|autumn|winter))(?:,?\s+(?:of\s+)?(?P<y>"
            + _YEAR
            + r"))?\b"
        ),
        _season,
    ),
    ("edge-year", _rx(r"\b(?P<part>(?i:early|mid|late))[-\s](?P<y>" + _YEAR + r")"), _edge_year),
    (
        "decade",
        _rx(
            r"(?:\b(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[-\s])?"
            r"(?:\b(?P<d4>(?:18|19|20)\d0)|['’](?P<d2>\d0))['’]?s\b"
        ),
        _decade,
    ),
    (
        "spoken-year",
        _rx(
            r"\b(?i:(?:the\s+year\s+)?(?P<sy>nineteen[-\s](?:hundred(?:\s+and)?[-\s])?(?:(?:"
            + _TENS_ALT
            + r")(?:[-\s](?:"
            + _ONES_ALT
            + r"))?|"
            + "|".join(_TEENS)
            + r"|hundred)|two\s+thousand(?:\s+(?:and\s+)?(?:"
            + _ONES_ALT
            + r"|"
            + "|".join(_TEENS)
            + r"))?))\b"
        ),
        _spoken_year,
    ),
    (
        "year",
        _rx(r"(?<![\w$£€#.,/:-])(?P<y>(?:19|20)\d\d)(?![\w%]|,\d|\.\d|[-/]\d|\s*percent)"),
        _bare_year,
    ),
    ("fiscal-year", _rx(r"\b(?i:fiscal)\s+(?P<y>(?:19|20)\d\d)\b"), _bare_year),
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


# Spans hold the time expression itself, as TimeML does: "in the fall" -> "the fall".
_LEADING_PREPOSITION = re.compile(r"(?i:in|on|over|during|since|by|until|through|throughout)\s+")

# Methods whose date later "the following year" / "that year" refers back to.
_TELLS_DATE = frozenset(
    ("explicit-date", "iso-date", "numeric-date", "month-year", "year", "spoken-year", "month")
)

_MONTH_TRIGGERS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov")
_MONTH_TRIGGERS += ("dec",)
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "explicit": _MONTH_TRIGGERS,
    "numeric": ("/", "-"),
    "month-year": _MONTH_TRIGGERS,
    "month": _MONTH_TRIGGERS,
    "weekday": ("day",),
    "deictic": ("today", "tonight", "tomorrow", "yesterday", "night", "this "),
    "period": ("week", "month", "year"),
    "weekend": ("weekend",),
    "past-n": ("past", "last", "previous"),
    "ago": ("ago", "earlier", "later"),
    "anchored": ("after", "before", "than", "prior", "ahead", "following"),
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "quarter-ref": ("quarter", "period"),
    "discourse": ("following", "previous", "preceding", "that "),
    "this-year": ("year",),
    "year-end": ("year-end", "year's end", "end of the year"),
    "year-adjective": ("year-",),
    "half": ("half",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "edge-year": ("early", "mid", "late"),
    "decade": ("0s", "0's", "0’s"),
    "spoken-year": ("nineteen", "thousand"),
    "year": ("19", "20"),
    "fiscal-year": ("fiscal",),
}

# Tie-break between equally long matches: earlier rules in this list win.
_PRIORITY = {name: index for index, (name, _, _) in enumerate(_RULES)}


def find_times(text: str, *, published: date | str, future: bool = False) -> list[TimeRef]:
    """Every time expression in `text`, resolved to an inclusive ISO date range.

    `published` is the story's publication date (a date or ISO string). `future=True` says the
    caller knows the governing verb is future tense, so bare weekdays, months and seasons move
    to the next occurrence. Results are sorted by span and never overlap (longest match wins).
    Anchored expressions ("two days before the vote") come back with method "anchored-after" or
    "anchored-before"; their range is where the anchor event X lies, not the main event.
    """
    published_day = _as_date(published)
    candidates: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    lower = text.lower()
    for name, pattern, handler in _RULES:
        triggers = _TRIGGERS.get(name)
        if triggers and not any(trigger in lower for trigger in triggers):
            continue  # cheap substring test before the regex
        priority = _PRIORITY[name]
        for match in pattern.finditer(text):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), priority, match, handler))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    # A scratch context that always has a quarter in discussion, so that only matches that can
    # never resolve (a "May" that is a verb) give way to shorter ones inside them.
    scratch = _Context(text=text, published=published_day, future=future, quarter_at=10**9)
    scratch.quarter = _quarter_of(published_day)
    chosen: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if all(end <= other[0] or start >= other[1] for other in chosen):
            if candidate[4](candidate[3], scratch) is not None:
                chosen.append(candidate)
            scratch.quarter_at = 10**9
    chosen.sort(key=lambda c: c[0])
    context = _Context(text=text, published=published_day, future=future)
    times: list[TimeRef] = []
    for start, end, _, match, handler in chosen:
        resolved = handler(match, context)
        if resolved is None:
            continue
        if resolved.method.split("+")[0] in _TELLS_DATE:
            context.last = resolved.start
        if lead := _LEADING_PREPOSITION.match(text, start, end):
            start = lead.end()
        words = text[start:end]
        times.append(
            TimeRef(
                text=words,
                span=(start, end),
                start=_iso(resolved.start),
                end=_iso(resolved.end),
                granularity=resolved.granularity,
                method=resolved.method,
                confidence=round(resolved.confidence, 2),
                reason=f"'{words}' = {resolved.reason}",
            )
        )
    return times


def event_date(times: list[TimeRef], *, published: date) -> tuple[TimeRef, bool]:
    """The date of a sentence's main event from the time expressions in that sentence.

    Anchored expressions ("a week after the summit") date the anchor, not the main event, and
    are skipped. Among the rest, the narrowest range wins (then the higher confidence, then the
    earlier one). Returns (TimeRef, defaulted): defaulted is True, with the publication day
    (method "publication-default"), when no expression dates the event.
    """
    usable = [time for time in times if not time.method.startswith("anchored")]
    if usable:

        def width(time: TimeRef) -> int:
            return (date.fromisoformat(time.end) - date.fromisoformat(time.start)).days

        best = min(usable, key=lambda t: (width(t), -t.confidence, t.span or (0, 0)))
        return best, False
    day = _iso(published)
    return (
        TimeRef(
            text="",
            span=None,
            start=day,
            end=day,
            granularity="day",
            method="publication-default",
            confidence=0.3,
            reason="no time expression in the sentence; publication date",
        ),
        True,
    )
