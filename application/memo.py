"""Answers of list queries, kept by each process until the projections change.

Between two writes, a page of a list, a dashboard's counts or a task list are the same
for everyone with the same sight. The key holds the query, the sight, today's date (days
left and overdue change with it) and the projections' generation, which every write to
them raises in the same transaction, in whichever process (one indexed read per answer):
a memoised answer is never older than the store. Access records, sessions and the like
do not touch the projections, so reading a review does not clear the lists.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar, Token
from threading import Lock
from typing import TypeVar

T = TypeVar("T")


class ListMemo:
    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer for ``key`` (whose parts include the generation), computed once.
        Answers are shared: callers must not change them."""
        if self.size <= 0:
            return compute()
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                return self._answers[key]  # type: ignore[return-value]
        answer = compute()
        with self._lock:
            self.misses += 1
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer


# One read of the projections' generation per unit of work (a web request): the lists a
# page shows then come from one state of the store. A write in between unpins it.
_PINNED: ContextVar[dict[str, int] | None] = ContextVar("fupan_pinned_generation", default=None)


def pin_generation() -> Token[dict[str, int] | None]:
    """From now on (until ``release``), read the projections' generation at most once
    between writes."""
    return _PINNED.set({})


def release(token: Token[dict[str, int] | None]) -> None:
    try:
        _PINNED.reset(token)
    except ValueError:  # set in another context: forget it there instead
        _PINNED.set(None)


def generation(read: Callable[[], int]) -> int:
    """The generation pinned for this unit of work, or ``read()`` (and pinned)."""
    pinned = _PINNED.get()
    if pinned is None:
        return read()
    if "generation" not in pinned:
        pinned["generation"] = read()
    return pinned["generation"]


def unpin() -> None:
    """After a write: the next list reads the generation again."""
    pinned = _PINNED.get()
    if pinned is not None:
        pinned.clear()
