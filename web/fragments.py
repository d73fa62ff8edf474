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

from web.i18n import current_language

T = TypeVar("T")
KEPT = 64  # renderings kept per process

_kept: OrderedDict[tuple[str, int, str], tuple[object, Any]] = OrderedDict()
_lock = Lock()


def kept(name: str, answer: object, make: Callable[[], T]) -> T:
    """``make()`` for ``answer`` in the request's language, made once while the answer is
    handed out."""
    key = (name, id(answer), current_language())
    with _lock:
        found = _kept.get(key)
    if found is not None and found[0] is answer:
        return found[1]  # type: ignore[no-any-return]
    made = make()
    with _lock:
        _kept[key] = (answer, made)  # holding the answer: its id is not reused meanwhile
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made
