"""The event lake: written whole or not at all, read through DuckDB behind the `Store`
interface with the SQLite store's answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REPO
from dateline.cli import main
from dateline.errors import NotADatelineError, StoreError, StoreMissingError
from dateline.scale import annotate, commit
from dateline.scale.engine import file_tasks, ingest_lake
from dateline.scale.lake import TMP_PREFIX, Generation, Lake, atomic_folder
from dateline.store import EventFilter, LakeStore, Store, open_store


@pytest.fixture(scope="module")
def examples_lake(tmp_path_factory):
    """The examples ingested into a lake by the local engine (in this process)."""
    root = tmp_path_factory.mktemp("lake") / "examples"
    report = ingest_lake([REPO / "examples"], root)
    assert report.as_dict()["stored"] == 11
    return root


FILTERS = [
    EventFilter(),
    EventFilter(country="rus"),
    EventFilter(actor="PUTIN"),  # SQLite's LIKE ignores case; so does the lake
    EventFilter(dyad=("USA", "CHN"), directed=False),
    EventFilter(dyad=("USA", "CHN")),
    EventFilter(event_type=("consult", "AGREE")),
    EventFilter(quad_class=4),
    EventFilter(date_from="2023-01", date_to="2023-03"),
    EventFilter(date_from="2022-11-14"),
    EventFilter(date_to="2022"),
    EventFilter(place="Washington"),
    EventFilter(min_sources=2),
    EventFilter(include_negated=False, include_hypothetical=False),
]


@pytest.mark.parametrize("selection", FILTERS, ids=repr)
def test_lake_answers_every_filter_as_the_sqlite_store(selection, examples_db, examples_lake):
    with Store(examples_db, readonly=True) as local, LakeStore(examples_lake) as lake:
        assert lake.count(selection) == local.count(selection)
        assert lake.events(selection) == local.events(selection)
        assert lake.events(selection, limit=3, offset=2) == local.events(
            selection, limit=3, offset=2
        )
        for period in ("day", "week", "month", "year"):
            assert lake.timeline(selection, period=period) == local.timeline(
                selection, period=period
            )


def test_lake_answers_the_other_queries_as_the_sqlite_store(examples_db, examples_lake):
    with Store(examples_db, readonly=True) as local, LakeStore(examples_lake) as lake:
        assert lake.summary() == local.summary()
        assert lake.quotes(speaker="biden") == local.quotes(speaker="biden")
        assert lake.actors(kind="person", country="RUS") == local.actors(
            kind="person", country="RUS"
        )
        assert lake.office_tables() == local.office_tables() == []
        for words in ("Putin", "grain deal", '"Black Sea"', "zzzz"):
            found, expected = lake.search(words), local.search(words)
            key = lambda row: row["mention_id"]  # noqa: E731  (ranked by bm25 in SQLite)
            assert sorted(found, key=key) == sorted(expected, key=key), words
        article = local.events()[0]["mentions"][0]["article_id"]
        assert lake.has_article(article) and not lake.has_article("nope")
        with pytest.raises(StoreError, match="FTS5"):
            lake.search("Putin OR Xi", raw=True)
        with pytest.raises(StoreError, match="lake"):
            lake.write([])


def test_a_part_is_there_whole_or_not_at_all(tmp_path, monkeypatch):
    lake = Lake(tmp_path / "lake")
    lake.create()
    part = lake.staging / "part"
    with pytest.raises(RuntimeError), atomic_folder(part) as folder:
        (folder / "articles.parquet").write_bytes(b"half")
        raise RuntimeError("killed while writing")
    assert not part.exists() and list(lake.staging.iterdir()) == []

    # A writer killed with SIGKILL cleans nothing: its temporary folder stays, unread.
    (lake.staging / f"{TMP_PREFIX}dead-part").mkdir()
    assert list(lake.staged()) == []
    # A worker that dies inside a task's writing leaves no part, and the task runs again.
    task = next(file_tasks([REPO / "examples"]))
    monkeypatch.setattr(
        annotate.PartWriter, "close", lambda self: (_ for _ in ()).throw(MemoryError())
    )
    with pytest.raises(MemoryError):
        annotate.annotate_file(task, str(lake.root))
    assert [p.name for p in lake.staged()] == []
    monkeypatch.undo()
    summary = annotate.annotate_file(task, str(lake.root))
    assert summary["coded"] == 1 and not summary["reused"]
    assert annotate.annotate_file(task, str(lake.root))["reused"]


def test_a_commit_killed_halfway_leaves_the_last_generation(tmp_path, monkeypatch):
    root = tmp_path / "lake"
    story = REPO / "examples" / "04_finland_joins_nato.txt"
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
    (first / "one.txt").write_bytes(story.read_bytes())
    swap = REPO / "examples" / "06_ukraine_russia_prisoner_swap.txt"
    (second / "two.txt").write_bytes(swap.read_bytes())
    ingest_lake([first], root)
    with LakeStore(root) as lake:
        before = lake.events()
    monkeypatch.setattr(commit, "flush_events", lambda *a: (_ for _ in ()).throw(OSError("disk")))
    with pytest.raises(OSError):
        ingest_lake([second], root)
    monkeypatch.undo()
    with LakeStore(root) as lake:  # the generation before, whole; the new files not in sight
        assert lake.events() == before and lake.counts()["articles"] == 1
    report = ingest_lake([second], root)  # the coded part is reused, then committed
    assert report.coded == 0 and report.as_dict()["stored"] == 1
    lake = Lake(root)
    assert lake.current().name == "g-000002"
    kept = [lake.current(), Generation.from_json(json.loads(manifest(lake, "g-000001")))]
    named = {f for g in kept for files in g.files.values() for f in files}
    on_disk = {
        str(p.relative_to(lake.data))
        for p in lake.data.rglob("*.parquet")
        if not str(p.relative_to(lake.data)).startswith("events/")
    }
    assert on_disk == named  # the failed commit's table files were removed
    # the generation replaced stays for readers still on it; older ones go
    assert sorted(p.name for p in (lake.data / "events").iterdir()) == ["g-000001", "g-000002"]


def manifest(lake: Lake, name: str) -> str:
    return (lake.root / "manifests" / f"{name}.json").read_text(encoding="utf-8")


def test_an_open_lake_store_reads_what_was_committed_since(tmp_path):
    root = tmp_path / "lake"
    stories = [
        REPO / "examples" / n
        for n in ("02_black_sea_grain_deal.txt", "07_north_korea_icbm_launch.txt")
    ]
    folders = []
    for number, story in enumerate(stories):
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / story.name).write_bytes(story.read_bytes())
        folders.append(folder)
    ingest_lake([folders[0]], root)
    with LakeStore(root) as store:
        before = store.count()
        ingest_lake([folders[1]], root)
        ingest_lake([folders[0], folders[1]], root)  # nothing new: no commit
        assert store.count() > before and store.counts()["articles"] == 2
        assert store.generation.name == "g-000002"


def test_only_lakes_are_opened(tmp_path):
    with pytest.raises(StoreMissingError):
        LakeStore(tmp_path / "none")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(NotADatelineError):
        LakeStore(other)
    with pytest.raises(NotADatelineError):
        Lake(other).create()
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    with pytest.raises(StoreMissingError):
        open_store(f"lake:{tmp_path / 'none'}", readonly=True)


def test_cli_ingests_into_a_lake_and_reads_it_like_a_database(tmp_path, examples_db):
    runner = CliRunner()
    lake = f"lake:{tmp_path / 'lake'}"
    result = runner.invoke(main, ["ingest", str(REPO / "examples"), "--db", lake])
    assert result.exit_code == 0, result.output
    for command in (["events", "--format", "jsonl"], ["timeline", "--format", "csv"]):
        from_lake = runner.invoke(main, [*command, "--db", lake])
        from_sqlite = runner.invoke(main, [*command, "--db", str(examples_db)])
        assert from_lake.exit_code == 0 and from_lake.stdout == from_sqlite.stdout
    out = tmp_path / "events.parquet"
    result = runner.invoke(main, ["export", "--format", "parquet", "--out", str(out), "--db", lake])
    assert result.exit_code == 0 and out.stat().st_size > 0
    from_lake = runner.invoke(main, ["summary", "--db", lake])
    from_sqlite = runner.invoke(main, ["summary", "--db", str(examples_db)])
    assert from_lake.exit_code == 0
    assert from_lake.stdout.replace(lake, "DB") == from_sqlite.stdout.replace(
        str(examples_db), "DB"
    )
    result = runner.invoke(main, ["ingest", str(REPO / "examples"), "--engine", "dask"])
    assert result.exit_code == 2 and "lake:" in result.output
    result = runner.invoke(main, ["events", "--db", f"lake:{tmp_path / 'missing'}"])
    assert result.exit_code == 1 and "D401" in result.output
    assert json.loads((tmp_path / "lake" / "dateline-lake.json").read_text())["version"] == 1
