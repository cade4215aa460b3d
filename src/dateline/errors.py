"""One exception tree, with codes users can search for in docs/errors.md.

Every message says what happened and what to do about it.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose."""

    code = "D000"

    def __init__(self, message: str, *, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class FilterError(DatelineError):
    """A query filter that cannot mean anything: a date that is not one, an unknown type."""

    code = "D100"


class ArgumentError(DatelineError, ValueError):
    """A library function was given a value it does not take: an unknown period, evaluation
    split or relation model, a text that is not the kind of time expression asked for, mentions
    out of the order a streaming merge needs. Also a `ValueError`, as before it had a code."""

    code = "D110"


class SourceError(DatelineError):
    """Input that cannot be read: a missing file, an unknown format."""

    code = "D200"


class RecordError(SourceError):
    """One record inside an input cannot be used (no date, no text, bad JSON)."""

    code = "D210"

    def __init__(self, message: str, *, origin: str = "", hint: str = "") -> None:
        self.origin = origin
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        text = (
            f"[{self.code}] {self.origin}: {self.message}"
            if self.origin
            else (f"[{self.code}] {self.message}")
        )
        return f"{text} ({self.hint})" if self.hint else text


class ModelError(DatelineError):
    """A language model or a shipped table is missing or broken."""

    code = "D300"


class StoreError(DatelineError):
    """The database cannot be opened, written or queried."""

    code = "D400"


class StoreMissingError(StoreError):
    """A command that only reads was given a database file that does not exist."""

    code = "D401"


class NotADatelineError(StoreError):
    """The file is not a dateline database (another program's SQLite file, or not SQLite)."""

    code = "D402"


class SchemaError(StoreError):
    """The database was written by another version of dateline."""

    code = "D403"


class StoreBusyError(StoreError):
    """Another process held the database's write lock for too long."""

    code = "D404"


class StoreDamagedError(StoreError):
    """SQLite reports the file as damaged (malformed) while reading or writing it."""

    code = "D405"


class EmptySelectionError(DatelineError):
    """A plot or report was asked for, and no event matches the filters."""

    code = "D500"


class OutputError(DatelineError):
    """An output file cannot be written: a missing folder, an unsupported format."""

    code = "D510"


class OutputFormatError(OutputError, ValueError):
    """An output of a kind dateline does not write or read: a plot named other than .png,
    .svg or .pdf, an unknown export format, a flat export read as nested JSON Lines."""

    code = "D511"


class RequestError(DatelineError):
    """An HTTP request the API cannot answer as asked: a parameter of the wrong kind or out of
    range, a body that is not what the endpoint takes."""

    code = "D600"


class RuleError(ModelError, ValueError):
    """A shipped rule table holds a rule the code cannot run as it stands (an attribute rule
    the memo cannot fold)."""

    code = "D310"


class EngineError(DatelineError):
    """The distributed engine cannot run: Dask is not installed, no scheduler answers."""

    code = "D700"


class NotFoundError(RequestError):
    """The HTTP API has nothing at this address: no event with this id, no such endpoint."""

    code = "D601"


class TokenError(RequestError):
    """A write to the HTTP API without the server's token, or with another one."""

    code = "D602"


class WritesDisabledError(RequestError):
    """A write to the HTTP API of a server started without a token (read-only)."""

    code = "D603"


ERROR_CODES: dict[str, type[DatelineError]] = {
    cls.code: cls
    for cls in (
        DatelineError,
        FilterError,
        ArgumentError,
        SourceError,
        RecordError,
        ModelError,
        RuleError,
        StoreError,
        StoreMissingError,
        NotADatelineError,
        SchemaError,
        StoreBusyError,
        StoreDamagedError,
        EmptySelectionError,
        OutputError,
        OutputFormatError,
        RequestError,
        NotFoundError,
        TokenError,
        WritesDisabledError,
        EngineError,
    )
}
