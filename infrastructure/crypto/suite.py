"""The one named algorithm suite behind every ciphertext, chain link and signature.

Today ``fupan-2026`` (AES-256-GCM, SHA-256, Ed25519). Its name is stored beside each wrapped
key, sealed field, chain link and signature, so that a second suite (for instance the
national SM4-GCM / SM3 / SM2 profile) can be added later without rewriting history.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SUITE = "fupan-2026"
KEY_BYTES = 32
NONCE_BYTES = 12


class CiphertextRejected(Exception):
    """A ciphertext failed authentication: altered, or moved from where it was sealed."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


@lru_cache(maxsize=256)
def _cipher(key: bytes) -> AESGCM:
    """The cipher of a key (set up once: a review's events are opened by the dozen)."""
    return AESGCM(key)


def forget_ciphers() -> None:
    """Drop every cipher set up (after a key was destroyed: none may outlive it)."""
    _cipher.cache_clear()


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """AES-256-GCM with a random 96-bit nonce; returns nonce + ciphertext + tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _cipher(key).encrypt(nonce, plaintext, associated_data)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    try:
        return _cipher(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated_data)
    except (InvalidTag, ValueError) as e:
        raise CiphertextRejected("ciphertext rejected (altered or moved)") from e


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def sign(private_key: Ed25519PrivateKey, message: bytes) -> bytes:
    return private_key.sign(message)


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    """A short, stable name for a public key: SHA-256, first 16 hex digits, in groups."""
    hexed = hashlib.sha256(public_key).hexdigest()[:16]
    return ":".join(hexed[i : i + 4] for i in range(0, 16, 4))
