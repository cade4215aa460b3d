"""What the read commands show a person: tables that fit the terminal, and what a filter says.

Rich tables sized to the console, the most useful columns first; `wide` shows every column
in full. Dates and places that no sentence stated (the publication day, the story's
dateline) are marked, so they never pass for stated ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .series import Series
from .store.events import EventFilter

DATE_MARK = "*"
PLACE_MARK = "†"
MARKS_NOTE = (
    f"{DATE_MARK} no date in the text: the publication day   {PLACE_MARK} place from the dateline"
)
WIDE_WIDTH = 400  # --wide: every column in full, lines as long as they need


def console(*, wide: bool = False) -> Console:
    """A console on stdout: the terminal's width (80 when piped, or $COLUMNS)."""
    if wide:
        return Console(width=WIDE_WIDTH, soft_wrap=True)
    return Console()


def filter_parts(selection: EventFilter) -> list[str]:
    """The filters that are set, in words: ["country CHN", "type ASSAULT", …]."""
    parts = []
    if selection.actor:
        parts.append(f"actor '{selection.actor}'")
    if selection.country:
        parts.append(f"country {selection.country.upper()}")
    if selection.dyad:
        arrow = "→" if selection.directed else "↔"
        parts.append(f"dyad {selection.dyad[0].upper()}{arrow}{selection.dyad[1].upper()}")
    if selection.event_type:
        parts.append("type " + "/".join(t.upper() for t in selection.event_type))
    if selection.quad_class:
        parts.append(f"QuadClass {selection.quad_class}")
    if selection.date_from and selection.date_to:
        parts.append(f"{selection.date_from} to {selection.date_to}")
    elif selection.date_from:
        parts.append(f"since {selection.date_from}")
    elif selection.date_to:
        parts.append(f"until {selection.date_to}")
    if selection.place:
        parts.append(f"place '{selection.place}'")
    if selection.min_sources > 1:
        parts.append(f"{selection.min_sources}+ sources")
    if not selection.include_negated:
        parts.append("negated left out")
    if not selection.include_hypothetical:
        parts.append("asserted only")
    return parts


def describe_filter(selection: EventFilter) -> str:
    return ", ".join(filter_parts(selection)) or "all events"


def single_filters(selection: EventFilter) -> Iterator[tuple[str, EventFilter]]:
    """Each filter that is set, alone (with the defaults for the rest)."""
    default = EventFilter()
    for field in dataclasses.fields(EventFilter):
        value = getattr(selection, field.name)
        if field.name == "directed" or value == getattr(default, field.name):
            continue
        changes = {field.name: value}
        if field.name == "dyad":
            changes["directed"] = selection.directed
        single = EventFilter(**changes)
        yield describe_filter(single), single


def explain_no_events(
    selection: EventFilter, *, count: Callable[[EventFilter], int], db: str
) -> str:
    """Why nothing matched: an empty database, a filter nothing passes, or their combination."""
    total = count(EventFilter())
    if not total:
        return f"no events in {db}: ingest stories first (dateline ingest PATH --db {db})"
    empty = [words for words, single in single_filters(selection) if not count(single)]
    if empty:
        because = "none has " + "; none has ".join(empty)
    else:
        because = "each filter matches some events, but none matches them all"
    return (
        f"no events match {describe_filter(selection)} in {db}: {because} ({total} events in all)"
    )


def chart_titles(series: Series, selection: EventFilter, *, db: str) -> tuple[str, str]:
    """A chart's title (what was counted) and subtitle (from which data, how many)."""
    title = f"Events per {series.period}"
    parts = [p for p in filter_parts(selection) if p != "negated left out"]
    if parts:
        title += ": " + ", ".join(parts)
    first, last = series.rows[0]["period"], series.rows[-1]["period"]
    span = first if first == last else f"{first} to {last}"
    subtitle = f"{db} · {span} · {series.events} events, negated ones not counted"
    if series.undated:
        subtitle += f" · {series.undated} without a date not shown"
    if series.outside:
        subtitle += f" · {series.outside} begun before {selection.date_from} not shown"
    return title, subtitle


def actor_label(actors: list[dict]) -> str:
    return (
        ", ".join(
            f"{a.get('name') or a.get('text')}" + (f" ({a['country']})" if a.get("country") else "")
            for a in actors
        )
        or "-"
    )


def short_actors(actors: list[dict] | None) -> str:
    """The first actor and how many more: "Li Shangfu (CHN) +1"."""
    if not actors:
        return "-"
    more = f" +{len(actors) - 1}" if len(actors) > 1 else ""
    return actor_label(actors[:1]) + more


def date_label(event: dict) -> str:
    """The event's date as its granularity reads (2023-03 for March), marked when defaulted."""
    when = event.get("date") or {}
    start, end = when.get("start", ""), when.get("end", "")
    if not start:
        return "?"
    granularity = when.get("granularity") or ("day" if start == end else "range")
    if granularity == "month":
        label = start[:7]
    elif granularity == "year":
        label = start[:4]
    elif start == end:
        label = start
    else:
        label = f"{start}…{end[5:] if end[:4] == start[:4] else end}"
    return label + (DATE_MARK if event.get("date_defaulted") else "")


def type_label(event: dict) -> str:
    kind = ("NOT " if event.get("negated") else "") + event["event_type"]
    if event.get("mode"):
        kind += f"/{event['mode']}"  # "ASSAULT/aerial"
    if event.get("modality", "asserted") != "asserted":
        kind += f" ({event.get('modality')})"
    return kind


def place_label(event: dict) -> str:
    name = (event.get("location") or {}).get("name", "")
    return name + (PLACE_MARK if name and event.get("location_defaulted") else "")


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (wire copy is hard-wrapped)."""
    return " ".join(text.split())


def first_sentence(event: dict) -> str:
    return one_line(event["mentions"][0]["sentence"]) if event.get("mentions") else ""


TABLE_WIDTH = 150  # narrower terminals get two lines per event instead of seven columns


def event_cells(event: dict) -> dict[str, str]:
    return {
        "date": date_label(event),
        "type": type_label(event),
        "source": actor_label(event.get("source") or []),
        "target": actor_label(event.get("target") or []),
        "where": place_label(event),
        "src": str(event.get("source_count", "")),
        "QuadClass": str(event.get("quad_class", "")),
        "Goldstein": str(event.get("goldstein", "")),
        "mentions": str(event.get("mention_count", "")),
        "articles": str(event.get("article_count", "")),
        "outlets": ", ".join(event.get("outlets") or []),
        "event id": event["event_id"],
        "sentence": first_sentence(event),
    }


def event_table(rows: Iterable[dict], *, width: int = 80, wide: bool = False) -> Table:
    """Merged events sized to `width`: one line each (date, type, who, whom, where, how many
    independent sources, the sentence) on a wide terminal, two lines each on a narrow one;
    `wide`: every column, nothing cut."""
    table = Table(
        box=box.SIMPLE_HEAD,
        caption=MARKS_NOTE,
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
        expand=not wide,
    )
    if not wide and width < TABLE_WIDTH:
        table.add_column("date, place", no_wrap=True, max_width=16)
        table.add_column("event · independent sources, sentence", ratio=1)
        for event in rows:
            cells = event_cells(event)
            sources = f"{cells['src']} source" + ("" if cells["src"] == "1" else "s")
            who = f"{short_actors(event.get('source'))} → {short_actors(event.get('target'))}"
            head = Text(no_wrap=True, overflow="ellipsis")
            head.append(cells["type"], style="bold")
            head.append(f"  {who} · {sources}")
            sentence = Text(cells["sentence"], style="dim", no_wrap=True, overflow="ellipsis")
            place = Text(cells["where"] or "-", style="dim", no_wrap=True, overflow="ellipsis")
            table.add_row(Group(cells["date"], place), Group(head, sentence))
        return table
    columns = ["date", "type", "source", "target", "where", "src"]
    if wide:
        columns += ["QuadClass", "Goldstein", "mentions", "articles", "outlets", "event id"]
    actor_width = max(20, min(36, (width - 70) // 4))
    limits = {"type": 20, "source": actor_width, "target": actor_width, "where": 18}
    for name in columns:
        right = name in ("src", "QuadClass", "Goldstein", "mentions", "articles")
        table.add_column(
            name,
            no_wrap=True,
            overflow="ellipsis",
            max_width=None if wide else limits.get(name),
            justify="right" if right else "left",
        )
    table.add_column("sentence", no_wrap=not wide, overflow="ellipsis", ratio=1, min_width=20)
    for event in rows:
        cells = event_cells(event)
        if not wide:
            cells["source"] = short_actors(event.get("source"))
            cells["target"] = short_actors(event.get("target"))
        table.add_row(*(cells[name] for name in [*columns, "sentence"]))
    return table


def quote_table(rows: Iterable[dict]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("published", no_wrap=True)
    table.add_column("speaker", max_width=24)
    table.add_column("quote", ratio=1)
    for row in rows:
        who = (row.get("speaker") or {}).get("name") or "(unattributed)"
        # wire style ends a quote with the comma before "he said": not part of the words
        text = one_line(row["text"]).removesuffix(",")
        table.add_row(row["published"], who, f"“{text}”")
    return table


def search_table(rows: Iterable[dict]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("published", no_wrap=True)
    table.add_column("event id", no_wrap=True)
    table.add_column("sentence", ratio=1)
    for row in rows:
        table.add_row(row["published"], row["event_id"] or "-", one_line(row["sentence"]))
    return table


def skipped_table(rows: Iterable[dict]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("record", overflow="fold")
    table.add_column("stage", no_wrap=True)
    table.add_column("reason", ratio=1)
    for row in rows:
        table.add_row(row["origin"], row["stage"], row["reason"])
    return table


def actor_table(rows: Iterable[dict]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in ("name", "country", "kind", "sectors", "roles", "first seen", "last seen"):
        table.add_column(name, overflow="ellipsis", max_width=28)
    table.add_column("mentions", justify="right")
    table.add_column("articles", justify="right")
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["country"]),
            str(row["kind"]),
            ", ".join(row["sectors"]),
            ", ".join(row["roles"][:2]),
            str(row["first_seen"]),
            str(row["last_seen"]),
            str(row["mentions"]),
            str(row["articles"]),
        )
    return table


TIMELINE_HEADINGS = (
    ("events", "events"),
    ("verbal_cooperation", "verbal\ncoop."),
    ("material_cooperation", "material\ncoop."),
    ("verbal_conflict", "verbal\nconflict"),
    ("material_conflict", "material\nconflict"),
    ("goldstein", "Goldstein\nsum"),
)
QUIET_RUN = 3  # this many empty periods in a row or more take one line


def timeline_table(series: Series, *, title: str = "") -> Table:
    """Counts per QuadClass for every period; a run of empty periods takes one dim line
    ("2022-03–06  0"), so quiet spells stay visible without filling the screen."""
    lines: list[tuple[RenderableType, ...]] = []
    quiet: list[dict] = []

    def flush() -> None:
        if len(quiet) >= QUIET_RUN:
            first, last = quiet[0]["period"], quiet[-1]["period"]
            span = f"{first}–{last[5:] if first[:5] == last[:5] else last}"
            lines.append((Text(span, style="dim"), Text("0", style="dim")))
        else:
            dots = [Text("·", style="dim")] * len(TIMELINE_HEADINGS)
            lines.extend((row["period"], *dots) for row in quiet)
        quiet.clear()

    for row in series.rows:
        if row["events"] == 0:
            quiet.append(row)
            continue
        flush()
        lines.append((row["period"], *(str(row[key]) for key, _ in TIMELINE_HEADINGS)))
    flush()
    table = Table(title=title or None, box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True)
    longest = max((len(str(line[0])) for line in lines), default=7)
    table.add_column(series.period, no_wrap=True, min_width=longest)
    for _, heading in TIMELINE_HEADINGS:
        widest = max(len(word) for word in heading.split("\n"))
        table.add_column(heading, justify="right", no_wrap=True, min_width=widest)
    for line in lines:
        table.add_row(*line)
    if series.undated:
        table.caption = f"{series.undated} events without a date are in no period"
    return table


def summary_view(data: dict, *, db: str) -> Iterator[RenderableType]:
    """`dateline summary`: the store's counts, events per type, busiest dyads, a timeline."""
    counts = data["counts"]
    yield Text.assemble((str(db), "bold"))
    yield Text(
        f"{counts['articles']} stories · {counts['mentions']} event mentions merged into "
        f"{counts['events']} events · {counts['quotes']} quotes · {counts['skipped']} skipped"
    )
    by_type = Table("event type", "events", "negated", "mentions", title="Events per type")
    for row in data["by_type"]:
        by_type.add_row(row["event_type"], str(row["n"]), str(row["neg"]), str(row["mentions"]))
    yield by_type
    dyads = Table("source", "target", "events", title="Busiest dyads (not negated)")
    for row in data["dyads"]:
        dyads.add_row(row["s"], row["t"], str(row["n"]))
    yield dyads
    series: Series = data["series"]
    yield timeline_table(series, title=f"Events per {series.period} (not negated)")
