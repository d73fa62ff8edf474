"""Shared pieces of the ``fupan`` commands: refusals, identifiers, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

import click
from flask import current_app

from application.accounts import account_id_for
from application.errors import ReviewNotFound
from domain.deadline import CHINA
from domain.errors import DomainError, InvalidValue, Reason
from web.app import settings_of

F = TypeVar("F", bound=Callable[..., Any])


def refusals(func: F) -> F:
    """Turn a domain refusal into a clear message and a non-zero exit."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidValue as e:
            click.echo(f"错误 [{e.code}] {e.message}", err=True)
            sys.exit(2)
        except ReviewNotFound as e:
            click.echo(f"错误 [{e.code}] 未找到该复盘 / no such review", err=True)
            sys.exit(1)
        except DomainError as e:
            click.echo(f"拒绝 [{e.code}] {e.message}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def operator_id() -> UUID:
    """The CLI acts as the named operator (FUPAN_OPERATOR)."""
    return account_id_for(settings_of(current_app).operator)


def review_id_arg(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidValue("REVIEW_ID", Reason.NOT_AN_ID) from None


def instant_arg(option: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(option, Reason.NOT_A_MOMENT) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(obj: Any) -> Any:
    if isinstance(obj, (datetime,)) or hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, UUID):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


Progress = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str, wanted: bool | None) -> Iterator[Progress | None]:
    """A ``progress(done, total)`` callback for a long operation, drawing on standard error:
    a bar on a terminal, a line every tenth elsewhere; none at all unless ``wanted`` (by
    default: when standard error is a terminal). Standard output stays the command's own."""
    show = sys.stderr.isatty() if wanted is None else wanted
    if not show:
        yield None
        return
    if not sys.stderr.isatty():
        shown = {"step": -1}

        def lines(done: int, total: int) -> None:
            step = done * 10 // total if total else 10
            if step != shown["step"]:
                shown["step"] = step
                click.echo(f"{label}: {done:,} / {total:,} ({min(step * 10, 100)}%)", err=True)

        yield lines
        return
    bars: list[Any] = []

    def draw(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=max(total, 1), label=label, file=sys.stderr))
            bars[0].__enter__()
        bar = bars[0]
        bar.update(done - bar.pos)

    try:
        yield draw
    finally:
        if bars:
            bars[0].__exit__(None, None, None)
