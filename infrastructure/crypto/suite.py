"""The named algorithm suites behind every ciphertext, chain link, MAC and signature.

Two suites (decision 27):

- ``standard``, stored as ``fupan-2026`` (the name every record written before the second
  suite carries): AES-256-GCM, SHA-256 (links, HMAC, HKDF, fingerprints), Ed25519.
- ``sm``, stored as ``fupan-sm-2026``: SM4-GCM (GB/T 32907, 128-bit keys, 96-bit nonces),
  SM3 (GB/T 32905; links, HMAC-SM3, HKDF-SM3, fingerprints), SM2 signatures with SM3 and the
  standard user id ``1234567812345678`` (GB/T 32918, GM/T 0009).

A suite's name is stored beside each wrapped key, sealed field, chain link, checkpoint and
signature, so that records of both suites verify side by side: a record is always read with
the suite it names (``by_name``), never with today's choice. SM3 and SM4 come from
``cryptography`` (OpenSSL); SM2 from ``gmssl_pyx`` (a C extension over GmSSL 3). No
algorithm is written here.

The module-level functions are the ``standard`` suite's, kept for the callers that predate
the second suite.
"""

from __future__ import annotations

import hashlib
import hmac as std_hmac
import os
from functools import lru_cache
from typing import Protocol

import gmssl_pyx
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as c_hmac
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SUITE = "fupan-2026"
SM_SUITE = "fupan-sm-2026"
KEY_BYTES = 32  # master keys (both suites: the sm suite derives its SM4 wrapping key)
NONCE_BYTES = 12
TAG_BYTES = 16
SM2_USER_ID = b"1234567812345678"


class CiphertextRejected(Exception):
    """A ciphertext failed authentication: altered, or moved from where it was sealed."""


class UnknownSuite(ValueError):
    """A record names a suite this fupan does not know."""


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...


class Suite:
    """One suite: a symmetric AEAD, a hash (and its HMAC and HKDF), a signature scheme."""

    name: str  # as stored beside each record
    choice: str  # as an operator names it: standard, sm
    data_key_bytes: int
    cipher_name: str
    hash_name: str
    signature_name: str

    # ---- keys and sealing ------------------------------------------------------------

    def new_key(self) -> bytes:
        return os.urandom(self.data_key_bytes)

    def seal(self, key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
        """AEAD with a random 96-bit nonce; returns nonce + ciphertext + tag."""
        raise NotImplementedError

    def open_sealed(self, key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
        raise NotImplementedError

    def wrapping_key(self, master: bytes) -> bytes:
        """The key that wraps data keys under a (32-byte) master key."""
        raise NotImplementedError

    # ---- hashing ---------------------------------------------------------------------

    def hasher(self) -> Hasher:
        raise NotImplementedError

    def digest(self, data: bytes) -> bytes:
        h = self.hasher()
        h.update(data)
        return h.digest()

    def hexdigest(self, data: bytes) -> str:
        return self.digest(data).hex()

    def mac(self, key: bytes, message: bytes) -> bytes:
        raise NotImplementedError

    def derive(self, secret: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
        raise NotImplementedError

    def fingerprint(self, public_key: bytes) -> str:
        """A short, stable name for a public key: the suite's hash, first 16 hex digits."""
        hexed = self.hexdigest(public_key)[:16]
        return ":".join(hexed[i : i + 4] for i in range(0, 16, 4))

    # ---- signatures ------------------------------------------------------------------

    def new_signing_key(self) -> bytes:
        """A new private key, raw."""
        raise NotImplementedError

    def public_key(self, private: bytes) -> bytes:
        raise NotImplementedError

    def sign(self, private: bytes, message: bytes) -> bytes:
        raise NotImplementedError

    def verify_signature(self, public_key: bytes, signature: bytes, message: bytes) -> bool:
        raise NotImplementedError


class _Sha256Hasher:
    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def update(self, data: bytes, /) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.digest()


class _Sm3Hasher:
    def __init__(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    def update(self, data: bytes, /) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.finalize()


class StandardSuite(Suite):
    name = SUITE
    choice = "standard"
    data_key_bytes = 32
    cipher_name = "AES-256-GCM"
    hash_name = "SHA-256"
    signature_name = "Ed25519"

    def seal(self, key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + _aes(key).encrypt(nonce, plaintext, associated_data)

    def open_sealed(self, key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
        try:
            return _aes(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated_data)
        except (InvalidTag, ValueError) as e:
            raise CiphertextRejected("ciphertext rejected (altered or moved)") from e

    def wrapping_key(self, master: bytes) -> bytes:
        return master

    def hasher(self) -> Hasher:
        return _Sha256Hasher()

    def digest(self, data: bytes) -> bytes:
        return hashlib.sha256(data).digest()

    def mac(self, key: bytes, message: bytes) -> bytes:
        return std_hmac.new(key, message, hashlib.sha256).digest()

    def derive(self, secret: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)

    def new_signing_key(self) -> bytes:
        return Ed25519PrivateKey.generate().private_bytes_raw()

    def public_key(self, private: bytes) -> bytes:
        key = Ed25519PrivateKey.from_private_bytes(private).public_key()
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sign(self, private: bytes, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(private).sign(message)

    def verify_signature(self, public_key: bytes, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class SmSuite(Suite):
    name = SM_SUITE
    choice = "sm"
    data_key_bytes = 16
    cipher_name = "SM4-GCM"
    hash_name = "SM3"
    signature_name = "SM2 (SM3, user id 1234567812345678)"

    def seal(self, key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(associated_data)
        body = encryptor.update(plaintext) + encryptor.finalize()
        return nonce + body + encryptor.tag

    def open_sealed(self, key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise CiphertextRejected("ciphertext rejected (too short)")
        nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
        try:
            decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
            decryptor.authenticate_additional_data(associated_data)
            return decryptor.update(body) + decryptor.finalize()
        except (InvalidTag, ValueError) as e:
            raise CiphertextRejected("ciphertext rejected (altered or moved)") from e

    def wrapping_key(self, master: bytes) -> bytes:
        return _sm4_wrapping_key(master)

    def hasher(self) -> Hasher:
        return _Sm3Hasher()

    def mac(self, key: bytes, message: bytes) -> bytes:
        h = c_hmac.HMAC(key, hashes.SM3())
        h.update(message)
        return h.finalize()

    def derive(self, secret: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
        return HKDF(algorithm=hashes.SM3(), length=length, salt=salt, info=info).derive(secret)

    def new_signing_key(self) -> bytes:
        """The private scalar (32 bytes) followed by its public point x ‖ y (64 bytes): the
        SM2 library computes the point only when it generates the pair, so both are kept."""
        public, private = gmssl_pyx.sm2_key_generate()
        return bytes(private) + bytes(public)

    def public_key(self, private: bytes) -> bytes:
        if len(private) != 96:
            raise ValueError("an SM2 key pair is 96 bytes (private ‖ public)")
        return private[32:]

    def sign(self, private: bytes, message: bytes) -> bytes:
        """SM2 with SM3 over Z(user id ‖ curve ‖ public key) ‖ message; ASN.1 DER (r, s)."""
        signed: bytes = gmssl_pyx.sm2_sign(
            private[:32], self.public_key(private), message, signer_id=SM2_USER_ID
        )
        return signed

    def verify_signature(self, public_key: bytes, signature: bytes, message: bytes) -> bool:
        try:
            return bool(gmssl_pyx.sm2_verify(public_key, message, signature, signer_id=SM2_USER_ID))
        except Exception:  # malformed key or signature: the extension raises its own errors
            return False


@lru_cache(maxsize=256)
def _aes(key: bytes) -> AESGCM:
    """The cipher of a key (set up once: a review's events are opened by the dozen)."""
    return AESGCM(key)


@lru_cache(maxsize=64)
def _sm4_wrapping_key(master: bytes) -> bytes:
    """SM4 takes 128-bit keys: the sm suite wraps under HKDF-SM3 of the 256-bit master key."""
    return HKDF(
        algorithm=hashes.SM3(), length=16, salt=b"fupan-master-wrap/1", info=b"fupan/sm4-wrap"
    ).derive(master)


STANDARD = StandardSuite()
SM = SmSuite()
SUITES: dict[str, Suite] = {STANDARD.name: STANDARD, SM.name: SM}
CHOICES: dict[str, Suite] = {STANDARD.choice: STANDARD, SM.choice: SM}


def by_name(name: str | None) -> Suite:
    """The suite a record names (a record with none is of the first suite)."""
    if name is None or name == "":
        return STANDARD
    try:
        return SUITES[name]
    except KeyError:
        raise UnknownSuite(f"unknown crypto suite {name!r}") from None


def by_choice(choice: str) -> Suite:
    """The suite an operator names: ``standard`` or ``sm`` (a stored name is accepted)."""
    found = CHOICES.get(choice.strip().lower()) or SUITES.get(choice.strip())
    if found is None:
        raise UnknownSuite(f"unknown crypto suite {choice!r}: choose standard or sm")
    return found


# ---- the standard suite's functions, as before the second suite -----------------------


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def forget_ciphers() -> None:
    """Drop every cipher set up (after a key was destroyed: none may outlive it)."""
    _aes.cache_clear()


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    return STANDARD.seal(key, plaintext, associated_data)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    return STANDARD.open_sealed(key, sealed, associated_data)


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def sign(private_key: Ed25519PrivateKey, message: bytes) -> bytes:
    return private_key.sign(message)


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    return STANDARD.verify_signature(public_key, signature, message)


def fingerprint(public_key: bytes) -> str:
    """A short, stable name for a public key: SHA-256, first 16 hex digits, in groups."""
    return STANDARD.fingerprint(public_key)
