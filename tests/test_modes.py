"""PLOVER modes and contexts of coded events (hand-written sentences)."""

import pytest

from conftest import the_mention
from dateline.coding.modes import preferred_mode


@pytest.mark.parametrize(
    ("sentence", "trigger", "event_type", "mode"),
    [
        ("Israeli warplanes struck targets in Gaza on Monday.", "struck", "ASSAULT", "aerial"),
        ("A suicide bomber killed 12 people in Kabul.", "killed", "ASSAULT", "suicide-attack"),
        ("Gunmen kidnapped three aid workers in Nigeria.", "kidnapped", "ASSAULT", "abduct"),
        ("Police fired tear gas at protesters in Nairobi.", "fired", "ASSAULT", "crowd-control"),
        ("Shelling in the city killed six children.", "killed", "ASSAULT", "heavy-weapons"),
        ("Six Syrian children were killed when a shell exploded.", "killed", "ASSAULT",
         "heavy-weapons"),
        ("Teachers in Haiti went on strike.", "strike", "PROTEST", "strike"),
        ("Putin spoke by phone with Erdogan.", "spoke", "CONSULT", "phone"),
        ("Turkey threatened to cut diplomatic ties with Israel.", "threatened", "THREATEN",
         "relations"),
        ("Russia threatened to annex the region.", "threatened", "THREATEN", "territory"),
        ("Police arrested 40 opposition activists in Minsk.", "arrested", "COERCE", "arrest"),
    ],
)  # fmt: skip
def test_the_mode_is_read_off_the_trigger_and_its_clause(sentence, trigger, event_type, mode):
    found = the_mention(sentence, trigger)
    assert (found["event_type"], found["mode"]) == (event_type, mode)


def test_ambiguous_words_name_no_mode_in_their_other_sense():
    assert the_mention("Putin called Erdogan on Tuesday.", "called")["mode"] == "phone"
    assert the_mention("Gunmen attacked a gold mine in Congo.", "attacked")["mode"] == "firearms"


def test_dates_lend_no_words():
    from dateline.coding.modes import words_of
    from dateline.nlp import load_nlp

    words = words_of(load_nlp()("Students rallied in March."))
    assert " rally " in words and " march " not in words  # a month is no march


def test_types_whose_modes_are_not_a_manner_get_none():
    assert the_mention("Germany donated vaccines to Kenya.", "donated")["mode"] == ""


def test_a_time_phrase_with_another_event_lends_the_clause_no_mode():
    # "after Xi's state visit" is another event: the meeting is no visit by these words
    found = the_mention("Putin met Li in Moscow a month after Xi's state visit to Russia.", "met")
    assert found["event_type"] == "CONSULT" and found["mode"] == ""


def test_contexts_are_what_the_clause_speaks_of_in_plovers_order():
    found = the_mention(
        "Putin spoke by phone with Erdogan about trade and the war in Syria.", "spoke"
    )
    assert found["context"] == "military; economic"
    assert the_mention("Putin spoke by phone with Erdogan.", "spoke")["context"] == ""


def test_an_event_takes_the_most_specific_mode_its_mentions_name():
    assert preferred_mode("ASSAULT", ["firearms", "", "assassinate"]) == "assassinate"
    assert preferred_mode("ASSAULT", ["", ""]) == ""
    assert preferred_mode("CONSULT", ["visit", "phone"]) == "phone"
