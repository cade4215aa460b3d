"""The compiled actor knowledge base: tens of thousands of people and organizations, each row
with its source (`data/actors_kb.sqlite`, built by `scripts/build_kb.py`), and what a person
was on a given day.

Loaded once per process, on first use, into plain dicts (the file is only read at load).
People written by hand in `data/people.csv` join the people the sources know (same name or
spelling key, same country) and add the spells no source covers.

Dated roles (`role_on`):
- an exact spell (IfG, US Congress, people.csv) holds from its start to its end (open = still);
- an undated snapshot (CIA World Leaders of 2019-06-04) holds only near its day: from
  `SNAPSHOT_BEFORE` before to `SNAPSHOT_AFTER` after it; an open spell of a source that stopped
  (Phoenix, 2014) holds until `SNAPSHOT_AFTER` past the day it stopped. These windows are where
  at least half of the office holders of a day still (or already) held an office, measured on
  the PepperCat spells (see the closing notes of issue 19);
- where exact spells exist, they alone decide from their first start on;
- outside every spell the person keeps the country and is ELI (a former official) after a role,
  ELI before one too (someone a story names before their known office is of the elite, not of
  the government);
- with no date, the latest role that is not ELI.
"""

from __future__ import annotations

import csv
import functools
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from .names import KEY_VERSION, fold, skeleton

SNAPSHOT_BEFORE = timedelta(days=913)  # 2.5 years
SNAPSHOT_AFTER = timedelta(days=1278)  # 3.5 years
# When a source stopped: its open spells are "in office then", not "today".
SOURCE_END = {"phoenix-countries": "2014-01-30", "phoenix-international": "2014-01-30"}
EXACT_SOURCES = {"ifg", "us-congress", "dateline:people.csv"}
GOVERNING = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "IGO", "OPP", "PTY"}
FAR = "9999-12-31"
# Which candidate of one name speaks for it when nothing else decides (lower first).
KIND_RANK = {"gov": 0, "igo": 0, "group": 1, "person": 1, "party": 2, "ngo": 3, "company": 3,
             "place": 4}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Spell:
    country: str
    sector: str
    start: str  # ISO day or ""
    end: str  # ISO day or "" (open)
    title: str
    snapshot: bool
    source: str

    def bounds(self) -> tuple[str, str]:
        """The days this spell holds on, windows of snapshots and stopped sources applied."""
        if self.snapshot:
            day = date.fromisoformat(self.start)
            return (day - SNAPSHOT_BEFORE).isoformat(), (day + SNAPSHOT_AFTER).isoformat()
        end = self.end
        if not end:
            stopped = SOURCE_END.get(self.source)
            end = (date.fromisoformat(stopped) + SNAPSHOT_AFTER).isoformat() if stopped else FAR
        return self.start or "0000-01-01", end

    def describe(self) -> str:
        what = f"{self.country}/{self.sector}" + (f" ({self.title})" if self.title else "")
        if self.snapshot:
            return f"{what} on {self.start} [{self.source}]"
        return f"{what} {self.start or '?'} to {self.end or 'open'} [{self.source}]"


@dataclass(slots=True)
class KBActor:
    id: int
    name: str
    kind: str
    country: str
    sector: str
    source: str
    spells: list[Spell] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Role:
    """What an actor was on a day: country, sector and why."""

    country: str
    sector: str
    reason: str
    active: bool  # a spell holds on that day
    exact: bool = False  # ... and comes from a source with exact dates


@dataclass
class CompiledKB:
    actors: dict[int, KBActor]
    index: dict[str, list[tuple[int, int]]]  # key → (actor id, tier)
    skeletons: dict[str, list[int]]  # spelling key of a person's name → actor ids
    agents: dict[str, str]  # sector words → sector
    # For the fuzzy fallback: "<first" and "last>" word spelling keys → people; their names.
    blocks: dict[str, list[int]] = field(default_factory=dict)
    names_of: dict[int, list[str]] = field(default_factory=dict)
    surnames: dict[str, set[int]] = field(default_factory=dict)  # last word → people

    def candidates(self, key: str) -> list[tuple[KBActor, int]]:
        return [(self.actors[i], tier) for i, tier in self.index.get(key, ())]


def kb_path():
    return resources.files("dateline.data").joinpath("actors_kb.sqlite")


@functools.cache
def load_compiled() -> CompiledKB:
    """The compiled KB and the hand-written people, once per process."""
    with resources.as_file(kb_path()) as path:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("key_version") != KEY_VERSION:
                raise RuntimeError(
                    f"{path}: built with name keys v{meta.get('key_version')}, this code uses "
                    f"v{KEY_VERSION}: rebuild it with `python scripts/build_kb.py`"
                )
            actors = {
                row[0]: KBActor(*row)
                for row in db.execute("SELECT id, name, kind, country, sector, source FROM actors")
            }
            for actor_id, *fields in db.execute(
                "SELECT actor, country, sector, start, end, title, snapshot, source FROM spells"
            ):
                fields[5] = bool(fields[5])
                actors[actor_id].spells.append(Spell(*fields))
            kb = CompiledKB(actors=actors, index={}, skeletons={}, agents={})
            spellings = []
            for key, actor_id, tier, spelled in db.execute(
                "SELECT key, actor, tier, skeleton FROM aliases"
            ):
                kb.index.setdefault(key, []).append((actor_id, tier))
                if spelled:
                    spellings.append((key, actor_id, spelled))
            for phrase, sector in db.execute("SELECT phrase, sector FROM agents"):
                kb.agents.setdefault(fold(phrase), sector)
        finally:
            db.close()
    index_spellings(kb, spellings)
    add_hand_people(kb)
    return kb


def index_spellings(kb: CompiledKB, spellings: list[tuple[str, int, str]]) -> None:
    """Spelling keys of people's full names (tiers 0 and 1, computed by the build), for
    transliterated mentions and the fuzzy fallback."""
    for key, actor_id, spelled in spellings:
        words = spelled.split()
        for table, entry in ((kb.skeletons, spelled), (kb.blocks, "<" + words[0]),
                             (kb.blocks, words[-1] + ">")):  # fmt: skip
            ids = table.setdefault(entry, [])
            if actor_id not in ids:
                ids.append(actor_id)
        kb.names_of.setdefault(actor_id, []).append(key)
        kb.surnames.setdefault(key.rsplit(" ", 1)[-1], set()).add(actor_id)


def read_hand_people() -> list[dict[str, str]]:
    text = resources.files("dateline.data").joinpath("people.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def parse_spells(text: str, country: str) -> list[Spell]:
    """`GOV 2014-05-26..|EUR/IGO 2019-12-01..2024-11-30` → spells (country defaults to the
    row's)."""
    spells = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        code, _, days = part.partition(" ")
        where, _, sector = code.rpartition("/")
        start, _, end = days.strip().partition("..")
        spells.append(Spell(where or country, sector, start, end, "", False, "dateline:people.csv"))
    return spells


def add_hand_people(kb: CompiledKB) -> None:
    """people.csv rows: joined to the source's person of the same name and country, else new."""
    next_id = max(kb.actors, default=0) + 1
    for row in read_hand_people():
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        country = row["country"]
        spells = parse_spells(row.get("spells", ""), country)
        match = None
        for name in names[:1]:
            key = fold(name)
            found = [a for a, tier in kb.candidates(key) if a.kind == "person" and tier < 2]
            found += [kb.actors[i] for i in kb.skeletons.get(skeleton(key), ())]
            home = {country, *(s.country for s in spells)}
            match = next((a for a in found if a.country in home), None)
        if match is None:
            match = KBActor(next_id, row["name"], "person", country, row["sector"],
                            "dateline:people.csv")  # fmt: skip
            kb.actors[next_id] = match
            next_id += 1
        else:
            match.name = row["name"]  # the spelling news uses
        match.spells.extend(spells)
        if not spells:  # an undated row says what the person usually is
            match.country, match.sector = country, row["sector"]
            match.source = "dateline:people.csv"
        for tier, name in enumerate(names):
            entry = (match.id, 0 if tier == 0 or " " in name else 2)
            key = "=" + name if name.isupper() and len(name) <= 5 else fold(name)
            kb.index.setdefault(key, [])
            if entry not in kb.index[key]:
                kb.index[key].insert(0, entry)
            if entry[1] == 0 and (spelled := skeleton(key)):
                index_spellings(kb, [(key, match.id, spelled)])


def role_on(actor: KBActor, day: date | None) -> Role:
    """What `actor` was on `day` (see the module's rules)."""
    spells = [s for s in actor.spells if s.sector]
    if not spells:
        return Role(actor.country, actor.sector, f"{actor.name} [{actor.source}]", False)
    if actor.kind != "person":  # an organization's dated code does not lapse
        latest = max(spells, key=lambda s: s.start)
        return Role(latest.country, latest.sector, f"{actor.name} [{actor.source}]", False)
    if day is None:
        ranked = sorted(spells, key=lambda s: (s.sector != "ELI", s.bounds()[1], s.start))
        latest = ranked[-1]
        return Role(latest.country, latest.sector, f"no date: latest role {latest.describe()}",
                    False)  # fmt: skip
    today = day.isoformat()
    exact = [s for s in spells if s.source in EXACT_SOURCES and s.start]
    if exact:  # from their first start on, exact sources alone decide
        first = min(s.start for s in exact)
        spells = [s for s in spells if s in exact or s.bounds()[1] < first]
    covering = [s for s in spells if s.bounds()[0] <= today <= s.bounds()[1]]
    if covering:
        best = max(covering, key=lambda s: (not s.snapshot, s.sector != "ELI", s.start))
        exact_spell = best.source in EXACT_SOURCES
        return Role(best.country, best.sector, f"on {today}: {best.describe()}", True, exact_spell)
    past = [s for s in spells if s.bounds()[1] < today and s.sector in GOVERNING]
    if past:
        last = max(past, key=lambda s: s.bounds()[1])
        return Role(last.country or actor.country, "ELI",
                    f"on {today}: former, after {last.describe()}", False)  # fmt: skip
    first = min(spells, key=lambda s: s.bounds()[0])
    return Role(first.country or actor.country, "ELI",
                f"on {today}: before any known role ({first.describe()})", False)  # fmt: skip
