"""The keys that sign report PDFs: a small CA of the bureau's own and a document-signing key
under it, both ECDSA P-256 (decision 25).

The server's Ed25519 key is not used: Poppler's ``pdfsig`` and the common PDF readers do
not validate Ed25519 PDF signatures. The private halves are stored wrapped by the master key
(like the server key); the certificates in clear, so that the CA certificate can be exported
(``fupan pdf-ca export``) for the bureau's PDF readers to trust.

On a store of the ``sm`` suite a new CA and signing key are SM2 (``sm2_pdf``, decision 27):
no reader on Debian checks them, ``fupan verify-report`` does. A key's kind shows in its
certificate's signature algorithm; earlier ECDSA CAs stay, so earlier reports keep checking.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_private_key,
)
from cryptography.x509.oid import NameOID

from application.ports import DocumentKeyRecords
from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyring
from infrastructure.crypto.suite import Suite
from infrastructure.documents import sm2_pdf
from infrastructure.documents.sm2_pdf import Sm2DocumentSigner

CA = "ca"
SIGNER = "signer"
CA_YEARS = 30  # the reports are kept for years: a reader checks them long after
SIGNER_YEARS = 20


class DocumentKeysMissing(Exception):
    """No PDF CA yet: ``fupan pdf-ca init`` creates one."""


@dataclass(frozen=True)
class DocumentSigner:
    """What signs a PDF: the document-signing key, its certificate and the CA's."""

    key_id: str
    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate


class DocumentKeys:
    def __init__(
        self,
        recorder: DocumentKeyRecords,
        keyring: MasterKeyring,
        current_suite: Callable[[], Suite] | None = None,
    ) -> None:
        self.recorder = recorder
        self.keyring = keyring
        self.current_suite = current_suite or (lambda: suite.STANDARD)

    def exists(self) -> bool:
        kinds = {r["kind"] for r in self.recorder.select_document_keys()}
        return {CA, SIGNER} <= kinds

    def create(self, organisation: str, now: datetime | None = None) -> x509.Certificate:
        """A new CA and a document-signing key under it (the newest sign from now on);
        returns the CA certificate. SM2 on a store of the sm suite."""
        when = now or datetime.now(UTC)
        if self.current_suite() is suite.SM:
            return self._create_sm2(organisation, when)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _name(f"{organisation} 复盘报告签名CA (fupan PDF CA)", organisation)
        ca_cert = (
            _builder(ca_name, ca_name, ca_key.public_key(), when, CA_YEARS)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(cert_sign=True), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(f"{organisation} 复盘报告 (fupan report signing)", organisation)
        cert = (
            _builder(name, ca_name, key.public_key(), when, SIGNER_YEARS)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=False), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        self._store(CA, ca_key, ca_cert, when)
        self._store(SIGNER, key, cert, when)
        return ca_cert

    def _create_sm2(self, organisation: str, when: datetime) -> x509.Certificate:
        ca_key, key = suite.SM.new_signing_key(), suite.SM.new_signing_key()
        ca_name = {
            "common_name": f"{organisation} 复盘报告签名CA (fupan PDF CA, SM2)"[:64],
            "organization_name": organisation[:64],
        }
        ca_cert = sm2_pdf.certificate(
            subject=ca_name,
            issuer=ca_name,
            public_key=suite.SM.public_key(ca_key),
            issuer_key=ca_key,
            ca=True,
            when=when,
            years=CA_YEARS,
        )
        cert = sm2_pdf.certificate(
            subject={
                "common_name": f"{organisation} 复盘报告 (fupan report signing, SM2)"[:64],
                "organization_name": organisation[:64],
            },
            issuer=ca_name,
            public_key=suite.SM.public_key(key),
            issuer_key=ca_key,
            ca=False,
            when=when,
            years=SIGNER_YEARS,
        )
        self._store_raw(CA, ca_key, ca_cert, when)
        self._store_raw(SIGNER, key, cert, when)
        return x509.load_der_x509_certificate(ca_cert)

    def ca_certificates(self) -> list[x509.Certificate]:
        """Every CA certificate, newest last (a report signed under an earlier CA still
        checks against it)."""
        return [
            x509.load_der_x509_certificate(bytes(r["certificate"]))
            for r in self.recorder.select_document_keys()
            if r["kind"] == CA
        ]

    def ca_certificate(self) -> x509.Certificate:
        found = self.ca_certificates()
        if not found:
            raise DocumentKeysMissing("no PDF CA: run `fupan pdf-ca init`")
        return found[-1]

    def signer(self) -> DocumentSigner | Sm2DocumentSigner:
        """The newest document-signing key, with its certificate and its CA's."""
        rows = self.recorder.select_document_keys()
        signers = [r for r in rows if r["kind"] == SIGNER]
        if not signers:
            raise DocumentKeysMissing("no PDF signing key: run `fupan pdf-ca init`")
        row = signers[-1]
        raw = self.keyring.unwrap(
            row["master_key_id"], bytes(row["wrapped_private_key"]), _purpose(row["key_id"])
        )
        der = bytes(row["certificate"])
        if sm2_pdf.is_sm2_certificate(der):
            cas = [bytes(r["certificate"]) for r in rows if r["kind"] == CA]
            ca = next((c for c in reversed(cas) if sm2_pdf.issued_by(der, c)), None)
            if ca is None:
                raise DocumentKeysMissing("the PDF signing key's CA is missing")
            return Sm2DocumentSigner(row["key_id"], raw, der, ca)
        cert = x509.load_der_x509_certificate(der)
        private = load_der_private_key(raw, password=None)
        if not isinstance(private, ec.EllipticCurvePrivateKey):
            raise DocumentKeysMissing("the PDF signing key is not an ECDSA key")
        issuer = next((c for c in reversed(self.ca_certificates()) if _issued(cert, c)), None)
        if issuer is None:
            raise DocumentKeysMissing("the PDF signing key's CA is missing")
        return DocumentSigner(row["key_id"], private, cert, issuer)

    def rewrap(self, keyring: MasterKeyring) -> int:
        """Rewrap every document key with the keyring's active master key."""
        count = 0
        for row in self.recorder.select_document_keys():
            if row["master_key_id"] == keyring.active.id:
                continue
            purpose = _purpose(row["key_id"])
            raw = keyring.unwrap(row["master_key_id"], bytes(row["wrapped_private_key"]), purpose)
            master_id, wrapped = keyring.wrap(raw, purpose)
            self.recorder.rewrap_document_key(
                (master_id, wrapped, row["key_id"], row["master_key_id"])
            )
            count += 1
        return count

    def _store(
        self,
        kind: str,
        key: ec.EllipticCurvePrivateKey,
        cert: x509.Certificate,
        when: datetime,
    ) -> None:
        key_id = f"pdf-{kind}-{secrets.token_hex(6)}"
        raw = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        master_id, wrapped = self.keyring.wrap(raw, _purpose(key_id))
        row = (key_id, kind, cert.public_bytes(Encoding.DER), master_id, wrapped)
        self.recorder.insert_document_key((*row, when.isoformat()))

    def _store_raw(self, kind: str, key: bytes, cert: bytes, when: datetime) -> None:
        """An SM2 key pair (raw, 96 bytes) and its certificate (DER)."""
        key_id = f"pdf-{kind}-{secrets.token_hex(6)}"
        master_id, wrapped = self.keyring.wrap(key, _purpose(key_id))
        row = (key_id, kind, cert, master_id, wrapped)
        self.recorder.insert_document_key((*row, when.isoformat()))


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate (DER), as readers show it: AB:CD:…"""
    digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _issued(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    if sm2_pdf.is_sm2_certificate(ca.public_bytes(Encoding.DER)):
        return False  # an ECDSA signer is never under an SM2 CA
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public: ec.EllipticCurvePublicKey,
    when: datetime,
    years: int,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(when - timedelta(minutes=5))
        .not_valid_after(when + timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _purpose(key_id: str) -> bytes:
    return b"document-key:" + key_id.encode()
