"""Fuzzing every reader and the layout parser: whatever the bytes, never a crash and never a
silent loss — each record comes out as an `Article` or a counted `Skipped` with a reason.

Property tests with hypothesis (fast, part of `make test`); `benchmarks/fuzz_readers.py` runs
the same checks coverage-guided under atheris, on demand.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dateline.decoding import decode_bytes
from dateline.layout import parse_layout
from dateline.read import KINDS, SANE_DATES, scan_stream
from dateline.records import Article, Skipped

# DATELINE_FUZZ_EXAMPLES=5000 for a longer hunt than make test's.
FUZZ = settings(
    max_examples=int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces that make readers take their less common paths.
FRAGMENTS = [
    b"date 2023-04-16 Title\n",
    b"date 0001-01-01 Missing\n",
    b'{"published": "2023-04-16", "text": "Putin met Xi."}\n',
    b'{"published": "0001-01-01", "text": "x", "id": 7, "source": "AP"}\n',
    b"[",
    b"]",
    b",",
    b"{",
    b"}",
    b'"',
    b"\n",
    b"\r\n",
    b"\t",
    b"title,published,text\n",
    b'T,2023-04-16,"a, b"\n',
    b"<!doctype html><html><body><p>Hi</p></body></html>",
    b"MOSCOW (AP) \xe2\x80\x94 ",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xe9\x92\xd5\xa0",
    "Erdoğan — “quoted”".encode(),
    "Путин".encode("cp1251"),
    b"Photo: AP\n",
    b"By Jane Doe\n",
    b"Updated: 47 minutes ago\n",
]
inputs = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=25).map(
    b"".join
)


def check(items: list, name: str) -> None:
    for item in items:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Skipped):
            assert item.reason.strip() and item.origin.startswith(name)
        else:
            assert item.text.strip() and item.origin.startswith(name)


@FUZZ
@given(inputs, st.sampled_from(["", *KINDS]))
@example(b"\x00\r\t", "")  # found by this test: a CR in a sniffed CSV header raised csv.Error
def test_any_bytes_of_any_kind_read_or_counted(raw, kind):
    if kind == "html":
        raw = raw[:2000]  # trafilatura: keep each example quick
    items = list(scan_stream(io.BytesIO(raw), name="fuzz", kind=kind))
    check(items, "fuzz")


@FUZZ
@given(inputs)
def test_truncated_gzip_is_read_or_counted(raw):
    packed = gzip.compress(raw)
    for cut in (len(packed), len(packed) // 2, 10):
        items = list(
            scan_stream(gzip.GzipFile(fileobj=io.BytesIO(packed[:cut])), name="gz", kind="jsonl")
        )
        check(items, "gz")


@FUZZ
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "published", "date", "text", "body", "title", "source", "url"]),
            st.one_of(
                st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers(), max_size=2)
            ),
            max_size=6,
        ),
        max_size=6,
    ),
    st.booleans(),
)
def test_json_records_of_any_shape(records, as_array):
    if as_array:
        raw = json.dumps(records, indent=2).encode()
    else:
        raw = b"\n".join(json.dumps(r).encode() for r in records)
    items = list(scan_stream(io.BytesIO(raw), name="j", kind="json"))
    check(items, "j")
    assert len(items) == len(records)  # one outcome per record, none lost
    for item in items:
        if isinstance(item, Article):
            assert not SANE_DATES.problem(item.published)


@FUZZ
@given(st.binary(max_size=200))
def test_decoding_never_fails_and_never_guesses_silently(raw):
    decoded = decode_bytes(raw)
    assert (decoded.text is None) == bool(decoded.problem)
    if decoded.text is not None and decoded.encoding == "utf-8" and not decoded.note:
        assert decoded.text == raw.decode("utf-8-sig") or raw.startswith(b"\xef\xbb\xbf")


@FUZZ
@given(st.text(max_size=600), st.text(max_size=60))
def test_the_layout_parser_takes_any_text(text, title):
    article = Article(id="x", published=date(2023, 4, 16), text=text, title=title, origin="f")
    parsed = parse_layout(article)
    for part in (*parsed.paragraphs, *parsed.captions, *parsed.furniture):
        start, end = part.span
        assert 0 <= start <= end <= len(text)
    if parsed.dateline is not None:
        start, end = parsed.dateline.span
        assert 0 <= start <= end <= len(text)
