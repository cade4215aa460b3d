"""Calendar arithmetic and the publication dates readers give (`parse_iso_date`)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from .words import _DAY, _MONTH, _MONTH_BY_PREFIX, _WEEKDAY

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
