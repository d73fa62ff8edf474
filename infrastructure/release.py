"""This release of fupan, and the newest release that has opened the store (noted in the
store, so that ``fupan doctor`` sees an older release started on a newer release's store)."""

from __future__ import annotations

import re
from importlib import metadata

from application.ports import FupanStore

NOTED = "fupan_version"


def version() -> str:
    try:
        return metadata.version("fupan")
    except metadata.PackageNotFoundError:
        return "unknown"


def _key(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text.split("+", maxsplit=1)[0])[:3])


def is_newer(a: str, b: str) -> bool:
    """Whether release ``a`` is newer than ``b`` (numeric parts compared)."""
    return _key(a) > _key(b)


def note_release(store: FupanStore, current: str | None = None) -> None:
    """Note this release if it is newer than the one noted (never move it backwards)."""
    current = current or version()
    noted = store.noted(NOTED)
    if current != "unknown" and (noted is None or is_newer(current, noted)):
        store.note(NOTED, current)


def newer_release_noted(store: FupanStore, current: str | None = None) -> str | None:
    """The newer release that has opened this store, if any."""
    current = current or version()
    noted = store.noted(NOTED)
    return noted if noted and current != "unknown" and is_newer(noted, current) else None
