import pytest

from dateline.records import ActorRef
from dateline.resolve.coref import Antecedent, description_title, resolve_reference


def named(text, name, country, *, position, sentence, subject=False):
    actor = ActorRef(
        text=text,
        span=(position, position + len(text)),
        name=name,
        country=country,
        sector="MIL",
        kind="person",
        reason=f"title '{text}'",
    )
    return Antecedent(actor=actor, position=position, sentence=sentence, subject=subject)


def ref(text, position=1000):
    return ActorRef(text=text, span=(position, position + len(text)))


PUTIN = named(
    "Russian President Vladimir Putin",
    "Vladimir Putin",
    "RUS",
    position=0,
    sentence=0,
    subject=True,
)
SHOIGU = named(
    "Russian Defense Minister Sergei Shoigu",
    "Sergei Shoigu",
    "RUS",
    position=100,
    sentence=1,
    subject=True,
)
LI = named("Gen. Li Shangfu", "Li Shangfu", "CHN", position=150, sentence=1)
SAVELYEV = named(
    "Russian Transport Minister Vitaly Savelyev", "Vitaly Savelyev", "RUS", position=300, sentence=2
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("the general", "general"),
        ("The Minister", "minister"),
        ("the defense minister", "defense minister"),
        ("the general development", ""),
        ("general", ""),
        ("the Kremlin", ""),
    ],
)
def test_description_titles(text, title):
    assert description_title(text) == title


def test_pronoun_takes_the_one_subject_of_the_last_sentence_naming_people():
    resolved = resolve_reference(ref("he"), [PUTIN], position=1000)
    assert (resolved.name, resolved.country, resolved.method) == ("Vladimir Putin", "RUS", "coref")
    assert resolved.text == "he" and "the subject of" in resolved.reason
    # Shoigu is the only subject of sentence 1; Li is named there but as an object.
    assert resolve_reference(ref("he"), [PUTIN, SHOIGU, LI], position=1000).name == "Sergei Shoigu"


def test_ambiguous_pronoun_is_flagged_not_guessed():
    two = named("Xi Jinping", "Xi Jinping", "CHN", position=120, sentence=1, subject=True)
    flagged = resolve_reference(ref("he"), [SHOIGU, two], position=1000)
    assert flagged.name == "" and flagged.method == "coref-ambiguous"
    assert "Sergei Shoigu or Xi Jinping" in flagged.reason


def test_pronoun_before_anyone_is_named_stays_as_it_was():
    assert resolve_reference(ref("he", 0), [PUTIN, SHOIGU], position=0).method == ""


def test_descriptions_resolve_by_title():
    general = resolve_reference(ref("the general"), [PUTIN, SHOIGU, LI], position=1000)
    assert (general.name, general.country) == ("Li Shangfu", "CHN")
    defense = resolve_reference(ref("the defense minister"), [SHOIGU, SAVELYEV], position=1000)
    assert defense.name == "Sergei Shoigu"
    minister = resolve_reference(ref("the minister"), [SHOIGU, SAVELYEV], position=1000)
    assert minister.method == "coref-ambiguous" and minister.name == ""
    nobody = resolve_reference(ref("the admiral"), [PUTIN], position=1000)
    assert nobody.method == "" and nobody.name == ""
