"""fupan's log lines: one per request with its request id, as text or as JSON (one object a
line, ``FUPAN_LOG_FORMAT=json``), to standard error or to ``FUPAN_LOG_FILE``.

A request's line holds its id, method, path, route, the names (never the values) of its
query parameters, status and duration. No personal data: fupan's paths carry identifiers
only, a path segment that is not a plain identifier (someone typed a name into the address)
is masked, and a query's values (a search for a student's name) are left out.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime
from logging.config import dictConfig
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from infrastructure.settings import LogSettings

REQUESTS = logging.getLogger("fupan.requests")
HEADER = "X-Request-ID"
# A proxy's request id is kept when it looks like one (letters, digits, ._:-, up to 64);
# anything else is replaced, so that a header cannot smuggle text into the logs.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]{0,64}")
MASKED = "<masked>"
CRASHED = re.compile(r"(?<=^Exception on )\S+")
# Attributes every LogRecord has; anything else was passed in ``extra`` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Gives every record written during a request that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class WithholdRequestLines(logging.Filter):
    """Lines that would quote what a client sent: gunicorn quotes a request line it could
    not parse (query string and all), which is withheld; Flask names the raw path of a
    request that crashed, which is masked as the request lines mask it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("gunicorn") and "Invalid request" in str(record.msg):
            record.msg, record.args = "invalid request refused by gunicorn (line withheld)", ()
        elif isinstance(record.msg, str) and record.msg.startswith("Exception on "):
            record.msg = CRASHED.sub(lambda m: logged_path(m.group(0)), record.msg)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id and extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = withheld_traceback(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return withheld_traceback(ei)


def withheld_traceback(exc_info: Any) -> str:
    """Where an exception arose (file, line and function of each frame) and its type; its
    message, which may quote data, is withheld."""
    kind, _, trace = exc_info
    frames = "".join(
        f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
        for f in traceback.extract_tb(trace)
    )
    name = getattr(kind, "__name__", "Exception")
    return f"Traceback (most recent call last):\n{frames}{name}: (message withheld)"


def logging_config(logs: LogSettings) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of a fupan process (the CLI, gunicorn)."""
    handler: dict[str, Any] = (
        {"class": "logging.handlers.WatchedFileHandler", "filename": str(logs.file)}
        if logs.file
        else {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    )
    handler.update(formatter=logs.format, filters=["request_id", "withhold"])
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "withhold": {"()": WithholdRequestLines},
        },
        "formatters": {"text": {"()": TextFormatter}, "json": {"()": JsonFormatter}},
        "handlers": {"main": handler},
        "root": {"level": logs.level, "handlers": ["main"]},
        "loggers": {
            # gunicorn's own lines (start, workers) through the same handler; its access
            # log is off: the app writes each request's line.
            "gunicorn.error": {"level": logs.level, "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def configure_logging(logs: LogSettings | None = None) -> None:
    """Set up this process's logs from ``FUPAN_LOG_*``."""
    dictConfig(logging_config(logs or LogSettings.from_environ()))


def init_app(app: Flask) -> None:
    """A request id for every request (kept from a proxy's ``X-Request-ID`` when sane),
    sent back in the response, and one log line per request."""
    app.before_request(_start)
    app.after_request(_finish)


def request_id() -> str:
    """This request's id."""
    found: str = g.get("request_id", "-")
    return found


def _start() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    started = g.get("request_started")
    took = round((time.perf_counter() - started) * 1000, 1) if started else None
    query = sorted(k if PLAIN_SEGMENT.fullmatch(k) else MASKED for k in request.args)
    path = logged_path(request.path)
    REQUESTS.info(
        "%s %s%s %s %sms",
        request.method,
        path,
        "?" + "&".join(query) if query else "",
        response.status_code,
        took,
        extra={
            "method": request.method,
            "path": path,
            "route": request.url_rule.rule if request.url_rule else None,
            "query_keys": query,
            "status": response.status_code,
            "duration_ms": took,
        },
    )
    return response


def logged_path(path: str) -> str:
    """The path as logged: identifiers kept, any other segment masked."""
    return "/".join(s if PLAIN_SEGMENT.fullmatch(s) else MASKED for s in path.split("/"))
