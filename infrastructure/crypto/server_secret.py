"""One server secret, one derivation: every key the server keys things with (session
cookies, stored session and token ids, names in the logs, later webhook signatures and
duplicate detection) is derived from the one server secret by HKDF-SHA256 with a label of
its own, so that no two uses share a key and one secret is all an operator keeps.

The secret comes from ``FUPAN_SECRET_KEY`` or ``FUPAN_SECRET_KEY_FILE`` (see
``infrastructure.settings``); it is never stored in the database.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Every label in use: adding a use means adding a label, never reusing one.
LABELS = frozenset(
    {
        "session-cookies",
        "credential-ids",
        "names-in-logs",
        "duplicate-registrations",
        "enrolment-codes",
        "throttle-keys",
        "student-names",
        "email-codes",
        "webhook-signing",
    }
)
SALT = b"fupan-server-secret/1"


class ServerSecret:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the server secret must hold at least 32 bytes")
        self._secret = secret
        self._derived: dict[str, bytes] = {}

    def derive(self, label: str) -> bytes:
        """A 32-byte key for one use, named by ``label``."""
        if label not in LABELS:
            raise ValueError(f"unknown key label {label!r}")
        if label not in self._derived:
            hkdf = HKDF(
                algorithm=hashes.SHA256(), length=32, salt=SALT, info=f"fupan/{label}".encode()
            )
            self._derived[label] = hkdf.derive(self._secret)
        return self._derived[label]

    def keyed_hash(self, label: str, value: str) -> str:
        """HMAC-SHA256 of ``value`` under the key for ``label``, hex."""
        return hmac.new(self.derive(label), value.encode("utf-8"), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "ServerSecret(…)"
