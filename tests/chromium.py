"""The one way tests open a page in a real browser: Debian's chromium driven by playwright-core.

`make browser` installs both (chromium from apt, playwright-core by `npm ci` in
tests/browser/); `.ci/run` calls it. Where they are missing the test skips and says how to get
them, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DRIVER = Path(__file__).resolve().parent / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@dataclass
class Visit:
    """What happened while the page was open."""

    title: str = ""
    requests: list[dict] = field(default_factory=list)  # every request, file: ones included
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave the machine
    console: list[dict] = field(default_factory=list)  # {"type", "text"}
    page_errors: list[str] = field(default_factory=list)
    results: list[object] = field(default_factory=list)  # one per `evaluate` expression

    @property
    def console_errors(self) -> list[str]:
        return [m["text"] for m in self.console if m["type"] in ("error", "warning")]

    def network(self, *, allow_origin: str = "") -> list[str]:
        """Requests for anything but local files, data: URLs and `allow_origin`."""
        local = ("file:", "data:", *([allow_origin] if allow_origin else []))
        return [r["url"] for r in self.requests if not r["url"].startswith(local)] + self.blocked


def missing() -> list[str]:
    needs = []
    if not Path(CHROMIUM).exists():
        needs.append(f"chromium ({CHROMIUM})")
    if shutil.which("node") is None:
        needs.append("node")
    if not (DRIVER / "node_modules" / "playwright-core").is_dir():
        needs.append("playwright-core (tests/browser/node_modules)")
    return needs


def require_browser() -> None:
    """Skip (fail under CI=true) when chromium, node or playwright-core is missing."""
    needs = missing()
    if not needs:
        return
    reason = f"no browser to test with: {', '.join(needs)} missing; `make browser` installs them"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def visit(
    url: str,
    *,
    screenshot: Path | None = None,
    steps: list[dict] | tuple = (),
    evaluate: list[str] | tuple = (),
    viewport: tuple[int, int] = (1280, 900),
    allow_origin: str = "",
    timeout_s: float = 60,
) -> Visit:
    """Open `url` in headless chromium, run `steps` and `evaluate`, and report what happened.

    Requests leave the machine for no one: only file:, data: and `allow_origin` (a local
    server under test, e.g. "http://127.0.0.1:8765") pass; the rest are aborted and listed."""
    require_browser()
    plan = {
        "url": url,
        "screenshot": str(screenshot) if screenshot else None,
        "viewport": {"width": viewport[0], "height": viewport[1]},
        "steps": list(steps),
        "evaluate": list(evaluate),
        "allow_origin": allow_origin,
        "timeout_ms": int(timeout_s * 1000 / 2),
    }
    result = subprocess.run(
        ["node", str(DRIVER / "visit.mjs")],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        cwd=DRIVER,
    )
    if result.returncode != 0:
        raise AssertionError(f"the browser driver failed:\n{result.stderr[-3000:]}")
    return Visit(**json.loads(result.stdout))
