import gzip
import json
from datetime import date

import pytest

from dateline.errors import RecordError, SourceError
from dateline.ingest import article_id, parse_published, read_dated_text, scan_paths
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


def test_jsonl_good_and_bad_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "published": "2023-04-16", "title": "T", "text": "Putin met Xi."},
        {"id": "b", "text": "No date here."},
        "not json",
        {"date": "2023-04-17", "body": "Body as text."},
    ]
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    items = list(scan_paths([path]))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert articles[0].id == "a"
    assert articles[1].text == "Body as text."
    assert [s.origin for s in skipped] == [f"{path}:2", f"{path}:3"]
    assert "no usable 'published' or 'date'" in skipped[0].reason


def test_directory_gzip_and_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(STORY, encoding="utf-8")
    with gzip.open(tmp_path / "two.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"published": "2023-04-16", "text": "Xi met Putin."}) + "\n")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    articles = [i for i in scan_paths([tmp_path]) if isinstance(i, Article)]
    assert len(articles) == 2
    again = [i for i in scan_paths([tmp_path]) if isinstance(i, Article)]
    assert [a.id for a in articles] == [a.id for a in again]


def test_article_id_depends_on_content_and_source():
    assert article_id("A  story.") == article_id("A story.")
    assert article_id("A story.") != article_id("Another story.")
    assert article_id("A story.", source="AP") != article_id("A story.", source="Reuters")


def test_invalid_utf8_and_missing_path(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"date 2023-04-16 T\n\n\xff\xfe broken")
    items = list(scan_paths([bad]))
    assert isinstance(items[0], Skipped) and "UTF-8" in items[0].reason
    with pytest.raises(SourceError):
        list(scan_paths([tmp_path / "missing.txt"]))
