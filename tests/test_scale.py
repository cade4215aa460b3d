"""The Dask engine: a real 2-worker local cluster codes the examples into a lake; the events
(and every table) equal those of a local ingest into SQLite, and a worker killed mid-job
leaves a whole lake with nothing twice and nothing partial."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from conftest import REPO
from dateline.errors import EngineError
from dateline.scale.annotate import FileTask
from dateline.scale.engine import dask_client, ingest_lake, run_dask
from dateline.scale.lake import TMP_PREFIX, Lake
from dateline.store import LakeStore, Store


@pytest.fixture(scope="module")
def client():
    """A local Dask cluster of two single-threaded worker processes, as `--engine dask
    --workers 2` starts one."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            scheduler_port=0,
            dashboard_address=":0",
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def tables(store: Store | LakeStore) -> dict[str, object]:
    """What a store holds, through the `Store` interface only."""
    events = store.events()
    article_ids = {m["article_id"] for e in events for m in e["mentions"]}
    return {
        "events": events,
        "mentions": list(store.mentions()),
        "articles": store.articles(article_ids),
        "stories": {i: store.story(i) for i in sorted(article_ids)},
        "quotes": store.quotes(),
        "actors": store.actors(limit=None),
        "skipped": store.skipped(),
        "counts": store.counts(),
        "timeline": store.timeline(period="week"),
    }


def test_dask_engine_gives_the_events_of_a_local_ingest(client, examples_db, tmp_path):
    report = ingest_lake([REPO / "examples"], tmp_path / "lake", engine="dask", client=client)
    assert report.as_dict()["stored"] == 11 and report.skipped == 0
    with Store(examples_db, readonly=True) as local, LakeStore(tmp_path / "lake") as lake:
        expected, found = tables(local), tables(lake)
        assert len(expected["events"]) > 30  # not a vacuous comparison
        for name in expected:
            assert found[name] == expected[name], name


def test_a_worker_killed_mid_job_leaves_a_whole_lake(client, examples_db, tmp_path):
    pids = client.run(os.getpid)
    killed: list[tuple[str, list]] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for address, keys in client.processing().items():
                coding = [k for k in keys if str(k).startswith("annotate-")]
                if coding and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.append((address, coding))
                    return
            time.sleep(0.002)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    root = tmp_path / "lake"
    report = ingest_lake([REPO / "examples"], root, engine="dask", client=client)
    killer.join()
    assert killed, "no worker was busy to kill"
    assert report.as_dict()["stored"] == 11 and report.skipped == 0
    lake = Lake(root)
    generation = lake.current()
    # one whole part per input file was committed, and nothing else is left
    assert len(generation.inputs) == len({i["key"] for i in generation.inputs}) == 11
    assert [p for p in root.rglob("*") if p.name.startswith(TMP_PREFIX)] == []
    assert list(lake.staging.iterdir()) == []
    assert all(len(files) <= 1 for files in generation.files.values())
    partitions = sorted((root / "data" / generation.events).glob("event_date=*"))
    assert partitions and all(len(list(p.glob("*.parquet"))) == 1 for p in partitions)
    with Store(examples_db, readonly=True) as local, LakeStore(root) as stored:
        events = stored.events()
        assert len({e["event_id"] for e in events}) == len(events)
        assert events == local.events()
        assert len(list(stored.mentions())) == len(list(local.mentions()))


def test_a_task_that_fails_on_the_workers_comes_back_as_a_failure(client, tmp_path):
    gone = tmp_path / "gone.txt"  # deleted after the task was made: the worker cannot read it
    task = FileTask(index=0, path=str(gone), absolute=str(gone), key="k" * 24)
    lake = Lake(tmp_path / "lake")
    lake.create()
    [summary] = run_dask([task], lake, scheduler=None, workers=1, done=print, client=client)
    assert "gone.txt" in summary["failed"] and "SourceError" in summary["failed"]
    assert not (lake.staging / task.key).exists()


def test_rerun_codes_nothing_and_counts_duplicates(tmp_path):
    root = tmp_path / "lake"
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "a.txt").write_bytes(
        (REPO / "examples" / "02_black_sea_grain_deal.txt").read_bytes()
    )
    first = ingest_lake([stories], root)
    second = ingest_lake([stories], root)
    assert first.as_dict()["stored"] == 1
    assert (second.coded, second.duplicates, second.stored) == (0, 1, 0)
    assert Lake(root).current().name == "g-000001"  # nothing new: no new generation


def test_cli_sends_the_files_to_a_running_scheduler(client, examples_db, tmp_path):
    from click.testing import CliRunner

    from dateline.cli import main

    lake = f"lake:{tmp_path / 'lake'}"
    address = client.scheduler.address
    command = ["ingest", str(REPO / "examples"), "--engine", "dask", "--db", lake]
    result = CliRunner().invoke(main, [*command, "--scheduler", address])
    assert result.exit_code == 0, result.output
    assert "stored 11" in result.output
    events = CliRunner().invoke(main, ["events", "--format", "jsonl", "--db", lake])
    expected = CliRunner().invoke(main, ["events", "--format", "jsonl", "--db", str(examples_db)])
    assert events.stdout == expected.stdout


def test_no_scheduler_at_the_address_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:9")  # nothing answers there
    with pytest.raises(EngineError, match=r"127\.0\.0\.1:9"):
        dask_client(None, 1, timeout="1s")
