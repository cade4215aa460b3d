"""Stores behind one interface: the embedded SQLite store is the default."""

from .sqlite import Store

__all__ = ["Store"]
