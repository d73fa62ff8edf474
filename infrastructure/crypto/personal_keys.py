"""Personal signing keys: a key pair per account (Ed25519 under the ``standard`` suite, SM2
under ``sm``) whose private key is sealed under a key derived from the account's password
(argon2id), so the server alone cannot sign for anyone. Signing needs the password again, at
that moment.

The public key names its suite: an Ed25519 key is its bare hex (as every key issued before
the second suite), an SM2 key is ``sm2:`` + the hex of its point x ‖ y. The sealed private
key names its suite too (``"suite"`` in its JSON), which seals it (AES-256-GCM or SM4-GCM)
and signs with it.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from uuid import UUID

from argon2.low_level import Type, hash_secret_raw

from application.ports import IssuedKey
from domain.errors import InvalidValue, Reason
from infrastructure.crypto import suite
from infrastructure.crypto.suite import Suite

SM2_PREFIX = "sm2:"


class PersonalKeys:
    def __init__(
        self,
        time_cost: int = 3,
        memory_kib: int = 65_536,
        active_suite: Callable[[], Suite] | None = None,
    ) -> None:
        self.time_cost = time_cost
        self.memory_kib = memory_kib
        self.active_suite = active_suite or (lambda: suite.STANDARD)

    def issue(self, password: str, owner: UUID) -> IssuedKey:
        """A new key pair of the store's current suite, the private half sealed under the
        password."""
        with_suite = self.active_suite()
        private = with_suite.new_signing_key()
        key_id = f"pk-{secrets.token_hex(6)}"
        public = public_text(with_suite, with_suite.public_key(private))
        sealed = self._seal(with_suite, private, password, owner, key_id)
        return IssuedKey(key_id, public, sealed)

    def reseal(self, sealed: str, old_password: str, new_password: str, owner: UUID) -> str:
        """The same key pair, sealed under a new password (in its own suite)."""
        data = json.loads(sealed)
        with_suite = suite.by_name(data.get("suite"))
        raw = self._open(sealed, old_password, owner)
        return self._seal(with_suite, raw, new_password, owner, data["key_id"])

    def sign(self, sealed: str, password: str, owner: UUID, message: bytes) -> bytes:
        """Sign with the private key, opened with the password (wrong password: refused)."""
        with_suite = suite.by_name(json.loads(sealed).get("suite"))
        return with_suite.sign(self._open(sealed, password, owner), message)

    @staticmethod
    def verify(public_key: str, signature: bytes, message: bytes) -> bool:
        try:
            with_suite, raw = parse_public(public_key)
        except ValueError:
            return False
        return with_suite.verify_signature(raw, signature, message)

    @staticmethod
    def fingerprint(public_key: str) -> str:
        with_suite, raw = parse_public(public_key)
        return with_suite.fingerprint(raw)

    def _seal(self, with_suite: Suite, raw: bytes, password: str, owner: UUID, key_id: str) -> str:
        salt = os.urandom(16)
        params: dict[str, int | str] = {
            "kdf": "argon2id",
            "t": self.time_cost,
            "m": self.memory_kib,
            "p": 1,
        }
        key = _derive(password, salt, params, with_suite.data_key_bytes)
        sealed = with_suite.seal(key, raw, _aad(owner, key_id))
        return json.dumps(
            {
                "suite": with_suite.name,
                "key_id": key_id,
                "kdf": params,
                "salt": base64.b64encode(salt).decode(),
                "sealed": base64.b64encode(sealed).decode(),
            },
            sort_keys=True,
        )

    def _open(self, sealed: str, password: str, owner: UUID) -> bytes:
        data = json.loads(sealed)
        with_suite = suite.by_name(data.get("suite"))
        key = _derive(
            password, base64.b64decode(data["salt"]), data["kdf"], with_suite.data_key_bytes
        )
        try:
            return with_suite.open_sealed(
                key, base64.b64decode(data["sealed"]), _aad(owner, data["key_id"])
            )
        except suite.CiphertextRejected:
            raise InvalidValue("password", Reason.DOES_NOT_MATCH) from None


def public_text(with_suite: Suite, raw: bytes) -> str:
    """A public key as an account records it: its suite named unless it is Ed25519."""
    return raw.hex() if with_suite is suite.STANDARD else SM2_PREFIX + raw.hex()


def parse_public(text: str) -> tuple[Suite, bytes]:
    """(suite, raw public key) of a recorded public key; ValueError when malformed."""
    if text.startswith(SM2_PREFIX):
        return suite.SM, bytes.fromhex(text[len(SM2_PREFIX) :])
    return suite.STANDARD, bytes.fromhex(text)


def _derive(password: str, salt: bytes, params: dict[str, int | str], length: int) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=int(params["t"]),
        memory_cost=int(params["m"]),
        parallelism=int(params["p"]),
        hash_len=length,
        type=Type.ID,
    )


def _aad(owner: UUID, key_id: str) -> bytes:
    return f"fupan-personal-key|{owner}|{key_id}".encode()
