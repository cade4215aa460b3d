"""Shared test helpers: the one way tests find `../shared` development data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """`../shared` beside the repository (or $DATELINE_SHARED), if present."""
    candidates = [os.environ.get("DATELINE_SHARED", ""), str(REPO.parent / "shared")]
    for candidate in candidates:
        if candidate and Path(candidate, "data").is_dir():
            return Path(candidate)
    return None


def shared_file(relative: str) -> Path:
    """A file under ../shared; skips the test when absent, fails under CI=true."""
    root = shared_dir()
    path = root / relative if root else None
    if path is None or not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but ../shared/{relative} is missing")
        pytest.skip(f"../shared/{relative} not present (development data lives beside the repo)")
    return path


def candidates(text: str, *, published: str = "2021-05-03") -> list[dict]:
    """Every mention the coder makes of a text, those the confidence model would hold back
    included: the coding rules are tested apart from the confidence threshold."""
    import dateline

    return dateline.extract(text, published=published, include_low_confidence=True)


def the_mention(sentence: str, trigger: str) -> dict:
    """The one mention the coder makes of the sentence with this trigger word."""
    [mention] = [m for m in candidates(sentence) if m["trigger"] == trigger]
    return mention


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """The bundled examples/ ingested once into a database (what `make run` builds)."""
    from dateline.pipeline import ingest
    from dateline.store import Store

    path = tmp_path_factory.mktemp("examples") / "examples.db"
    with Store(path) as store:
        report = ingest([REPO / "examples"], store)
    assert report.skipped == 0 and report.as_dict()["stored"] == 11
    return path
