"""Ingest into a lake: each input file coded by `annotate_file` on some worker (this process,
local processes or a Dask cluster), then one commit in input order (`commit.py`).

`--engine local` runs the files in this process (`workers=1`) or a local process pool;
`--engine dask` submits them to a Dask scheduler: `scheduler` (or `DASK_SCHEDULER_ADDRESS`)
names a running one, else a local cluster of `workers` processes starts for the job. Dask
reruns the task of a worker that dies; a part appears by one rename, so a task run twice, or
killed halfway, leaves one whole part or none. A file whose task fails on every try (Dask
gives up after a few dead workers) is a counted skip, like any bad record, and the rest of the
job is committed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from ..errors import EngineError, SourceError
from ..pipeline import RunReport, outcome_line
from ..read import SANE_DATES, PublishedRange, check_paths, input_files
from ..records import Skipped
from .annotate import FileTask, annotate_file, task_key
from .commit import commit
from .lake import Lake

ENGINES = ("local", "dask")


def file_tasks(
    paths: Sequence[str | Path],
    *,
    source: str = "",
    fields: Mapping[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    kind: str = "",
    dates: PublishedRange = SANE_DATES,
) -> Iterator[FileTask | Skipped]:
    """One task per input file, in input order (and a Skipped for each non-story file)."""
    settings = {"source": source, "fields": sorted((fields or {}).items()), "kind": kind}
    settings["dates"] = f"{dates.earliest}..{dates.latest or ''}"
    for index, item in enumerate(
        input_files(check_paths(paths), include=include, exclude=exclude, kind=kind)
    ):
        if isinstance(item, Skipped):
            yield item
            continue
        if str(item) == "-":
            raise SourceError(
                "standard input cannot be shared out to workers",
                hint="save it to a file and ingest that, or leave out --db lake: / --engine",
            )
        yield FileTask(
            index=index,
            path=str(item),
            absolute=str(Path(item).absolute()),
            key=task_key(item, settings=settings),
            source=source,
            fields=tuple(sorted((fields or {}).items())),
            kind=kind,
            dates=dates,
        )


def ingest_lake(
    paths: Sequence[str | Path],
    lake_root: str | Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 1,
    source: str = "",
    fields: Mapping[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    kind: str = "",
    dates: PublishedRange = SANE_DATES,
    progress: Callable[[RunReport], None] | None = None,
    on_record: Callable[[dict], None] | None = None,
    client=None,  # a distributed.Client to run on (default: from `scheduler` or a new cluster)
) -> RunReport:
    """Read, code and commit stories into the lake at `lake_root`; idempotent: files already
    committed are counted, not coded again, and a killed job's coded files are reused."""
    if engine not in ENGINES:
        raise EngineError(f"engine '{engine}' is none of {', '.join(ENGINES)}")
    report = RunReport(keep_skipped=False)
    started = time.perf_counter()
    lake = Lake(Path(lake_root).absolute())
    items = list(
        file_tasks(
            paths,
            source=source,
            fields=fields,
            include=include,
            exclude=exclude,
            kind=kind,
            dates=dates,
        )
    )
    lake.create()
    committed = {entry["key"]: entry for entry in lake.current().inputs}
    tasks: list[FileTask] = []
    for item in items:
        if isinstance(item, Skipped):
            report.read += 1
            report.skip(item)
            if on_record is not None:
                on_record(skip_line(item))
        elif item.key in committed:  # committed before: every record read again
            report.read += committed[item.key]["read"]
            report.duplicates += committed[item.key]["stored"]
        else:
            tasks.append(item)

    def done(summary: dict) -> None:
        report.read += summary["read"]
        if not summary.get("reused"):  # coded by a job that died before its commit: reused
            report.coded += summary["coded"]
            report.mentions += summary["mentions"]
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)

    if not tasks:  # every file committed before (or none to read): nothing to commit
        report.seconds = time.perf_counter() - started
        return report
    if engine == "dask":
        summaries = run_dask(
            tasks, lake, scheduler=scheduler, workers=workers, done=done, client=client
        )
    else:
        summaries = run_local(tasks, lake, workers=workers, done=done)
    failed = [s for s in summaries if s.get("failed")]
    for summary in failed:
        item = Skipped(origin=summary["path"], stage="coding", reason=summary["failed"])
        report.skip(item)
        if on_record is not None:
            on_record(skip_line(item))
    lines = (lambda outcome: on_record(outcome_line(outcome))) if on_record else None
    commit(
        lake,
        [s for s in summaries if not s.get("failed")],
        report,
        skipped=[i for i in items if isinstance(i, Skipped)],
        on_record=lines,
    )
    report.seconds = time.perf_counter() - started
    return report


def skip_line(item: Skipped) -> dict:
    return {
        "origin": item.origin,
        "status": "skipped",
        "article_id": item.record_id,
        "story_id": "",
        "reason": f"{item.stage}: {item.reason}",
    }


def run_local(
    tasks: list[FileTask], lake: Lake, *, workers: int, done: Callable[[dict], None]
) -> list[dict]:
    """The files in this process, or in a local process pool of `workers`."""
    summaries = []
    if workers <= 1:
        for task in tasks:
            summaries.append(annotate_file(task, str(lake.root)))
            done(summaries[-1])
        return summaries
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(annotate_file, task, str(lake.root)): task for task in tasks}
        for future in as_completed(futures):
            summaries.append(future.result())
            done(summaries[-1])
    return summaries


def dask_client(
    scheduler: str | None, workers: int, *, timeout: str = "30s"
):  # -> distributed.Client
    """A client of the scheduler at `scheduler` (or DASK_SCHEDULER_ADDRESS), else of a local
    cluster of `workers` single-threaded processes started for this job."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            "the Dask engine needs Dask distributed, which is not installed",
            hint="pip install 'dateline[dask]'",
        ) from exc
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            return Client(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise EngineError(
                f"no Dask scheduler answers at {address} ({exc})",
                hint="start one with 'dask scheduler' and workers with 'dask worker ADDRESS' "
                "(docs/scale.md), or leave out --scheduler for a local cluster",
            ) from exc
    import dask

    # The workers' statistical profiler samples every thread's stack each 10 ms: ~10% of a
    # CPU-bound coding task (measured: 2,000 stories took 33.3 s with it, 30.1 s without).
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            scheduler_port=0,
            dashboard_address=":0",
            silence_logs=40,  # logging.ERROR: a dead worker's restart is not the user's news
        )
    return Client(cluster)


def run_dask(
    tasks: list[FileTask],
    lake: Lake,
    *,
    scheduler: str | None,
    workers: int,
    done: Callable[[dict], None],
    client=None,  # a distributed.Client to use (tests); else one from dask_client
) -> list[dict]:
    """The files as Dask tasks; a task whose file keeps killing workers becomes a failure
    that the caller counts as a skip."""
    from distributed import as_completed

    own = client is None
    client = client or dask_client(scheduler, workers)
    try:
        futures = client.map(
            annotate_file,
            tasks,
            lake_root=str(lake.root),
            key=[f"annotate-{task.key}" for task in tasks],
            retries=1,
        )
        summaries = []
        for future in as_completed(futures):
            if future.status == "finished":
                summaries.append(future.result())
                done(summaries[-1])
                continue
            task = tasks[futures.index(future)]
            error = future.exception()
            summaries.append(
                {
                    "key": task.key,
                    "index": task.index,
                    "path": task.path,
                    "failed": f"{task.path}: the worker task failed ({type(error).__name__}: "
                    f"{error})",
                }
            )
        return summaries
    finally:
        if own:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
