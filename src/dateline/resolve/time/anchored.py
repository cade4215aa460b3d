"""Anchored expressions: "two days before the vote" dates the vote, not the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.errors import ArgumentError
from dateline.records import TimeRef

from .context import _Context, _Resolved
from .dates import _iso, _shift
from .words import _NUM, _number, _unit

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
        raise ArgumentError(f"{expression.text!r} is not an anchored time expression")
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
        raise ArgumentError(f"{text!r} is not an anchored time expression")
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
