"""The server's Ed25519 signing key for checkpoints and audit bundles.

Created on first use; the private half is stored wrapped by the master key, the public half
in clear so that anyone can verify, offline, what the server signed.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from application.ports import ServerKeyRecords
from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyError, MasterKeyring


class ServerKeys:
    def __init__(self, recorder: ServerKeyRecords, keyring: MasterKeyring) -> None:
        self.recorder = recorder
        self.keyring = keyring

    def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        """The newest server key (created if there is none yet): (key id, private key)."""
        rows = self.recorder.select_server_keys()
        if not rows:
            return self._create()
        row = rows[-1]
        raw = self.keyring.unwrap(
            row["master_key_id"], bytes(row["wrapped_private_key"]), _purpose(row["key_id"])
        )
        return row["key_id"], Ed25519PrivateKey.from_private_bytes(raw)

    def every_key(self) -> list[tuple[str, Ed25519PrivateKey | None]]:
        """Every server key, oldest first: (key id, private key), None for a key that does
        not unwrap (its master key is gone, or the row was altered)."""
        found: list[tuple[str, Ed25519PrivateKey | None]] = []
        for row in self.recorder.select_server_keys():
            try:
                raw = self.keyring.unwrap(
                    row["master_key_id"], bytes(row["wrapped_private_key"]), _purpose(row["key_id"])
                )
                found.append((row["key_id"], Ed25519PrivateKey.from_private_bytes(raw)))
            except (MasterKeyError, suite.CiphertextRejected, ValueError, TypeError):
                found.append((row["key_id"], None))
        return found

    def public_keys(self) -> list[dict[str, str]]:
        return [
            {
                "key_id": r["key_id"],
                "suite": r["suite"],
                "public_key": bytes(r["public_key"]).hex(),
                "fingerprint": suite.fingerprint(bytes(r["public_key"])),
            }
            for r in self.recorder.select_server_keys()
        ]

    def rewrap(self, keyring: MasterKeyring) -> int:
        """Rewrap every server key with the keyring's active master key."""
        count = 0
        for row in self.recorder.select_server_keys():
            if row["master_key_id"] == keyring.active.id:
                continue
            purpose = _purpose(row["key_id"])
            raw = keyring.unwrap(row["master_key_id"], bytes(row["wrapped_private_key"]), purpose)
            master_id, wrapped = keyring.wrap(raw, purpose)
            self.recorder.rewrap_server_key(
                (master_id, wrapped, row["key_id"], row["master_key_id"])
            )
            count += 1
        return count

    def _create(self) -> tuple[str, Ed25519PrivateKey]:
        key_id = f"sk-{secrets.token_hex(6)}"
        private = suite.new_signing_key()
        raw = private.private_bytes_raw()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        master_id, wrapped = self.keyring.wrap(raw, _purpose(key_id))
        now = datetime.now(UTC).isoformat()
        self.recorder.insert_server_key((key_id, suite.SUITE, public, master_id, wrapped, now))
        return key_id, private


def _purpose(key_id: str) -> bytes:
    return b"server-key:" + key_id.encode()
