"""Master keys: they wrap the per-review data keys and the server's signing key.

A master keyring comes from a key file (``FUPAN_MASTER_KEY_FILE``, JSON, mode 0600) or from
the environment (``FUPAN_MASTER_KEY=<key id>:<base64 key>``). The first key of a keyring wraps
new keys; every key in it can unwrap. During a rotation the file holds the new key first and
the old one second, until every wrapped key has been rewrapped. The master key is never
stored in the database or the repository.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from infrastructure.crypto import suite
from infrastructure.settings import Settings


class MasterKeyError(Exception):
    """No usable master key; the message says what to do."""


@dataclass(frozen=True)
class MasterKey:
    id: str
    key: bytes

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(id=f"mk-{secrets.token_hex(6)}", key=suite.new_key())


class MasterKeyring:
    def __init__(self, keys: list[MasterKey], source: Path | None = None) -> None:
        if not keys:
            raise MasterKeyError("the master keyring is empty")
        self.keys = keys
        self.source = source

    @property
    def active(self) -> MasterKey:
        return self.keys[0]

    def get(self, key_id: str) -> MasterKey:
        for key in self.keys:
            if key.id == key_id:
                return key
        if self.source is not None and self.source.exists():
            # Another process rotated the keys: read the file again.
            self.keys = MasterKeyring.from_file(self.source).keys
            for key in self.keys:
                if key.id == key_id:
                    return key
        raise MasterKeyError(f"master key {key_id} is not in the keyring")

    def wrap(
        self, secret: bytes, purpose: bytes, with_suite: suite.Suite = suite.STANDARD
    ) -> tuple[str, bytes]:
        """Seal a key with the active master key under ``with_suite`` (AES-256-GCM, or SM4-GCM
        under a key derived from the master key); returns (master key id, wrapped bytes)."""
        master = self.active
        key = with_suite.wrapping_key(master.key)
        return master.id, with_suite.seal(key, secret, _aad(master.id, purpose, with_suite))

    def unwrap(
        self,
        master_key_id: str,
        wrapped: bytes,
        purpose: bytes,
        with_suite: suite.Suite = suite.STANDARD,
    ) -> bytes:
        """Open a wrapped key with the suite its row names."""
        master = self.get(master_key_id)
        key = with_suite.wrapping_key(master.key)
        return with_suite.open_sealed(key, wrapped, _aad(master.id, purpose, with_suite))

    # ---- files ---------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: Path) -> MasterKeyring:
        try:
            data = json.loads(path.read_text("utf-8"))
            keys = [
                MasterKey(k["id"], base64.b64decode(k["key"], validate=True)) for k in data["keys"]
            ]
        except FileNotFoundError:
            raise MasterKeyError(f"master key file {path} does not exist") from None
        except (ValueError, KeyError, TypeError, binascii.Error) as e:
            raise MasterKeyError(f"master key file {path} is not a fupan keyring: {e}") from None
        if any(len(k.key) != suite.KEY_BYTES for k in keys):
            raise MasterKeyError(f"master key file {path}: keys must be {suite.KEY_BYTES} bytes")
        return cls(keys, path)

    @classmethod
    def from_environment(cls, value: str) -> MasterKeyring:
        key_id, _, encoded = value.strip().partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            key = b""
        if not key_id or len(key) != suite.KEY_BYTES:
            raise MasterKeyError(
                "FUPAN_MASTER_KEY must be <key id>:<base64 of 32 random bytes>"
            ) from None
        return cls([MasterKey(key_id, key)])

    @classmethod
    def create_file(cls, path: Path) -> MasterKeyring:
        """Write a new keyring with one fresh key, readable by its owner only."""
        keyring = cls([MasterKey.generate()], path)
        keyring.save(path)
        return keyring

    def save(self, path: Path) -> None:
        """Replace the file atomically (write, fsync, rename), mode 0600."""
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps(
            {
                "suite": suite.SUITE,
                "keys": [{"id": k.id, "key": base64.b64encode(k.key).decode()} for k in self.keys],
            },
            indent=2,
        )
        temporary = path.with_name(path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
        self.source = path


def _aad(master_key_id: str, purpose: bytes, with_suite: suite.Suite) -> bytes:
    name = with_suite.name.encode()
    return b"fupan:wrap:" + name + b":" + master_key_id.encode() + b":" + purpose


def load_keyring(settings: Settings, *, create: bool = False) -> MasterKeyring:
    """The configured master keyring; in development and test modes one is generated under
    the data directory when none is configured. Production refuses to start without one."""
    if settings.master_key_file is not None:
        return MasterKeyring.from_file(settings.master_key_file)
    if settings.master_key:
        return MasterKeyring.from_environment(settings.master_key)
    if settings.mode == "production":
        raise MasterKeyError(
            "production mode needs a master key: set FUPAN_MASTER_KEY_FILE to a key file "
            "(create one with `fupan keys create PATH`) or FUPAN_MASTER_KEY; "
            "for a trial, set FUPAN_ENV=development"
        )
    path = settings.development_key_file
    if path.exists() or not create:
        return MasterKeyring.from_file(path)
    return MasterKeyring.create_file(path)
