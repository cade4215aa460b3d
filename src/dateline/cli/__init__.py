"""The `dateline` command: thin click commands over the library, one module per command group.

Data goes to stdout, logs and reports to stderr. Exit codes: 0 all good, 1 an error
(`Error: …`), 2 usage, 3 some records were skipped (the rest were processed).
"""

from . import actors, evaluate, events, outputs, stories  # noqa: F401  (they register commands)
from .base import main

__all__ = ["main"]
