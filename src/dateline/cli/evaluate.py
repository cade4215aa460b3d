"""`dateline eval`: score the coder on gold files."""

from __future__ import annotations

import sys

import click

from .base import (
    main,
)


@main.command(name="eval")
@click.option(
    "--relations",
    "relation_files",
    multiple=True,
    type=click.Path(exists=True),
    help="Relation rows: sentence, source/target {text, span}, gold_root.",
)
@click.option(
    "--events",
    "event_files",
    multiple=True,
    type=click.Path(exists=True),
    help="PLOVER records: text, source, target, event (end-to-end coding).",
)
@click.option(
    "--actors",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Independent actor labels by record id for --events (default: <name>_actors.jsonl "
    "beside the gold file, when present).",
)
@click.option(
    "--news",
    nargs=2,
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    metavar="STORIES GOLD",
    help="Real news: a stories file and its hand-coded sentence gold (type + source + target).",
)
@click.option(
    "--split",
    type=click.Choice(["tune", "held", "all"]),
    default="held",
    show_default=True,
    help="Which half of the --news stories to score (rules are written on 'tune').",
)
@click.option(
    "--floors",
    type=click.Path(dir_okay=False),
    default=None,
    help="Pinned floors (JSON); with it a figure below its floor fails.",
)
@click.option(
    "--allow-lower",
    is_flag=True,
    help="Accept figures below the floors and rewrite the floors to them.",
)
@click.option(
    "--model",
    type=click.Choice(["auto", "linear", "encoder"]),
    default="auto",
    show_default=True,
    help="Relation classifier scored on --relations files (see docs/coding.md).",
)
def eval_command(
    relation_files: tuple[str, ...],
    event_files: tuple[str, ...],
    actors: str | None,
    news: tuple[str, str] | None,
    split: str,
    floors: str | None,
    allow_lower: bool,
    model: str,
) -> None:
    """Score the coder on gold files: per-type P/R/F1, confusion matrix, QuadClass accuracy,
    found rate and mentions per sentence; precision, recall and F1 on real news.

    \b
    Example:
      dateline eval --relations gold.jsonl --events plover.jsonl --floors floors.json
      dateline eval --news stories.jsonl gold.jsonl --split held
    """
    from ..coding.relation import classify_relation
    from ..evaluate import check_floors, evaluate_events, evaluate_relations, format_report
    from ..evaluate_news import evaluate_news

    if not relation_files and not event_files and not news:
        raise click.UsageError("give at least one --relations, --events or --news file")

    def classify(sentence, source, target):
        return classify_relation(sentence, source, target, model=model)  # type: ignore[arg-type]

    failures: list[str] = []
    reports = [evaluate_relations(p, classify=classify) for p in relation_files]
    reports += [evaluate_events(p, actors=actors) for p in event_files]
    if news:
        reports.append(evaluate_news(*news, split=split))
    for report in reports:
        click.echo(format_report(report))
        if floors:
            failures += check_floors(report, floors, allow_lower=allow_lower)
    for failure in failures:
        click.echo(f"below floor: {failure}", err=True)
    if failures:
        sys.exit(1)
