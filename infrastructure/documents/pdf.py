"""PAdES for the report PDFs (pyHanko): sign a whole file with the document-signing key, and
check a file's signature against the CA certificates a reader trusts (decision 25).

Nothing is fetched from the network: the signer's chain is embedded, and validation works
from the trusted CA certificates alone.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from infrastructure.documents import sm2_pdf
from infrastructure.documents.keys import DocumentSigner
from infrastructure.documents.sm2_pdf import Sm2DocumentSigner

FIELD = "fupan"
MANIFEST = "fupan-manifest.json"


class NotAReportPdf(Exception):
    """The bytes are not a PDF that fupan could have made (not a PDF, no signature, no
    manifest)."""


@dataclass(frozen=True)
class PadesCheck:
    """What a PAdES validation found; ``ok`` only when the signature is intact, valid,
    chains to a trusted CA and covers the entire file (nothing appended after it)."""

    intact: bool
    valid: bool
    trusted: bool
    entire_file: bool
    signer: str
    signed_at: str
    manifest: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.entire_file


def sign(pdf: bytes, signer: DocumentSigner | Sm2DocumentSigner, *, reason: str) -> bytes:
    """The PDF with a PAdES signature over the whole file, the signer's chain embedded
    (ECDSA P-256; SM2 with SM3 under the sm suite, decision 27)."""
    if isinstance(signer, Sm2DocumentSigner):
        return sm2_pdf.sign(pdf, signer, reason=reason)
    certificate = _asn1_cert(signer.certificate)
    private = asn1_keys.PrivateKeyInfo.load(
        signer.private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    )
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register(_asn1_cert(signer.ca_certificate))
    pdf_signer = signers.SimpleSigner(
        signing_cert=certificate, signing_key=private, cert_registry=registry
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="fupan",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.PdfSigner(meta, signer=pdf_signer).sign_pdf(writer)
    return bytes(out.getvalue())


def check(pdf: bytes, trusted: list[x509.Certificate]) -> PadesCheck:
    """Validate the file's one signature against ``trusted`` CA certificates, and read the
    manifest embedded in it. Raises NotAReportPdf when there is nothing to check."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as e:
        raise NotAReportPdf(f"not a readable PDF: {e}") from e
    if len(signatures) != 1:
        raise NotAReportPdf(f"expected one signature, found {len(signatures)}")
    embedded = signatures[0]
    if sm2_pdf.is_sm2_signature(embedded):
        return _check_sm2(pdf, embedded, reader, trusted)
    context = ValidationContext(trust_roots=[_asn1_cert(c) for c in trusted])
    problems: list[str] = []
    try:
        status = validate_pdf_signature(embedded, context)
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as e:
        raise NotAReportPdf(f"the signature cannot be read: {e}") from e
    entire = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not status.intact:
        problems.append("the signed bytes were changed")
    if not status.valid:
        problems.append("the signature is not valid")
    if not status.trusted:
        problems.append("the signer does not chain to a trusted CA certificate")
    if not entire:
        problems.append("the file was changed after it was signed (an appended update)")
    signer_cert = embedded.signer_cert
    return PadesCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        entire_file=entire,
        signer=signer_cert.subject.human_friendly if signer_cert else "",
        signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "",
        manifest=_manifest(reader),
        problems=problems,
    )


def _check_sm2(
    pdf: bytes, embedded: Any, reader: PdfFileReader, trusted: list[x509.Certificate]
) -> PadesCheck:
    try:
        found = sm2_pdf.check(pdf, embedded, [c.public_bytes(Encoding.DER) for c in trusted])
    except (PdfError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise NotAReportPdf(f"the signature cannot be read: {e}") from e
    when = embedded.self_reported_timestamp
    return PadesCheck(
        intact=found.intact,
        valid=found.valid,
        trusted=found.trusted,
        entire_file=found.entire_file,
        signer=found.signer,
        signed_at=when.isoformat() if when else "",
        manifest=_manifest(reader),
        problems=found.problems,
    )


def _manifest(reader: PdfFileReader) -> dict[str, Any] | None:
    """The embedded manifest (``fupan-manifest.json``), or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        if not isinstance(names, ArrayObject):
            return None
        for i in range(0, len(names) - 1, 2):  # (name, file specification) pairs
            if str(names[i]) != MANIFEST:
                continue
            spec_dict = names[i + 1]
            if not isinstance(spec_dict, DictionaryObject):
                return None
            data = spec_dict["/EF"]["/F"].get_object().data
            loaded = json.loads(data.decode("utf-8"))
            return loaded if isinstance(loaded, dict) else None
    except (KeyError, TypeError, ValueError, AttributeError, PdfError):
        return None
    return None


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
