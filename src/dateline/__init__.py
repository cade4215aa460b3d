"""dateline: dated news stories in, coded events out."""

__version__ = "0.1.0"
