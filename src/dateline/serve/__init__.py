"""The HTTP API and the offline web UI over one database (`dateline serve`)."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
