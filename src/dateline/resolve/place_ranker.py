"""Which of a toponym's namesakes the story means: features of each candidate and a learned ranker.

A name such as "Gainesville" or "Columbus" has dozens of gazetteer entries. Each candidate is
described by what it is (city, capital, country, first- or second-level unit, region), how big
it is and how well its name matches, and by how it sits with the story's other places: the
share of them in its country and first-level unit, whether the story names its country or
state outright, and how far it lies from the nearest of them. A logistic model over these
features, learned on the LGL local-news corpus by `scripts/train_place_ranker.py` (grouped by
document), scores each candidate; the best one wins. Without the model file the scorer falls
back to fixed weights of the same features.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .gazetteer import ADMIN1, CAPITAL, CITY, CONTINENT, COUNTRY, COUNTY, REGION, _gazetteer

FEATURES = (
    "city", "capital", "country", "admin1", "county", "region", "continent", "log_population",
    "alternate_name", "largest_of_name", "population_share", "country_share", "admin1_share",
    "country_named", "admin1_named", "proximity", "near_161km", "foreign", "named_after_it",
    "exact_name", "namesakes", "adjective", "no_story",
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_KIND_FEATURE = {
    CITY: "city", CAPITAL: "city", COUNTRY: "country", ADMIN1: "admin1", COUNTY: "county",
    REGION: "region", CONTINENT: "continent",
}  # fmt: skip
_POINT_KINDS = frozenset({CITY, CAPITAL, ADMIN1, COUNTY, REGION})


@dataclass(frozen=True, slots=True)
class StoryPlaces:
    """The other places of a story, as context for one toponym."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO3 -> share of places
    admin1: dict[str, float] = field(default_factory=dict)  # "US.GA" -> share of places
    named_countries: frozenset[str] = frozenset()  # countries the story names as such
    named_admin1: frozenset[str] = frozenset()  # states/regions named (or a county of one)
    points: tuple[tuple[float, float], ...] = ()  # where its towns and units lie
    size: int = 0

    @classmethod
    def of(
        cls, entries: Iterable[int], *, countries: Iterable[str] = (), admin1: Iterable[str] = ()
    ) -> StoryPlaces:
        """Context from gazetteer entries (the story's other places) and extra named units."""
        gaz = _gazetteer()
        country_count: dict[str, float] = {}
        admin1_count: dict[str, float] = {}
        named_countries = set(countries) - {""}
        named_admin1 = set(admin1) - {""}
        points = []
        size = len(named_countries)  # a country the caller knows the story is about counts
        for country in named_countries:  # as one of its places
            country_count[country] = 1.0
        for entry in entries:
            size += 1
            kind = gaz.kinds[entry]
            country, unit = gaz.countries[entry], gaz.admin1[entry]
            if country:
                country_count[country] = country_count.get(country, 0) + 1
            if unit:
                admin1_count[unit] = admin1_count.get(unit, 0) + 1
            if kind == COUNTRY:
                named_countries.add(country)
            elif kind in (ADMIN1, COUNTY) and unit:
                named_admin1.add(unit)
            if kind in _POINT_KINDS and not math.isnan(gaz.lats[entry]):
                points.append((gaz.lats[entry], gaz.lons[entry]))
        total = max(size, 1)
        return cls(
            countries={key: value / total for key, value in country_count.items()},
            admin1={key: value / total for key, value in admin1_count.items()},
            named_countries=frozenset(named_countries),
            named_admin1=frozenset(named_admin1),
            points=tuple(dict.fromkeys(points)),
            size=size,
        )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within a few percent of the great circle below 1,000 km."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def candidate_features(
    codes: Sequence[int], raw: str, story: StoryPlaces, *, adjective: bool = False
) -> list[list[float]]:
    """One feature row per candidate code (entry * 2 + alternate) of one name."""
    gaz = _gazetteer()
    city_pops = [gaz.pops[c // 2] for c in codes if gaz.kinds[c // 2] in (CITY, CAPITAL)]
    largest = max(city_pops, default=0)
    total_pop = sum(city_pops) or 1
    unit_countries = {gaz.countries[c // 2] for c in codes if gaz.kinds[c // 2] == ADMIN1}
    namesakes = math.log1p(len(codes)) / 3
    rows = []
    for code in codes:
        entry, alternate = divmod(code, 2)
        kind = gaz.kinds[entry]
        country, unit = gaz.countries[entry], gaz.admin1[entry]
        row = [0.0] * len(FEATURES)
        row[_INDEX[_KIND_FEATURE[kind]]] = 1.0
        row[_INDEX["capital"]] = float(kind == CAPITAL)
        pop = gaz.pops[entry]
        if kind in (CITY, CAPITAL):
            row[_INDEX["log_population"]] = math.log10(pop + 1) / 7
            row[_INDEX["largest_of_name"]] = float(pop == largest)
            row[_INDEX["population_share"]] = pop / total_pop
            # "Kiev", "Donetsk", "Tripoli": a big city whose region bears its name
            named_after = pop >= 100_000 and country in unit_countries
            row[_INDEX["named_after_it"]] = float(named_after)
        # Big cities are known by their alternate names ("Kiev", "Peking"); hamlets are not.
        size_share = row[_INDEX["log_population"]] if kind in (CITY, CAPITAL) else 0.0
        row[_INDEX["alternate_name"]] = float(alternate) * (1 - min(1.0, size_share))
        name = gaz.names[entry]
        exact = name == raw or (raw.isupper() and name.upper() == raw)
        row[_INDEX["exact_name"]] = float(exact or (kind == REGION and not alternate))
        row[_INDEX["namesakes"]] = namesakes
        row[_INDEX["adjective"]] = float(adjective)
        if story.size or story.named_countries:
            row[_INDEX["country_share"]] = story.countries.get(country, 0.0)
            row[_INDEX["admin1_share"]] = story.admin1.get(unit, 0.0) if unit else 0.0
            row[_INDEX["country_named"]] = float(country in story.named_countries)
            row[_INDEX["admin1_named"]] = float(bool(unit) and unit in story.named_admin1)
            row[_INDEX["foreign"]] = float(
                bool(country)
                and country not in story.countries
                and country not in story.named_countries
            )
            lat = gaz.lats[entry]
            if story.points and not math.isnan(lat) and kind in _POINT_KINDS:
                lon = gaz.lons[entry]
                nearest = min(_km(lat, lon, p_lat, p_lon) for p_lat, p_lon in story.points)
                row[_INDEX["proximity"]] = max(0.0, 1 - math.log10(1 + nearest) / 4.2)
                row[_INDEX["near_161km"]] = float(nearest <= 161)
        else:
            row[_INDEX["no_story"]] = 1.0
        rows.append(row)
    return rows


@dataclass(frozen=True, slots=True)
class PlaceRanker:
    """A linear score over `FEATURES`; higher is more likely the place meant."""

    weights: tuple[float, ...]
    bias: float = 0.0
    source: str = ""

    def score(self, row: Sequence[float]) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict) -> PlaceRanker:
        by_name = dict(zip(data["features"], data["weights"], strict=True))
        weights = tuple(float(by_name.get(name, 0.0)) for name in FEATURES)
        return cls(weights=weights, bias=float(data["bias"]), source=data.get("source", ""))


# Hand-set weights: the prior the trained weights are pulled towards (LGL is local US news;
# what it rarely shows, such as a foreign capital or a city its region is named after, keeps
# about these weights), and the scorer when the trained file is absent.
PRIOR = {
    "capital": 2.5, "country": 4.0, "admin1": 1.5, "county": 0.5, "region": 4.0,
    "continent": 3.0, "log_population": 8.0, "alternate_name": -1.5, "largest_of_name": 0.5,
    "country_share": 2.0, "admin1_share": 1.5, "country_named": 1.5, "admin1_named": 1.5,
    "proximity": 2.0, "near_161km": 1.0, "foreign": -2.5, "named_after_it": 2.5,
    "exact_name": 1.0,
}  # fmt: skip
MODEL_FILE = "place_ranker.json"


@cache
def default_ranker() -> PlaceRanker:
    """The shipped ranker (`data/place_ranker.json`), or fixed weights when it is absent."""
    try:
        text = resources.files("dateline").joinpath("data", MODEL_FILE).read_text("utf-8")
    except FileNotFoundError:
        weights = tuple(PRIOR.get(name, 0.0) for name in FEATURES)
        return PlaceRanker(weights=weights, source="prior weights (no trained file)")
    return PlaceRanker.from_json(json.loads(text))
