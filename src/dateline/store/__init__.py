"""Stores behind one interface: the embedded SQLite store is the default."""

from .events import EventFilter
from .sqlite import Store

__all__ = ["EventFilter", "Store"]
