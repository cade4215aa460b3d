import dataclasses
import sqlite3
from datetime import date

import pytest

from conftest import shared_file
from dateline.records import ActorRef, Article, Extraction, ParsedArticle
from dateline.resolve.actors import code_actor
from dateline.resolve.officeholders import (
    Holders,
    Observation,
    OfficeSpell,
    OfficeTable,
    country_role,
    nearest_holder,
    observe_extraction,
    read_office_spells,
    role_key,
)
from dateline.store.actors import (
    StoreHolders,
    create_actor_tables,
    import_office_spells,
    list_actors,
    office_tables,
    resolve_name,
    write_observations,
)


@pytest.mark.parametrize(
    ("text", "country", "exact", "role"),
    [
        ("China's defense minister", "", False, "defense minister"),
        ("the Russian defence minister", "", False, "defense minister"),
        ("the deputy defense minister", "", False, ""),
        ("Minister of National Defence", "", True, "defense minister"),
        ("Head of the Minister of Defence's military cabinet", "", True, ""),
        ("U.S. Secretary of State", "USA", False, "foreign minister"),
        ("Secretary of State", "DEU", True, ""),
        ("Secretary of State of Washington", "USA", True, ""),
        ("the prime minister of India", "", False, "prime minister"),
        ("Vice President", "", True, "vice president"),
    ],
)
def test_role_keys(text, country, exact, role):
    assert role_key(text, country=country, exact=exact) == role


def spell(person, start, end, *, country="CHN", catalog="China"):
    return OfficeSpell(
        country=country,
        position="Minister of National Defence",
        person=person,
        start=start,
        end=end,
        catalog=catalog,
        role="defense minister",
    )


def test_table_answers_by_date_and_stops_at_its_coverage():
    table = OfficeTable(
        spells=[
            spell("Chang Wanquan", "2013-03-16", "2018-03-19"),
            spell("Wei Fenghe", "2018-03-19", ""),
            spell("Someone Else", "2019-01-01", "", catalog="Hong Kong"),  # not the main one
        ],
        coverage_end="2023-01-19",
    )

    def ask(day):
        return table.holder(country="CHN", role="defense minister", on=date.fromisoformat(day))

    assert ask("2015-06-01").person == "Chang Wanquan"
    assert ask("2018-03-19").person == "Wei Fenghe"  # handover day: the newcomer
    assert ask("2022-12-31").person == "Wei Fenghe"
    past = ask("2023-04-16")
    assert (past.person, past.status) == ("", "unknown")
    assert "ends 2023-01-19" in past.reason
    assert table.holder(country="FRA", role="defense minister", on=date(2020, 1, 1)).person == ""


def observation(name, seen, *, country="CHN", role="defense minister", article="a"):
    return Observation(
        name=name,
        country=country,
        sector="MIL",
        role=role,
        title=f"China's defense minister {name}",
        seen=seen,
        article_id=article,
    )


def test_role_changing_hands_between_two_stories_resolves_by_date():
    seen = [
        observation("Wei Fenghe", "2022-11-22", article="a1"),
        observation("Li Shangfu", "2023-04-16", article="a2"),
    ]

    def ask(day):
        return nearest_holder(
            seen, country="CHN", role="defense minister", on=date.fromisoformat(day)
        )

    assert ask("2022-12-01").person == "Wei Fenghe"
    assert ask("2023-04-10").person == "Li Shangfu"
    assert "article a2" in ask("2023-04-10").reason
    assert ask("2026-01-01").person == ""  # too far from any sighting


def test_code_actor_with_holders_table_then_observations():
    table = OfficeTable(spells=[spell("Wei Fenghe", "2018-03-19", "")], coverage_end="2023-01-19")
    holders = Holders(tables=[table], observations=[observation("Li Shangfu", "2023-04-16")])
    before = code_actor("China's defense minister", date="2022-06-01", holders=holders)
    assert (before["holder"], before["country"], before["sector"]) == ("Wei Fenghe", "CHN", "GOV")
    after = code_actor("China’s defense minister", date=date(2023, 4, 16), holders=holders)
    assert after["holder"] == after["name"] == "Li Shangfu"
    assert "ends 2023-01-19" in after["reason"] and "Li Shangfu was named" in after["reason"]
    unknown = code_actor("China's defense minister", date="2023-04-16")
    assert unknown["holder"] == "" and "unknown holder" in unknown["reason"]


def test_import_peppercat_snapshot_and_coverage_limit():
    path = shared_file("data/leaders/peppercat_office_spells.csv")
    table = read_office_spells(path)
    assert table.coverage_end == "2023-01-19"
    assert table.holder(country="RUS", role="defense minister", on=date(2020, 1, 1)).person in {
        "Sergey Shoygu",
        "Sergei Shoigu",
    }
    assert table.holder(country="USA", role="foreign minister", on=date(2022, 5, 1)).person == (
        "Antony Blinken"
    )
    assert table.holder(country="CHN", role="defense minister", on=date(2023, 4, 16)).person == ""
    db = sqlite3.connect(":memory:")
    create_actor_tables(db)
    summary = import_office_spells(db, path)
    assert summary["spells"] == len(table.spells) and summary["coverage_end"] == "2023-01-19"
    assert import_office_spells(db, path)["spells"] == summary["spells"]  # re-import replaces
    assert [t["source"] for t in office_tables(db)] == ["peppercat_office_spells.csv"]
    holders = StoreHolders(db)
    assert holders.holder(country="CHN", role="defense minister", on=date(2022, 1, 1)).person == (
        "Wei Fenghe"
    )
    assert holders.holder(country="CHN", role="defense minister", on=date(2023, 4, 16)).person == ""


def extraction(article_id, published, actors):
    article = Article(id=article_id, published=date.fromisoformat(published), text="x")
    return Extraction(parsed=ParsedArticle(article=article), actors=tuple(actors))


def person(text, name, country, sector="MIL"):
    return ActorRef(text=text, span=None, name=name, country=country, sector=sector, kind="person")


def test_store_observations_by_date_and_names_kept_apart():
    db = sqlite3.connect(":memory:")
    create_actor_tables(db)
    stories = [
        extraction(
            "a1", "2022-11-22", [person("Chinese Defense Minister Wei Fenghe", "Wei Fenghe", "CHN")]
        ),
        extraction(
            "a2",
            "2023-04-16",
            [
                person("China's defense minister", "Li Shangfu", "CHN"),
                person("Sudanese Defense Minister Yasin Ibrahim", "Yasin Ibrahim", "SDN"),
            ],
        ),
        extraction(
            "a3",
            "2023-05-01",
            [person("Egyptian trade official Yasin Ibrahim", "Yasin Ibrahim", "EGY", "GOV")],
        ),
    ]
    with db:
        for story in stories:
            write_observations(db, story)
            write_observations(db, story)  # idempotent
    holders = StoreHolders(db)
    ask = holders.holder
    assert ask(country="CHN", role="defense minister", on=date(2022, 12, 1)).person == "Wei Fenghe"
    assert ask(country="CHN", role="defense minister", on=date(2023, 4, 20)).person == "Li Shangfu"
    rows = list_actors(db)
    ibrahims = [r for r in rows if r["name"] == "Yasin Ibrahim"]
    assert sorted(r["country"] for r in ibrahims) == ["EGY", "SDN"]  # not merged
    sudan = next(r for r in ibrahims if r["country"] == "SDN")
    assert sudan["roles"] == ["defense minister"] and sudan["first_seen"] == "2023-04-16"
    assert len(resolve_name(db, "Ibrahim")) == 2  # ambiguous: caller must not pick blindly
    assert [r["name"] for r in resolve_name(db, "Li Shangfu")] == ["Li Shangfu"]
    assert list_actors(db, country="chn", kind="person")[0]["mentions"] >= 1


def test_observe_extraction_reads_roles():
    story = extraction(
        "s",
        "2023-04-16",
        [person("Russian Defense Minister Sergei Shoigu", "Sergei Shoigu", "RUS")],
    )
    (seen,) = observe_extraction(story)
    assert (seen.name, seen.role, seen.seen) == ("Sergei Shoigu", "defense minister", "2023-04-16")


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Toyota President Shoichiro Toyoda", ""),
        ("Exchange President Ramdas Dalal", ""),
        ("OPEC President Rilwanu Lukman", ""),
        ("President of Toyota Motor Corp Shoichiro Toyoda", ""),
        ("Lebanese President Amin Gemayel", "president"),
        ("President Reagan", "president"),
        ("U.S. Treasury Secretary James Baker", "finance minister"),
        ("China’s new Defense Minister Li Shangfu", "defense minister"),
        ("President of France Emmanuel Macron", "president"),
    ],
)
def test_only_a_countrys_office_is_learned_as_one(title, role):
    assert country_role(title) == role


def test_a_company_president_never_becomes_the_countrys(tmp_path):
    from test_store import extraction

    from dateline.store import Store

    story = extraction("Toyota President Shoichiro Toyoda said sales rose.", source="Kyodo")
    boss = ActorRef(
        text="Toyota President Shoichiro Toyoda",
        span=(0, 33),
        name="Shoichiro Toyoda",
        country="JPN",  # the story is from Tokyo
        sector="GOV",
        kind="person",
    )
    leader = ActorRef(
        text="South Korean President Chun Doo-hwan",
        span=(0, 36),
        name="Chun Doo-hwan",
        country="KOR",
        sector="GOV",
        kind="person",
    )
    with Store(tmp_path / "o.db") as store:
        store.write([dataclasses.replace(story, actors=(boss, leader))])
        on = date(2023, 4, 16)
        assert store.holder(country="JPN", role="president", on=on).person == ""
        assert store.holder(country="KOR", role="president", on=on).person == "Chun Doo-hwan"
