"""One registry of codes: every refusal code and every field reason has a sentence, in
Chinese; schema refusals are reason codes, never marshmallow's English sentences."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from marshmallow import Schema, ValidationError

import web.schemas
from domain.errors import Code, Reason
from web.error_messages import MESSAGES, REASONS, message_for, reason
from web.schemas.base import FupanSchema


def test_every_code_and_every_reason_has_a_message() -> None:
    assert set(MESSAGES) == set(Code)
    assert set(REASONS) == set(Reason)


def test_every_message_reads_in_chinese(app: Flask) -> None:
    with app.test_request_context(), force_locale("zh_CN"):
        for code in Code:
            text = message_for(code)
            assert text != str(MESSAGES[code]._args[0]), f"{code} is not translated"
        for why in Reason:
            assert reason(why) != REASONS[why]._args[0], f"{why} is not translated"


def test_an_unknown_code_or_reason_still_reads_as_a_sentence(app: Flask) -> None:
    with app.test_request_context(), force_locale("zh_CN"):
        assert message_for("no_such_code") == message_for(Code.INVALID_INPUT)
        assert reason("Not a valid thing.") == reason(Reason.INVALID)


def every_schema() -> list[type[FupanSchema[Any]]]:
    found = []
    for module in pkgutil.iter_modules(web.schemas.__path__):
        loaded = importlib.import_module(f"web.schemas.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, FupanSchema) and cls is not FupanSchema:
                found.append(cls)
    return found


ODD = [None, "", "  ", 7, 3.5, True, [], {}, ["x"], {"a": 1}, "x" * 30_000, "\ud800", "2026-13-45"]


def messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in messages(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in messages(value)]
    return [str(errors)]


@pytest.mark.parametrize("schema", every_schema(), ids=lambda c: c.__name__)
def test_every_schema_refuses_with_reason_codes(schema: type[Schema]) -> None:
    seen: set[str] = set()
    for odd in ODD:
        for name in [*schema().fields, "unexpected"]:
            for data in ({name: odd}, odd):
                try:
                    schema().load(data)
                except ValidationError as refused:
                    seen |= set(messages(refused.messages))
    assert seen, "odd input is refused"
    codes = {m.partition(":")[0] for m in seen}
    assert codes <= {r.value for r in Reason}, codes - {r.value for r in Reason}
