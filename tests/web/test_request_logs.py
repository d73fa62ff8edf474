"""One log line per request, with its request id; as JSON when configured; no query
values, no path segment that is not an identifier."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest
from flask import Flask

from infrastructure.settings import ConfigurationError, LogSettings
from web.logs import JsonFormatter, RequestIdFilter, TextFormatter, WithholdRequestLines


@pytest.fixture
def lines() -> Iterator[list[logging.LogRecord]]:
    """The request lines written while the test runs."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("fupan.requests")
    handler = Keep(logging.INFO)
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_each_request_writes_one_line_with_its_id(
    app: Flask, lines: list[logging.LogRecord]
) -> None:
    answer = app.test_client().get("/login")
    [line] = lines
    request_id = answer.headers["X-Request-ID"]
    assert len(request_id) == 32
    assert line.request_id == request_id  # type: ignore[attr-defined]
    assert (line.method, line.path, line.status) == ("GET", "/login", 200)  # type: ignore[attr-defined]
    assert line.duration_ms >= 0  # type: ignore[attr-defined]


def test_a_sane_request_id_from_a_proxy_is_kept_and_another_replaced(
    app: Flask, lines: list[logging.LogRecord]
) -> None:
    client = app.test_client()
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-7f3a.91:2"})
    assert kept.headers["X-Request-ID"] == "proxy-7f3a.91:2"
    for odd in ("金丝雀", "a b", "x" * 65, "id\\u000anext"):
        replaced = client.get("/healthz", headers={"X-Request-ID": odd})
        assert replaced.headers["X-Request-ID"] != odd
        assert len(replaced.headers["X-Request-ID"]) == 32
    assert lines[0].request_id == "proxy-7f3a.91:2"  # type: ignore[attr-defined]


def test_query_values_and_odd_path_segments_stay_out_of_the_line(
    app: Flask, lines: list[logging.LogRecord]
) -> None:
    client = app.test_client()
    client.get("/?q=金丝雀姓名&status=closed")
    client.get("/reviews/金丝雀姓名")
    written = "\n".join(JsonFormatter().format(r) for r in lines)
    assert "金丝雀" not in written
    assert "closed" not in written
    first, second = (json.loads(line) for line in written.splitlines())
    assert first["query_keys"] == ["q", "status"]
    assert second["path"] == "/reviews/<masked>"
    assert second["route"] == "/reviews/<review_id>"


def test_json_lines_parse_and_text_lines_carry_the_id(
    app: Flask, lines: list[logging.LogRecord]
) -> None:
    app.test_client().get("/healthz", headers={"X-Request-ID": "req-1"})
    [record] = lines
    parsed = json.loads(JsonFormatter().format(record))
    assert parsed["request_id"] == "req-1"
    assert parsed["logger"] == "fupan.requests"
    assert parsed["status"] == 200
    assert "[req-1] GET /healthz 200" in TextFormatter().format(record)


def test_the_log_format_is_configured_from_the_environment() -> None:
    assert LogSettings.from_environ({}).format == "text"
    assert LogSettings.from_environ({"FUPAN_LOG_FORMAT": "JSON"}).format == "json"
    with pytest.raises(ConfigurationError, match="FUPAN_LOG_FORMAT"):
        LogSettings.from_environ({"FUPAN_LOG_FORMAT": "xml"})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    record = logging.makeLogRecord({"name": "fupan.test", "msg": "outside a request"})
    handler.handle(record)
    assert json.loads(stream.getvalue())["request_id"] == "-"


def test_a_crash_is_logged_with_where_it_arose_and_without_what_it_quoted() -> None:
    try:
        raise ValueError("student 金丝雀某 not found")
    except ValueError:
        record = logging.getLogger("web.app").makeRecord(
            "web.app",
            logging.ERROR,
            __file__,
            1,
            "Exception on /reviews/金丝雀某 [GET]",
            (),
            sys.exc_info(),
        )
    assert WithholdRequestLines().filter(record)
    RequestIdFilter().filter(record)
    for written in (JsonFormatter().format(record), TextFormatter().format(record)):
        assert "金丝雀" not in written
        assert "ValueError: (message withheld)" in written
        assert "test_request_logs.py" in written  # the frames stay
        assert "/reviews/<masked>" in written
