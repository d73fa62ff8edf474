"""The hash chain and the signed checkpoints in SQL (SQLite and PostgreSQL).

- ``event_chain``: one link per stored event, keyed by its notification id, with the MAC
  that authenticates it (``mac_key``, ``mac``; NULL for links written by releases before
  links carried one).
- ``checkpoints``: signed (position, head, time) records; ``macs_from`` names the first
  authenticated link as the checkpoint saw it.

Stores written by earlier releases get the new columns when fupan starts (``migrations``).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import StoredEvent

from application.ports import ChainLink, LinkSigner
from infrastructure.crypto import suite
from infrastructure.crypto.suite import Suite
from infrastructure.integrity.chain import GENESIS, link


@dataclass(frozen=True)
class Column:
    """A column added after the table was first released."""

    table: str
    name: str
    type: str


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ...) -> Any: ...
    def fetchall(self) -> Any: ...
    def fetchone(self) -> Any: ...


class ChainTables:
    """Names and statements; ``q`` is a quoted schema prefix, ``p`` the placeholder."""

    def __init__(self, q: str, prefix: str, p: str, blob: str, bigint: str) -> None:
        self.chain = chain = f"{q}{prefix}event_chain"
        self.checkpoints = checkpoints = f"{q}{prefix}checkpoints"
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {chain} (position {bigint} PRIMARY KEY, "
            f"suite TEXT NOT NULL, link {blob} NOT NULL, mac_key TEXT, mac {blob})",
            f"CREATE TABLE IF NOT EXISTS {checkpoints} (position {bigint} PRIMARY KEY, "
            f"head {blob} NOT NULL, created_at TEXT NOT NULL, suite TEXT NOT NULL, "
            f"key_id TEXT NOT NULL, signature {blob} NOT NULL, macs_from {bigint})",
        ]
        self.migrations = [
            Column(chain, "mac_key", "TEXT"),
            Column(chain, "mac", blob),
            Column(checkpoints, "macs_from", bigint),
        ]
        self.select_head = f"SELECT position, link FROM {chain} ORDER BY position DESC LIMIT 1"
        self.insert_link = (
            f"INSERT INTO {chain} (position, suite, link, mac_key, mac) "
            f"VALUES ({p}, {p}, {p}, {p}, {p})"
        )
        self.select_links = (
            f"SELECT position, suite, link, mac_key, mac FROM {chain} WHERE position >= {p} "
            f"ORDER BY position LIMIT {p}"
        )
        self.first_mac = f"SELECT MIN(position) AS position FROM {chain} WHERE mac IS NOT NULL"
        columns = "position, head, created_at, suite, key_id, signature, macs_from"
        self.insert_checkpoint = (
            f"INSERT INTO {checkpoints} ({columns}) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) "
            "ON CONFLICT (position) DO NOTHING"
        )
        self.select_checkpoints = f"SELECT {columns} FROM {checkpoints} ORDER BY position"
        self.newest_checkpoint = (
            f"SELECT {columns} FROM {checkpoints} ORDER BY position DESC LIMIT 1"
        )


class ChainMixin:
    """The chain's and the checkpoints' side of a recorder with a datastore."""

    chain_tables: ChainTables
    link_signer: LinkSigner | None = None

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def authenticate_links(self, signer: LinkSigner | None) -> None:
        self.link_signer = signer

    def _extend_chain(
        self, c: Cursor, positions: Sequence[int], stored_events: Sequence[StoredEvent]
    ) -> None:
        """Append one link (and its MAC) per event; the caller holds the store's write
        lock."""
        c.execute(self.chain_tables.select_head)
        head = c.fetchone()
        previous = bytes(head["link"]) if head else GENESIS
        with_suite = link_suite(self.link_signer)
        for position, event in zip(positions, stored_events, strict=True):
            previous = link(previous, position, event, with_suite)
            key_id, mac = (
                self.link_signer.mac(position, previous) if self.link_signer else (None, None)
            )
            c.execute(
                self.chain_tables.insert_link, (position, with_suite.name, previous, key_id, mac)
            )

    def chain_head(self) -> str:
        """The newest link of the chain, hex (zeros before the first event)."""
        with self._transaction(commit=False) as c:
            c.execute(self.chain_tables.select_head)
            row = c.fetchone()
            return bytes(row["link"]).hex() if row else GENESIS.hex()

    def select_links(self, start: int, limit: int) -> list[tuple[int, str, bytes]]:
        return [(r.position, r.suite, r.link) for r in self.select_chain(start, limit)]

    def select_chain(self, start: int, limit: int) -> list[ChainLink]:
        with self._transaction(commit=False) as c:
            c.execute(self.chain_tables.select_links, (start, limit))
            return [
                ChainLink(
                    r["position"],
                    r["suite"],
                    bytes(r["link"]),
                    r["mac_key"],
                    None if r["mac"] is None else bytes(r["mac"]),
                )
                for r in c.fetchall()
            ]

    def first_authenticated_position(self) -> int | None:
        with self._transaction(commit=False) as c:
            c.execute(self.chain_tables.first_mac)
            row = c.fetchone()
            return None if row is None or row["position"] is None else int(row["position"])

    def insert_checkpoint(self, row: tuple[Any, ...]) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.chain_tables.insert_checkpoint, _with_macs_from(row))

    def select_checkpoints(self) -> list[dict[str, Any]]:
        with self._transaction(commit=False) as c:
            c.execute(self.chain_tables.select_checkpoints)
            return [plain(r) for r in c.fetchall()]

    def newest_checkpoint(self) -> dict[str, Any] | None:
        with self._transaction(commit=False) as c:
            c.execute(self.chain_tables.newest_checkpoint)
            row = c.fetchone()
            return plain(row) if row else None


def link_suite(signer: LinkSigner | None) -> Suite:
    """The suite of new links: the signer's key's (standard when links are not signed)."""
    found = getattr(signer, "suite", None)
    return found if isinstance(found, Suite) else suite.STANDARD


def _with_macs_from(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Rows of six (no first authenticated link named) or seven values."""
    return (*row, None) if len(row) == 6 else row


def plain(row: Any) -> dict[str, Any]:
    return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in dict(row).items()}
