"""The key that authenticates chain links: without it, someone who can write the database
cannot append a link that ``fupan verify`` accepts.

The MAC key is derived by HKDF (SHA-256, or SM3 under the ``sm`` suite), under a label of
its own, from the server's signing key (Ed25519 or SM2), which is stored wrapped by the
master key. A key derived from the master key itself would not do: rotation drops the old
master key (``crypto/rotation.py``), and every MAC made before would become uncheckable; the
server key is rewrapped instead, and each link names the server key its MAC was made with.
"""

from __future__ import annotations

import hmac
import threading

from application.ports import ChainLink
from infrastructure.crypto.suite import Suite
from infrastructure.integrity.chain import link_mac
from infrastructure.integrity.server_keys import ServerKey, ServerKeys

SALT = b"fupan-chain-links/1"


def derive(key: ServerKey) -> bytes:
    """The MAC key of a server key (HKDF of its suite over its raw private key)."""
    info = b"fupan/chain-links/" + key.key_id.encode()
    return key.suite.derive(key.private, salt=SALT, info=info)


class LinkAuthenticator:
    """Signs new links (``application.ports.LinkSigner``) with the newest server key,
    created on the first write if there is none."""

    def __init__(self, server_keys: ServerKeys) -> None:
        self.server_keys = server_keys
        self._key: tuple[str, Suite, bytes] | None = None
        self._lock = threading.Lock()

    def ready(self) -> None:
        with self._lock:
            if self._key is None:
                key = self.server_keys.signing_key()
                self._key = (key.key_id, key.suite, derive(key))

    def reset(self) -> None:
        """Take the newest server key again (after a rotation added one)."""
        with self._lock:
            self._key = None

    @property
    def suite(self) -> Suite:
        """The suite of the links this signer authenticates (its key's)."""
        if self._key is None:
            self.ready()
        assert self._key is not None
        return self._key[1]

    def mac(self, position: int, link: bytes) -> tuple[str, bytes]:
        if self._key is None:
            self.ready()
        assert self._key is not None
        key_id, with_suite, key = self._key
        return key_id, link_mac(key, position, link, with_suite)


class LinkVerifier:
    """Checks the MACs of stored links with every server key this server holds."""

    def __init__(self, server_keys: ServerKeys) -> None:
        self.keys: dict[str, tuple[Suite, bytes]] = {}
        self.unreadable: list[str] = []
        for key_id, key in server_keys.every_key():
            if key is None:
                self.unreadable.append(key_id)
            else:
                self.keys[key_id] = (key.suite, derive(key))

    def __call__(self, row: ChainLink) -> bool:
        found = self.keys.get(row.mac_key or "")
        if found is None or row.mac is None:
            return False
        with_suite, key = found
        return hmac.compare_digest(link_mac(key, row.position, row.link, with_suite), row.mac)
