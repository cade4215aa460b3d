"""The rule table, `find_times` and `event_date`."""

from __future__ import annotations

import re
from datetime import date

from dateline.records import TimeRef

from .anchored import _anchored
from .context import _Context, _Handler, _Resolved
from .dates import _as_date, _iso, _quarter_of
from .days import _bare_month, _deictic, _explicit, _month_year, _numeric, _weekday
from .holidays import HOLIDAY_PATTERN, _holiday
from .narrative import NARRATIVE_PATTERN, Narrative, _narrative
from .periods import (
    _ago,
    _bare_year,
    _decade,
    _discourse,
    _edge_year,
    _half,
    _past_n,
    _period,
    _season,
    _spoken_year,
    _this_year,
    _weekend,
    _year_end,
)
from .quarters import _quarter, _quarter_ref, _QuarterMatch, _year_adjective
from .words import (
    _CLOCK,
    _DAY,
    _MONTH,
    _MONTH_ABBR,
    _MONTH_FULL,
    _MONTH_NODOT,
    _NUM,
    _ORD,
    _SPOKEN_YEAR,
    _WEEKDAY,
    _YEAR,
)

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
            rf"(?P<m>{_MONTH_FULL}|Sept\.)(?![\w])"
            rf"(?:,?\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<sy>{_SPOKEN_YEAR})\b))?"
        ),
        _bare_month,
    ),
    (
        "weekday",
        _rx(
            r"(?<![\w.])(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|past"
            r"|the\s+(?:previous|preceding|following)))\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
        _weekday,
    ),
    ("holiday", _rx(HOLIDAY_PATTERN), _holiday),
    ("narrative", _rx(NARRATIVE_PATTERN), _narrative),
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
        _rx(r"\b(?i:(?:the\s+year\s+)?(?P<sy>" + _SPOKEN_YEAR + r"))\b"),
        _spoken_year,
    ),
    (
        "year",
        _rx(r"(?<![\w$£€#.,/:-])(?P<y>(?:19|20)\d\d)(?![\w%]|,\d|\.\d|[-/]\d|\s*percent)"),
        _bare_year,
    ),
    ("fiscal-year", _rx(r"\b(?i:fiscal)\s+(?P<y>(?:19|20)\d\d)\b"), _bare_year),
)


# Spans hold the time expression itself, as TimeML does: "in the fall" -> "the fall".
_LEADING_PREPOSITION = re.compile(r"(?i:in|on|over|during|since|by|until|through|throughout)\s+")

# Methods whose date later "the following year" / "that year" refers back to.
_TELLS_DATE = frozenset(
    ("explicit-date", "iso-date", "numeric-date", "month-year", "year", "spoken-year", "month")
) | frozenset(("holiday", "narrative-day", "month-day"))

_MONTH_TRIGGERS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov")
_MONTH_TRIGGERS += ("dec",)
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "explicit": _MONTH_TRIGGERS,
    "numeric": ("/", "-"),
    "month-year": _MONTH_TRIGGERS,
    "month": _MONTH_TRIGGERS,
    "weekday": ("day",),
    "holiday": (
        "day",
        "christmas",
        "easter",
        "thanksgiving",
        "halloween",
        "ramadan",
        "eid",
        "lent",
        "week",
        "friday",
        "sunday",
        "fourth",
        "eve",
        "pentecost",
    ),
    "narrative": ("that ", "same", "in the", "next", "following", "previous", "preceding"),
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


def _apply(handler: _Handler, match: re.Match[str], context: _Context) -> _Resolved | None:
    """The handler's reading, or None where the calendar runs out (year 0 or 10000)."""
    try:
        return handler(match, context)
    except (ValueError, OverflowError):
        return None


def find_times(
    text: str,
    *,
    published: date | str,
    future: bool = False,
    narrative: Narrative | None = None,
) -> list[TimeRef]:
    """Every time expression in `text`, resolved to an inclusive ISO date range.

    `published` is the story's publication date (a date or ISO string). `future=True` says the
    caller knows the governing verb is future tense, so bare weekdays, months and seasons move
    to the next occurrence. `narrative` carries the story's clock across calls: a caller that
    reads a story sentence by sentence passes one `Narrative()` to every call, in order, so
    that "later that day" or "two days later" count from the last date an earlier sentence
    told (without it they count only from dates told in `text`). Results are sorted by span
    and never overlap (longest match wins).
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
        return []  # nothing told: the narrative clock stays where it was
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    # A scratch context that always has a quarter in discussion, so that only matches that can
    # never resolve (a "May" that is a verb) give way to shorter ones inside them.
    scratch = _Context(text=text, published=published_day, future=future, quarter_at=10**9)
    scratch.quarter = _quarter_of(published_day)
    scratch.last = scratch.last_day = published_day  # and a narrative clock
    chosen: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if all(end <= other[0] or start >= other[1] for other in chosen):
            if _apply(candidate[4], candidate[3], scratch) is not None:
                chosen.append(candidate)
            scratch.quarter_at = 10**9
    chosen.sort(key=lambda c: c[0])
    context = _Context(text=text, published=published_day, future=future)
    if narrative is not None:
        context.last, context.last_day = narrative.last, narrative.last_day
    times: list[TimeRef] = []
    for start, end, _, match, handler in chosen:
        resolved = _apply(handler, match, context)
        if resolved is None:
            continue
        if resolved.method.split("+")[0] in _TELLS_DATE:
            context.last = resolved.start
        if resolved.start == resolved.end and not resolved.method.startswith("anchored"):
            context.last_day = resolved.start
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
    if narrative is not None:
        narrative.last, narrative.last_day = context.last, context.last_day
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
