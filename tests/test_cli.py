"""The command line, run as users run it: as a subprocess of the installed `dateline`."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, shared_file
from dateline.cli import main

DATELINE = str(Path(sys.executable).with_name("dateline"))
SEED = "seed/000_9292aeaa127b65d9.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DATELINE, *args], input=stdin, capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_seed_story_passes_the_seed_check():
    seed = shared_file(SEED)
    checker = shared_file("seed/check_seed.py")
    extract = subprocess.Popen([DATELINE, "extract", str(seed)], stdout=subprocess.PIPE, cwd=REPO)
    check = subprocess.run(
        [sys.executable, str(checker)],
        stdin=extract.stdout,
        capture_output=True,
        text=True,
        timeout=300,
    )
    extract.wait(timeout=300)
    assert extract.returncode == 0
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("checks pass")


def test_parse_prints_the_layout():
    result = run("parse", str(shared_file(SEED)))
    layout = json.loads(result.stdout)
    assert layout["dateline"]["place"] == "MOSCOW"
    assert layout["captions"][0]["date"] == "2023-03-25"


def test_one_broken_record_among_good_ones(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"published": "2023-04-16", "text": "MOSCOW (AP) — Putin met Xi on Sunday."},
        {"title": "no date", "text": "Biden met Scholz."},
        {"published": "2023-04-17", "text": "BERLIN (AP) — Germany condemned Iran on Monday."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("extract", str(feed))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 3
    assert len(lines) == 2
    assert f"{feed}:2" in result.stderr and "no usable publication date" in result.stderr
    assert lines[0]["mentions"][0]["event_type"] == "CONSULT"


def test_stdin_and_ingest_is_idempotent(tmp_path):
    db = tmp_path / "d.db"
    story = "date 2023-04-16 Talks\n\nMOSCOW (AP) — Putin met Xi on Sunday.\n"
    first = run("ingest", "-", "--db", str(db), stdin=story)
    assert first.returncode == 0, first.stderr
    assert "stored 1" in first.stderr
    second = run("ingest", "-", "--db", str(db), stdin=story)
    assert "stored 0, duplicates 1" in second.stderr
    events = run("events", "--db", str(db), "--format", "jsonl")
    rows = [json.loads(line) for line in events.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["event_type"] == "CONSULT"
    assert rows[0]["date"]["start"] == "2023-04-16"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_missing_path_is_a_clear_error(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: [D200]")


def test_examples_are_all_readable():
    env = {**os.environ}
    result = subprocess.run(
        [DATELINE, "parse", "examples"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 10


def test_the_command_line_loads_no_models_or_scipy_until_a_command_needs_them():
    # Every command imports the CLI module; spaCy, the coder and datasketch's scipy took
    # ~1.5 s of it before any work, and in `ingest` before the workers even started.
    probe = (
        "import sys, dateline.cli; "
        "print(sorted(m for m in ('spacy', 'scipy', 'datasketch', 'dateline.coding.article') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert loaded.stdout.strip() == "[]"


def test_reading_commands_never_create_or_change_a_database(tmp_path):
    missing = tmp_path / "typo" / "dateline.db"
    for command in ("events", "summary", "actors", "quotes", "skipped", "timeline"):
        result = CliRunner().invoke(main, [command, "--db", str(missing)])
        assert result.exit_code == 1, (command, result.output)
        assert "[D401]" in result.output
    assert list(tmp_path.iterdir()) == []
    other = tmp_path / "other_app.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    for command in (["events"], ["ingest", str(tmp_path / "none.txt")], ["search", "Putin"]):
        result = CliRunner().invoke(main, [*command, "--db", str(other)])
        assert result.exit_code != 0
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other_app.db"]


def test_ingest_checks_every_path_before_creating_the_database(tmp_path):
    story = tmp_path / "a.txt"
    story.write_text("date 2023-04-16 Talks\n\nPutin met Xi on Sunday.\n", encoding="utf-8")
    db = tmp_path / "new.db"
    result = CliRunner().invoke(
        main, ["ingest", str(story), str(tmp_path / "b.txt"), "--db", str(db)]
    )
    assert result.exit_code == 1 and "[D200]" in result.output and "b.txt" in result.output
    assert not db.exists()


def test_every_error_code_is_documented():
    from dateline.errors import ERROR_CODES

    documented = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    for code, cls in ERROR_CODES.items():
        assert f"| {code} | `{cls.__name__}` |" in documented
