import gzip
import json
from datetime import date

import pytest

from dateline.errors import RecordError, SourceError
from dateline.read import (
    PublishedRange,
    article_id,
    parse_published,
    read_dated_text,
    scan_paths,
)
from dateline.records import Article, Skipped

STORY = " date 2023-04-16 Putin meets a minister\n\nMOSCOW (AP) — Putin met a minister on Sunday.\n"


def test_dated_text_keeps_text_as_read():
    article = read_dated_text(STORY, origin="a.txt")
    assert article.published == date(2023, 4, 16)
    assert article.title == "Putin meets a minister"
    assert article.text == STORY.partition("\n")[2]
    assert "\u2014" in article.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Putin meets\n\ntext", "first line is not 'date YYYY-MM-DD Title'"),
        ("date 2023-13-45 Title\n\ntext", "is not a usable date"),
        ("date 2023-04-16 Title\n\n   \n", "no text"),
    ],
)
def test_dated_text_errors_name_the_file(content, message):
    with pytest.raises(RecordError) as info:
        read_dated_text(content, origin="stories/a.txt")
    assert "stories/a.txt" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-16", date(2023, 4, 16)),
        ("2023-04-16T15:52:00Z", date(2023, 4, 16)),
        ("April 16, 2023", date(2023, 4, 16)),
        ("16 April 2023", date(2023, 4, 16)),
        ("31-MAR-1987 605:12:19.12", date(1987, 3, 31)),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("2023-02-30", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def kinds(items):
    return [type(i).__name__ for i in items]


def test_jsonl_good_and_bad_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "published": "2023-04-16", "title": "T", "text": "Putin met Xi."},
        {"title": "no date", "text": "No date here."},
        "not json",
        {"date": "2023-04-17", "body": "Body as text."},
        {"published": "2023-04-17", "text": "   "},
    ]
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n\n",
        encoding="utf-8",
    )
    items = list(scan_paths([path]))
    assert kinds(items) == ["Article", "Skipped", "Skipped", "Article", "Skipped"]
    assert items[0].record_id == "a"
    assert items[3].text == "Body as text."
    assert [s.origin for s in items if isinstance(s, Skipped)] == [
        f"{path}:2",
        f"{path}:3",
        f"{path}:5",
    ]
    assert "no usable publication date" in items[1].reason
    assert "not valid JSON" in items[2].reason
    assert "no text" in items[4].reason


def test_csv_with_header_mapping(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "headline,when,story,outlet\n"
        'Talks,2023-04-16,"Putin met Xi, again.",AP\n'
        "Broken,not a date,Some text,AP\n",
        encoding="utf-8",
    )
    items = list(scan_paths([path], fields={"published": "when", "text": "story"}))
    assert kinds(items) == ["Article", "Skipped"]
    assert (items[0].title, items[0].text, items[0].source) == (
        "Talks",
        "Putin met Xi, again.",
        "AP",
    )
    assert items[1].origin == f"{path}:3"


def test_csv_with_a_missing_column(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("title,published\nTalks,2023-04-16\n", encoding="utf-8")
    items = list(scan_paths([path]))
    assert kinds(items) == ["Skipped"]
    assert "no text" in items[0].reason
    mapped = list(scan_paths([path], fields={"text": "body"}))
    assert "not in the header: text=body" in mapped[0].reason


def test_html_page(tmp_path):
    page = tmp_path / "story.html"
    body = " ".join(["Foreign ministers met in Vienna on Monday to discuss the nuclear deal."] * 5)
    page.write_text(
        "<!doctype html><html><head><title>Ministers meet in Vienna</title>"
        '<meta property="article:published_time" content="2023-04-17T10:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Ministers meet in Vienna</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    items = list(scan_paths([page]))
    assert kinds(items) == ["Article"]
    assert items[0].published == date(2023, 4, 17)
    assert "Vienna" in items[0].text and "Home | World" not in items[0].text


def test_directory_gzip_filters_and_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(STORY, encoding="utf-8")
    with gzip.open(tmp_path / "two.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"published": "2023-04-16", "text": "Xi met Putin."}) + "\n")
    (tmp_path / "notes.md").write_text("not a story", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("an editor's backup", encoding="utf-8")
    items = list(scan_paths([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 2
    # a file of no story kind is a counted skip, not a silent one; hidden files are not read
    [unknown] = [i for i in items if isinstance(i, Skipped)]
    assert unknown.origin == str(tmp_path / "notes.md") and "'.md'" in unknown.reason
    again = [i for i in scan_paths([tmp_path]) if isinstance(i, Article)]
    assert [a.id for a in articles] == [a.id for a in again]
    only_text = list(scan_paths([tmp_path], include=["*.txt"]))
    assert kinds(only_text) == ["Article"]
    no_text = list(scan_paths([tmp_path], exclude=["sub/*", "*.md"]))
    assert [a.text for a in no_text] == ["Xi met Putin."]


def test_truncated_gzip_keeps_what_came_before(tmp_path):
    lines = "".join(
        json.dumps({"published": "2023-04-16", "text": f"Story number {n} " * 20}) + "\n"
        for n in range(200)
    )
    whole = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = list(scan_paths([path]))
    assert isinstance(items[-1], Skipped) and "ends abruptly" in items[-1].reason
    assert 0 < sum(isinstance(i, Article) for i in items) < 200


def test_encodings_and_binary(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "date 2023-04-16 Café talks\n\nLeaders met at a café in Zürich on "
        "Sunday to discuss trade.\n".encode("latin-1")
    )
    binary = tmp_path / "noise.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    items = list(scan_paths([latin, binary]))
    assert isinstance(items[0], Article) and "Zürich" in items[0].text
    assert isinstance(items[1], Skipped)


def test_empty_file_and_huge_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.jsonl"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"published": "2023-04-16", "text": "x" * 50_000_000}) + "\n")
        handle.write(json.dumps({"published": "2023-04-16", "text": "After the big one."}) + "\n")
    items = list(scan_paths([empty, huge]))
    assert kinds(items) == ["Skipped", "Skipped", "Article"]
    assert items[0].reason == "empty file"
    assert "over the 10,000,000-byte limit" in items[1].reason
    assert items[2].origin == f"{huge}:2"


def test_missing_path_is_found_before_anything_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    items = scan_paths([good, tmp_path / "missing.txt", tmp_path / "gone"])
    with pytest.raises(SourceError) as info:
        next(items)  # not after good.txt was read (and coded, and thrown away)
    assert "missing.txt" in str(info.value) and "gone" in str(info.value)


def test_same_record_id_from_two_outlets_is_two_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "1", "source": "AP", "published": "2023-04-16", "text": "Putin met Xi."},
        {"id": "1", "source": "AFP", "published": "2023-04-16", "text": "Scholz met Macron."},
        {"id": "1", "source": "AP", "published": "2023-04-16", "text": "Putin met Xi."},
        {"id": "7", "published": "2023-04-16", "text": "Biden met Lula."},
        {"id": "7", "published": "2023-04-16", "text": "Modi met Kishida."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(scan_paths([feed]))
    ids = [a.id for a in items]
    assert ids[0] != ids[1]  # (outlet, id), never a bare id across outlets
    assert ids[0] == ids[2]  # the same outlet's record read again
    assert ids[3] != ids[4]  # no outlet: the content says who is who
    assert {a.record_id for a in items} == {"1", "7"}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1066-10-14"])
def test_publication_dates_outside_the_sane_range_are_skips(tmp_path, day):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"published": day, "text": "Germany accused France of blocking the deal."},
        {"published": "2023-04-16", "text": "Putin met Xi."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(scan_paths([feed]))
    assert kinds(items) == ["Skipped", "Article"]
    assert day in items[0].reason and "--dates" in items[0].reason
    wide = list(scan_paths([feed], dates=PublishedRange(date(1000, 1, 1), date(9999, 12, 31))))
    assert kinds(wide) == (["Skipped", "Article"] if day == "0001-01-01" else ["Article"] * 2)


def test_published_range_from_text():
    assert PublishedRange.parse("1987-01-01..1987-12-31") == PublishedRange(
        date(1987, 1, 1), date(1987, 12, 31)
    )
    assert PublishedRange.parse("1900-01-01..").latest is None
    with pytest.raises(SourceError):
        PublishedRange.parse("yesterday..today")


def test_a_pretty_printed_json_array_is_read_record_by_record(tmp_path):
    path = tmp_path / "feed.json"
    rows = [
        {"published": "2023-04-16", "text": "Putin met Xi."},
        {"title": "no date", "text": "Biden met Scholz."},
        {"published": "2023-04-17", "text": "Germany condemned Iran."},
    ]
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    items = list(scan_paths([path]))
    assert kinds(items) == ["Article", "Skipped", "Article"]
    assert items[1].origin == f"{path}:6"  # the line its record starts on
    single = tmp_path / "one.json"
    single.write_text(json.dumps(rows[0], indent=2), encoding="utf-8")
    assert kinds(scan_paths([single])) == ["Article"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows, indent=2)[:-40], encoding="utf-8")
    cut = list(scan_paths([broken]))
    assert kinds(cut) == ["Article", "Skipped", "Skipped"]
    assert "not valid JSON" in cut[-1].reason


def test_csv_from_stdin_is_recognized_or_named(monkeypatch):
    import io
    import sys

    from dateline.read import scan_stream

    csv_text = b'title,published,text\nTalks,2023-04-16,"Putin met Xi, again."\n'
    items = list(scan_stream(io.BytesIO(csv_text), name="<stdin>", kind=""))
    assert kinds(items) == ["Article"] and items[0].text == "Putin met Xi, again."
    odd = b"when;story\n2023-04-16;Putin met Xi.\n"  # no header dateline knows: say so
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(odd)))
    named = list(scan_paths(["-"], kind="csv", fields={"published": "when", "text": "story"}))
    assert kinds(named) == ["Skipped"]  # ';' is not a CSV delimiter: the columns are missing
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(odd.replace(b";", b","))))
    named = list(scan_paths(["-"], kind="csv", fields={"published": "when", "text": "story"}))
    assert kinds(named) == ["Article"]


def test_article_id_depends_on_content_source_and_day():
    day = date(2023, 4, 16)
    assert article_id("A  story.", published=day) == article_id("A story.", published=day)
    assert article_id("A story.") != article_id("Another story.")
    assert article_id("A story.", source="AP") != article_id("A story.", source="Reuters")
    assert article_id("A story.", published=day) != article_id(
        "A story.", published=date(2023, 4, 17)
    )


def test_count_records_for_progress(tmp_path):
    from dateline.read import count_records

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("{}\n{}\n{}\n")
    (tmp_path / "c.csv").write_text("title,text\nT,x\nU,y\n", encoding="utf-8")
    assert count_records([tmp_path]) == 1 + 3 + 2
    assert count_records(["-"]) is None


def test_a_stray_byte_leaves_a_utf8_story_utf8(tmp_path):
    story = "date 2023-04-16 Erdoğan meets Putin\n\nErdoğan met Putin in Sochi — again.\n"
    path = tmp_path / "stray.txt"
    path.write_bytes(story.encode() + b"A stray \x92 byte.\n")
    [article] = scan_paths([path])
    assert "Erdoğan met Putin in Sochi — again." in article.text  # not 'Erdoƒüan', '‚Äî'
    assert "\ufffd" in article.text  # the broken byte shows, nothing is invented


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café talks in Zürich; Lech Wałęsa’s “visit”.", "cp1250"),
        ("Café talks in Zürich, said the minister's aide.", "latin-1"),
        ("He said they don’t know “why”.", "mac_roman"),
        ("He said they don’t know “why” – yet…", "cp1252"),
    ],
)
def test_legacy_encodings_are_read_per_record_in_jsonl_and_csv(tmp_path, text, encoding):
    csv_path = tmp_path / "feed.csv"
    csv_path.write_bytes(
        b"title,published,text\n"
        + f'T,2023-04-16,"{text}"\n'.encode(encoding)
        + b'U,2023-04-17,"Plain ASCII story."\n'
    )
    jsonl_path = tmp_path / "feed.jsonl"
    jsonl_path.write_bytes(
        b'{"published": "2023-04-16", "text": "'
        + text.encode(encoding)
        + b'"}\n'
        + json.dumps({"published": "2023-04-16", "text": "Grüße"}).encode()
        + b"\n"
    )
    for path in (csv_path, jsonl_path):
        items = list(scan_paths([path]))
        assert kinds(items) == ["Article", "Article"]
        assert items[0].text == text and "\ufffd" not in items[0].text


def test_an_encoding_that_cannot_be_told_is_a_skip_not_a_guess(tmp_path):
    path = tmp_path / "feed.jsonl"
    mixed = "Erdoğan".encode() + b" said " + "café".encode("latin-1") * 6
    path.write_bytes(
        b'{"published": "2023-04-16", "text": "' + mixed + b'"}\n'
        b'{"published": "2023-04-16", "text": "OK \xa7\xb6\xd7\xf7 \x8a\x9a"}\n'
    )
    items = list(scan_paths([path]))
    assert kinds(items) == ["Skipped", "Skipped"]
    assert "mixes UTF-8" in items[0].reason
    assert "convert it to UTF-8" in items[1].reason
