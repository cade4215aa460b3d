"""Named holidays: fixed days, Easter's computus, US Monday holidays, Ramadan as a range.

A holiday named without a year is the occurrence nearest the story: the next one when the verb
is future or the holiday falls within two months after publication (news previews Thanksgiving
in November), otherwise the most recent one on or before publication. "last Christmas" and
"next Easter" say which; "Easter 2019" names the year. Islamic holidays follow the lunar
calendar, which depends on sighting the moon: they are computed from the mean lunar year and
returned as ranges a day wider on each side (method "holiday-approx").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from dateline.errors import ArgumentError

from .context import _Context, _is_future, _mark, _Resolved

_SOON_DAYS = 62


def _easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Ramadan 1, 1444 AH began on 2023-03-23 (Saudi Arabia; elsewhere a day later). The Islamic
# year averages 354.367 days; the estimate drifts by at most a day or so over a century.
_RAMADAN_ANCHOR = date(2023, 3, 23)
_LUNAR_YEAR = 354.367
_LUNAR_MONTH = 29.53


def _ramadan_start(year: int) -> date:
    """The estimated first day of the Ramadan that begins in Gregorian `year`."""
    years = round((year - _RAMADAN_ANCHOR.year) * 365.2425 / _LUNAR_YEAR)
    for step in (years - 1, years, years + 1):
        start = _RAMADAN_ANCHOR + timedelta(days=round(step * _LUNAR_YEAR))
        if start.year == year:
            return start
    raise ArgumentError(f"no Ramadan starts in {year}")  # a year with two is handled by the caller


def _ramadan(year: int) -> tuple[date, date]:
    start = _ramadan_start(year)
    return start - timedelta(days=1), start + timedelta(days=30)


def _eid_al_fitr(year: int) -> tuple[date, date]:
    day = _ramadan_start(year) + timedelta(days=round(_LUNAR_MONTH))
    return day - timedelta(days=1), day + timedelta(days=1)


def _eid_al_adha(year: int) -> tuple[date, date]:
    # 10 Dhu al-Hijjah: three lunar months and nine days after 1 Ramadan.
    day = _ramadan_start(year) + timedelta(days=round(3 * _LUNAR_MONTH + 9))
    return day - timedelta(days=1), day + timedelta(days=1)


def _day(month: int, day: int) -> Callable[[int], tuple[date, date]]:
    return lambda year: (date(year, month, day), date(year, month, day))


def _from_easter(offset: int, length: int = 1) -> Callable[[int], tuple[date, date]]:
    def rule(year: int) -> tuple[date, date]:
        start = _easter(year) + timedelta(days=offset)
        return start, start + timedelta(days=length - 1)

    return rule


def _monday(month: int, n: int) -> Callable[[int], tuple[date, date]]:
    return lambda year: (_nth_weekday(year, month, 0, n),) * 2  # type: ignore[return-value]


def _thanksgiving(year: int) -> tuple[date, date]:
    day = _nth_weekday(year, 11, 3, 4)  # the fourth Thursday of November
    return day, day


def _black_friday(year: int) -> tuple[date, date]:
    day = _nth_weekday(year, 11, 3, 4) + timedelta(days=1)
    return day, day


def _election_day(year: int) -> tuple[date, date]:
    day = _nth_weekday(year, 11, 0, 1) + timedelta(days=1)  # the Tuesday after the first Monday
    return day, day


def _sunday(month: int, n: int) -> Callable[[int], tuple[date, date]]:
    return lambda year: (_nth_weekday(year, month, 6, n),) * 2  # type: ignore[return-value]


# name (lowercase, apostrophes as "'") -> (rule, how it is computed, approximate?)
_HOLIDAYS: dict[str, tuple[Callable[[int], tuple[date, date]], str, bool]] = {
    "new year's day": (_day(1, 1), "January 1", False),
    "new year's eve": (_day(12, 31), "December 31", False),
    "valentine's day": (_day(2, 14), "February 14", False),
    "st. patrick's day": (_day(3, 17), "March 17", False),
    "st patrick's day": (_day(3, 17), "March 17", False),
    "may day": (_day(5, 1), "May 1", False),
    "fourth of july": (_day(7, 4), "US Independence Day, July 4", False),
    "bastille day": (_day(7, 14), "July 14", False),
    "halloween": (_day(10, 31), "October 31", False),
    "veterans day": (_day(11, 11), "November 11", False),
    "veterans' day": (_day(11, 11), "November 11", False),
    "armistice day": (_day(11, 11), "November 11", False),
    "remembrance day": (_day(11, 11), "November 11", False),
    "christmas eve": (_day(12, 24), "December 24", False),
    "christmas day": (_day(12, 25), "December 25", False),
    "christmas": (_day(12, 25), "December 25", False),
    "boxing day": (_day(12, 26), "December 26", False),
    "easter": (_from_easter(0), "Easter Sunday (Gregorian computus)", False),
    "easter sunday": (_from_easter(0), "Easter Sunday (Gregorian computus)", False),
    "easter monday": (_from_easter(1), "the Monday after Easter", False),
    "easter week": (_from_easter(1, 7), "the week from Easter Monday", False),
    "easter weekend": (_from_easter(-2, 4), "Good Friday to Easter Monday", False),
    "good friday": (_from_easter(-2), "the Friday before Easter", False),
    "maundy thursday": (_from_easter(-3), "the Thursday before Easter", False),
    "holy week": (_from_easter(-7, 7), "Palm Sunday to Holy Saturday", False),
    "palm sunday": (_from_easter(-7), "the Sunday before Easter", False),
    "ash wednesday": (_from_easter(-46), "46 days before Easter", False),
    "lent": (_from_easter(-46, 46), "Ash Wednesday to Holy Saturday", False),
    "pentecost": (_from_easter(49), "49 days after Easter", False),
    "martin luther king day": (_monday(1, 3), "the third Monday of January", False),
    "martin luther king jr. day": (_monday(1, 3), "the third Monday of January", False),
    "presidents day": (_monday(2, 3), "the third Monday of February", False),
    "presidents' day": (_monday(2, 3), "the third Monday of February", False),
    "memorial day": (_monday(5, -1), "the last Monday of May", False),
    "labor day": (_monday(9, 1), "the first Monday of September (US)", False),
    "columbus day": (_monday(10, 2), "the second Monday of October", False),
    "mother's day": (_sunday(5, 2), "the second Sunday of May (US)", False),
    "father's day": (_sunday(6, 3), "the third Sunday of June (US)", False),
    "thanksgiving": (_thanksgiving, "the fourth Thursday of November (US)", False),
    "thanksgiving day": (_thanksgiving, "the fourth Thursday of November (US)", False),
    "black friday": (_black_friday, "the day after US Thanksgiving", False),
    "election day": (_election_day, "the Tuesday after the first Monday of November (US)", False),
    "ramadan": (_ramadan, "the estimated month of Ramadan, a day either side", True),
    "eid al-fitr": (_eid_al_fitr, "the estimated end of Ramadan, a day either side", True),
    "eid al-adha": (_eid_al_adha, "estimated 10 Dhu al-Hijjah, a day either side", True),
}
_NAMES = sorted(_HOLIDAYS, key=len, reverse=True)


def _pattern(name: str) -> str:
    words = []
    for word in name.split():
        word = re.escape(word).replace("'", "['’]?").replace(r"\.", r"\.?")
        word = word.replace(r"\-", r"[-\s]")
        words.append(word)
    return r"\s+".join(words)


HOLIDAY_PATTERN = (
    r"(?<![\w.])(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming))\s+)?"
    r"(?P<h>(?i:" + "|".join(_pattern(name) for name in _NAMES) + r"))(?![\w'’])"
    r"(?:,?\s+(?:of\s+)?(?P<y>(?:1[89]|20)\d\d)\b)?"
)


def _key(words: str) -> str:
    key = " ".join(words.lower().replace("’", "'").replace("-", " ").split())
    if key in _HOLIDAYS:
        return key
    for name in _NAMES:  # spelled without the apostrophe or period
        if name.replace("'", "").replace(".", "").replace("-", " ") == key.replace("'", "").replace(
            ".", ""
        ):
            return name
    return ""


def _holiday(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "Thanksgiving", "on Christmas Eve", "last Easter", "Ramadan 2022", "Election Day"."""
    words = match["h"]
    key = _key(words)
    if not key:
        return None
    if key in ("lent", "may day", "easter", "christmas") and words[0].islower():
        return None  # "lent money", "may day"; the holidays are capitalized
    if re.match(r"\s+[A-Z][a-z]", context.text[match.end() : match.end() + 3]) and not match["y"]:
        return None  # "Easter Island", "Christmas Island", "Halloween Parade": a name
    rule, how, approximate = _HOLIDAYS[key]
    published = context.published
    rel = " ".join((match["rel"] or "").lower().split())
    future = ""
    if match["y"]:
        start, end = rule(int(match["y"]))
        why = f"{words} {match['y']}"
    else:
        around = [rule(year) for year in (published.year - 1, published.year, published.year + 1)]
        past = [r for r in around if r[0] <= published]
        ahead = [r for r in around if r[0] > published]
        if rel in ("next", "this coming", "coming"):
            (start, end), why = ahead[0], f"the next {words} after {published}"
        elif rel in ("last", "this past"):
            (start, end), why = past[-1], f"the last {words} before {published}"
        elif rel == "this":
            (start, end), why = around[1], f"{words} of {published.year}"
        elif future := _is_future(match, context):
            (start, end), why = ahead[0], f"the next {words} after {published} ({future})"
        elif past and past[-1][1] >= published:
            (start, end), why = past[-1], f"{words} under way at {published}"
        elif (ahead[0][0] - published).days <= _SOON_DAYS:
            (start, end), why = ahead[0], f"{words} within two months after {published}"
        else:
            (start, end), why = past[-1], f"the most recent {words} on or before {published}"
    method = _mark("holiday-approx" if approximate else "holiday", future)
    granularity = "day" if start == end else "range"
    return _Resolved(start, end, granularity, method, 0.7 if approximate else 0.85, f"{why}: {how}")
