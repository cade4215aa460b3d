"""The SQLite store: schema guard, role holders across stories, actors listing."""

import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import (
    NotADatelineError,
    SchemaError,
    StoreError,
    StoreMissingError,
)
from dateline.pipeline import ingest
from dateline.records import Article, Extraction, Paragraph, ParsedArticle, Skipped, article_id
from dateline.store import EventFilter, Store
from dateline.store.schema import SCHEMA_VERSION
from dateline.syndication import signature, to_bytes

STORIES = {
    "a.txt": "date 2022-06-10 Talks\n\nSINGAPORE (DLW) — China’s Defense Minister Wei Fenghe "
    "met U.S. Defense Secretary Lloyd Austin on Friday.\n",
    "b.txt": "date 2023-03-20 New minister\n\nBEIJING (DLW) — China’s new Defense Minister "
    "Li Shangfu met Pakistani officials on Monday.\n",
    "c.txt": "date 2022-07-05 Warning\n\nBEIJING (DLW) — China’s defense minister criticized "
    "Washington on Tuesday.\n",
    "d.txt": "date 2023-05-02 Warning\n\nBEIJING (DLW) — China’s defense minister criticized "
    "Washington on Tuesday.\n",
}


def test_a_role_that_changes_hands_resolves_by_date(tmp_path):
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "roles.db") as store:
        ingest([tmp_path / "a.txt", tmp_path / "b.txt"], store)
        ingest([tmp_path / "c.txt", tmp_path / "d.txt"], store)
        accusations = store.events(EventFilter(event_type=("ACCUSE",)))
        by_day = {e["date"]["start"]: e["source"][0] for e in accusations}
        assert by_day["2022-07-05"]["name"] == "Wei Fenghe"
        assert by_day["2023-05-02"]["name"] == "Li Shangfu"
        assert "defense minister" in by_day["2023-05-02"]["text"]
        people = {row["name"]: row for row in store.actors(kind="person")}
        assert people["Li Shangfu"]["country"] == "CHN"
        assert people["Wei Fenghe"]["first_seen"] == "2022-06-10"


def test_an_old_database_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "old.db"
    with Store(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    connection.commit()
    connection.close()
    with pytest.raises(SchemaError, match="another version of dateline"):
        Store(path)


def extraction(text: str, *, origin: str = "feed.jsonl:1", source: str = "AP") -> Extraction:
    """A stored story without coding (no spaCy): its article and layout only."""
    article = Article(
        id=article_id(text, source=source, published=date(2023, 4, 16)),
        published=date(2023, 4, 16),
        text=text,
        source=source,
        origin=origin,
    )
    paragraph = Paragraph(text=text, span=(0, len(text)))
    return Extraction(parsed=ParsedArticle(article=article, paragraphs=(paragraph,)))


def foreign_database(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.execute("INSERT INTO invoices VALUES (1, 9.5)")
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_reading_never_creates_a_file_or_a_folder(tmp_path):
    missing = tmp_path / "typo" / "dateline.db"
    with pytest.raises(StoreMissingError, match="no dateline database"):
        Store(missing, readonly=True)
    assert not missing.parent.exists()
    with pytest.raises(StoreMissingError):
        Store(tmp_path / "typo.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("readonly", [True, False])
def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, readonly):
    path = tmp_path / "other_app.db"
    before = foreign_database(path)
    with pytest.raises(NotADatelineError, match="not a dateline database"):
        Store(path, readonly=readonly)
    assert path.read_bytes() == before  # no tables added, still in rollback-journal mode
    text = tmp_path / "notes.db"
    text.write_text("just some text, not SQLite at all " * 200)
    with pytest.raises(NotADatelineError):
        Store(text, readonly=readonly)


def test_a_read_only_store_refuses_writes_with_a_hint(tmp_path):
    path = tmp_path / "d.db"
    with Store(path) as store:
        store.write([extraction("Putin met Xi in Moscow on Sunday.")])
    with Store(path, readonly=True) as store:
        assert store.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            store.write([extraction("Scholz met Macron in Paris.")])


def test_a_version_3_database_is_upgraded_when_opened_for_writing(tmp_path):
    path = tmp_path / "v3.db"
    connection = sqlite3.connect(path)
    connection.executescript((Path(__file__).parent / "data" / "schema_v3.sql").read_text())
    connection.execute(
        "INSERT INTO articles VALUES ('a1', '2023-04-16', 'T', 'AP', '', 'f.txt:1', 'text', "
        "'{}', 'a1', ?)",
        (to_bytes(signature("T\ntext")),),
    )
    connection.executemany(
        "INSERT INTO skipped VALUES (?, ?, ?, '')",
        [("f.jsonl:2", "read", "not valid JSON"), ("f.jsonl:2", "language", "not English")],
    )
    connection.commit()
    connection.close()
    with pytest.raises(SchemaError, match="dateline merge"):
        Store(path, readonly=True)  # reading never changes a file
    with Store(path) as store:
        assert store.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == (
            str(SCHEMA_VERSION)
        )
        assert [tuple(r) for r in store.db.execute("SELECT id, record_id FROM articles")] == [
            ("a1", "")
        ]
        assert store.counts()["skipped"] == 1
        store.write([extraction("Putin met Xi in Moscow on Sunday.")])
    with Store(path, readonly=True) as store:
        assert store.counts()["articles"] == 2


def test_two_writers_at_once_serialize_instead_of_failing(tmp_path):
    """Two ingests into one file: the second used to die with a raw IntegrityError when the
    first stored a story between its check and its insert."""
    path = tmp_path / "d.db"
    story = extraction("Putin met Xi in Moscow on Sunday.")
    first = Store(path)
    outcomes: dict[str, list] = {}
    check = first.has_article

    def write_from_another_connection() -> None:
        with Store(path) as second:
            outcomes["second"] = second.write([story])

    def racing_check(article_id: str) -> bool:
        answer = check(article_id)
        other = threading.Thread(target=write_from_another_connection)
        other.start()
        other.join(timeout=2)  # the other writer stores the story now, if it can
        return answer

    first.has_article = racing_check  # type: ignore[method-assign]
    outcomes["first"] = first.write([story])
    first.has_article = check  # type: ignore[method-assign]
    deadline = time.time() + 30
    while "second" not in outcomes and time.time() < deadline:
        time.sleep(0.05)
    statuses = sorted(o.status for o in outcomes["first"] + outcomes["second"])
    assert statuses == ["duplicate", "stored"]
    assert first.counts()["articles"] == 1
    first.close()


def test_a_skip_is_one_row_per_record_and_clears_when_the_record_is_fixed(tmp_path):
    with Store(tmp_path / "d.db") as store:
        store.write([Skipped(origin="feed.jsonl:1", stage="read", reason="not valid JSON")])
        store.write([Skipped(origin="feed.jsonl:1", stage="language", reason="not English")])
        assert [(r["origin"], r["stage"]) for r in store.skipped()] == [
            ("feed.jsonl:1", "language")
        ]
        store.write([extraction("Putin met Xi in Moscow on Sunday.", origin="feed.jsonl:1")])
        assert store.skipped() == []
