"""One real event, one record: mentions merged within and across articles.

Two mentions *may* tell the same event (an edge) when they have the same type and polarity,
overlapping date windows, places in no two different countries and matching participants: the
same person or organisation where both name one, else the same country (and sector, where both
give one). Across stories a match needs the whole dyad: two parties of a meeting or agreement,
a source and a target of a directed event; one story may say "Japan agreed" of the deal it
reports. A mention dated only by its publication may be a day older (`DEFAULT_SLACK`); one
dated vaguer than `MAX_WINDOW_DAYS` ("this year") merges within its own story only.

Edges alone would chain: "Japan agreed" links to every agreement Japan made that week, and
through them to the agreements of their other parties. So events are cut from each connected
group of edges around cores: the most specific mention (most named participants, then the
narrowest date, then the smallest id) seeds an event; each other mention, in the same order,
joins the first event whose seed it matches directly (and no member of which places it
elsewhere), or seeds its own. An event therefore never spans more than its seed's window and
never holds a mention unlike its seed. Two mentions both dated only by publication must have
been published within a day of each other.

Both steps depend on the set of mentions only, never on the order stories arrived in, so
merging is deterministic and idempotent, and merging a batch at a time (`merge/tables.py`
re-cuts only the groups a batch touches) ends in the same events as merging everything at once.

Independent sources are counted as stories, not articles: syndicated or near-duplicate copies
of one story (linked at ingest) count once.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..coding.modes import CONTEXTS, preferred_mode
from ..errors import ArgumentError

CONTEXT_ORDER = [name for name, _ in CONTEXTS]
MERGE_VERSION = "2"  # raise when the rules change: stores merge their events again

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
# A mention dated only by its publication may tell of the day before (a report that says not
# when is of today or yesterday; older news names its day). Three days let a Mar 4 "new
# offensive" join a Mar 3 attack elsewhere.
DEFAULT_SLACK = timedelta(days=1)
MAX_WINDOW_DAYS = 31  # vaguer dates ("this year", "in the 1980s") name no one event
MAX_KM = 300  # places farther apart are different events, even in one country
NAMED_KINDS = {"person": "p", "org": "o", "igo": "o", "group": "o"}


@dataclass(frozen=True, slots=True, order=True)
class Party:
    """One participant as merging compares it: a named person or organisation ("p:Vladimir
    Putin", "o:NATO") with its country, or only a country (and sector) when unnamed."""

    name: str
    country: str
    sector: str = ""

    def matches(self, other: Party) -> bool:
        if self.name and other.name:
            return self.name == other.name
        if not self.country or self.country != other.country:
            return False
        # one country's government is not its legislators, companies or rebels
        return not self.sector or not other.sector or self.sector == other.sector

    def keys(self) -> set[str]:
        """Blocking keys: every party that can match this one shares one of them."""
        return {key for key in (self.name, f"c:{self.country}" if self.country else "") if key}


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
    sources: frozenset[Party]
    targets: frozenset[Party]
    start: str
    end: str
    date_defaulted: bool
    place_country: str  # "" when unknown or defaulted to the dateline
    place_point: tuple[float, float] | None = None  # (lat, lon) of that place, if known

    def as_json(self) -> dict:
        return {
            "mention_id": self.mention_id,
            "article_id": self.article_id,
            "story_id": self.story_id,
            "source": self.source,
            "published": self.published,
            "event_type": self.event_type,
            "negated": self.negated,
            "sources": sorted([p.name, p.country, p.sector] for p in self.sources),
            "targets": sorted([p.name, p.country, p.sector] for p in self.targets),
            "start": self.start,
            "end": self.end,
            "date_defaulted": self.date_defaulted,
            "place_country": self.place_country,
            "place_point": list(self.place_point) if self.place_point else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> MentionRow:
        return cls(
            **{
                **data,
                "sources": frozenset(Party(*p) for p in data["sources"]),
                "targets": frozenset(Party(*p) for p in data["targets"]),
                "place_point": tuple(data["place_point"]) if data.get("place_point") else None,
            }
        )


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


def parties(actors: Iterable[dict]) -> frozenset[Party]:
    """The comparable participants on one side of a mention."""
    found = set()
    for actor in actors:
        prefix = NAMED_KINDS.get(actor.get("kind", ""))
        name = f"{prefix}:{actor['name']}" if prefix and actor.get("name") else ""
        country = actor.get("country") or ""
        if name or country:
            found.add(Party(name, country, actor.get("sector") or ""))
    return frozenset(found)


def actor_keys(actors: Iterable[dict]) -> frozenset[str]:
    """One key per participant (a name, else a country): tells one actor from another."""
    return frozenset(p.name or f"c:{p.country}/{p.sector}" for p in parties(actors))


def mention_row(
    record: dict, *, mention_id: str, story_id: str, source: str, published: str
) -> MentionRow:
    """A MentionRow from a stored mention record (as `dateline extract` prints it)."""
    when = record.get("date") or {}
    location = {} if record.get("location_defaulted") else record.get("location") or {}
    point = None
    if isinstance(location.get("lat"), int | float) and isinstance(
        location.get("lon"), int | float
    ):
        point = (float(location["lat"]), float(location["lon"]))
    return MentionRow(
        mention_id=mention_id,
        article_id=record["article_id"],
        story_id=story_id,
        source=source,
        published=published,
        event_type=record["event_type"],
        negated=bool(record.get("negated")),
        sources=parties(record.get("source") or []),
        targets=parties(record.get("target") or []),
        start=when.get("start") or published,
        end=when.get("end") or published,
        date_defaulted=bool(record.get("date_defaulted")),
        place_country=location.get("country", ""),
        place_point=point,
    )


def parse_day(text: str, fallback: date) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return fallback


def date_window(mention: MentionRow) -> tuple[date, date]:
    """The days a mention's event may have happened on (never fails on odd dates)."""
    start = parse_day(mention.start, date.min)
    end = max(start, parse_day(mention.end, date.max))
    if mention.date_defaulted and start - date.min > DEFAULT_SLACK:
        start -= DEFAULT_SLACK
    return start, end


def days_between(a: str, b: str) -> int:
    return (parse_day(b, date.max) - parse_day(a, date.min)).days


def window_days(mention: MentionRow) -> int:
    start, end = date_window(mention)
    return (end - start).days


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat_a, lon_a, lat_b, lon_b = map(math.radians, (*a, *b))
    h = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    )
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def far_apart(a: MentionRow, b: MentionRow) -> bool:
    """Whether two mentions place their event in different countries or far apart."""
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return True
    if a.place_point is None or b.place_point is None:
        return False
    return distance_km(a.place_point, b.place_point) > MAX_KM


def tells_apart(pairs: list[tuple[Party, Party]]) -> bool:
    """Whether matched pairs pin an event down across stories: two of different countries, or
    two matched by name (Reagan and Shultz). Matches within one country by country alone (any
    US body with any other) say nothing."""
    names = {a.name for a, b in pairs if a.name and b.name}
    countries = {a.country or b.country for a, b in pairs} - {""}
    return len(names) >= 2 or len(countries) >= 2


def pairs(side_a: frozenset[Party], side_b: frozenset[Party]) -> list[tuple[Party, Party]]:
    """Every (party of a, party of b) that match."""
    return sorted((a, b) for a in side_a for b in side_b if a.matches(b))


def matched(side_a: frozenset[Party], side_b: frozenset[Party]) -> list[Party]:
    """The parties of `side_a` that match one of `side_b`."""
    return sorted(a for a in side_a if any(a.matches(b) for b in side_b))


def same_event(a: MentionRow, b: MentionRow) -> str:
    """Why a and b may tell one event ('' when they cannot)."""
    if a.event_type != b.event_type or a.negated != b.negated:
        return ""
    if far_apart(a, b):
        return ""  # Basra is not Kurdistan, though both are in Iraq
    a_start, a_end = date_window(a)
    b_start, b_end = date_window(b)
    if a_start > b_end or b_start > a_end:
        return ""
    if a.date_defaulted and b.date_defaulted and abs(days_between(a.start, b.start)) > 1:
        return ""  # two reports that say not when, published days apart: two events
    one_story = a.story_id == b.story_id
    if not one_story and max(window_days(a), window_days(b)) > MAX_WINDOW_DAYS:
        return ""
    if a.event_type in SYMMETRIC:
        parties_a, parties_b = a.sources | a.targets, b.sources | b.targets
        names = matched(parties_a, parties_b)
        shared = min(len(names), len(matched(parties_b, parties_a)))
        needed = 2 if not one_story else min(2, len(parties_a), len(parties_b))
        if needed == 0 or shared < needed:
            return ""
        if not one_story and not tells_apart(pairs(parties_a, parties_b)):
            return ""
        return f"same {a.event_type} between {', '.join(label(p) for p in names)}"
    shared_sources = matched(a.sources, b.sources)
    if not shared_sources:
        return ""
    if a.targets and b.targets:
        shared_targets = matched(a.targets, b.targets)
        if not shared_targets:
            return ""
        found = pairs(a.sources, b.sources) + pairs(a.targets, b.targets)
        if not one_story and not tells_apart(found):
            return ""
    elif not one_story:
        return ""  # across stories, a target must be known on both sides and the same
    return f"same {a.event_type} by {', '.join(label(p) for p in shared_sources)}"


def label(party: Party) -> str:
    return party.name or f"c:{party.country}" + (f"/{party.sector}" if party.sector else "")


def blocking_keys(mention: MentionRow) -> set[str]:
    """Mentions can only be linked when they share one of these keys (type, polarity and a
    party every match of it shares: directed types match on their source)."""
    side = mention.sources | (mention.targets if mention.event_type in SYMMETRIC else set())
    return {f"{mention.event_type}|{int(mention.negated)}|{key}" for p in side for key in p.keys()}


def event_id_for(mentions: list[MentionRow]) -> str:
    """Stable id: a hash of the group's smallest mention id (independent of arrival order)."""
    first = min(m.mention_id for m in mentions)
    return "ev-" + hashlib.sha256(first.encode()).hexdigest()[:16]


def connected_groups(mentions: Iterable[MentionRow]) -> list[list[MentionRow]]:
    """The connected groups of `same_event` edges, each sorted by mention id."""
    rows = sorted(mentions, key=lambda m: m.mention_id)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[str, list[int]] = defaultdict(list)
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
                if find(i) != find(j) and same_event(rows[i], rows[j]):
                    root_i, root_j = find(i), find(j)
                    parent[max(root_i, root_j)] = min(root_i, root_j)
    groups: dict[int, list[MentionRow]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[find(index)].append(row)
    return list(groups.values())


def groups_by_date(mentions: Iterable[MentionRow]) -> Iterator[list[MentionRow]]:
    """The groups `connected_groups` finds, from mentions given in date order (window start,
    then id), each yielded as soon as no later mention can reach it.

    The same edges are tested in the same argument order, so the groups are the same; only
    the groups still open (some window reaching the current day) are held in memory, so any
    number of mentions can be merged streaming from storage sorted by date."""
    parent: dict[str, str] = {}
    members: dict[str, list[MentionRow]] = {}
    reach: dict[str, date] = {}  # a group's latest window end
    closing: list[tuple[date, str]] = []  # (reach, group) heap; stale entries skipped
    active: dict[str, list[tuple[date, MentionRow]]] = defaultdict(list)
    previous: tuple[date, str] | None = None

    def find(mention_id: str) -> str:
        while parent[mention_id] != mention_id:
            parent[mention_id] = parent[parent[mention_id]]
            mention_id = parent[mention_id]
        return mention_id

    def close(root: str) -> list[MentionRow]:
        group = members.pop(root)
        del reach[root]
        for member in group:
            del parent[member.mention_id]
        return sorted(group, key=lambda m: m.mention_id)

    for count, row in enumerate(mentions):
        low, high = date_window(row)
        if previous is not None and (low, row.mention_id) < previous:
            raise ArgumentError(f"mentions out of date order at {row.mention_id}")
        previous = (low, row.mention_id)
        while closing and closing[0][0] < low:
            end, root = heapq.heappop(closing)
            if reach.get(root) == end and parent.get(root) == root:
                yield close(root)
        if count % 10_000 == 0:  # drop the windows that ended from buckets no row touched
            for key in list(active):
                active[key] = [(end, other) for end, other in active[key] if end >= low]
                if not active[key]:
                    del active[key]
        parent[row.mention_id] = row.mention_id
        members[row.mention_id] = [row]
        reach[row.mention_id] = high
        for key in sorted(blocking_keys(row)):
            bucket = [(end, other) for end, other in active[key] if end >= low]
            for _, other in bucket:
                first, second = find(other.mention_id), find(row.mention_id)
                if first != second and same_event(other, row):
                    root, joined = min(first, second), max(first, second)
                    parent[joined] = root
                    members[root].extend(members.pop(joined))
                    reach[root] = max(reach[root], reach.pop(joined))
            bucket.append((high, row))
            active[key] = bucket
        root = find(row.mention_id)
        heapq.heappush(closing, (reach[root], root))
    for root in sorted(members):
        yield close(root)


def merge_by_date(mentions: Iterable[MentionRow]) -> Iterator[Event]:
    """`merge_mentions` for mentions streamed in date order (see `groups_by_date`)."""
    for group in groups_by_date(mentions):
        yield from cut_events(group)


def seed_order(mention: MentionRow) -> tuple:
    """Most specific first: named participants, then the narrowest date, then the id."""
    named = sum(1 for p in mention.sources | mention.targets if p.name)
    return (-named, window_days(mention), mention.start, mention.mention_id)


def cut_events(group: Iterable[MentionRow]) -> list[Event]:
    """Events from one connected group: each mention joins the first event whose seed it
    matches directly, or seeds its own (see the module's docstring)."""
    events: list[Event] = []
    for mention in sorted(group, key=seed_order):
        for event in events:
            seed = event.mentions[0]
            why = same_event(seed, mention)
            if why and not any(far_apart(mention, member) for member in event.mentions):
                event.mentions.append(mention)
                event.reasons.append(f"{mention.mention_id} ~ {seed.mention_id}: {why}")
                break
        else:
            events.append(Event(event_id="", mentions=[mention]))
    for event in events:
        event.event_id = event_id_for(event.mentions)
        event.mentions.sort(key=lambda m: m.mention_id)
    return events


def merge_mentions(mentions: Iterable[MentionRow]) -> list[Event]:
    """Group mentions into events (cores cut from connected groups), sorted by id."""
    events = [event for group in connected_groups(mentions) for event in cut_events(group)]
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
