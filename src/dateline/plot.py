"""Timeline charts fit for a report (matplotlib, drawn off-screen to PNG, SVG or PDF).

A real time axis: every period from the first event to the last has its place, empty ones
included, and tick labels follow the span (days, months or years) without overlapping. Events
are stacked by QuadClass in colours whose lightness differs enough to read in grey; the
Goldstein sum has its own panel below. The title says what was counted, the subtitle from
which data.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.ticker import Formatter

from .errors import EmptySelectionError, OutputFormatError
from .series import Series

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import Locator

# Stacked bottom to top in QuadClass order; lightness (CIE L*) 89, 47, 73, 28, so that
# neighbours stay apart when printed in grey.
QUADS = (
    ("verbal_cooperation", "verbal cooperation", "#c6dbef"),
    ("material_cooperation", "material cooperation", "#2171b5"),
    ("verbal_conflict", "verbal conflict", "#f4a261"),
    ("material_conflict", "material conflict", "#7f1d1d"),
)
GOLDSTEIN_COLOUR = "#555555"
FORMATS = (".png", ".svg", ".pdf")
MANY_PERIODS = 300  # beyond this, stacked steps read better (and draw faster) than bars


MAX_TICKS = 10
STEPS = {"month": (1, 2, 3, 6, 12, 24, 60, 120, 240), "year": (1, 2, 5, 10, 20, 25, 50, 100)}


def period_locator(series: Series) -> Locator:
    """Ticks under the middle of every k-th month or year (k so that at most MAX_TICKS fit:
    every quarter, every other year, …); days and weeks get matplotlib's date ticks."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FixedLocator

    if series.period not in STEPS:
        return mdates.AutoDateLocator(minticks=3, maxticks=MAX_TICKS - 2)
    rows = series.rows
    step = next((k for k in STEPS[series.period] if len(rows) / k <= MAX_TICKS), len(rows))

    def index(start: date) -> int:  # months or years since year 0, so steps align to January
        return start.year * 12 + start.month - 1 if series.period == "month" else start.year

    middles = [
        mdates.date2num(row["start"]) + ((row["end"] - row["start"]).days + 1) / 2
        for row in rows
        if index(row["start"]) % step == 0
    ]
    return FixedLocator(middles)


class DateLabels(Formatter):
    """Tick labels as fine as the ticks are apart (2023 / Apr / 16 Apr), with the year under
    the first tick and wherever it changes, so no label lacks its year."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: list[float]) -> list[str]:
        import matplotlib.dates as mdates

        days = [mdates.num2date(v).date() for v in values]
        gaps = sorted(b.toordinal() - a.toordinal() for a, b in itertools.pairwise(days))
        gap = gaps[len(gaps) // 2] if gaps else 365
        if gap >= 360:
            return [str(day.year) for day in days]
        labels = []
        for number, day in enumerate(days):
            text = f"{day:%b}" if gap >= 28 else f"{day.day} {day:%b}"
            if number == 0 or day.year != days[number - 1].year:
                text += f"\n{day.year}"
            labels.append(text)
        return labels


def draw_timeline(series: Series, *, title: str, subtitle: str = "") -> Figure:
    """The chart as a matplotlib Figure (not shown, not saved)."""
    if not series.events:
        raise EmptySelectionError(
            "no events to plot for this selection",
            hint="loosen the filters; `dateline events` with the same ones says which",
        )
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = series.rows
    starts = [mdates.date2num(r["start"]) for r in rows]
    widths = [mdates.date2num(r["end"]) + 1 - s for s, r in zip(starts, rows, strict=True)]
    figure = Figure(figsize=(10, 5.4), layout="constrained")
    counts, goldstein = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 1)})
    many = len(rows) > MANY_PERIODS
    bottom = [0] * len(rows)
    for key, label, colour in QUADS:
        values = [r[key] for r in rows]
        tops = [b + v for b, v in zip(bottom, values, strict=True)]
        if many:
            edges = [*starts, starts[-1] + widths[-1]]
            counts.stairs(tops, edges, baseline=bottom, fill=True, color=colour, label=label)
        else:
            counts.bar(
                starts,
                values,
                width=[w * 0.9 for w in widths],
                bottom=bottom,
                align="edge",
                color=colour,
                edgecolor="white",
                linewidth=0.4 if len(rows) < 60 else 0,
                label=label,
            )
        bottom = tops
    counts.set_ylabel("events")
    counts.set_ylim(0, max(max(bottom) * 1.08, 1))
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.grid(axis="y", color="#dddddd", linewidth=0.6)
    counts.set_axisbelow(True)
    counts.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncol=len(QUADS),
        frameon=False,
        fontsize=9,
        borderaxespad=0,
        handlelength=1.2,
    )
    sums = [r["goldstein"] for r in rows]
    if many:
        goldstein.stairs(
            sums, [*starts, starts[-1] + widths[-1]], fill=True, color=GOLDSTEIN_COLOUR
        )
    else:
        goldstein.bar(
            starts,
            sums,
            width=[w * 0.9 for w in widths],
            align="edge",
            color=GOLDSTEIN_COLOUR,
            linewidth=0,
        )
    goldstein.axhline(0, color="black", linewidth=0.6)
    goldstein.set_ylabel("Goldstein\nsum", fontsize=9)
    goldstein.yaxis.set_major_locator(MaxNLocator(nbins=3, symmetric=True))
    goldstein.grid(axis="y", color="#dddddd", linewidth=0.6)
    goldstein.set_axisbelow(True)
    goldstein.xaxis.set_major_locator(period_locator(series))
    goldstein.xaxis.set_major_formatter(DateLabels())
    pad = widths[0] * 0.5
    goldstein.set_xlim(starts[0] - pad, starts[-1] + widths[-1] + pad)
    for axis in (counts, goldstein):
        axis.spines[["top", "right"]].set_visible(False)
    figure.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    if subtitle:
        # constrained layout leaves room for the suptitle; the subtitle goes under it
        figure.get_layout_engine().set(h_pad=0.08)
        counts.set_title(subtitle, loc="left", fontsize=9, color="#444444", pad=22)
    return figure


def plot_timeline(series: Series, path: str | Path, *, title: str, subtitle: str = "") -> None:
    """Draw the timeline chart to `path`: .png (150 dpi), .svg or .pdf by its suffix."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise OutputFormatError(
            f"{path}: draw to a {', '.join(FORMATS)} file", hint="name the plot .png, .svg or .pdf"
        )
    figure = draw_timeline(series, title=title, subtitle=subtitle)
    figure.savefig(path, dpi=150, metadata={"Date": None} if path.suffix == ".svg" else None)


def timeline_svg(series: Series, *, title: str, subtitle: str = "") -> str:
    """The chart as an inline <svg> element (no XML prolog), for HTML pages."""
    import io

    figure = draw_timeline(series, title=title, subtitle=subtitle)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
