"""The command line, run as users run it: as a subprocess of the installed `dateline`."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
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


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    story = folder / "a.txt"
    story.write_text(
        "date 2023-04-16 Talks\n\nMOSCOW (AP) — Putin met Xi's envoy in Moscow on Sunday "
        "to discuss U.S. sanctions.\n",
        encoding="utf-8",
    )
    db = folder / "small.db"
    result = CliRunner().invoke(main, ["ingest", str(story), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--since", "yesterday"], "--since 'yesterday' is not a date"),
        (["events", "--since", "2023-13-45"], "--since '2023-13-45' is not a date"),
        (["events", "--until", "2023-02-30"], "is not a date"),
        (["events", "--type", "BOGUS"], "--type BOGUS: not a PLOVER event type"),
        (["events", "--country", "RUSS"], "not a country code"),
        (["events", "--dyad", "RUS,XXX"], "not a country code"),
        (["timeline", "--since", "2023-05-01", "--until", "2023-04-01"], "is after"),
        (["export", "--format", "jsonl", "--out", "x.jsonl", "--type", "nope"], "--type"),
        (["actors", "--kind", "bogus"], "--kind 'bogus' is not a kind of actor"),
    ],
)
def test_bad_filter_values_are_errors_not_empty_answers(small_db, args, message):
    result = CliRunner().invoke(main, [*args, "--db", str(small_db)])
    assert result.exit_code == 2, result.output
    assert "[D100]" in result.output and message in result.output


def test_partial_dates_and_lower_case_types_are_understood(small_db):
    every = CliRunner().invoke(main, ["events", "--format", "jsonl", "--db", str(small_db)])
    upper = CliRunner().invoke(
        main, ["events", "--type", "CONSULT", "--format", "jsonl", "--db", str(small_db)]
    )
    assert every.output and upper.output
    for args in (["--since", "2023-04", "--until", "2023"], ["--type", "consult"]):
        result = CliRunner().invoke(
            main, ["events", *args, "--format", "jsonl", "--db", str(small_db)]
        )
        assert result.exit_code == 0, result.output
        assert result.output == (every.output if args[0] == "--since" else upper.output)


@pytest.mark.parametrize("text", ["U.S.", "Xi's", "AND", '"Putin met', "NEAR(", "sanctions*"])
def test_search_takes_words_as_written(small_db, text):
    result = CliRunner().invoke(main, ["search", text, "--db", str(small_db)])
    assert result.exit_code == 0, result.output
    if text not in ("AND", "NEAR(", "sanctions*"):
        assert "Putin" in result.output


def test_search_fts_syntax_on_request(small_db):
    found = CliRunner().invoke(
        main, ["search", "--fts", "Putin AND sanction*", "--db", str(small_db)]
    )
    assert found.exit_code == 0 and "Putin" in found.output
    broken = CliRunner().invoke(main, ["search", "--fts", "NEAR(", "--db", str(small_db)])
    assert broken.exit_code == 1 and "[D400]" in broken.output


def test_outputs_that_cannot_be_written_are_clear_errors(small_db, tmp_path):
    cases = [
        ["timeline", "--plot", str(tmp_path / "missing" / "t.png")],
        ["report", "--out", str(tmp_path / "missing" / "r.html")],
        ["export", "--format", "jsonl", "--out", str(tmp_path / "missing" / "e.jsonl")],
        ["ingest", "-", "--report-json", str(tmp_path / "missing" / "r.json")],
    ]
    for args in cases:
        result = CliRunner().invoke(main, [*args, "--db", str(small_db)], input="")
        assert result.exit_code == 1, (args, result.output)
        assert "[D510]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "missing").exists()
    text = CliRunner().invoke(
        main, ["timeline", "--plot", str(tmp_path / "t.txt"), "--db", str(small_db)]
    )
    assert text.exit_code == 2 and "--plot" in text.output and "Traceback" not in text.output
    drawn = CliRunner().invoke(
        main, ["timeline", "--plot", str(tmp_path / "t.svg"), "--db", str(small_db)]
    )
    assert drawn.exit_code == 0 and (tmp_path / "t.svg").exists()


def test_a_damaged_database_is_a_clear_error(small_db, tmp_path):
    damaged = tmp_path / "damaged.db"
    data = bytearray(small_db.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page but the first two: garbage
        data[start + 100 : start + 400] = b"\xa5" * 300
    damaged.write_bytes(bytes(data))
    for command in ("actors", "events", "summary", "quotes", "skipped"):
        result = CliRunner().invoke(main, [command, "--db", str(damaged)])
        assert result.exit_code == 1, (command, result.output)
        assert result.output.startswith("Error: [D40"), (command, result.output)


def every_command(command: click.Command, path: tuple[str, ...] = ("dateline",)):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from every_command(sub, (*path, name))


def test_every_option_of_every_command_has_help():
    from dateline.cli import main

    missing = [
        f"{' '.join(path)} {option.opts[0]}"
        for path, command in every_command(main)
        for option in command.params
        if isinstance(option, click.Option) and not option.hidden and not option.help
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (
            ["--date-from", "2023-01", "--date-to", "2023"],
            ["--since", "2023-01", "--until", "2023"],
        ),
        (["--event-type", "CONSULT"], ["--type", "CONSULT"]),
        (["--dyad", "CHN,USA", "--directed"], ["--dyad", "CHN,USA"]),
    ],
)
def test_filter_flags_named_after_the_library_keep_their_old_names(examples_db, new, old):
    runner = CliRunner()
    results = [
        runner.invoke(main, ["events", *args, "--format", "jsonl", "--db", str(examples_db)])
        for args in (new, old)
    ]
    assert [r.exit_code for r in results] == [0, 0]
    assert results[0].output == results[1].output and results[0].output.strip()
