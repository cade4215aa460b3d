"""`dateline report`: one self-contained HTML page an analyst can mail to a colleague.

The chart of the selection over time, events per type, the busiest dyads, and the events
themselves with every sentence that reports them and where it was published. Everything is
inline (styles, the chart as SVG): the page loads nothing from anywhere, and its Content
Security Policy forbids it to.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from . import __version__
from .errors import EmptySelectionError
from .render import (
    DATE_MARK,
    PLACE_MARK,
    actor_label,
    chart_titles,
    date_label,
    describe_filter,
    explain_no_events,
    one_line,
    place_label,
    type_label,
)
from .series import Series, busy_span, fill_periods

if TYPE_CHECKING:
    from .store import EventFilter, Store

MENTIONS_SHOWN = 5  # sentences listed under each event; the rest are counted
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

STYLE = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b60; --rule: #d8d8dc; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); margin: 0 auto; padding: 1.5rem 1.25rem 3rem; max-width: 64rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); }
.meta, .note, figcaption, .src { color: var(--muted); font-size: .87rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; display: block; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--rule);
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
article { border-bottom: 1px solid var(--rule); padding: .6rem 0; break-inside: avoid; }
article h3 { font-size: .98rem; margin: 0; font-weight: 600; }
.when { font-variant-numeric: tabular-nums; margin-right: .4rem; }
.quad { display: inline-block; font-size: .72rem; font-weight: 600; padding: 0 .35rem;
        border-radius: .2rem; margin-left: .3rem; vertical-align: .1em; border: 1px solid; }
.q1 { background: #c6dbef; border-color: #9bb8d3; } .q2 { background: #2171b5; color: #fff; }
.q3 { background: #f4a261; border-color: #d9853f; } .q4 { background: #7f1d1d; color: #fff; }
.neg { text-decoration: line-through; }
ul { margin: .3rem 0 0; padding-left: 1.2rem; }
li { margin: .2rem 0; }
blockquote { margin: 0; display: inline; }
a { color: #1f5f99; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def choose_period(series_days: tuple[date, date]) -> str:
    """A period that shows the span in a few dozen bars: days for a month, years for decades."""
    days = (series_days[1] - series_days[0]).days
    if days <= 62:
        return "day"
    if days <= 366:
        return "week"
    if days <= 366 * 12:
        return "month"
    return "year"


def build_report(
    store: Store,
    selection: EventFilter,
    *,
    db: str,
    period: str = "auto",
    limit: int = 200,
    top: int = 10,
) -> str:
    """The report page for the events `selection` picks, as one HTML string."""
    events = store.events(selection)
    if not events:
        raise EmptySelectionError(
            f"nothing to report: {explain_no_events(selection, count=store.count, db=db)}",
            hint="loosen the filters",
        )
    assert isinstance(events, list)
    counted = dataclasses.replace(selection, include_negated=False)
    dated = sorted(date.fromisoformat(e["date"]["start"]) for e in events if e.get("date"))
    first = date.fromisoformat(selection.date_from) if selection.date_from else None
    last = date.fromisoformat(selection.date_to) if selection.date_to else None
    if period == "auto":
        span = (first or dated[0], last or dated[-1]) if dated else None
        period = choose_period(span) if span else "month"
    series = fill_periods(store.timeline(counted, period=period), period, first=first, last=last)
    shown = events[:limit]
    articles = store.articles(m["article_id"] for e in shown for m in e.get("mentions") or [])
    title = f"Events: {describe_filter(selection)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(overview(events, dated, db=db))}</p>',
        chart_section(series, selection, db=db),
        '<div class="tables">',
        type_section(events),
        dyad_section(events, top=top),
        "</div>",
        event_section(events, shown, articles),
        footer(),
        "</body></html>",
    ]
    return "\n".join(parts)


def overview(events: list[dict], dated: list[date], *, db: str) -> str:
    negated = sum(1 for e in events if e.get("negated"))
    outlets = {o for e in events for o in e.get("outlets") or []}
    stories = sum(e.get("source_count") or 0 for e in events)
    span = f"dated {dated[0]} to {dated[-1]}" if dated else "no dates"
    text = f"{db} · {len(events)} events ({negated} negated) · {span} · "
    text += f"{stories} independent reports" + (
        f" from {len(outlets)} outlets · " if outlets else " (outlets not given) · "
    )
    return text + f"made {date.today()} by dateline {__version__}"


def chart_section(series: Series, selection: EventFilter, *, db: str) -> str:
    if not series.events:
        return '<p class="note">Every event selected is negated: there is no timeline.</p>'
    from .plot import timeline_svg

    title, subtitle = chart_titles(series, selection, db=db)
    svg = timeline_svg(series, title=title, subtitle=subtitle)
    caption = (
        f"Events per {series.period}, stacked by QuadClass; negated events are not counted. "
        "The lower panel sums the Goldstein scores (positive: cooperation)."
    )
    busy = busy_span(series)
    if busy:
        caption += (
            f" 95% of them fall in {busy[0]['period']} to {busy[1]['period']}; "
            f"--since {busy[0]['start']} --until {busy[1]['end']} draws that span."
        )
    label = escape(f"{title}. {subtitle}")
    return (
        f'<h2>Timeline</h2><figure role="img" aria-label="{label}">{svg}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def type_section(events: list[dict]) -> str:
    counts = Counter(e["event_type"] for e in events)
    negated = Counter(e["event_type"] for e in events if e.get("negated"))
    mentions = Counter()
    for event in events:
        mentions[event["event_type"]] += event.get("mention_count") or 0
    rows = "".join(
        f"<tr><td>{escape(kind)}</td><td class=n>{n}</td><td class=n>{negated[kind]}</td>"
        f"<td class=n>{mentions[kind]}</td></tr>"
        for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        "<section><h2>Events per type</h2><table><thead><tr><th>type</th>"
        "<th class=n>events</th><th class=n>negated</th><th class=n>mentions</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def first_country(actors: list[dict]) -> str:
    return next((a["country"] for a in actors if a.get("country")), "")


def dyad_section(events: list[dict], *, top: int) -> str:
    dyads: dict[tuple[str, str], Counter] = {}
    for event in events:
        source, target = first_country(event["source"]), first_country(event["target"])
        if event.get("negated") or not source or not target:
            continue
        dyads.setdefault((source, target), Counter())[event["event_type"]] += 1
    ranked = sorted(dyads.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:top]
    if not ranked:
        return (
            '<section><h2>Busiest dyads</h2><p class="note">No event names a country on both '
            "sides.</p></section>"
        )
    rows = "".join(
        f"<tr><td>{escape(s)} → {escape(t)}</td><td class=n>{sum(kinds.values())}</td>"
        f"<td>{escape(', '.join(f'{k} {n}' for k, n in kinds.most_common(3)))}</td></tr>"
        for (s, t), kinds in ranked
    )
    return (
        "<section><h2>Busiest dyads</h2><table><thead><tr><th>source → target</th>"
        "<th class=n>events</th><th>most frequent types</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p class=note>Countries of the first actor on each side; "
        "negated events left out.</p></section>"
    )


def event_section(events: list[dict], shown: list[dict], articles: dict[str, dict]) -> str:
    heading = f"<h2>Events, newest first ({len(events)})</h2>"
    if len(shown) < len(events):
        heading += (
            f'<p class="note">The first {len(shown)} of {len(events)} are listed; narrow the '
            "filters or raise --limit to list more. The counts above include them all.</p>"
        )
    return heading + "".join(event_block(event, articles) for event in shown)


def event_block(event: dict, articles: dict[str, dict]) -> str:
    quad = event.get("quad_class") or 0
    chip = (
        f'<span class="quad q{quad}" title="QuadClass {quad}">{escape(QUAD_NAMES[quad])}</span>'
        if quad in QUAD_NAMES
        else ""
    )
    kind = escape(type_label(event))
    if event.get("negated"):
        kind = f'<span class="neg" title="the stories say it did not happen">{kind}</span>'
    place = place_label(event)
    sources = event.get("source_count") or 0
    head = (
        f'<span class="when">{escape(date_label(event))}</span> {kind} · '
        f"{escape(actor_label(event.get('source') or []))} → "
        f"{escape(actor_label(event.get('target') or []))}"
        + (f" · {escape(place)}" if place else "")
        + f" · {sources} independent source{'s' if sources != 1 else ''}{chip}"
    )
    mentions = event.get("mentions") or []
    items = "".join(mention_item(m, articles) for m in mentions[:MENTIONS_SHOWN])
    if len(mentions) > MENTIONS_SHOWN:
        items += f'<li class="src">and {len(mentions) - MENTIONS_SHOWN} more</li>'
    return f'<article id="{escape(event["event_id"])}"><h3>{head}</h3><ul>{items}</ul></article>'


def mention_item(mention: dict, articles: dict[str, dict]) -> str:
    article = articles.get(mention.get("article_id", ""), {})
    title = escape(one_line(article.get("title") or "untitled story"))
    url = article.get("url") or ""
    if url.startswith(("http://", "https://")):
        title = f'<a href="{escape(url)}" rel="noreferrer">{title}</a>'
    outlet = escape(article.get("source") or "outlet not given")
    published = escape(mention.get("published") or article.get("published") or "")
    section = escape(mention.get("section") or "")
    return (
        f"<li><blockquote>“{escape(one_line(mention.get('sentence') or ''))}”</blockquote>"
        f'<div class="src">{outlet}, {published}: {title} ({section})</div></li>'
    )


def footer() -> str:
    return (
        '<h2>How to read it</h2><p class="note">'
        f"{escape(DATE_MARK)} after a date: the text states no date; the publication day stands "
        f"in. {escape(PLACE_MARK)} after a place: the sentence names none; the story's dateline "
        "stands in. A range (2023-04-10…04-16) is a date the text gives only that precisely. "
        "Independent sources count stories, not syndicated copies. Struck-through types are "
        "negated: reported as not having happened, listed here but never counted in the "
        "timeline. Event types are PLOVER's; QuadClass and Goldstein follow the CAMEO crosswalk."
        "</p>"
    )
