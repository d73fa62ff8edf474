"""gunicorn's configuration for ``fupan serve`` (``-c python:web.gunicorn_conf``): fupan's
own log lines (one per request, from the app, with its request id) instead of gunicorn's
access log, whose request line would carry query strings."""

from __future__ import annotations

from infrastructure.settings import LogSettings
from web.logs import logging_config

accesslog = None
logconfig_dict = logging_config(LogSettings.from_environ())
