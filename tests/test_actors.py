import csv
from importlib import resources

import pytest

from dateline.resolve.actors import People, code_actor, code_phrase, load_kb, plurals

PLOVER_COUNTRY_CODES = {"UNO", "EUR", "IGO"}


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("an American destroyer", "USA", "MIL"),
        ("Russian Defense Minister Sergei Shoigu", "RUS", "MIL"),
        ("China’s defense minister", "CHN", "MIL"),
        ("China's foreign minister", "CHN", "GOV"),
        ("Chinese leader Xi Jinping", "CHN", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("Beijing", "CHN", "GOV"),
        ("four Saudi men", "SAU", "CVL"),
        ("U.S. troops", "USA", "MIL"),
        ("Ukrainian police", "UKR", "COP"),
        ("Syrian rebels", "SYR", "REB"),
        ("the Pentagon", "USA", "MIL"),
        ("NATO", "IGO", "MIL"),
        ("the U.N. Security Council", "UNO", ""),
        ("the European Union", "EUR", ""),
        ("Iranian lawmakers", "IRN", "LEG"),
        ("Israeli judges", "ISR", "JUD"),
        ("Belarusian opposition leader", "BLR", "OPP"),
        ("Kosovo police", "XKX", "COP"),
    ],
)
def test_code_actor_table(phrase, country, sector):
    coded = code_actor(phrase)
    assert (coded["country"], coded["sector"]) == (country, sector)


@pytest.mark.parametrize("phrase", ["us", "the general development", "them"])
def test_words_that_are_not_actors(phrase):
    assert code_actor(phrase)["country"] == ""


def test_person_names_and_bare_mentions():
    people = People()
    shoigu = code_phrase("Russian Defense Minister Sergei Shoigu")
    assert (shoigu.name, shoigu.kind) == ("Sergei Shoigu", "person")
    people.observe(shoigu)
    later = people.complete(code_phrase("Shoigu"))
    assert (later.name, later.country, later.sector) == ("Sergei Shoigu", "RUS", "MIL")
    assert "introduced as" in later.reason
    stranger = people.complete(code_phrase("Olaf Scholz"))
    assert stranger.country == ""


def test_plurals():
    assert plurals("policeman") == {"policeman", "policemen"}
    assert plurals("militia") == {"militia", "militias"}
    assert plurals("authority") == {"authority", "authorities"}


def test_shipped_tables_are_consistent():
    kb = load_kb()
    countries = set(kb.country_names)
    for entry in kb.names.values():
        if entry.country:
            assert entry.country in countries | PLOVER_COUNTRY_CODES | {"XKX"}, entry
    text = resources.files("dateline.data").joinpath("sectors.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    phrases = [row["phrase"] for row in rows]
    assert len(phrases) == len(set(phrases)), "duplicate phrases in sectors.csv"
    agents = {
        "GOV",
        "MIL",
        "COP",
        "REB",
        "OPP",
        "PTY",
        "JUD",
        "LEG",
        "ELI",
        "BUS",
        "MED",
        "EDU",
        "HLH",
        "CVL",
        "CRM",
        "REF",
        "LAB",
        "AGR",
        "REL",
        "NGO",
        "SPY",
        "PRE",
    }
    assert {row["sector"] for row in rows} <= agents
