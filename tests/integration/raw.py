"""Direct access to a store's tables, as an attacker holding the database would have."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.desk import ReviewDesk


class Raw:
    def __init__(self, desk: ReviewDesk) -> None:
        self.recorder: Any = desk.recorder
        self.postgres = type(self.recorder).__module__.endswith("postgres")
        self.p = "%s" if self.postgres else "?"
        if self.postgres:
            schema = self.recorder.datastore.schema
            self.events = f'"{schema}".{self.recorder.events_table_name}'
            self.position = "notification_id"
        else:
            self.events = self.recorder.events_table_name
            self.position = "rowid"
        self.tables = self.recorder.tables
        self.snapshots = self.recorder.snapshots_table

    def sid(self, stream: UUID) -> Any:
        return stream if self.postgres else stream.hex

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        with self.recorder.datastore.transaction(commit=True) as c:
            yield c

    def state(self, stream: UUID, version: int) -> bytes:
        with self.cursor() as c:
            c.execute(
                f"SELECT state FROM {self.events} WHERE originator_id={self.p} "
                f"AND originator_version={self.p}",
                (self.sid(stream), version),
            )
            return bytes(c.fetchone()["state"])

    def position_of(self, stream: UUID, version: int) -> int:
        with self.cursor() as c:
            c.execute(
                f"SELECT {self.position} AS position FROM {self.events} WHERE "
                f"originator_id={self.p} AND originator_version={self.p}",
                (self.sid(stream), version),
            )
            return int(c.fetchone()["position"])

    def set_state(self, stream: UUID, version: int, state: bytes) -> None:
        with self.cursor() as c:
            c.execute(
                f"UPDATE {self.events} SET state={self.p} WHERE originator_id={self.p} "
                f"AND originator_version={self.p}",
                (state, self.sid(stream), version),
            )

    def move(self, stream: UUID, version: int, to: UUID, to_version: int) -> None:
        with self.cursor() as c:
            c.execute(
                f"UPDATE {self.events} SET originator_id={self.p}, originator_version="
                f"{self.p} WHERE originator_id={self.p} AND originator_version={self.p}",
                (self.sid(to), to_version, self.sid(stream), version),
            )

    def delete_event(self, stream: UUID, version: int, *, with_link: bool = False) -> int:
        position = self.position_of(stream, version)
        with self.cursor() as c:
            c.execute(
                f"DELETE FROM {self.events} WHERE originator_id={self.p} "
                f"AND originator_version={self.p}",
                (self.sid(stream), version),
            )
            if with_link:
                c.execute(f"DELETE FROM {self.tables.chain} WHERE position={self.p}", (position,))
        return position

    def truncate_after(self, position: int) -> None:
        with self.cursor() as c:
            c.execute(f"DELETE FROM {self.events} WHERE {self.position} > {self.p}", (position,))
            c.execute(f"DELETE FROM {self.tables.chain} WHERE position > {self.p}", (position,))

    def delete_checkpoints(self) -> None:
        with self.cursor() as c:
            c.execute(f"DELETE FROM {self.tables.checkpoints}")

    def snapshot_state(self, stream: UUID) -> bytes | None:
        with self.cursor() as c:
            c.execute(
                f"SELECT state FROM {self.snapshots} WHERE originator_id={self.p}",
                (self.sid(stream),),
            )
            row = c.fetchone()
            return bytes(row["state"]) if row else None

    def set_snapshot_state(self, stream: UUID, state: bytes) -> None:
        with self.cursor() as c:
            c.execute(
                f"UPDATE {self.snapshots} SET state={self.p} WHERE originator_id={self.p}",
                (state, self.sid(stream)),
            )

    def wrapped_key(self, review: UUID) -> bytes | None:
        with self.cursor() as c:
            c.execute(
                f"SELECT wrapped FROM {self.tables.data_keys} WHERE owner_id={self.p}",
                (str(review),),
            )
            row = c.fetchone()
            return bytes(row["wrapped"]) if row and row["wrapped"] is not None else None

    def all_wrapped_keys(self) -> list[tuple[str, str, bytes]]:
        with self.cursor() as c:
            c.execute(
                f"SELECT owner_id, master_key_id, wrapped FROM {self.tables.data_keys} "
                "WHERE wrapped IS NOT NULL"
            )
            return [(r["owner_id"], r["master_key_id"], bytes(r["wrapped"])) for r in c.fetchall()]

    # ---- a writer who also recomputes the chain (holding no key) ------------------------

    def append_event(self, stream: UUID, version: int, topic: str, state: bytes) -> int:
        """Insert a stored event outside fupan; returns its position (no link written)."""
        with self.cursor() as c:
            sql = (
                f"INSERT INTO {self.events} (originator_id, originator_version, topic, state) "
                f"VALUES ({self.p}, {self.p}, {self.p}, {self.p})"
            )
            if self.postgres:
                c.execute(sql + " RETURNING notification_id", (stream, version, topic, state))
                return int(c.fetchone()["notification_id"])
            c.execute(sql, (stream.hex, version, topic, state))
            return int(c.lastrowid)

    def topic(self, stream: UUID, version: int) -> str:
        with self.cursor() as c:
            c.execute(
                f"SELECT topic FROM {self.events} WHERE originator_id={self.p} "
                f"AND originator_version={self.p}",
                (self.sid(stream), version),
            )
            return str(c.fetchone()["topic"])

    def rechain_from(self, position: int) -> None:
        """Recompute every link from ``position`` on, as the chain's code would (the MACs
        stay as they were: the writer has no key). The links are hashed by the suite of the
        link before (the algorithm is no secret)."""
        from infrastructure.crypto.suite import by_name
        from infrastructure.integrity.chain import GENESIS, link

        with self.cursor() as c:
            c.execute(
                f"SELECT link, suite FROM {self.tables.chain} WHERE position < {self.p} "
                "ORDER BY position DESC LIMIT 1",
                (position,),
            )
            row = c.fetchone()
            previous = bytes(row["link"]) if row else GENESIS
            with_suite = by_name(row["suite"] if row else None)
            c.execute(
                f"SELECT {self.position} AS position, originator_id, originator_version, topic, "
                f"state FROM {self.events} WHERE {self.position} >= {self.p} ORDER BY position",
                (position,),
            )
            for event in c.fetchall():
                record = _Record(
                    UUID(str(event["originator_id"])),
                    int(event["originator_version"]),
                    event["topic"],
                    bytes(event["state"]),
                )
                previous = link(previous, int(event["position"]), record, with_suite)
                c.execute(
                    f"INSERT INTO {self.tables.chain} (position, suite, link) "
                    f"VALUES ({self.p}, {self.p}, {self.p}) "
                    "ON CONFLICT (position) DO UPDATE SET link = excluded.link",
                    (event["position"], with_suite.name, previous),
                )

    def copy_mac(self, source: int, target: int) -> None:
        """Give the link at ``target`` the MAC of the link at ``source``."""
        with self.cursor() as c:
            c.execute(
                f"SELECT mac_key, mac FROM {self.tables.chain} WHERE position = {self.p}",
                (source,),
            )
            row = c.fetchone()
            c.execute(
                f"UPDATE {self.tables.chain} SET mac_key = {self.p}, mac = {self.p} "
                f"WHERE position = {self.p}",
                (row["mac_key"], row["mac"], target),
            )

    def strip_macs(self) -> None:
        with self.cursor() as c:
            c.execute(f"UPDATE {self.tables.chain} SET mac_key = NULL, mac = NULL")


@dataclass(frozen=True)
class _Record:
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def flip_a_bit(state: bytes, field: str) -> bytes:
    """The stored state with one bit of a sealed field's ciphertext flipped."""
    document = json.loads(state)
    sealed = bytearray(base64.b64decode(document[field]["__sealed__"]))
    sealed[len(sealed) // 2] ^= 0x01
    document[field]["__sealed__"] = base64.b64encode(bytes(sealed)).decode()
    return json.dumps(document).encode()
