"""Report PDFs signed with SM2 under the ``sm`` crypto suite (decision 27).

No PDF reader on Debian validates an SM2 PDF signature (Poppler's ``pdfsig`` checks with
NSS, pyHanko's validator has no SM2), so under ``sm`` the PDF carries a PAdES-shaped
signature (``ETSI.CAdES.detached``, the whole file but the signature's own bytes) whose CMS
is SM2 with SM3 (GM/T 0010 object identifiers: SM3 ``1.2.156.10197.1.401``, SM2-with-SM3
``1.2.156.10197.1.501``, user id ``1234567812345678``), under an SM2 CA of the bureau's own;
``fupan verify-report`` and the inspectors' page check it.

The certificates and the CMS are laid out with asn1crypto (which knows no SM object
identifiers, so they are written dotted); the signatures are GmSSL's (``gmssl-pyx``); the
digest of the signed byte ranges is computed by pyHanko's embedder with ``cryptography``'s
SM3. Nothing here computes SM2 or SM3 itself.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
from pyhanko.sign.signers.pdf_byterange import SignatureObject
from pyhanko.sign.validation.status import SignatureCoverageLevel

from infrastructure.crypto.suite import SM

SM2_CURVE = "1.2.156.10197.1.301"
SM3 = "1.2.156.10197.1.401"
SM2_WITH_SM3 = "1.2.156.10197.1.501"
RESERVED = 16_384  # hex characters kept for the CMS (certificates included)


@dataclass(frozen=True)
class Sm2DocumentSigner:
    """What signs a PDF under the sm suite: an SM2 key pair (private ‖ public, 96 bytes), its
    certificate and its CA's (DER)."""

    key_id: str
    private_key: bytes
    certificate: bytes
    ca_certificate: bytes


def is_sm2_certificate(der: bytes) -> bool:
    try:
        cert = asn1_x509.Certificate.load(der)
        return bool(cert["signature_algorithm"]["algorithm"].dotted == SM2_WITH_SM3)
    except (ValueError, TypeError, KeyError):
        return False


def certificate(
    *,
    subject: dict[str, str],
    issuer: dict[str, str],
    public_key: bytes,
    issuer_key: bytes,
    ca: bool,
    when: datetime,
    years: int,
) -> bytes:
    """An X.509 v3 certificate for an SM2 public key (x ‖ y), signed by ``issuer_key`` (an
    SM2 key pair, 96 bytes) with SM2/SM3; DER."""
    usage = {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}
    tbs = asn1_x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": secrets.randbits(63),
            "signature": {"algorithm": SM2_WITH_SM3},
            "issuer": asn1_x509.Name.build(issuer),
            "subject": asn1_x509.Name.build(subject),
            "validity": {
                "not_before": _time(when - timedelta(minutes=5)),
                "not_after": _time(when + timedelta(days=365 * years)),
            },
            "subject_public_key_info": {
                "algorithm": {"algorithm": "ec", "parameters": ("named", SM2_CURVE)},
                "public_key": b"\x04" + public_key,
            },
            "extensions": [
                {
                    "extn_id": "basic_constraints",
                    "critical": True,
                    "extn_value": {"ca": ca, "path_len_constraint": 0 if ca else None},
                },
                {"extn_id": "key_usage", "critical": True, "extn_value": usage},
            ],
        }
    )
    signature = SM.sign(issuer_key, tbs.dump())
    cert = asn1_x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": {"algorithm": SM2_WITH_SM3},
            "signature_value": signature,
        }
    )
    return bytes(cert.dump())


def _time(moment: datetime) -> asn1_x509.Time:
    """RFC 5280: UTCTime through 2049, GeneralizedTime after; whole seconds."""
    moment = moment.replace(microsecond=0)
    return asn1_x509.Time({"utc_time" if moment.year < 2050 else "general_time": moment})


def issued_by(cert_der: bytes, ca_der: bytes) -> bool:
    """``cert`` names ``ca`` as its issuer and carries ``ca``'s SM2 signature."""
    try:
        cert = asn1_x509.Certificate.load(cert_der)
        ca = asn1_x509.Certificate.load(ca_der)
        if cert.issuer != ca.subject:
            return False
        return SM.verify_signature(
            _public(ca), cert["signature_value"].native, cert["tbs_certificate"].dump()
        )
    except (ValueError, TypeError, KeyError):
        return False


def sign(pdf: bytes, signer: Sm2DocumentSigner, *, reason: str) -> bytes:
    """The PDF with an SM2 signature over the whole file (but the signature itself)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    embedder = PdfCMSEmbedder().write_cms(field_name="fupan", writer=writer)
    next(embedder)
    placeholder = SignatureObject(
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location="fupan",
        bytes_reserved=RESERVED,
    )
    embedder.send(SigObjSetup(sig_placeholder=placeholder))
    prepared, output = embedder.send(SigIOSetup(md_algorithm="sm3", in_place=False))
    signer_cert = asn1_x509.Certificate.load(signer.certificate)
    attributes = cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["data"]},
            {"type": "message_digest", "values": [prepared.document_digest]},
        ]
    )
    # The signed attributes are signed as a SET OF (tag 0x31), as CMS requires.
    signature = SM.sign(signer.private_key, attributes.dump())
    signed = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [{"algorithm": SM3}],
            "encap_content_info": {"content_type": "data"},
            "certificates": [signer_cert, asn1_x509.Certificate.load(signer.ca_certificate)],
            "signer_infos": [
                {
                    "version": "v1",
                    "sid": cms.SignerIdentifier(
                        {
                            "issuer_and_serial_number": {
                                "issuer": signer_cert.issuer,
                                "serial_number": signer_cert.serial_number,
                            }
                        }
                    ),
                    "digest_algorithm": {"algorithm": SM3},
                    "signed_attrs": attributes,
                    "signature_algorithm": {"algorithm": SM2_WITH_SM3},
                    "signature": signature,
                }
            ],
        }
    )
    embedder.send(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
    return bytes(output.getvalue())


def is_sm2_signature(embedded: Any) -> bool:
    try:
        return bool(embedded.signer_info["signature_algorithm"]["algorithm"].dotted == SM2_WITH_SM3)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


@dataclass(frozen=True)
class Sm2Check:
    intact: bool
    valid: bool
    trusted: bool
    entire_file: bool
    signer: str
    problems: list[str]


def check(pdf: bytes, embedded: Any, trusted: list[bytes]) -> Sm2Check:
    """Check an SM2 PDF signature: the SM3 digest of the signed byte ranges against the
    signed attributes, the SM2 signature over them with the signer's certificate, that
    certificate issued (SM2) by one of the ``trusted`` CA certificates (DER), and that the
    signature covers the whole file."""
    problems: list[str] = []
    info = embedded.signer_info
    start, first, second, length = (int(n) for n in embedded.byte_range)
    covered = pdf[start : start + first] + pdf[second : second + length]
    digest = SM.digest(covered)
    attributes = info["signed_attrs"]
    claimed = next(
        (a["values"][0].native for a in attributes if a["type"].native == "message_digest"),
        None,
    )
    intact = claimed == digest and info["digest_algorithm"]["algorithm"].dotted == SM3
    certificates = [c.chosen for c in embedded.signed_data["certificates"]]
    sid = info["sid"].chosen
    signer_cert = next(
        (
            c
            for c in certificates
            if c.issuer == sid["issuer"] and c.serial_number == sid["serial_number"].native
        ),
        None,
    )
    valid = signer_cert is not None and SM.verify_signature(
        _public(signer_cert), info["signature"].native, attributes.untag().dump(force=True)
    )
    trusted_ok = signer_cert is not None and any(
        issued_by(signer_cert.dump(), ca) for ca in trusted
    )
    entire = embedded.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    if not intact:
        problems.append("the signed bytes were changed")
    if not valid:
        problems.append("the signature is not valid")
    if not trusted_ok:
        problems.append("the signer does not chain to a trusted CA certificate")
    if not entire:
        problems.append("the file was changed after it was signed (an appended update)")
    name = signer_cert.subject.human_friendly if signer_cert is not None else ""
    return Sm2Check(intact, valid, trusted_ok, entire, name, problems)


def _public(cert: asn1_x509.Certificate) -> bytes:
    point = bytes(cert["tbs_certificate"]["subject_public_key_info"]["public_key"].native)
    return point[1:] if len(point) == 65 else point
