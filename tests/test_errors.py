"""The error tree: every code defined is documented in docs/errors.md, and none documented is
undefined."""

import re
from pathlib import Path

import pytest

import dateline
from dateline.coding.relation import classify_relations
from dateline.errors import ERROR_CODES, ArgumentError, DatelineError, OutputFormatError
from dateline.export import read_events, read_flat
from dateline.series import period_start

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def documented() -> dict[str, str]:
    """code -> class name from the table rows of docs/errors.md."""
    rows = re.findall(r"^\| (D\d{3}) \| `(\w+)` \|", DOCS.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def test_every_error_code_is_documented_and_every_documented_code_exists():
    assert documented() == {code: cls.__name__ for code, cls in ERROR_CODES.items()}


def test_codes_are_unique_across_every_subclass():
    def tree(cls: type) -> list[type]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in tree(child))]

    classes = tree(DatelineError)
    assert len({cls.code for cls in classes}) == len(classes)
    assert set(classes) == set(ERROR_CODES.values())


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: classify_relations([("A met B.", (0, 1), (6, 7))], model="big"), ArgumentError),
        (lambda: period_start("2023-04", "fortnight"), ArgumentError),
        (lambda: read_events("x.csv", fmt="csv"), OutputFormatError),
        (lambda: read_flat("x.json", fmt="json"), OutputFormatError),
    ],
)
def test_bad_arguments_raise_coded_errors_that_are_still_value_errors(call, error):
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, dateline.DatelineError)
    assert str(caught.value).startswith(f"[{error.code}]")
