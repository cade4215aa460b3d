"""Who held an office on a date: role phrases ("China's defense minister") resolved by date.

Two kinds of evidence, both date-aware and both kept as `reason`:

- office-holder tables a user imports (CSV of spells: country, position, person, id, start,
  end). A table covers dates up to its snapshot (`coverage_end`): past it the answer is
  "unknown holder", never the last holder extended forever;
- observations learned from stories ("Russian Defense Minister Sergei Shoigu" in a story of
  2023-04-16): the person seen holding the role nearest in time, within `max_gap_days`.

Nothing is loaded at import time and, beside the shipped country tables `country_role` reads
once, nothing is cached in the module: callers pass an
`OfficeTable`, a list of observations, or a store-backed source (`dateline.store.actors`) as
`holders=` wherever a role may need a name.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Protocol

from ..errors import SourceError
from ..records import Extraction
from .names import fold

# Canonical roles and the spellings of them in office tables and in news copy (folded,
# matched as whole words). Order matters: longer, more specific roles first.
ROLES: list[tuple[str, str]] = [
    ("vice president", r"vice[ -]president"),
    ("deputy prime minister", r"(deputy|vice) (prime minister|premier)"),
    ("prime minister", r"prime minister|premier|head of government"),
    ("president", r"president|head of state"),
    ("chancellor", r"(federal )?chancellor"),
    (
        "defense minister",
        r"(minister|secretary) (of|for) (national )?defen[cs]e( and [a-z ]+)?"
        r"|defen[cs]e (minister|secretary|chief)",
    ),
    (
        "foreign minister",
        r"(minister|secretary) (of|for) foreign (affairs|relations)( and [a-z ]+)?"
        r"|foreign (minister|secretary)|top diplomat",
    ),
    (
        "interior minister",
        r"minister (of|for) (the )?(interior|internal affairs|home affairs)"
        r"|(interior|home) (minister|secretary)",
    ),
    (
        "finance minister",
        r"minister (of|for) (the )?(economy and )?financ(e|es)( and [a-z ]+)?"
        r"|finance minister|(treasury|finance) secretary|secretary of the treasury"
        r"|chancellor of the exchequer",
    ),
    ("justice minister", r"minister (of|for) justice( and [a-z ]+)?|justice minister"),
    ("health minister", r"minister (of|for) (public )?health( and [a-z ]+)?|health minister"),
    (
        "chief of general staff",
        r"chief of (the )?general staff|army chief|chief of staff of the army",
    ),
    ("central bank governor", r"governor of the central bank|central bank (governor|chief|head)"),
    ("supreme leader", r"supreme leader"),
    ("crown prince", r"crown prince"),
    ("king", r"king|monarch"),
    ("attorney general", r"attorney[ -]general"),
]
# A role held under another: "deputy defense minister" is not the defense minister.
NOT_HOLDER = re.compile(r"\b(deputy|vice|former|ex|assistant|under|acting|shadow|junior|state)\s*$")
ROLE_PATTERNS = [(role, re.compile(rf"\b(?:{pattern})\b")) for role, pattern in ROLES]
# "Secretary of State" is the foreign minister only in the United States (in Germany it is a
# junior minister; in Britain a cabinet title).
US_SECRETARY_OF_STATE = re.compile(r"\bsecretary of state\b")


def fold_role(text: str) -> str:
    text = text.replace("’", "'").replace(".", "").casefold()
    return " ".join(text.replace("-", " ").replace(",", " ").split())


def role_key(text: str, *, country: str = "", exact: bool = False) -> str:
    """The canonical role a position title or a role phrase names ("" if none).

    `exact=True` is for office-table positions: the whole title must be the role
    ("Minister of Defence", not "Head of the Minister of Defence's military cabinet").
    """
    folded = fold_role(text)
    found = US_SECRETARY_OF_STATE.search(folded) if country == "USA" else None
    if found and (
        folded == found.group() if exact else not NOT_HOLDER.search(folded[: found.start()])
    ):
        return "foreign minister"
    for role, pattern in ROLE_PATTERNS:
        if exact:
            if pattern.fullmatch(folded):
                return role
            continue
        for found in pattern.finditer(folded):
            if not NOT_HOLDER.search(folded[: found.start()]):
                return role
    return ""


# Words that may stand beside a country's office in a title without making it another body's
# ("the new Lebanese President", "deposed president"); any other word names something else:
# "Toyota President", "Exchange President", "OPEC President", "President of Chrysler Corp".
TITLE_WORDS = frozenset(
    "the new newly elected interim late deposed embattled current incumbent outgoing incoming "
    "then s of and country's nation's national federal".split()
)


@functools.cache
def country_words() -> frozenset[str]:
    """Folded country names, demonyms and aliases (the shipped tables; read once)."""
    words: set[str] = set()
    folder = resources.files("dateline.data")
    with folder.joinpath("countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words.add(fold_role(row["Name"]))
            words.update(fold_role(d) for d in row["Nationality"].split(",") if d.strip())
    aliases = folder.joinpath("country_aliases.csv").read_text(encoding="utf-8")
    for line in aliases.splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            words.add(fold_role(next(csv.reader([line]))[0]))
    return frozenset(w for w in words if w)


def only_countries(words: str) -> bool:
    """Whether folded words name nothing but countries (and title words)."""
    text = " ".join(words.replace("'s ", " ").replace("'s", "").split())
    for phrase in sorted(country_words(), key=len, reverse=True):
        if phrase in text:
            text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
    return all(word in TITLE_WORDS for word in text.split())


def country_role(text: str, *, country: str = "") -> str:
    """The role a person's title names as an office of a country ("Lebanese President Amin
    Gemayel", "President Reagan"), or "" when the title names it as another body's office
    ("Toyota President Shoichiro Toyoda": a company's president is no country's president).
    Capitalized words are names; every word before the role must be a country's or a title
    word, and a role "of" something must be of a country."""
    role = role_key(text, country=country)
    if not role:
        return ""
    folded = fold_role(text)
    found = next(
        (m for key, pattern in ROLE_PATTERNS if key == role for m in pattern.finditer(folded)),
        None,
    )
    if found is None:  # the US "Secretary of State"
        return role
    before = folded[: found.start()]
    after = folded[found.end() :].split()
    if not only_countries(before):
        return ""
    if after[:1] == ["of"]:
        # "President of Toyota Motor Corp Shoichiro Toyoda" is a body's office
        body = " ".join(after[1:3])
        if not any(body.startswith(phrase) for phrase in country_words()):
            return ""
    return role


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeSpell:
    """One person in one office for one stretch of time (ISO dates; `end` "" = open)."""

    country: str
    position: str
    person: str
    person_id: str = ""
    start: str = ""
    end: str = ""
    catalog: str = ""
    role: str = ""  # canonical role key, "" when the position is not one dateline resolves


@dataclass(frozen=True, slots=True, kw_only=True)
class Holder:
    """The answer to "who held ROLE of COUNTRY on DATE", with its evidence."""

    country: str
    role: str
    on: str
    person: str = ""  # "" = unknown holder
    person_id: str = ""
    status: str = "unknown"  # known, unknown
    method: str = ""  # office-table, observation, story, none
    reason: str = ""


class HolderSource(Protocol):
    """Anything that can say who held a role on a date (a table, a store, a story)."""

    def holder(self, *, country: str, role: str, on: date) -> Holder: ...


def day_bounds(text: str) -> tuple[str, str]:
    """The first and last day a partial ISO date can mean ("1998" → 1998-01-01..1998-12-31)."""
    text = text.strip()
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return text[:10], text[:10]


@dataclass
class OfficeTable:
    """Office spells from one imported table, indexed by (country, role)."""

    spells: list[OfficeSpell]
    coverage_end: str  # ISO date: the table says nothing about later dates
    source: str = ""
    by_role: dict[tuple[str, str], list[OfficeSpell]] = field(default_factory=dict)
    main_catalog: dict[str, str] = field(default_factory=dict)
    by_person: dict[str, list[OfficeSpell]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        catalogs = Counter((s.country, s.catalog) for s in self.spells)
        for (country, catalog), _ in catalogs.most_common():
            self.main_catalog.setdefault(country, catalog)
        for spell in self.spells:
            if not spell.role or spell.catalog != self.main_catalog.get(spell.country):
                continue  # Abkhazia's president is not Georgia's
            self.by_role.setdefault((spell.country, spell.role), []).append(spell)

    def spells_of(self, name: str) -> list[OfficeSpell]:
        """The spells of the person named `name` (case, diacritics and hyphens aside)."""
        if not self.by_person:
            for spell in self.spells:
                self.by_person.setdefault(fold(spell.person), []).append(spell)
        return self.by_person.get(fold(name), [])

    def holder(self, *, country: str, role: str, on: date) -> Holder:
        return holder_from_spells(
            self.by_role.get((country, role), []),
            country=country,
            role=role,
            on=on,
            coverage_end=self.coverage_end,
            source=self.source,
        )


def covering_spell(
    spells: Iterable[OfficeSpell], on: date, *, country: str = ""
) -> OfficeSpell | None:
    """The spell that holds on `on` (the latest-starting; one of `country` first)."""
    day = on.isoformat()
    covering = [
        s
        for s in spells
        if s.start and day_bounds(s.start)[0] <= day <= (day_bounds(s.end)[1] if s.end else day)
    ]
    covering.sort(key=lambda s: (s.country == country, s.start))
    return covering[-1] if covering else None


# Office titles that are not of the government (PLOVER sectors); any other office is GOV.
OFFICE_SECTORS = [
    ("LEG", re.compile(r"\b(speaker|senator|member of (the )?(parliament|congress|house|senate"
                       r"|national assembly|bundestag|duma)|deputy of|legislat)", re.I)),
    ("JUD", re.compile(r"\b(judge|justice|supreme court|prosecutor|ombudsman)", re.I)),
    ("MIL", re.compile(r"^(?!minister).*\b(chief of (the )?(general |defen[cs]e )?staff"
                       r"|commander|armed forces|army|navy|air force)\b", re.I)),
    ("COP", re.compile(r"^(?!minister).*\bpolice\b", re.I)),
    ("SPY", re.compile(r"^(?!minister).*\bintelligence\b", re.I)),
]  # fmt: skip


def office_sector(position: str) -> str:
    """The PLOVER sector of an office title ("Minister of Defence" GOV, "Chief of the General
    Staff" MIL, "Speaker of the House" LEG)."""
    for sector, pattern in OFFICE_SECTORS:
        if pattern.search(position):
            return sector
    return "GOV"


def holder_from_spells(
    spells: list[OfficeSpell],
    *,
    country: str,
    role: str,
    on: date,
    coverage_end: str,
    source: str = "",
) -> Holder:
    """The spell that covers `on` (the latest-starting one if several do)."""
    day = on.isoformat()
    where = f"office table {source}".strip()
    unknown = Holder(country=country, role=role, on=day, method="office-table")
    if not spells:
        return dataclasses.replace(unknown, reason=f"{where} has no {role} of {country}")
    if day > coverage_end:
        return dataclasses.replace(
            unknown,
            reason=f"unknown holder: {where} ends {coverage_end}, before {day}",
        )
    covering = []
    for spell in spells:
        start = day_bounds(spell.start)[0] if spell.start else ""
        end = day_bounds(spell.end)[1] if spell.end else coverage_end
        if start and start <= day and day <= end:
            covering.append((start, spell))
    if not covering:
        return dataclasses.replace(unknown, reason=f"{where}: no {role} of {country} on {day}")
    covering.sort(key=lambda pair: pair[0])
    start, spell = covering[-1]
    # A spell ending the day another starts is a handover, not an overlap.
    others = sorted({s.person for _, s in covering[:-1] if s.end[:10] != day} - {spell.person})
    reason = (
        f"{where}: {spell.person} was {spell.position} of {country} "
        f"from {spell.start or '?'} to {spell.end or f'at least {coverage_end}'}"
    )
    if others:
        reason += f" (overlapping spells: {', '.join(others)})"
    return Holder(
        country=country,
        role=role,
        on=day,
        person=spell.person,
        person_id=spell.person_id,
        status="known",
        method="office-table",
        reason=reason,
    )


SPELL_COLUMNS = {"country", "position", "person", "start", "end"}


def scan_office_spells(path: str | Path) -> Iterable[OfficeSpell]:
    """Office spells from a CSV with at least country, position, person, start, end columns
    (`id`/`wikidata_id` and `catalog` are kept when present)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise SourceError(
            f"{path}: cannot read the office-holder table ({exc})",
            hint="give the path of a CSV of office spells",
        ) from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = SPELL_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise SourceError(
                f"{path}: an office-holder table needs the columns {sorted(SPELL_COLUMNS)}; "
                f"missing {sorted(missing)}",
                hint="columns: country (ISO3), position, person, id, start, end (ISO dates)",
            )
        for row in reader:
            country = (row.get("country") or "").strip().upper()
            position = (row.get("position") or "").strip()
            person = (row.get("person") or "").strip()
            if not person or not position:
                continue
            yield OfficeSpell(
                country=country,
                position=position,
                person=person,
                person_id=(row.get("id") or row.get("wikidata_id") or "").strip(),
                start=(row.get("start") or "").strip(),
                end=(row.get("end") or "").strip(),
                catalog=(row.get("catalog") or country).strip(),
                role=role_key(position, country=country, exact=True),
            )


def read_office_spells(
    path: str | Path, *, as_of: date | None = None, source: str = ""
) -> OfficeTable:
    """Read an office-holder table. Its coverage ends at `as_of` when given, else at the
    latest date the table states (an open spell means "in office then", not "today")."""
    spells = list(scan_office_spells(path))
    if as_of is not None:
        coverage_end = as_of.isoformat()
    else:
        stated = [day_bounds(d)[0] for s in spells for d in (s.start, s.end) if d]
        coverage_end = max(stated, default="")
    return OfficeTable(spells=spells, coverage_end=coverage_end, source=source or Path(path).name)


# --- observations learned from stories ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Observation:
    """A person seen in a role in one story: the evidence a later role phrase resolves with."""

    name: str
    country: str
    sector: str
    role: str  # canonical role key ("defense minister") or ""
    title: str  # the phrase as written ("Russian Defense Minister Sergei Shoigu")
    seen: str  # ISO date of the story
    article_id: str = ""
    kind: str = "person"
    kb_id: str = ""
    mentions: int = 1
    reason: str = ""


def nearest_holder(
    observations: Iterable[Observation],
    *,
    country: str,
    role: str,
    on: date,
    max_gap_days: int = 365,
) -> Holder:
    """The person seen holding `role` of `country` nearest in time to `on`."""
    day = on.isoformat()
    best: tuple[int, int, Observation] | None = None
    seen_count: Counter[str] = Counter()
    candidates = [o for o in observations if o.country == country and o.role == role]
    for observation in candidates:
        seen_count[observation.name] += 1
    for observation in candidates:
        gap = abs(date.fromisoformat(observation.seen).toordinal() - on.toordinal())
        key = (gap, -seen_count[observation.name], observation)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None or best[0] > max_gap_days:
        why = (
            f"no story names the {role} of {country}"
            if best is None
            else f"the nearest sighting is {best[0]} days from {day}"
        )
        return Holder(
            country=country,
            role=role,
            on=day,
            method="observation",
            reason=f"unknown holder: {why}",
        )
    gap, _, observation = best
    return Holder(
        country=country,
        role=role,
        on=day,
        person=observation.name,
        status="known",
        method="observation",
        reason=(
            f"{observation.name} was named '{observation.title}' on {observation.seen} "
            f"({gap} days from {day}; article {observation.article_id or '?'})"
        ),
    )


@dataclass
class Holders:
    """Tables first (within their coverage), then what stories showed, nearest in time."""

    tables: list[OfficeTable] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    max_gap_days: int = 365

    def spells_of(self, name: str) -> list[OfficeSpell]:
        return [s for table in self.tables for s in table.spells_of(name)]

    def holder(self, *, country: str, role: str, on: date) -> Holder:
        reasons = []
        for table in self.tables:
            answer = table.holder(country=country, role=role, on=on)
            if answer.status == "known":
                return answer
            reasons.append(answer.reason)
        answer = nearest_holder(
            self.observations, country=country, role=role, on=on, max_gap_days=self.max_gap_days
        )
        if not reasons:
            return answer
        if answer.status == "known":
            return dataclasses.replace(answer, reason="; ".join([*reasons, answer.reason]))
        return dataclasses.replace(answer, reason="; ".join([*reasons, answer.reason]))


def observe_extraction(extraction: Extraction) -> list[Observation]:
    """What one coded story shows about its actors: one observation per (name, country,
    role), with `mentions` counting how often the story refers to that actor."""
    article = extraction.parsed.article
    seen = article.published.isoformat()
    actors = [
        *extraction.actors,
        *(a for m in extraction.mentions for a in (*m.source, *m.target)),
        *(q.speaker for q in extraction.quotes if q.speaker is not None),
    ]
    counts: Counter[tuple[str, str]] = Counter(
        (a.name, a.country) for a in actors[len(extraction.actors) :] if a.name
    )
    out: dict[tuple[str, str, str], Observation] = {}
    for actor in actors:
        if not actor.name or actor.kind in {"pronoun", "unknown", ""}:
            continue
        role = country_role(actor.text, country=actor.country) if actor.kind == "person" else ""
        key = (actor.name, actor.country, role)
        if key in out:
            continue
        out[key] = Observation(
            name=actor.name,
            country=actor.country,
            sector=actor.sector,
            role=role,
            title=actor.text,
            seen=seen,
            article_id=article.id,
            kind=actor.kind,
            kb_id=actor.kb_id,
            mentions=max(1, counts[(actor.name, actor.country)]),
            reason=actor.reason,
        )
    return list(out.values())
