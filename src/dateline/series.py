"""Timelines as continuous series: every period from the first to the last, empty ones too.

`Store.timeline` returns only the periods that have events, keyed as SQLite groups them
("2023-04-16", "2023-W15", "2023-04", "2023"). A reader of a table or a chart needs the
quiet periods as well (1948 must not sit next to 1972), and weeks that SQLite's `%W` splits
at New Year ("2022-W52" and "2023-W00" are one Monday-to-Sunday week) joined again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import ArgumentError

PERIODS = ("day", "week", "month", "year")
COUNTS = (
    "events",
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Series:
    """A timeline with every period between its first and last event."""

    period: str
    rows: tuple[dict, ...]  # period (label), start, end (dates, inclusive), counts, goldstein
    undated: int = 0  # events without a date: counted in no period
    outside: int = 0  # events whose date range overlaps the window but starts before it

    @property
    def events(self) -> int:
        return sum(row["events"] for row in self.rows)


def period_start(key: str, period: str) -> date:
    """The first day of a period as `Store.timeline` keys it."""
    if period == "day":
        return date.fromisoformat(key)
    if period == "week":  # SQLite %W: weeks start on Monday; days before the first are week 00
        return datetime.strptime(f"{key}-1", "%Y-W%W-%w").date()
    if period == "month":
        return date.fromisoformat(f"{key}-01")
    if period == "year":
        return date(int(key), 1, 1)
    raise ArgumentError(f"period must be one of {', '.join(PERIODS)}")


def floor_period(day: date, period: str) -> date:
    """The first day of the period that holds `day`."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return date(day.year, 1, 1)
    return day


def next_start(start: date, period: str) -> date:
    """The first day of the period after the one starting on `start`."""
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_label(start: date, period: str) -> str:
    """How a period is named in tables: 2023-04-16, 2023-W15 (ISO week), 2023-04, 2023."""
    if period == "day":
        return start.isoformat()
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return start.isoformat()[:7]
    return str(start.year)


def fill_periods(
    rows: list[dict], period: str, *, first: date | None = None, last: date | None = None
) -> Series:
    """`Store.timeline` rows as a continuous series, zero rows where nothing happened.

    `first` and `last` (a filter's --since and --until) fix the window: the series covers
    every period between them, and events counted in a period outside it (a range that
    began before --since) are set apart as `outside` rather than drawn there."""
    totals: dict[date, dict] = {}
    undated = outside = 0
    low = floor_period(first, period) if first else None
    high = floor_period(last, period) if last else None
    for row in rows:
        if not row.get("period"):
            undated += row["events"]
            continue
        start = period_start(str(row["period"]), period)
        if (low and start < low) or (high and start > high):
            outside += row["events"]
            continue
        total = totals.setdefault(start, dict.fromkeys((*COUNTS, "goldstein"), 0))
        for key in (*COUNTS, "goldstein"):
            total[key] += row[key] or 0
    filled: list[dict] = []
    if totals:
        start, end = low or min(totals), high or max(totals)
        while start <= end:
            after = next_start(start, period)
            values = totals.get(start) or dict.fromkeys((*COUNTS, "goldstein"), 0)
            filled.append(
                {
                    "period": period_label(start, period),
                    "start": start,
                    "end": after - timedelta(days=1),
                    **{key: int(values[key]) for key in COUNTS},
                    "goldstein": round(float(values["goldstein"]), 2),
                }
            )
            start = after
    return Series(period=period, rows=tuple(filled), undated=undated, outside=outside)


def busy_span(series: Series, *, share: float = 0.95) -> tuple[dict, dict] | None:
    """The first and last row of the shortest run of periods that holds `share` of the
    events, when it is under a quarter of the series (a few stray dates stretch the axis)."""
    rows, need = series.rows, share * series.events
    best: tuple[int, int] | None = None
    low = total = 0
    for high, row in enumerate(rows):
        total += row["events"]
        while total - rows[low]["events"] >= need:
            total -= rows[low]["events"]
            low += 1
        if total >= need and (best is None or high - low < best[1] - best[0]):
            best = (low, high)
    if best is None or (best[1] - best[0] + 1) * 4 > len(rows):
        return None
    return rows[best[0]], rows[best[1]]
