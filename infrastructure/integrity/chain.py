"""The hash chain over stored events, in commit (notification id) order.

Each link is the hash of its suite (SHA-256, or SM3 under the ``sm`` suite; the link's row
names its suite) over the previous link, the event's position, stream id, version,
topic and stored (encrypted) state, so the chain verifies without any key. Editing,
deleting, swapping or moving a stored event changes every later link.
"""

from __future__ import annotations

from typing import Any, Protocol

from infrastructure.crypto import suite
from infrastructure.crypto.suite import Suite

GENESIS = bytes(32)
DOMAIN = b"fupan-chain-v1"


class Record(Protocol):
    @property
    def originator_id(self) -> Any: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


# A stored event as the chain sees it: (position, stream id in canonical form, version,
# topic, stored state); and with its stored link (None: it has none).
Row = tuple[int, str, int, str, bytes]
Linked = tuple[int, str, int, str, bytes, bytes | None]


def link(
    previous: bytes, position: int, record: Record, with_suite: Suite = suite.STANDARD
) -> bytes:
    row = (
        position,
        str(record.originator_id),
        int(record.originator_version),
        record.topic,
        bytes(record.state),
    )
    return link_of(previous, row, with_suite)


def link_of(previous: bytes, row: Row | Linked, with_suite: Suite = suite.STANDARD) -> bytes:
    """The link of one stored event after ``previous``, by the suite's hash."""
    position, stream, version, topic, state = row[0], row[1], row[2], row[3], row[4]
    h = with_suite.hasher()
    h.update(DOMAIN)
    h.update(previous)
    h.update(position.to_bytes(8, "big", signed=True))
    for part in (stream.encode(), topic.encode("utf-8")):
        h.update(len(part).to_bytes(4, "big"))
        h.update(part)
    h.update(version.to_bytes(8, "big", signed=True))
    h.update(len(state).to_bytes(8, "big"))
    h.update(state)
    return h.digest()


MAC_DOMAIN = b"fupan-chain-mac-v1"


def link_mac(
    key: bytes, position: int, link_value: bytes, with_suite: Suite = suite.STANDARD
) -> bytes:
    """The MAC that authenticates the link at ``position`` (HMAC-SHA256, or HMAC-SM3 under
    the ``sm`` suite: the suite of the server key that made it). A link hashes everything
    before it, so its MAC vouches for the whole history up to it."""
    message = MAC_DOMAIN + position.to_bytes(8, "big", signed=True) + link_value
    return with_suite.mac(key, message)
