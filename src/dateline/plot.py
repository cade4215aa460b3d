"""Timeline plots (matplotlib, drawn off-screen to a PNG file)."""

from __future__ import annotations

from pathlib import Path

QUADS = (
    ("verbal_cooperation", "#4c9f70"),
    ("material_cooperation", "#1b6e45"),
    ("verbal_conflict", "#e08a3c"),
    ("material_conflict", "#b23a2f"),
)


def plot_timeline(rows: list[dict], path: str | Path, *, title: str = "") -> None:
    """Stacked bars of events per QuadClass and the Goldstein sum as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = [str(r["period"]) for r in rows]
    figure, axis = plt.subplots(figsize=(max(6, len(periods) * 0.5), 4))
    bottom = [0] * len(rows)
    for key, colour in QUADS:
        values = [r[key] or 0 for r in rows]
        axis.bar(periods, values, bottom=bottom, color=colour, label=key.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axis.set_ylabel("events")
    axis.tick_params(axis="x", rotation=60)
    second = axis.twinx()
    second.plot(
        periods,
        [r["goldstein"] or 0 for r in rows],
        color="black",
        marker="o",
        label="Goldstein sum",
    )
    second.set_ylabel("Goldstein sum")
    axis.legend(loc="upper left", fontsize=7)
    axis.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
