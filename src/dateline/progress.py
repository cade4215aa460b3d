"""A progress bar for long runs: rate, share done and ETA on a terminal, nothing when piped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .pipeline import RunReport


@contextmanager
def progress_bar(
    *, enabled: bool, total: int | None = None
) -> Iterator[Callable[[RunReport], None] | None]:
    """Yields a callback that shows a RunReport's progress (None when disabled).

    With a `total` (records expected) the bar shows the share done and an ETA.
    """
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("starting", total=total)

        def show(report: RunReport) -> None:
            rate = report.read / report.seconds if report.seconds else 0.0
            bar.update(
                task,
                completed=report.read,
                description=(
                    f"read {report.read:,}  stored {report.stored:,}  duplicates "
                    f"{report.duplicates:,}  skipped {report.skipped:,}  {rate:,.1f}/s"
                ),
            )

        yield show
