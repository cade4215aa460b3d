"""Timeline charts: structural checks of what a reader sees (issue 26).

Each chart is drawn off-screen and measured: one bar per period (empty ones too), tick labels
that do not overlap and carry their year, legend and subtitle clear of the bars, colours
that stay apart in grey.
"""

import functools
import itertools
from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.dates import date2num

from dateline.errors import EmptySelectionError
from dateline.plot import QUADS, draw_timeline, plot_timeline
from dateline.series import Series, fill_periods


def rows(keys_and_counts: dict[str, int]) -> list[dict]:
    out = []
    for key, events in keys_and_counts.items():
        third = events // 3
        out.append(
            {
                "period": key,
                "events": events,
                "verbal_cooperation": third,
                "material_cooperation": third,
                "verbal_conflict": events - 3 * third,
                "material_conflict": third,
                "goldstein": 2.5 * third - events,
            }
        )
    return out


SERIES = {
    "month, two years with gaps": fill_periods(
        rows({"2022-02": 1, "2022-07": 6, "2022-09": 20, "2023-04": 6, "2023-11": 14}), "month"
    ),
    "week across New Year": fill_periods(
        rows({"2022-W05": 1, "2022-W38": 4, "2022-W52": 3, "2023-W00": 2, "2023-W47": 8}), "week"
    ),
    "year, 1948 to 1987": fill_periods(rows({"1948": 1, "1972": 3, "1987": 2000}), "year"),
    "day, two months": fill_periods(
        rows({"1987-03-01": 11, "1987-03-15": 60, "1987-04-30": 12}), "day"
    ),
    "month over 120 years": fill_periods(
        rows({"1928-01": 1, "1987-03": 1000, "1987-04": 500, "2047-01": 1}), "month"
    ),
    "a single year": fill_periods(rows({"2023": 5}), "year"),
}


@functools.cache
def drawn_once(name: str):
    return drawn(SERIES[name])


def drawn(series: Series):
    figure = draw_timeline(series, title="Events per period: country RUS", subtitle="test.db")
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return figure, renderer


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("name", SERIES)
def test_every_period_has_its_place_on_a_time_axis(name):
    series = SERIES[name]
    figure, _ = drawn_once(name)
    counts = figure.axes[0]
    if len(series.rows) > 300:  # drawn as stacked steps: one edge per period boundary
        steps = [p for p in counts.patches if type(p).__name__ == "StepPatch"]
        assert len(steps) == len(QUADS)
        edges = [date2num(r["start"]) for r in series.rows]
        assert all(list(p.get_data().edges[:-1]) == pytest.approx(edges) for p in steps)
    else:
        assert len(counts.patches) == len(QUADS) * len(series.rows)
        # every period, empty ones too, starts where its first day lies on a time axis
        lefts = sorted({p.get_x() for p in counts.patches})
        assert lefts == pytest.approx([date2num(r["start"]) for r in series.rows])


@pytest.mark.parametrize("name", SERIES)
def test_labels_do_not_overlap_and_carry_their_year(name):
    figure, renderer = drawn_once(name)
    counts, goldstein = figure.axes[:2]
    labels = [t for t in goldstein.get_xticklabels() if t.get_text()]
    assert labels, "the time axis has labels"
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(overlaps(a, b) for a, b in itertools.combinations(boxes, 2))
    assert any(ch.isdigit() and len(t.get_text()) >= 4 for t in labels[:1] for ch in t.get_text())
    legend = counts.get_legend().get_window_extent(renderer)
    area = counts.get_window_extent(renderer)
    assert legend.y0 >= area.y1 - 1, "the legend sits above the bars, not on them"
    texts = [figure._suptitle, counts.title]
    text_boxes = [t.get_window_extent(renderer) for t in texts]
    assert not overlaps(text_boxes[0], text_boxes[1])
    assert not any(overlaps(legend, box) for box in text_boxes)
    for box in [*boxes, legend, *text_boxes]:
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width + 1


def test_ticks_for_months_name_the_year_when_it_changes():
    figure, _ = drawn_once("month, two years with gaps")
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels() if t.get_text()]
    with_year = [label for label in labels if "\n" in label]
    assert labels[0].endswith("2022") and any(label.endswith("2023") for label in with_year)
    assert len(with_year) == 2


def lightness(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in to_rgb(colour))
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def test_quadclass_colours_read_in_grey():
    values = [lightness(colour) for _, _, colour in QUADS]
    assert all(abs(a - b) >= 15 for a, b in itertools.pairwise(values))  # neighbours in a stack
    assert all(abs(a - b) >= 10 for a, b in itertools.combinations(values, 2))


def test_an_empty_selection_is_an_error_not_a_blank_chart(tmp_path):
    empty = fill_periods([], "month")
    with pytest.raises(EmptySelectionError) as caught:
        plot_timeline(empty, tmp_path / "x.png", title="t")
    assert caught.value.code == "D500" and caught.value.hint
    assert not (tmp_path / "x.png").exists()


def test_png_and_svg_files(tmp_path):
    series = SERIES["month, two years with gaps"]
    plot_timeline(series, tmp_path / "t.png", title="Events per month", subtitle="x")
    plot_timeline(series, tmp_path / "t.svg", title="Events per month", subtitle="x")
    png = (tmp_path / "t.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1500, 810)
    assert "<svg" in (tmp_path / "t.svg").read_text(encoding="utf-8")[:500]
    with pytest.raises(ValueError, match="png"):
        plot_timeline(series, tmp_path / "t.gif", title="x")


def test_a_single_period_still_has_a_readable_axis():
    figure, _ = drawn(fill_periods(rows({"2023-04-16": 3}), "day"))
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels() if t.get_text()]
    assert any("2023" in label for label in labels)
    assert date(2023, 4, 16)  # the one day is drawn (checked by the bar test above)
