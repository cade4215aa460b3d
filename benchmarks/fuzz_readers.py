"""Coverage-guided fuzzing of every reader and the layout parser (atheris, libFuzzer).

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python benchmarks/fuzz_readers.py -max_total_time=120

The same law as tests/test_fuzz.py, which runs in `make test` with hypothesis: whatever the
bytes and whatever kind they are read as, `scan_stream` yields only `Article`s and `Skipped`s
with a reason (never an exception), and `parse_layout` takes any text. libFuzzer options
(`-max_total_time`, `-runs`, a corpus folder) pass through; a crash leaves its input in
`crash-*` for a regression test.
"""

from __future__ import annotations

import io
import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from dateline.decoding import decode_bytes
    from dateline.layout import parse_layout
    from dateline.read import KINDS, scan_stream
    from dateline.records import Article, Skipped

READ_KINDS = ["", *(k for k in KINDS if k != "html")]  # trafilatura is too slow to fuzz here


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind = READ_KINDS[provider.ConsumeIntInRange(0, len(READ_KINDS) - 1)]
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    for item in scan_stream(io.BytesIO(raw), name="fuzz", kind=kind):
        if not isinstance(item, Article | Skipped):
            raise AssertionError(f"neither an Article nor a Skipped: {item!r}")
        if isinstance(item, Skipped) and not item.reason.strip():
            raise AssertionError(f"a skip without a reason: {item!r}")
    decoded = decode_bytes(raw)
    if decoded.text is not None:
        parse_layout(Article(id="x", published=date(2023, 4, 16), text=decoded.text, origin="f"))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
