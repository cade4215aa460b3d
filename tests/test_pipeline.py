"""Ingest at scale: accounting, idempotence, syndication, crash safety."""

import gzip
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, shared_file
from dateline.pipeline import RunReport, ingest
from dateline.store import Store

DATELINE = str(Path(sys.executable).with_name("dateline"))
TABLES = {
    "articles": "id, published, title, source, url, origin, text, layout, story_id, minhash",
    "mentions": "*",
    "quotes": "*",
    "actors": "*",
    "places": "*",
    "skipped": "*",
}


def reuters_slice(tmp_path: Path, count: int) -> Path:
    source = shared_file("data/reuters21578/reuters21578.jsonl.gz")
    path = tmp_path / f"reuters{count}.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as handle, path.open("w") as out:
        out.writelines(itertools.islice(handle, count))
    return path


def dump(db: Path) -> dict[str, list]:
    connection = sqlite3.connect(db)
    try:
        return {
            table: sorted(connection.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
            for table, cols in TABLES.items()
        }
    finally:
        connection.close()


def test_every_record_is_accounted_for_and_rerun_adds_nothing(tmp_path):
    feed = reuters_slice(tmp_path, 120)
    with Store(tmp_path / "a.db") as store:
        first = ingest([feed], store)
        assert first.read == 120
        assert first.stored + first.duplicates + first.skipped == first.read
        assert first.skipped > 0 and all(first.skipped_by_reason.values())
        second = ingest([feed], store)
        assert second.stored == 0
        assert second.stored + second.duplicates + second.skipped == second.read
        assert store.counts()["skipped"] == first.skipped


def story(text: str, source: str) -> dict:
    return {
        "published": "2023-04-16",
        "source": source,
        "title": "Putin meets minister",
        "text": text,
    }


def test_syndicated_copies_are_one_story(tmp_path):
    text = (
        "MOSCOW (AP) — Russian President Vladimir Putin met with China’s defense minister "
        "on Sunday, underscoring Beijing’s strengthening engagement with Moscow. " * 3
    )
    edited = text.replace("underscoring", "highlighting", 1)
    other = "BERLIN (AP) — Germany and France agreed on Monday to expand their gas links."
    feed = tmp_path / "feed.jsonl"
    rows = [story(text, "AP"), story(text, "AP"), story(edited, "Daily Star"), story(other, "AP")]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        report = ingest([feed], store)
        assert (report.stored, report.duplicates, report.syndicated) == (3, 1, 1)
        stories = store.db.execute(
            "SELECT story_id, COUNT(*) n FROM articles GROUP BY story_id ORDER BY n DESC"
        ).fetchall()
        assert [row["n"] for row in stories] == [2, 1]
        copies = store.story(stories[0]["story_id"])
        assert sorted(c["source"] for c in copies) == ["AP", "Daily Star"]


def test_non_english_stories_are_skipped_with_a_reason(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        story(
            "Le président russe a rencontré dimanche le ministre chinois de la défense "
            "à Moscou, a annoncé le Kremlin dans un communiqué.",
            "AFP",
        )
    ]
    feed.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    with Store(tmp_path / "l.db") as store:
        report = ingest([feed], store)
    assert report.skipped == 1
    assert next(iter(report.skipped_by_reason)).startswith("language: not English")


def test_report_json_keys(tmp_path):
    feed = reuters_slice(tmp_path, 30)
    out = tmp_path / "report.json"
    subprocess.run(
        [DATELINE, "ingest", str(feed), "--db", str(tmp_path / "r.db"), "--report-json", str(out)],
        capture_output=True,
        cwd=REPO,
        timeout=300,
    )
    report = json.loads(out.read_text())
    for key in ("read", "stored", "duplicates", "skipped"):
        assert isinstance(report[key], int)
    assert isinstance(report["skipped_by_reason"], dict)
    assert report["stored"] + report["duplicates"] + report["skipped"] == report["read"]


def child_pids(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc)."""
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_kill_and_rerun_ends_in_the_same_database(tmp_path):
    count = int(os.environ.get("DATELINE_KILL_TEST_STORIES", "2000"))
    feed = reuters_slice(tmp_path, count)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    command = [DATELINE, "ingest", str(feed), "--batch-size", "25", "--workers", "2"]
    subprocess.run([*command, "--db", str(clean)], capture_output=True, cwd=REPO, timeout=900)

    process = subprocess.Popen(
        [*command, "--db", str(killed)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 600
    while time.time() < deadline:  # kill once some batches are committed, mid-run
        time.sleep(0.5)
        if killed.exists():
            try:
                connection = sqlite3.connect(killed, timeout=1)
                stored = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                connection.close()
            except sqlite3.Error:
                continue
            if stored >= count // 4:
                break
    workers = child_pids(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < count
    assert len(workers) >= 2  # the workers (and multiprocessing's resource tracker)
    deadline = time.time() + 30
    while time.time() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers), "workers outlived their killed parent"
    rerun = subprocess.run(
        [*command, "--db", str(killed)], capture_output=True, text=True, cwd=REPO, timeout=900
    )
    assert rerun.returncode in (0, 3), rerun.stderr
    assert dump(killed) == dump(clean)


def test_run_report_counts_reasons():
    from dateline.records import Skipped

    report = RunReport()
    report.skip(Skipped(origin="a.jsonl:3", stage="read", reason="record has no text"))
    report.skip(Skipped(origin="a.jsonl:9", stage="read", reason="record has no text"))
    assert report.skipped == 2
    assert report.as_dict()["skipped_by_reason"] == {"read: record has no text": 2}


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_give_the_same_result(tmp_path, workers):
    feed = reuters_slice(tmp_path, 40)
    with Store(tmp_path / f"w{workers}.db") as store:
        ingest([feed], store, workers=workers, batch_size=7)
    with Store(tmp_path / "w1ref.db") as store:
        ingest([feed], store, workers=1, batch_size=40)
    assert dump(tmp_path / f"w{workers}.db") == dump(tmp_path / "w1ref.db")


def blas_threads(_: object) -> list[int]:
    import scipy.integrate  # noqa: F401  (a second BLAS, loaded after the worker started)
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_each_worker_runs_one_blas_thread():
    """Two workers on two cores with two BLAS threads each ran ~30% slower: the limit must
    reach the BLAS numpy loads, whatever the order of imports."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from dateline.pipeline import start_worker

    with ProcessPoolExecutor(2, mp_context=get_context("spawn"), initializer=start_worker) as pool:
        threads = list(pool.map(blas_threads, [0, 1]))
    assert len(threads) == 2 and all(len(found) == 2 for found in threads)
    assert threads == [[1, 1], [1, 1]]


def write_feed(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_per_file_row_ids_from_two_outlets_are_both_stored_and_every_record_reported(tmp_path):
    first = write_feed(
        tmp_path / "ap.jsonl",
        [{"id": "1", "source": "AP", **story("Putin met Xi in Moscow on Sunday.", "AP")}],
    )
    second = write_feed(
        tmp_path / "afp.jsonl",
        [
            {"id": "1", **story("Scholz met Macron in Paris on Sunday to discuss energy.", "AFP")},
            {"id": "1", **story("Scholz met Meloni in Rome on Monday.", "AFP")},
            {"published": "0001-01-01", "text": "Germany accused France of blocking the deal."},
        ],
    )
    lines: list[dict] = []
    with Store(tmp_path / "ids.db") as store:
        report = ingest([first, second], store, on_record=lines.append)
        assert (report.read, report.stored, report.skipped) == (4, 2, 2)
        assert store.counts()["articles"] == 2
        again = ingest([first], store, on_record=lines.append)
        assert (again.read, again.duplicates) == (1, 1)
        assert store.counts()["events"] > 0  # a bad date never stops merging
    # one line per record read (skips may come before the stories coded around them)
    first_run = {line["origin"]: line for line in lines[:4]}
    assert {origin: line["status"] for origin, line in first_run.items()} == {
        f"{first}:1": "stored",
        f"{second}:1": "stored",
        f"{second}:2": "skipped",
        f"{second}:3": "skipped",
    }
    assert "record id '1' of AFP" in first_run[f"{second}:2"]["reason"]
    assert "0001-01-01" in first_run[f"{second}:3"]["reason"]
    assert (lines[4]["origin"], lines[4]["status"]) == (f"{first}:1", "duplicate")
    assert lines[4]["article_id"] == first_run[f"{first}:1"]["article_id"]


def test_a_fixed_record_leaves_the_skipped_table(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{not json\n", encoding="utf-8")
    with Store(tmp_path / "fix.db") as store:
        ingest([feed], store)
        ingest([feed], store)
        assert store.counts()["skipped"] == 1
        write_feed(feed, [story("Putin met Xi in Moscow on Sunday.", "AP")])
        report = ingest([feed], store)
        assert report.stored == 1
        assert store.counts()["skipped"] == 0


def test_queries_see_events_during_an_ingest(tmp_path):
    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            story("Putin met Xi in Moscow on Sunday to discuss trade.", "AP"),
            story("Germany accused Iran on Sunday of supplying drones to Russia.", "AFP"),
            story("Scholz met Macron in Paris on Sunday to discuss energy.", "DPA"),
        ],
    )
    path = tmp_path / "during.db"
    seen: list[tuple[int, int]] = []

    def look(report: RunReport) -> None:
        with Store(path, readonly=True) as reader:  # another connection, as `serve` would be
            merged = reader.db.execute("SELECT COUNT(*) FROM event_mentions").fetchone()[0]
            counted = reader.db.execute(  # low-confidence mentions are stored, never merged
                "SELECT COUNT(*) FROM mentions WHERE low_confidence = 0"
            ).fetchone()[0]
            seen.append((counted, merged))

    with Store(path) as store:
        ingest([feed], store, batch_size=1, progress=look)
    assert len(seen) >= 3 and seen[-1][0] > 0
    assert all(mentions == merged for mentions, merged in seen)
