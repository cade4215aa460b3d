"""dateline: dated news stories in; who did what to whom, when, where, and who said so.

The public Python surface (signatures are fixed; see ARCHITECTURE.md):

- `extract(text, *, published, title="")` → mentions as in `dateline extract`
- `classify_relation(sentence, source, target)` → probabilities over the 16 PLOVER types
- `find_times(text, *, published)` → time expressions resolved to date ranges
- `find_places(text)` → toponyms resolved to GeoNames places
- `code_actor(text, *, date=None, context=None)` → `{"country", "sector", "name"}`
- `open(path, *, write=False)` → a `Store` with the same queries as the CLI (events,
  timeline, quotes, search), read-only unless `write=True`
- `EventFilter` → what `Store.events` and the other queries filter on
- `DatelineError` → the base of every error dateline raises on purpose (codes in
  docs/errors.md)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DatelineError

if TYPE_CHECKING:
    from .resolve.time import Narrative
    from .store import LakeStore, Store
    from .store.events import EventFilter

__version__ = "0.1.0"

__all__ = [
    "DatelineError",
    "EventFilter",
    "__version__",
    "classify_relation",
    "classify_relations",
    "code_actor",
    "extract",
    "find_places",
    "find_times",
    "open",
]


def extract(
    text: str, *, published: date | str, title: str = "", include_low_confidence: bool = False
) -> list[dict]:
    """Code one story; returns its mentions as dicts (see `dateline extract`). Mentions the
    confidence model does not trust are left out unless `include_low_confidence` is set."""
    from .pipeline import extract as run

    return run(
        text, published=published, title=title, include_low_confidence=include_low_confidence
    )


def classify_relation(
    sentence: str,
    source: tuple[int, int] | None,
    target: tuple[int, int] | None,
    *,
    model: str = "auto",
) -> dict[str, float]:
    """Probabilities over the 16 PLOVER types for the relation from `source` to `target`.

    `model`: "auto" (linear model, and the fine-tuned encoder where it is unsure), "linear"
    (fastest) or "encoder"."""
    from .coding.relation import classify_relation as run

    return run(sentence, source, target, model=model)  # type: ignore[arg-type]


def classify_relations(
    items: list[tuple[str, tuple[int, int] | None, tuple[int, int] | None]],
    *,
    model: str = "auto",
) -> list[dict[str, float]]:
    """`classify_relation` for many (sentence, source, target) triples, batched."""
    from .coding.relation import classify_relations as run

    return run(items, model=model)  # type: ignore[arg-type]


def find_times(
    text: str, *, published: date | str, narrative: Narrative | None = None
) -> list[dict]:
    """Time expressions: `{"span", "text", "start", "end", "granularity", ...}`.

    Reading a story sentence by sentence, pass one `dateline.resolve.time.Narrative()` to
    every call so that "later that day" counts from the day an earlier sentence told.
    """
    from .records import to_json
    from .resolve.time import find_times as run

    times = run(text, published=published, narrative=narrative)
    return [to_json(t) for t in times]  # type: ignore[misc]


def find_places(text: str) -> list[dict]:
    """Toponyms: `{"span", "text", "name", "geonameid", "country", "lat", "lon", ...}`."""
    from .records import to_json
    from .resolve.places import find_places as run

    return [to_json(p) for p in run(text)]  # type: ignore[misc]


def code_actor(
    text: str, *, date: date | str | None = None, context: str | list[str] | None = None
) -> dict[str, str]:
    """Code a short actor phrase ("an American destroyer") to country, sector and name.

    `date`: the day the phrase speaks of (a person's role that day; ELI after it ended).
    `context`: the story's text or its countries (ISO3, most salient first), which tell apart
    people of one name and give domestic actors ("rebels") the story's country."""
    from .resolve.actors import code_actor as run

    return run(text, date=date, context=context)


def open(path: str | Path = "dateline.db", *, write: bool = False) -> Store | LakeStore:
    """Open a dateline database, or an event lake as `lake:FOLDER`:
    `store.events(EventFilter(...), as_frame=True)` and more.

    Read-only unless `write=True`: the file must exist and nothing in it changes."""
    from .store import open_store

    return open_store(path, readonly=not write)


def __getattr__(name: str) -> object:
    """`EventFilter` is loaded with the store on first use, so `import dateline` stays light."""
    if name == "EventFilter":
        from .store.events import EventFilter

        return EventFilter
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
