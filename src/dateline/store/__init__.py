"""Stores behind one interface: the embedded SQLite store is the default, an event lake
(`lake:PATH`, Parquet read by DuckDB) the one for scale-out."""

from .events import EventFilter
from .lake import LakeStore, open_store
from .sqlite import Store

__all__ = ["EventFilter", "LakeStore", "Store", "open_store"]
