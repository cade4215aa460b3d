"""Language screening: English stories pass without the identifier; others are skipped."""

from __future__ import annotations

from datetime import date

import pytest

from dateline import language
from dateline.language import screen_language
from dateline.records import Article

ENGLISH = (
    "Russian President Vladimir Putin met China's defense minister in Moscow on Sunday, and "
    "the two men praised the ties between their countries, which have grown closer since the "
    "war in Ukraine began. Putin said the talks had been useful and that he was ready to work "
    "with Beijing on the issues that were raised by the minister."
)
OTHERS = {
    "fr": "Le président russe a rencontré dimanche le ministre chinois de la Défense à Moscou. "
    "Les deux hommes ont salué les liens entre leurs pays, qui se sont rapprochés depuis le "
    "début de la guerre en Ukraine, a indiqué le Kremlin dans un communiqué publié le soir.",
    "es": "El presidente ruso se reunió el domingo en Moscú con el ministro de Defensa de China. "
    "Ambos dirigentes elogiaron los lazos entre sus países, que se han estrechado desde el "
    "comienzo de la guerra en Ucrania, según un comunicado oficial publicado por el Kremlin.",
    "de": "Der russische Präsident hat am Sonntag in Moskau den chinesischen "
    "Verteidigungsminister empfangen. Die beiden Politiker lobten die Beziehungen zwischen "
    "ihren Ländern, die seit Beginn des Krieges in der Ukraine enger geworden sind, teilte "
    "der Kreml in einer Erklärung mit, die am Abend veröffentlicht wurde.",
}


def article(text: str) -> Article:
    return Article(id="a1", published=date(2023, 4, 16), text=text, title="", origin="t:1")


def test_english_news_needs_no_identifier():
    assert language.clearly_english(ENGLISH)
    language.identifier.cache_clear()
    assert language.screen_language(article(ENGLISH)) is None
    assert language.identifier.cache_info().currsize == 0


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_are_not_taken_for_english_and_are_skipped(code):
    assert not language.clearly_english(OTHERS[code])
    skipped = language.screen_language(article(OTHERS[code]))
    assert skipped is not None and f"detected '{code}'" in skipped.reason


def test_a_short_or_unusual_english_text_is_left_to_the_identifier():
    table = "Shr 1.20 dlrs vs 1.05 dlrs. Net 12.4 mln vs 10.9 mln. Revs 220.1 mln vs 198.7 mln."
    assert not language.clearly_english(table)
    assert language.screen_language(article(table * 3)) is None


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("中国国家主席习近平周日在北京会见了俄罗斯总统普京。", "Cjk"),
        (
            "التقى الرئيس الروسي فلاديمير بوتين بنظيره الصيني في موسكو.",
            "Arabic",
        ),
        ("Путин встретился с Си Цзиньпином в Москве.", "Cyrillic"),
        ("प्रधानमंत्री मोदी ने रविवार को दिल्ली में बैठक की।", "Devanagari"),
        ("윤석열 대통령은 일요일 서울에서 회담을 가졌다.", "Hangul"),
        ("ראש הממשלה נפגש עם הנשיא בירושלים ביום ראשון.", "Hebrew"),
        ("Ο πρωθυπουργός συναντήθηκε με τον πρόεδρο στην Αθήνα.", "Greek"),
    ],
)
def test_every_non_latin_script_is_screened_out_even_short_and_under_an_english_title(text, script):
    article = Article(
        id="x", published=date(2023, 4, 16), text=text, title="Leaders meet", origin="f:1"
    )
    skipped = screen_language(article)
    assert skipped is not None and script in skipped.reason


def test_english_with_a_few_foreign_names_is_english():
    text = "Putin (Путин) met Xi Jinping (习近平) in Moscow on Sunday to discuss trade and energy."
    article = Article(id="x", published=date(2023, 4, 16), text=text, origin="f:1")
    assert screen_language(article) is None
