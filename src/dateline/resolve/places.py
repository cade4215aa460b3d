"""Toponyms to GeoNames places: a fast scanner over capitalized words and a scored resolver.

The place index (GeoNames cities, countries, first-level regions, the hand-kept region table)
lives in `dateline.resolve.gazetteer`. `find_places` does not use spaCy: it must keep up with
thousands of toponyms a second. It scans runs of capitalized tokens, looks their sub-sequences
up in the normalized name index, and drops what is more likely a person, a common word or a
demonym (or a name inside a facility's name: "Gonzaga University"). Each name is read twice:
first alone (which capitalized words are places at all), then its namesakes are ranked by
`dateline.resolve.place_ranker` against the first readings of the story's other names (shared
country and region, distance, the dateline), size and name match. Adjectival toponyms
("across the Syrian border") resolve to their country or region.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dateline.records import PlaceRef

from .gazetteer import (
    _APOSTROPHES,
    _US_STATES_AP,
    ADMIN1,
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    COUNTY,
    REGION,
    _codes,
    _gazetteer,
    normalize_name,
)
from .place_ranker import PlaceRanker, StoryPlaces, candidate_features, default_ranker

__all__ = [
    "capital_of",
    "country_place",
    "find_places",
    "name_key",
    "resolve_place",
    "story_places",
]

_MAX_TOKENS = 5

_KIND_METHOD = {
    CITY: "gazetteer-city",
    CAPITAL: "gazetteer-city",
    COUNTRY: "gazetteer-country",
    ADMIN1: "admin1",
    COUNTY: "gazetteer-county",
    REGION: "region-table",
    CONTINENT: "gazetteer-continent",
}
_CANDIDATES = 60  # namesakes ranked per name, by size first ("Springfield" has 70)
_AREA_KINDS = frozenset({COUNTRY, ADMIN1, COUNTY, REGION, CONTINENT})

_ALLCAPS_SHORT = frozenset({"us", "usa", "uk", "uae", "drc", "dprk", "rok"})

# Capitalized words that are also gazetteer names but in running text almost never places.
_STOP = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    president general mark police reading of the a an and or but in on at to for by from with
    mr mrs ms dr gen sen gov rep col lt sgt capt judge prime minister king queen prince pope
    god lord jesus christ church university college school hospital center centre city county
    state states republic union government news press post times daily herald tribune journal
    north south east west northern southern eastern western central upper lower new old great
    mobile nice bath hope liberty independence justice commerce enterprise industry unity
    progress victory freedom paradise normal story energy why who say can will mission
    friendship harmony welcome home garden park lake river valley beach island islands bay
    middle long early late van von de la le du al el san santa st green white black brown gray
    grey young rich strong good best price cash chase deal reform early marshall sharp wise
    page ware fields wells banks hall hill hills mills ford bush
    eagle golden sunrise sunset summit plain plains vista alliance
    office department council court board committee party army navy air force ministry
    today tonight yesterday tomorrow christmas easter ramadan
    she he it we they you his her our their this that these those there here what when how
    hamas metro area most airport gulf duma toyota abbas superior
    """.split()
) | {"white house"}

# Demonyms and language names: not places (the brief of dateline's actor resolver owns them).
_DEMONYMS = frozenset(
    """
    american americans russian russians ukrainian ukrainians chinese british english french
    german germans italian italians spanish japanese korean koreans indian indians pakistani
    pakistanis afghan afghans iranian iranians iraqi iraqis syrian syrians israeli israelis
    palestinian palestinians egyptian egyptians turkish turk turks saudi saudis emirati
    lebanese jordanian yemeni qatari kuwaiti libyan sudanese ethiopian somali kenyan nigerian
    african africans european europeans asian asians arab arabs mexican mexicans canadian
    canadians brazilian brazilians argentine argentinian cuban venezuelan colombian peruvian
    chilean polish pole poles czech slovak hungarian romanian bulgarian serbian serb serbs
    croatian croat bosnian albanian greek greeks georgian georgians armenian armenians
    azerbaijani azeri belarusian moldovan lithuanian latvian estonian finnish finn swedish
    swede norwegian danish dane dutch belgian swiss austrian irish scottish scot welsh
    portuguese australian australians taiwanese vietnamese thai filipino indonesian malaysian
    burmese kurdish kurd kurds texan texans californian floridian
    """.split()
)

# Tokens that, right before a name, make it a person's name, not a place.
_TITLES = frozenset(
    """
    president mr mrs ms miss dr gen general sen senator gov governor rep representative
    col colonel lt sgt capt captain maj major adm admiral judge justice minister premier
    chancellor secretary ambassador mayor sheriff deputy officer detective coach pastor rev
    reverend father sister brother pope king queen prince princess sir lady lord saint
    spokesman spokeswoman chairman chairwoman director professor prof cmdr commander
    """.split()
)

# Capitalized words that may follow a place inside a longer name: "Alexandria Police",
# "Texas Gov. Rick Perry", "Moscow Mayor". The place is kept.
_FOLLOWERS = frozenset(
    """
    police fire sheriff sheriffs county parish city town township village council mayor gov
    governor sen senator rep state university college school schools high middle elementary
    hospital airport department dept office board court district region province oblast
    government army forces military troops navy border highway interstate bridge river lake
    mountains area metro public community chamber
    housing transit regional international national federal officials authorities
    """.split()
)

# Words that may precede a place inside a capitalized run without making it a surname.
_PRECEDERS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest greater downtown metro upstate downstate rural suburban
    in at from to near of and the
    """.split()
)

# A name right before one of these is a street: "1935 Orchard St.", "Moscow Road".
_STREETS = frozenset(
    "st street rd road ave avenue blvd boulevard dr drive ln lane way pike pkwy parkway "
    "ct circle cir hwy terrace trail".split()
)

# Lowercase Arabic articles glued to a name: "al-Qaim", "el-Fasher", "Deir ez-Zor".
_PARTICLES = frozenset("al el ad ar as ash an ez es az ed ul".split())
_CONNECTORS = frozenset(
    "of de del la le du da do dos das di von van der den and on upon sur the al el".split()
)
# A period after these does not end the run: "St. Louis", and "Gen. Mark" keeps its title.
_ABBREVIATIONS = frozenset(
    "st ste ft mt pt mr mrs ms dr gen sen gov rep col lt sgt capt maj adm rev prof cmdr".split()
)
_QUALIFIER_RE = re.compile(r", ((?:[A-Z]\.)+[A-Z]|W\.Va|[A-Z][a-z]{1,4})\.|, ([A-Z]{2})\b")

_UNIT_RE = re.compile(r" (region|province|oblast|governorate)\b")

# A place or saint's name inside the name of a facility or institution names that, not the
# place: "Gonzaga University", "St. Peter's Basilica", "Augusta National Golf Club", "Mall of
# America". Such names are left unresolved (the civic words of _FOLLOWERS keep their place:
# "Gainesville Police", "Hall County Schools").
_FACILITY = (
    r"(?:University|College|Basilica|Cathedral|Church|Chapel|Mall|Club|Stadium|Arena|Academy"
    r"|Institute|Museum|Hotel|Temple|Mosque|Shrine|Seminary|Abbey|Casino|Resort|Speedway"
    r"|Raceway|Country\s+Club|Golf\s+Club|Plaza|Theatre|Theater)"
)
_FACILITY_AFTER_RE = re.compile(
    r"(?:['’]s)?(?:\s+(?:[A-Z][\w.'’-]*|&|of|and|the)){0,4}?\s+" + _FACILITY + r"\b"
)
# An adjectival toponym used as a place: "on Syrian soil", "the Iraqi border", "Kurdish areas".
_ADJECTIVE_PLACE_RE = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:territory|territories|soil|border|borders|frontier"
    r"|coast|coastline|waters|airspace|mainland|countryside|side of the border|enclave"
    r"|areas|region|regions|province|provinces|cities|towns|villages|highlands)\b"
)
_FACILITY_BEFORE_RE = re.compile(_FACILITY + r"\s+(?:of|at|in)\s+(?:the\s+)?$")
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’ʼ]*(?:-[^\W_][\w'’ʼ]*)*\.?")


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    countries: frozenset[str] = frozenset()
    dateline_country: str | None = None
    admin1: frozenset[str] = frozenset()  # first-level units the story names
    support: frozenset[str] = frozenset()  # units where other names of the story have a town


@dataclass(frozen=True, slots=True)
class _Choice:
    entry: int
    alternate: bool
    score: float
    margin: float
    rivals: int
    notes: tuple[str, ...]


# A city in one of the story's countries beats a foreign namesake unless that one is a capital
# some 30 times its size ("Tripoli" in a Lebanon story is Lebanon's; "Paris" in a US story
# that names no France is still France's capital).
_IN_CONTEXT = 4.0
_OUT_OF_CONTEXT = 2.5


def _score(
    entry: int, alternate: bool, raw: str, context: _Context, units: frozenset[str] = frozenset()
) -> tuple[float, list[str]]:
    gaz = _gazetteer()
    kind = gaz.kinds[entry]
    country = gaz.countries[entry]
    in_context = country in context.countries or country == context.dateline_country
    notes: list[str] = []
    if in_context and country:
        notes.append(f"country {country} in story context")
    if kind == REGION:
        return 14.0 + 2 * in_context, notes
    if kind == COUNTRY:
        return 12.0 + 3 * in_context, notes
    if kind == CONTINENT:
        return 11.0, notes
    admin1 = gaz.admin1[entry]
    local = 0.0
    if admin1 in context.admin1:
        local = 3.0
        notes.append(f"its region {admin1} named in the story")
    elif admin1 in context.support:
        local = 1.5
        notes.append(f"other places of the story lie in {admin1}")
    if kind == ADMIN1:
        return 7.0 + 5.5 * in_context + local - 1.0 * alternate, notes
    if kind == COUNTY:  # "Johnson" alone is a surname more often than Johnson County
        return 6.0 + 5.5 * in_context + local - 4.0 * alternate, notes
    pop = gaz.pops[entry]
    score = math.log10(pop + 1) + local
    if not alternate:
        score += 1.0
        if gaz.names[entry] == raw:
            score += 0.5
    if kind == CAPITAL:
        score += 4.0 - alternate
        notes.append("national capital")
    if pop >= 500_000:
        score += 1.5
    has_context = bool(context.countries or context.dateline_country)
    if pop >= 100_000 and admin1 in units and (in_context or not has_context):
        # "Kiev", "Donetsk", "New York": the region is named after its big city; news means
        # the city unless told otherwise (a tie-break with the region, not with other cities:
        # Libya's Tripoli district does not help Libya's Tripoli in a Lebanon story).
        score += 2.5
        notes.append("the region of that name is named after it")
    if in_context:
        score += _IN_CONTEXT + 2.0 * (country == context.dateline_country)
    elif has_context:
        score -= _OUT_OF_CONTEXT
    return score, notes


def _choose(key: str, raw: str, context: _Context, within: str = "") -> _Choice | None:
    """The best-scored entry for `key`; `within` (ISO3 or admin1 code) restricts the choice."""
    gaz = _gazetteer()
    codes = _codes(key)
    if within:
        codes = tuple(c for c in codes if within in (gaz.countries[c // 2], gaz.admin1[c // 2]))
    if not codes:
        return None
    units = frozenset(gaz.admin1[c // 2] for c in codes if gaz.kinds[c // 2] == ADMIN1)
    scored = []
    for code in codes:
        entry, alternate = divmod(code, 2)
        score, notes = _score(entry, bool(alternate), raw, context, units)
        scored.append((score, entry, bool(alternate), notes))
    scored.sort(key=lambda item: -item[0])
    score, entry, alternate, notes = scored[0]
    margin = score - scored[1][0] if len(scored) > 1 else 10.0
    return _Choice(entry, alternate, score, margin, len(scored) - 1, tuple(notes))


def _rank(
    key: str,
    raw: str,
    story: StoryPlaces,
    ranker: PlaceRanker,
    within: str = "",
    *,
    adjective: bool = False,
) -> _Choice | None:
    """The candidate the ranker scores best for `key` in the story; `within` restricts it."""
    gaz = _gazetteer()
    codes = tuple(2 * e for e in gaz.adjectives.get(key, ())) if adjective else _codes(key)
    if within:
        codes = tuple(c for c in codes if within in (gaz.countries[c // 2], gaz.admin1[c // 2]))
    if not codes:
        return None
    if len(codes) > _CANDIDATES:
        codes = tuple(sorted(codes, key=lambda c: -gaz.pops[c // 2])[:_CANDIDATES])
    rows = candidate_features(codes, raw, story, adjective=adjective)
    scored = sorted(
        ((ranker.score(row), code) for row, code in zip(rows, codes, strict=True)),
        key=lambda item: -item[0],
    )
    score, code = scored[0]
    entry, alternate = divmod(code, 2)
    margin = score - scored[1][0] if len(scored) > 1 else 10.0
    notes = []
    country, unit = gaz.countries[entry], gaz.admin1[entry]
    if adjective:
        notes.append("adjectival toponym")
    if country in story.named_countries:
        notes.append(f"country {country} named in the story")
    elif story.countries.get(country):
        notes.append(f"country {country} of other places in the story")
    if unit and unit in story.named_admin1:
        notes.append(f"its region {unit} named in the story")
    elif unit and story.admin1.get(unit):
        notes.append(f"other places of the story lie in {unit}")
    if gaz.kinds[entry] == CAPITAL:
        notes.append("national capital")
    return _Choice(entry, bool(alternate), score, margin, len(scored) - 1, tuple(notes))


def _population(pop: int) -> str:
    if pop >= 1_000_000:
        return f"{pop / 1_000_000:.1f}M"
    return f"{pop / 1000:.0f}k" if pop >= 1000 else str(pop)


def _place(choice: _Choice, text: str, span: tuple[int, int] | None, key: str) -> PlaceRef:
    gaz = _gazetteer()
    entry = choice.entry
    kind = gaz.kinds[entry]
    name = gaz.names[entry]
    if kind in (CITY, CAPITAL):
        same_name = [e // 2 for e in _codes(key) if gaz.kinds[e // 2] in (CITY, CAPITAL)]
        largest = max(same_name, key=lambda e: gaz.pops[e])
        where = (
            "only city of that name"
            if len(same_name) == 1
            else "largest city of that name"
            if largest == entry
            else f"city of that name in {gaz.countries[entry]} (not the largest)"
        )
        head = f"{where} (pop {_population(gaz.pops[entry])})"
    elif kind == COUNTRY:
        head = f"country {gaz.countries[entry]}"
    elif kind == ADMIN1:
        head = f"first-level region {gaz.admin1[entry]} ({name})"
    elif kind == COUNTY:
        head = f"US county in {gaz.admin1[entry]}"
    elif kind == REGION:
        head = "hand-kept region table"
    else:
        head = "continent"
    notes = list(choice.notes)
    if choice.alternate:
        notes.append(f"alternate name of {name}")
    if choice.rivals:
        notes.append(f"{choice.rivals} other place(s) share the name")
    if kind in (COUNTRY, ADMIN1) and not math.isnan(gaz.lats[entry]):
        notes.append("coordinates approximate (middle of its towns)")
    reason = f"'{text}': {head}" + "".join(f", {note}" for note in notes)
    confidence = 0.5 + 0.45 * (1 - math.exp(-max(choice.margin, 0.0) / 2))
    if choice.alternate:
        confidence -= 0.05
    lat, lon = gaz.lats[entry], gaz.lons[entry]
    return PlaceRef(
        text=text,
        span=span,
        name=name,
        geonameid=gaz.geonameids[entry] or None,
        country=gaz.countries[entry],
        lat=None if math.isnan(lat) else round(lat, 5),
        lon=None if math.isnan(lon) else round(lon, 5),
        feature_class=gaz.fclasses[entry],
        method=_KIND_METHOD[kind],
        confidence=round(confidence, 3),
        reason=reason,
    )


def _strip_article(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def resolve_place(
    name: str,
    *,
    context_countries: Sequence[str] = (),
    dateline_country: str | None = None,
    span: tuple[int, int] | None = None,
    context_places: Sequence[PlaceRef] = (),
    ranker: PlaceRanker | None = None,
) -> PlaceRef | None:
    """The most likely place for one toponym (e.g. a spaCy GPE/LOC/FAC entity text).

    Candidates (cities, countries, first- and second-level units, the hand-kept regions, and
    for an adjectival toponym such as "Syrian" or "Kurdish" its country or region) are scored
    by `place_ranker`: kind, size and name match, and how each sits with the story's other
    places. Pass the story's `find_places` results as `context_places` (and any countries it
    names as `context_countries`, ISO3) so that same-named towns are told apart ("Gainesville"
    in a story naming Hall County, Georgia). `ranker` replaces the shipped model (evaluation).
    """
    ranker = ranker or default_ranker()
    key = normalize_name(name)
    if not key:
        return None
    dotted = _gazetteer().dotted.get(name.strip())
    if dotted is not None:
        choice = _Choice(dotted, True, 10.0, 10.0, 0, ("AP-style state abbreviation",))
        return _place(choice, name, span, key)
    entries = [
        entry
        for place in context_places
        if normalize_name(place.text) != key and (entry := _entry_of(place)) is not None
    ]
    countries = {*context_countries, *(p.country for p in context_places if p.span is None)}
    if dateline_country:
        countries.add(dateline_country)
    story = StoryPlaces.of(entries, countries=countries)
    key, adjective = name_key(name)
    choice = _rank(key, name, story, ranker, adjective=adjective) if key else None
    if choice is None:
        return None
    place = _place(choice, name, span, key)
    return replace(place, method="adjectival") if adjective else place


def name_key(name: str) -> tuple[str, bool]:
    """The index key a toponym is looked up by, and whether it is an adjectival toponym.

    The name as written, else without a leading "the", else its other transliteration
    ("Hodeidah"/"Hodeida"), else as a demonym ("Syrian"); ("", False) when none is known.
    """
    gaz = _gazetteer()
    key = normalize_name(name)
    for candidate in (key, normalize_name(_strip_article(name)), _spelling_variant(key)):
        if candidate and candidate in gaz.index:
            return candidate, False
    return (key, True) if key in gaz.adjectives else ("", False)


def _entry_of(place: PlaceRef) -> int | None:
    """The gazetteer entry a PlaceRef came from (None when it cannot be told)."""
    gaz = _gazetteer()
    entries = [
        code // 2
        for code in _codes(normalize_name(place.name))
        if (gaz.geonameids[code // 2] or None) == place.geonameid
        and gaz.countries[code // 2] == place.country
        and not code % 2
    ]
    if len(entries) > 1 and place.lat is not None:  # counties share names and have no id
        entries = [e for e in entries if round(gaz.lats[e], 5) == place.lat]
    return entries[0] if len(entries) == 1 else None


def country_place(iso3: str) -> PlaceRef | None:
    """The country `iso3` as a place (coordinates are its capital's)."""
    gaz = _gazetteer()
    entry = gaz.country_entries.get(iso3.upper())
    if entry is None:
        return None
    name = gaz.names[entry]
    choice = _Choice(entry, False, 12.0, 10.0, 0, ())
    return _place(choice, name, None, normalize_name(name))


def capital_of(iso3: str) -> PlaceRef | None:
    """The national capital of `iso3` (GeoNames' capital name matched in its cities)."""
    gaz = _gazetteer()
    entry = gaz.capitals.get(iso3.upper())
    if entry is None:
        return None
    name = gaz.names[entry]
    choice = _Choice(entry, False, 12.0, 10.0, 0, (f"capital of {iso3.upper()}",))
    return _place(choice, name, None, normalize_name(name))


# --- scanning text -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int  # without a trailing possessive or sentence period
    key: str
    connector: bool
    closes: bool  # a possessive or a period ends the run after this token
    sentence_start: bool


def _tokens(text: str) -> Iterable[list[_Token]]:
    """Runs of capitalized tokens (with lowercase connectors inside) separated by spaces only."""
    run: list[_Token] = []
    previous_end = 0
    ended_sentence = True
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        gap = text[previous_end:start]
        sentence_start = ended_sentence or any(mark in gap for mark in ".!?\n")
        if run and (gap.strip() or "\n" in gap or run[-1].closes):
            yield run
            run = []
        closes = ended_sentence = False
        if word.endswith(".") and not (len(word) > 2 and word[-3] == "."):
            core = word[:-1]
            if core.casefold() not in _ABBREVIATIONS:
                end -= 1
                word = core
                closes = ended_sentence = True
        stem = word.translate(_APOSTROPHES)
        if stem.endswith("'s") or stem.endswith("s'"):
            end -= 2 if stem.endswith("'s") else 1
            word = word[: end - start]
            closes = True
        previous_end = match.end()
        lowered = word.casefold()
        connector = lowered in _CONNECTORS
        if word[0].isupper():
            capitalized = not word.isupper() or len(word) >= 4 or "." in word
            capitalized = capitalized or lowered in _ALLCAPS_SHORT
        else:
            # "al-Qaim", "el-Fasher": a lowercase article glued to a capitalized name
            head, _, tail = word.partition("-")
            capitalized = head in _PARTICLES and tail[:1].isupper()
        if capitalized or (connector and run):
            run.append(
                _Token(
                    start=start,
                    end=end,
                    key=normalize_name(word),
                    connector=connector and not capitalized,
                    closes=closes,
                    sentence_start=sentence_start,
                )
            )
        elif run:
            yield run
            run = []
    if run:
        yield run


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str
    tokens: int
    sentence_start: bool
    after_title: bool
    after_name: bool  # an unmatched capitalized word before it in the same run: a surname?
    before_name: bool  # an unmatched capitalized word after it that is no org word: a forename?
    street: bool  # followed by "St.", "Road"...: a street name
    facility: bool  # inside a facility's or institution's name: "Gonzaga University"
    surname: bool  # last of two or three capitalized words: "John Moore", "Mary K. Moore"
    locative: bool  # right after "in", "near", "outside"...: "fled to Ramallah"


# Prepositions of place: a capitalized word right after one is rarely a person.
_LOCATIVES = frozenset(
    "in near at from into outside around toward towards across through inside of on to".split()
)


def _spelling_variant(key: str) -> str:
    """Arabic names end in "-a" or "-ah" by transliteration: "Hodeidah" and "Hodeida"."""
    if len(key) < 5 or " " in key:
        return ""
    if key.endswith("ah"):
        return key[:-1]
    return f"{key}h" if key.endswith("a") else ""


def _matches(text: str) -> list[_Match]:
    index = _gazetteer().index
    found: list[_Match] = []
    for run in _tokens(text):
        i = 0
        unmatched_before = False
        while i < len(run):
            if run[i].connector:
                # "Residents of Mariupol": a word before "of" is no forename of the name after.
                unmatched_before = False
                i += 1
                continue
            hit = None
            for j in range(min(len(run), i + _MAX_TOKENS), i, -1):
                if run[j - 1].connector:
                    continue
                key = " ".join(token.key for token in run[i:j])
                if key in index:
                    hit = j
                    break
            if hit is None and (variant := _spelling_variant(run[i].key)) in index:
                key, hit = variant, i + 1
            if hit is None:
                unmatched_before = unmatched_before or run[i].key not in _PRECEDERS
                i += 1
                continue
            end = run[hit - 1].end
            unit = _UNIT_RE.match(text, end)  # "Kherson region": the unit word is lowercase
            if unit and f"{key} {unit.group(1)}" in index:
                key, end = f"{key} {unit.group(1)}", unit.end()
            previous = run[i - 1].key if i else ""
            following = run[hit].key if hit < len(run) else ""
            before = text[max(0, run[i].start - 12) : run[i].start].split()
            found.append(
                _Match(
                    start=run[i].start,
                    end=end,
                    key=key,
                    tokens=hit - i,
                    sentence_start=run[i].sentence_start,
                    after_title=previous in _TITLES,
                    after_name=unmatched_before,
                    before_name=bool(following)
                    and following not in _FOLLOWERS
                    and following not in _CONNECTORS
                    and following not in index,
                    street=following in _STREETS,
                    facility=bool(
                        _FACILITY_AFTER_RE.match(text, end, end + 60)
                        or _FACILITY_BEFORE_RE.search(text, max(0, run[i].start - 30), run[i].start)
                    ),
                    surname=unmatched_before and hit == len(run) and 2 <= len(run) <= 3,
                    # not "in Cox's Bazar": a possessive is part of a longer name or a noun
                    locative=bool(before)
                    and before[-1] in _LOCATIVES
                    and text[end : end + 1] not in ("'", "’"),
                )
            )
            i = hit
    return found


def _admin1_of(entry: int) -> str:
    return _gazetteer().admin1[entry]


def find_places(
    text: str,
    *,
    context_countries: Sequence[str] = (),
    dateline: str | None = None,
    ranker: PlaceRanker | None = None,
) -> list[PlaceRef]:
    """Every toponym in `text`, resolved, in text order (no spaCy: a fast gazetteer scan).

    `dateline` is the story's dateline place as printed ("MOSCOW", "KYIV, Ukraine"); when it
    resolves it comes first with `span=None` and its country steers the rest. Names are read
    twice: a first reading of each name alone (with the story's countries) decides which
    capitalized words are places at all; then the ranker (`place_ranker`, `ranker` replaces
    the shipped one) picks each name's namesake with the first readings of the story's other
    names as context.
    """
    ranker = ranker or default_ranker()
    places: list[PlaceRef] = []
    given = frozenset(context_countries)
    dateline_place = _dateline_place(dateline, given) if dateline else None
    dateline_country = dateline_place.country or None if dateline_place else None
    if dateline_place is not None:
        places.append(dateline_place)
    reading = _first_reading(text, given, dateline_country)
    if reading is None:
        places.extend(_adjectival(text, StoryPlaces.of((), countries=given), ranker))
        return places
    matches, raw, resolved, base = reading

    # Round 2: the ranker, each name against the first readings of the others.
    dateline_entry = _entry_of(dateline_place) if dateline_place is not None else None
    first = {key: choice.entry for key, choice in resolved.items()}
    extra = [] if dateline_entry is None else [dateline_entry]
    stories: dict[str, StoryPlaces] = {}
    for key in resolved:
        others = [entry for other, entry in first.items() if other != key] + extra
        stories[key] = StoryPlaces.of(others, countries=given)
        choice = _rank(key, raw[key], stories[key], ranker)
        if choice is not None:
            resolved[key] = choice

    starts = {match.start: match for match in matches}
    for match in matches:
        span = (match.start, match.end)
        within = _qualifier(text, match.end, starts, base)
        choice = None
        if within and not match.after_title:  # "Paris, Texas", "Alexandria, La."
            story = stories.get(match.key) or StoryPlaces.of(first.values(), countries=given)
            choice = _rank(match.key, raw[match.key], story, ranker, within)
        if choice is None and match.key in resolved:
            choice = resolved[match.key]
        if choice is not None:
            places.append(_place(choice, text[match.start : match.end], span, match.key))
            abbreviation = _QUALIFIER_RE.match(text, match.end)
            if within and abbreviation and abbreviation.group(1):
                start, end = abbreviation.start(1), abbreviation.end(1) + 1
                state = resolve_place(text[start:end], span=(start, end))
                if state is not None:
                    places.append(state)
    places.extend(_adjectival(text, StoryPlaces.of(first.values(), countries=given), ranker))
    return sorted(places, key=lambda place: place.span or (-1, -1))


def _adjectival(text: str, story: StoryPlaces, ranker: PlaceRanker) -> Iterable[PlaceRef]:
    """Adjectival toponyms used as places ("across the Syrian border" -> Syria)."""
    adjectives = _gazetteer().adjectives
    for match in _ADJECTIVE_PLACE_RE.finditer(text):
        key = normalize_name(match.group(1))
        if key in adjectives:
            choice = _rank(key, match.group(1), story, ranker, adjective=True)
            if choice is not None:
                place = _place(choice, match.group(1), match.span(1), key)
                yield replace(place, method="adjectival")


def story_places(text: str, *, context_countries: Sequence[str] = ()) -> dict[str, int]:
    """The first reading of each place name in `text` (name key -> gazetteer entry).

    This is the context the ranker sees in `find_places`; `scripts/train_place_ranker.py`
    builds its training rows from it so that learning and use see the same thing.
    """
    reading = _first_reading(text, frozenset(context_countries), None)
    return {} if reading is None else {key: c.entry for key, c in reading[2].items()}


def _dateline_place(dateline: str, given: frozenset[str]) -> PlaceRef | None:
    gaz = _gazetteer()
    head = dateline.split(",")[0].strip()
    head = head.title() if head.isupper() else head
    hint = resolve_place(dateline.split(",")[-1].strip()) if "," in dateline else None
    countries = tuple(given | {hint.country} if hint else given)
    found = None
    if hint is not None and hint.method in ("gazetteer-country", "admin1"):
        # "TRIPOLI, Lebanon": the qualifier says where, whatever the bigger namesake.
        entry = _entry_of(hint)
        within = (gaz.admin1[entry] if entry is not None else "") or hint.country
        key = normalize_name(head)
        choice = _choose(key, head, _Context(countries=frozenset(countries)), within)
        found = _place(choice, head, None, key) if choice is not None else None
    found = found or resolve_place(head, context_countries=countries)
    if found is None:
        return None
    return replace(found, text=dateline, method=f"{found.method}+dateline")


def _first_reading(
    text: str, given: frozenset[str], dateline_country: str | None
) -> tuple[list[_Match], dict[str, str], dict[str, _Choice], _Context] | None:
    """Matches, their raw text by key, the names read as places (first choice) and the
    base context; None when nothing in `text` matches the gazetteer."""
    gaz = _gazetteer()
    matches = [m for m in _matches(text) if m.key not in _DEMONYMS]
    # A name seen once as a surname ("John Moore") is a person's name throughout the story.
    people = {m.key for m in matches if m.tokens == 1 and m.surname}
    if not matches:
        return None
    lowercase = {word for word in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    keys = {m.key: m for m in matches}
    raw = {m.key: text[m.start : m.end] for m in matches}

    # Each name alone; areas (countries, regions, counties) and big cities become context
    # for the others, but never for themselves.
    base = _Context(countries=given, dateline_country=dateline_country)
    contributes: dict[str, tuple[str, str]] = {}
    for key in keys:
        choice = _choose(key, raw[key], base)
        if choice is None:
            continue
        kind = gaz.kinds[choice.entry]
        if kind in _AREA_KINDS and kind != CONTINENT:
            contributes[key] = (gaz.countries[choice.entry], gaz.admin1[choice.entry])
        elif gaz.pops[choice.entry] >= 100_000 and choice.margin >= 2:
            contributes[key] = (gaz.countries[choice.entry], "")
    towns: dict[str, set[str]] = {
        key: {_admin1_of(code // 2) for code in _codes(key)} - {""} for key in keys
    }

    resolved: dict[str, _Choice] = {}
    for key, match in keys.items():
        others = [value for other, value in contributes.items() if other != key]
        support = set()
        for other, units in towns.items():
            if other != key:
                support |= units
        context = _Context(
            countries=given | {country for country, _ in others if country},
            dateline_country=dateline_country,
            admin1=frozenset(admin1 for _, admin1 in others if admin1),
            support=frozenset(support),
        )
        choice = _choose(key, raw[key], context)
        if key in people and gaz.kinds[choice.entry if choice else 0] not in (COUNTRY, REGION):
            continue
        if choice is not None and _plausible(choice, match, context, lowercase):
            resolved[key] = choice
    return matches, raw, resolved, base


def _qualifier(text: str, end: int, starts: dict[int, _Match], context: _Context) -> str:
    """The admin1 code or ISO3 of a ", State" or ", Country" right after a name, or ""."""
    if text[end : end + 2] != ", ":
        return ""
    following = starts.get(end + 2)
    if following is not None:
        choice = _choose(following.key, following.key, context)
        if choice is not None and _gazetteer().kinds[choice.entry] in (ADMIN1, COUNTRY):
            return _gazetteer().admin1[choice.entry] or _gazetteer().countries[choice.entry]
    abbreviation = _QUALIFIER_RE.match(text, end)
    if abbreviation is None:
        return ""
    state = abbreviation.group(1) or abbreviation.group(2)
    code = _US_STATES_AP.get(state) or (state if state in _US_STATES_AP.values() else "")
    return f"US.{code}" if code else ""


def _plausible(choice: _Choice, match: _Match, context: _Context, lowercase: set[str]) -> bool:
    """Whether a gazetteer hit in running text is a place rather than a name or a word."""
    gaz = _gazetteer()
    kind = gaz.kinds[choice.entry]
    if match.after_title or match.street:
        return False
    strong = kind in (COUNTRY, REGION, CONTINENT) or (kind == ADMIN1 and not choice.alternate)
    if match.key in _STOP or (match.tokens == 1 and match.key in lowercase and not strong):
        return False
    if match.after_name and match.tokens == 1 and kind not in (COUNTRY, REGION):
        return False
    if match.facility:
        # "University of Cincinnati", "Ohio State University" name their place; "Gonzaga
        # University", "St. Peter's Basilica" a person: only a well-known place counts.
        saint = match.key.startswith(("st ", "ste ", "san ", "santa ", "saint "))
        big = gaz.pops[choice.entry] >= 50_000 or kind in (COUNTRY, ADMIN1, REGION)
        return big and not saint and not match.after_title
    if kind == COUNTY and choice.alternate:  # a county's bare name: "in Oconee", not "Polk"
        return match.locative and not match.sentence_start and match.key not in lowercase
    if strong or kind == COUNTY:
        return not (match.before_name and kind != COUNTRY and match.tokens == 1)
    country = gaz.countries[choice.entry]
    local = gaz.admin1[choice.entry] in context.admin1
    known = country in context.countries or country == context.dateline_country
    pop = gaz.pops[choice.entry]
    if match.before_name and match.tokens == 1 and pop < 1_000_000:
        return False
    if match.locative and not match.sentence_start and (pop >= 2000 or not choice.alternate):
        return True  # "in Ramallah", "on Lampedusa", "near Kupiansk"
    if kind == ADMIN1:  # by an alternate name
        return known or local
    if (
        match.sentence_start
        and match.tokens == 1
        and not known
        and (pop < 50_000 or choice.alternate)
    ):
        return False
    if kind == CAPITAL or pop >= 100_000:
        return True
    if choice.alternate and pop < 15_000:
        return False
    if match.tokens > 1:
        return pop >= 1000 or known
    return (known and (local or pop >= 15_000)) or pop >= 50_000
