"""Renderings kept beside the answers they render.

The application memoises a list's answer until the projections change
(``application.memo``) and hands out the same object meanwhile. A rendering of that answer
(a page's rows, a dashboard's counts, the API's dump of a page) kept beside that very
object is therefore never staler than the answer itself. Only renderings that carry
nothing of the user are kept (no token, no name): the answer is shared by everyone with
the same sight.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from web.i18n import current_language

T = TypeVar("T")
KEPT = 64  # renderings kept per process

_kept: OrderedDict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = OrderedDict()
_lock = Lock()


def kept(name: str, answer: object, make: Callable[[], T]) -> T:
    """``make()`` for ``answer`` in the request's language, made once while the answer is
    handed out. ``answer`` may be a tuple of answers: the rendering is kept while every one
    of them is handed out."""
    parts = answer if isinstance(answer, tuple) else (answer,)
    key = (name, *(id(a) for a in parts), current_language())
    with _lock:
        found = _kept.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], parts, strict=True)):
        return found[1]  # type: ignore[no-any-return]
    made = make()
    with _lock:
        _kept[key] = (parts, made)  # holding the answers: their ids are not reused meanwhile
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made


# Where a kept rendering's forms take this request's CSRF token (put in when served).
PLACEHOLDER = "__CSRF_TOKEN__"


def with_csrf(html: str) -> Markup:
    """A kept rendering with this request's CSRF token put in its forms."""
    return Markup(html.replace(PLACEHOLDER, generate_csrf()))  # noqa: S704 - our own templates' output
