"""The outermost layer: the Flask app factory (the composition root) and the ``fupan`` CLI."""

from web.app import create_app

__all__ = ["create_app"]
