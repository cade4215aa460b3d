"""Every command the README shows runs as written on the bundled examples and prints a result."""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

DATELINE = str(Path(sys.executable).with_name("dateline"))


def readme_commands() -> list[str]:
    """The `dateline …` lines of the README's plain code blocks, comments cut off."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)
    lines = [line for block in blocks for line in block.splitlines()]
    return [re.sub(r"\s{2,}#.*$", "", line) for line in lines if line.startswith("dateline ")]


def test_the_readme_shows_the_commands_an_analyst_needs():
    shown = {shlex.split(line)[1] for line in readme_commands()}
    assert {"ingest", "events", "timeline", "quotes", "search", "export", "report"} <= shown
    assert {"skipped", "summary", "actors"} <= shown


@pytest.mark.slow
def test_every_readme_command_runs_on_the_examples(examples_db, tmp_path):
    # the README's commands read ./dateline.db and examples/ relative to where they run
    (tmp_path / "examples").symlink_to(REPO / "examples")
    shutil.copy(examples_db, tmp_path / "dateline.db")
    for line in readme_commands():
        args = shlex.split(line)
        result = subprocess.run(
            [DATELINE, *args[1:]],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert (result.stdout + result.stderr).strip(), f"{line} printed nothing"
        if args[1] not in ("skipped", "ingest", "export", "report"):
            assert result.stdout.strip(), f"{line} found nothing on the examples"
        for option in ("--plot", "--out"):
            if option in args:
                assert (tmp_path / args[args.index(option) + 1]).stat().st_size > 0, line
