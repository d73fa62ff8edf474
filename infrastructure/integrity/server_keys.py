"""The server's signing keys for checkpoints, audit bundles and chain-link MACs.

Created on first use; the private half is stored wrapped by the master key, the public half
in clear so that anyone can verify, offline, what the server signed. Each key belongs to a
suite (Ed25519 under ``standard``, SM2 under ``sm``), named in its row; the newest key's
suite is the store's current suite (decision 27): new data keys, links and signatures use
it. A store's first key is of the configured suite (``FUPAN_CRYPTO_SUITE``, or
``fupan init --suite``); ``fupan keys rotate --suite`` adds a key of another.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from application.ports import ServerKeyRecords
from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyError, MasterKeyring
from infrastructure.crypto.suite import Suite


@dataclass(frozen=True)
class ServerKey:
    key_id: str
    suite: Suite
    private: bytes  # raw, as the suite keeps it

    def sign(self, message: bytes) -> bytes:
        return self.suite.sign(self.private, message)

    @property
    def public(self) -> bytes:
        return self.suite.public_key(self.private)


class ServerKeys:
    def __init__(
        self,
        recorder: ServerKeyRecords,
        keyring: MasterKeyring,
        default_suite: Suite = suite.STANDARD,
    ) -> None:
        self.recorder = recorder
        self.keyring = keyring
        self.default_suite = default_suite

    def current_suite(self) -> Suite:
        """The suite of the newest server key (the configured one before there is a key)."""
        rows = self.recorder.select_server_keys()
        return suite.by_name(rows[-1]["suite"]) if rows else self.default_suite

    def signing_key(self) -> ServerKey:
        """The newest server key (created if there is none yet)."""
        rows = self.recorder.select_server_keys()
        if not rows:
            return self.create(self.default_suite)
        return self._open(rows[-1])

    def every_key(self) -> list[tuple[str, ServerKey | None]]:
        """Every server key, oldest first: (key id, key), None for a key that does not
        unwrap (its master key is gone, the row was altered, or it names no known suite)."""
        found: list[tuple[str, ServerKey | None]] = []
        for row in self.recorder.select_server_keys():
            try:
                found.append((row["key_id"], self._open(row)))
            except (MasterKeyError, suite.CiphertextRejected, ValueError, TypeError):
                found.append((row["key_id"], None))
        return found

    def public_keys(self) -> list[dict[str, str]]:
        found = []
        for r in self.recorder.select_server_keys():
            public = bytes(r["public_key"])
            try:
                fingerprint = suite.by_name(r["suite"]).fingerprint(public)
            except suite.UnknownSuite:
                fingerprint = ""
            found.append(
                {
                    "key_id": r["key_id"],
                    "suite": r["suite"],
                    "public_key": public.hex(),
                    "fingerprint": fingerprint,
                }
            )
        return found

    def rewrap(self, keyring: MasterKeyring) -> int:
        """Rewrap every server key with the keyring's active master key (each in its own
        suite)."""
        count = 0
        for row in self.recorder.select_server_keys():
            if row["master_key_id"] == keyring.active.id:
                continue
            purpose = _purpose(row["key_id"])
            with_suite = suite.by_name(row["suite"])
            raw = keyring.unwrap(
                row["master_key_id"], bytes(row["wrapped_private_key"]), purpose, with_suite
            )
            master_id, wrapped = keyring.wrap(raw, purpose, with_suite)
            self.recorder.rewrap_server_key(
                (master_id, wrapped, row["key_id"], row["master_key_id"])
            )
            count += 1
        return count

    def create(self, with_suite: Suite) -> ServerKey:
        """A new server key of ``with_suite``: from now on the newest, so the current one."""
        key_id = f"sk-{secrets.token_hex(6)}"
        private = with_suite.new_signing_key()
        public = with_suite.public_key(private)
        master_id, wrapped = self.keyring.wrap(private, _purpose(key_id), with_suite)
        now = datetime.now(UTC).isoformat()
        self.recorder.insert_server_key((key_id, with_suite.name, public, master_id, wrapped, now))
        return ServerKey(key_id, with_suite, private)

    def _open(self, row: dict[str, object]) -> ServerKey:
        with_suite = suite.by_name(str(row["suite"]))
        key_id = str(row["key_id"])
        raw = self.keyring.unwrap(
            str(row["master_key_id"]),
            bytes(row["wrapped_private_key"]),  # type: ignore[call-overload]
            _purpose(key_id),
            with_suite,
        )
        return ServerKey(key_id, with_suite, raw)


class SuiteOfStore:
    """The store's current suite, asked for when a key is made (``DataKeyStore``,
    ``PersonalKeys``): its newest server key's, once the server keys are attached."""

    def __init__(self, configured: Suite) -> None:
        self.configured = configured
        self.server_keys: ServerKeys | None = None

    def __call__(self) -> Suite:
        if self.server_keys is None:
            return self.configured
        return self.server_keys.current_suite()


def _purpose(key_id: str) -> bytes:
    return b"server-key:" + key_id.encode()
