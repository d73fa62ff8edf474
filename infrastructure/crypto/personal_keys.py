"""Personal signing keys: an Ed25519 key pair per account whose private key is sealed under
a key derived from the account's password (argon2id), so the server alone cannot sign for
anyone. Signing needs the password again, at that moment.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from uuid import UUID

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from application.ports import IssuedKey
from domain.errors import InvalidValue, Reason
from infrastructure.crypto import suite


class PersonalKeys:
    def __init__(self, time_cost: int = 3, memory_kib: int = 65_536) -> None:
        self.time_cost = time_cost
        self.memory_kib = memory_kib

    def issue(self, password: str, owner: UUID) -> IssuedKey:
        """A new key pair, the private half sealed under the password."""
        private = Ed25519PrivateKey.generate()
        key_id = f"pk-{secrets.token_hex(6)}"
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        sealed = self._seal(private.private_bytes_raw(), password, owner, key_id)
        return IssuedKey(key_id, public.hex(), sealed)

    def reseal(self, sealed: str, old_password: str, new_password: str, owner: UUID) -> str:
        """The same key pair, sealed under a new password."""
        key_id = json.loads(sealed)["key_id"]
        return self._seal(self._open(sealed, old_password, owner), new_password, owner, key_id)

    def sign(self, sealed: str, password: str, owner: UUID, message: bytes) -> bytes:
        """Sign with the private key, opened with the password (wrong password: refused)."""
        private = Ed25519PrivateKey.from_private_bytes(self._open(sealed, password, owner))
        return private.sign(message)

    @staticmethod
    def verify(public_key: str, signature: bytes, message: bytes) -> bool:
        return suite.verify_signature(bytes.fromhex(public_key), signature, message)

    @staticmethod
    def fingerprint(public_key: str) -> str:
        return suite.fingerprint(bytes.fromhex(public_key))

    def _seal(self, raw: bytes, password: str, owner: UUID, key_id: str) -> str:
        salt = os.urandom(16)
        params: dict[str, int | str] = {
            "kdf": "argon2id",
            "t": self.time_cost,
            "m": self.memory_kib,
            "p": 1,
        }
        key = _derive(password, salt, params)
        sealed = suite.seal(key, raw, _aad(owner, key_id))
        return json.dumps(
            {
                "suite": suite.SUITE,
                "key_id": key_id,
                "kdf": params,
                "salt": base64.b64encode(salt).decode(),
                "sealed": base64.b64encode(sealed).decode(),
            },
            sort_keys=True,
        )

    def _open(self, sealed: str, password: str, owner: UUID) -> bytes:
        data = json.loads(sealed)
        key = _derive(password, base64.b64decode(data["salt"]), data["kdf"])
        try:
            return suite.open_sealed(
                key, base64.b64decode(data["sealed"]), _aad(owner, data["key_id"])
            )
        except suite.CiphertextRejected:
            raise InvalidValue("password", Reason.DOES_NOT_MATCH) from None


def _derive(password: str, salt: bytes, params: dict[str, int | str]) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=int(params["t"]),
        memory_cost=int(params["m"]),
        parallelism=int(params["p"]),
        hash_len=32,
        type=Type.ID,
    )


def _aad(owner: UUID, key_id: str) -> bytes:
    return f"fupan-personal-key|{owner}|{key_id}".encode()
