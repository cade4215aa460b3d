"""Expressions told relative to the story's narrative time: "later that day", "a week later".

A story moves its own clock: after "On March 3 police raided the house", "later that day" is
March 3 and "two days later" March 5, whatever the publication day. `_Context.last_day` (the
last single day told) and `_Context.last` (the last date told at any granularity) hold that
clock; `Narrative` carries it from one `find_times` call to the next so that a caller reading
a story sentence by sentence keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .context import _Context, _Resolved
from .dates import _period_of, _shift
from .words import _number, _unit


@dataclass(slots=True)
class Narrative:
    """The story's clock so far: pass the same object to `find_times` for each sentence."""

    last: date | None = None  # the last date told ("in 1998", "March 3", "on Friday")
    last_day: date | None = None  # the last single day told


_DAY_PARTS = r"(?:day|morning|afternoon|evening|night)"
NARRATIVE_PATTERN = (
    r"\b(?i:(?P<edge>earlier|later)\s+(?:(?:that|the\s+same)\s+(?P<unit>" + _DAY_PARTS + r"|week"
    r"|month|year)|in\s+the\s+(?P<unit2>day|morning|afternoon|evening|week|month|year))"
    r"|(?P<same>that|the\s+same)\s+(?P<unit3>morning|afternoon|evening|night|day)"
    r"|the\s+(?P<step>next|following|previous|preceding)\s+(?P<unit4>morning|afternoon|evening"
    r"|night))\b(?![-'’])"
)


def _reference(context: _Context, unit: str) -> tuple[date | None, str]:
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        return context.last_day, "the last day told"
    return context.last_day or context.last, "the last date told"


def _narrative(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "later that day", "earlier that year", "that night", "the next morning"."""
    unit = (match["unit"] or match["unit2"] or match["unit3"] or match["unit4"]).lower()
    reference, told = _reference(context, unit)
    edge = (match["edge"] or "").lower()
    in_the = bool(match["unit2"])
    if reference is None:
        if not in_the or unit not in ("day", "morning", "afternoon", "evening"):
            return None  # "later that year" with no year told: nothing to hang it on
        reference, told = context.published, "publication (no day told before)"
    step = (match["step"] or "").lower()
    if step:
        offset = 1 if step in ("next", "following") else -1
        day = reference + timedelta(days=offset)
        how = f"the {unit} {'after' if offset > 0 else 'before'} {reference} ({told})"
        return _Resolved(day, day, "day", "narrative-day", 0.65, how)
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        how = f"the day of {reference} ({told})"
        return _Resolved(reference, reference, "day", "narrative-day", 0.7, how)
    start, end = _period_of(reference, unit)
    if edge == "later":
        start = reference
    elif edge == "earlier":
        end = reference
    how = f"the {unit} of {reference} ({told})" + (f", {edge} than {reference}" if edge else "")
    granularity = unit if (start, end) == _period_of(reference, unit) else "range"
    return _Resolved(start, end, granularity, f"narrative-{unit}", 0.6, how)


def _relative_later(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "two days later", "a week earlier" from the last day told, when one was told."""
    unit = _unit(match["unit"])
    reference = context.last_day if unit in ("hour", "day", "week") else context.last
    if reference is None or unit == "decade":
        return None
    amount, vague = _number(match["n"]) if match["n"] else (1, False)
    direction = match["dir"].lower()
    if unit == "hour":
        day = reference + timedelta(days=(amount // 24) * (1 if direction == "later" else -1))
        return _Resolved(day, day, "day", "narrative-hours", 0.5, f"hours from {reference}")
    day = _shift(reference, amount if direction == "later" else -amount, unit)
    start, end = _period_of(day, unit)
    confidence = 0.6 - 0.2 * bool(vague or match["q"])
    return _Resolved(
        start,
        end,
        unit,
        f"narrative-{unit}s-{direction}",
        confidence,
        f"the {unit} containing {day}, {amount} {unit}(s) {direction} than {reference} "
        "(the last date told)",
    )
