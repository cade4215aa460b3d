"""A progress line for long runs: rate and count on a terminal, nothing when piped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .pipeline import RunReport


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Callable[[RunReport], None] | None]:
    """Yields a callback that shows a RunReport's progress (None when disabled)."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("starting", total=None)

        def show(report: RunReport) -> None:
            rate = report.read / report.seconds if report.seconds else 0.0
            bar.update(
                task,
                description=(
                    f"read {report.read:,}  stored {report.stored:,}  duplicates "
                    f"{report.duplicates:,}  skipped {report.skipped:,}  {rate:,.1f}/s"
                ),
            )

        yield show
