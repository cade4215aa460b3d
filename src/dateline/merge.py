"""One real event, one record: mentions merged within and across articles.

Two mentions tell the same event when they have the same type and polarity, share their
participants (directed types: a source in common and compatible targets; meetings and other
symmetric types: the same parties on either side), have overlapping date ranges and do not
place it in different countries. Events are the connected groups of such mentions, so the
result does not depend on the order stories arrived in, and merging again changes nothing.

Independent sources are counted as stories, not articles: syndicated or near-duplicate copies
of one story (linked at ingest) count once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .coding.modes import CONTEXTS, preferred_mode

CONTEXT_ORDER = [name for name, _ in CONTEXTS]

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
DEFAULT_SLACK = timedelta(days=3)  # a story dated by publication may report days-old news


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionRow:
    """What merging needs to know about one stored mention."""

    mention_id: str
    article_id: str
    story_id: str
    source: str  # the outlet
    published: str
    event_type: str
    negated: bool
    sources: frozenset[str]
    targets: frozenset[str]
    start: str
    end: str
    date_defaulted: bool
    place_country: str  # "" when unknown or defaulted to the dateline


@dataclass
class Event:
    """A merged event: its mentions and why they belong together."""

    event_id: str
    mentions: list[MentionRow]
    reasons: list[str] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def source_count(self) -> int:
        return len({m.story_id for m in self.mentions})


def actor_keys(actors: Iterable[dict]) -> frozenset[str]:
    """Comparable keys for a side: a person by name, anyone else by country (+ org name)."""
    keys = set()
    for actor in actors:
        if actor.get("kind") == "person" and actor.get("name"):
            keys.add(f"p:{actor['name']}")
        elif actor.get("kind") in {"igo", "group"} and actor.get("name"):
            keys.add(f"o:{actor['name']}")
        elif actor.get("country"):
            keys.add(f"c:{actor['country']}")
    return frozenset(keys)


def mention_row(
    record: dict, *, mention_id: str, story_id: str, source: str, published: str
) -> MentionRow:
    """A MentionRow from a stored mention record (as `dateline extract` prints it)."""
    when = record.get("date") or {}
    location = record.get("location") or {}
    return MentionRow(
        mention_id=mention_id,
        article_id=record["article_id"],
        story_id=story_id,
        source=source,
        published=published,
        event_type=record["event_type"],
        negated=bool(record.get("negated")),
        sources=actor_keys(record.get("source") or []),
        targets=actor_keys(record.get("target") or []),
        start=when.get("start") or published,
        end=when.get("end") or published,
        date_defaulted=bool(record.get("date_defaulted")),
        place_country="" if record.get("location_defaulted") else location.get("country", ""),
    )


def date_window(mention: MentionRow) -> tuple[date, date]:
    start, end = date.fromisoformat(mention.start), date.fromisoformat(mention.end)
    if mention.date_defaulted:
        start -= DEFAULT_SLACK
    return start, end


def same_event(a: MentionRow, b: MentionRow) -> str:
    """Why a and b tell one event ('' when they do not)."""
    if a.event_type != b.event_type or a.negated != b.negated:
        return ""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return ""
    a_start, a_end = date_window(a)
    b_start, b_end = date_window(b)
    if a_start > b_end or b_start > a_end:
        return ""
    if a.event_type in SYMMETRIC:
        parties_a, parties_b = a.sources | a.targets, b.sources | b.targets
        shared = parties_a & parties_b
        needed = min(2, len(parties_a), len(parties_b))
        if needed == 0 or len(shared) < needed:
            return ""
        return f"same {a.event_type} between {', '.join(sorted(shared))}"
    shared_sources = a.sources & b.sources
    if not shared_sources or (a.targets and b.targets and not a.targets & b.targets):
        return ""
    return f"same {a.event_type} by {', '.join(sorted(shared_sources))}"


def blocking_keys(mention: MentionRow) -> Iterable[tuple[str, bool, str]]:
    """Mentions can only merge when they share one of these keys (type, polarity, a party)."""
    parties = mention.sources | (mention.targets if mention.event_type in SYMMETRIC else set())
    for key in parties:
        yield mention.event_type, mention.negated, key


def event_id_for(mentions: list[MentionRow]) -> str:
    """Stable id: a hash of the group's smallest mention id (independent of arrival order)."""
    first = min(m.mention_id for m in mentions)
    return "ev-" + hashlib.sha256(first.encode()).hexdigest()[:16]


def merge_mentions(mentions: Iterable[MentionRow]) -> list[Event]:
    """Group mentions into events (connected groups of `same_event` pairs), sorted by id."""
    rows = sorted(mentions, key=lambda m: m.mention_id)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, list[str]] = defaultdict(list)
    blocks: dict[tuple[str, bool, str], list[int]] = defaultdict(list)
    for index, mention in enumerate(rows):
        for key in blocking_keys(mention):
            blocks[key].append(index)
    windows = [date_window(m) for m in rows]
    checked: set[tuple[int, int]] = set()
    for members in blocks.values():
        # Sweep by date: only mentions whose windows can overlap are compared.
        members.sort(key=lambda i: windows[i][0])
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                if windows[j][0] > windows[i][1]:
                    break
                pair = (min(i, j), max(i, j))
                if pair in checked:
                    continue
                checked.add(pair)
                why = same_event(rows[i], rows[j])
                if why:
                    root_i, root_j = find(i), find(j)
                    if root_i != root_j:
                        parent[max(root_i, root_j)] = min(root_i, root_j)
                    reasons[pair[0]].append(f"{rows[pair[1]].mention_id}: {why}")
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(rows)):
        groups[find(index)].append(index)
    events = []
    for members in groups.values():
        group = [rows[i] for i in members]
        why = [f"{rows[i].mention_id} ~ {r}" for i in members for r in reasons[i]]
        events.append(Event(event_id=event_id_for(group), mentions=group, reasons=why))
    return sorted(events, key=lambda e: e.event_id)


def merged_actors(sides: Iterable[list[dict]]) -> list[dict]:
    """The union of several mentions' actors on one side, one entry per actor."""
    seen: dict[str, dict] = {}
    for actors in sides:
        for actor in actors:
            key = next(iter(actor_keys([actor])), "") or actor.get("text", "")
            best = seen.get(key)
            if best is None or actor.get("confidence", 0) > best.get("confidence", 0):
                seen[key] = actor
    return list(seen.values())


def event_record(event: Event, records: dict[str, dict]) -> dict:
    """The merged record users see: `records` maps mention ids to stored mention records."""
    members = [records[m.mention_id] for m in event.mentions]
    dated = [r for r in members if not r.get("date_defaulted") and r.get("date")]
    pool = dated or [r for r in members if r.get("date")]
    when = (
        min(
            pool,
            key=lambda r: (
                date.fromisoformat(r["date"]["end"]) - date.fromisoformat(r["date"]["start"]),
                r["date"]["start"],
            ),
        )["date"]
        if pool
        else None
    )
    placed = [
        r["location"] for r in members if r.get("location") and not r.get("location_defaulted")
    ]
    fallback = [r["location"] for r in members if r.get("location")]
    counts: dict[str, int] = defaultdict(int)
    for place in placed or fallback:
        counts[place.get("name", "")] += 1
    location = None
    if counts:
        best = max(counts, key=lambda name: (counts[name], name))
        location = next(p for p in placed or fallback if p.get("name", "") == best)
    modalities = [r.get("modality", "asserted") for r in members]
    contexts = {c for r in members for c in (r.get("context") or "").split("; ") if c}
    first = members[0]
    return {
        "event_id": event.event_id,
        "event_type": first["event_type"],
        # the most specific mode any mention names; every context any names
        "mode": preferred_mode(first["event_type"], (r.get("mode", "") for r in members)),
        "context": "; ".join(c for c in CONTEXT_ORDER if c in contexts),
        "negated": bool(first.get("negated")),
        "modality": "asserted" if "asserted" in modalities else modalities[0],
        "source": merged_actors(r.get("source") or [] for r in members),
        "target": merged_actors(r.get("target") or [] for r in members),
        "date": (
            {"start": when["start"], "end": when["end"], "granularity": when.get("granularity")}
            if when
            else None
        ),
        "date_defaulted": not dated,
        "location": location,
        "location_defaulted": not placed and location is not None,
        "quad_class": first.get("quad_class"),
        "goldstein": first.get("goldstein"),
        "cameo_root": first.get("cameo_root"),
        "confidence": max(r.get("confidence", 0.0) for r in members),
        "mention_count": len(members),
        "article_count": event.article_count,
        "source_count": event.source_count,
        "outlets": sorted({m.source for m in event.mentions if m.source}),
        "mentions": [
            {
                "mention_id": m.mention_id,
                "article_id": r["article_id"],
                "section": r["section"],
                "sentence": r["sentence"],
                "span": r["sentence_span"],
                "published": m.published,
            }
            for m, r in zip(event.mentions, members, strict=True)
        ],
        "merges": event.reasons,
    }
