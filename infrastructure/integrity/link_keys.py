"""The key that authenticates chain links: without it, someone who can write the database
cannot append a link that ``fupan verify`` accepts.

The MAC key is derived by HKDF-SHA256, under a label of its own, from the server's Ed25519
signing key, which is stored wrapped by the master key. A key derived from the master key
itself would not do: rotation drops the old master key (``crypto/rotation.py``), and every
MAC made before would become uncheckable; the server key is rewrapped instead, and each
link names the server key its MAC was made with.
"""

from __future__ import annotations

import hmac
import threading

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from application.ports import ChainLink
from infrastructure.integrity.chain import link_mac
from infrastructure.integrity.server_keys import ServerKeys

SALT = b"fupan-chain-links/1"


def derive(private: Ed25519PrivateKey, key_id: str) -> bytes:
    """The MAC key of the server key ``key_id``."""
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=SALT,
        info=b"fupan/chain-links/" + key_id.encode(),
    )
    return hkdf.derive(private.private_bytes_raw())


class LinkAuthenticator:
    """Signs new links (``application.ports.LinkSigner``) with the newest server key,
    created on the first write if there is none."""

    def __init__(self, server_keys: ServerKeys) -> None:
        self.server_keys = server_keys
        self._key: tuple[str, bytes] | None = None
        self._lock = threading.Lock()

    def ready(self) -> None:
        with self._lock:
            if self._key is None:
                key_id, private = self.server_keys.signing_key()
                self._key = (key_id, derive(private, key_id))

    def mac(self, position: int, link: bytes) -> tuple[str, bytes]:
        if self._key is None:
            self.ready()
        assert self._key is not None
        key_id, key = self._key
        return key_id, link_mac(key, position, link)


class LinkVerifier:
    """Checks the MACs of stored links with every server key this server holds."""

    def __init__(self, server_keys: ServerKeys) -> None:
        self.keys: dict[str, bytes] = {}
        self.unreadable: list[str] = []
        for key_id, private in server_keys.every_key():
            if private is None:
                self.unreadable.append(key_id)
            else:
                self.keys[key_id] = derive(private, key_id)

    def __call__(self, row: ChainLink) -> bool:
        key = self.keys.get(row.mac_key or "")
        if key is None or row.mac is None:
            return False
        return hmac.compare_digest(link_mac(key, row.position, row.link), row.mac)
