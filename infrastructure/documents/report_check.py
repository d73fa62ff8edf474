"""``fupan verify-report``: the offline check of a report PDF, with no database and no keys
but the exported CA certificate (decision 25).

1. The PAdES signature: intact, valid, chained to the trusted CA, covering the whole file.
2. The embedded manifest: each slot's signature (Ed25519) against its public key, and the
   statement it signs against the manifest's review, revision, slot and content hash.
3. What the reader expects, when told: the review, the revision, the content hash.

The visible text is vouched for by the PAdES signature, not recomputed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from infrastructure.crypto.personal_keys import parse_public
from infrastructure.documents.pdf import PadesCheck, check

MANIFEST_FORMAT = "fupan-report-manifest/1"


@dataclass(frozen=True)
class SlotCheck:
    slot: str
    role: str
    name: str
    mark: str
    fingerprint: str
    valid: bool
    problem: str = ""


@dataclass(frozen=True)
class ReportCheck:
    pades: PadesCheck
    review_id: str
    reference_number: str
    revision: int | None
    content_hash: str
    slots: list[SlotCheck]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pades.ok and not self.problems and all(s.valid for s in self.slots)


def check_report(
    pdf: bytes,
    trusted: list[x509.Certificate],
    *,
    review_id: str | None = None,
    revision: int | None = None,
    content_hash: str | None = None,
) -> ReportCheck:
    """Check a report PDF offline (raises NotAReportPdf when it is none)."""
    pades = check(pdf, trusted)
    manifest = pades.manifest or {}
    problems: list[str] = []
    if not pades.manifest:
        problems.append("no signature manifest is embedded")
    elif manifest.get("format") != MANIFEST_FORMAT:
        problems.append(f"the manifest's format is not {MANIFEST_FORMAT}")
    found_revision = manifest.get("revision")
    found_revision = found_revision if isinstance(found_revision, int) else None
    wanted = {"review_id": review_id, "revision": revision, "content_hash": content_hash}
    for key, value in wanted.items():
        if value is not None and manifest.get(key) != value:
            problems.append(f"{key}: the report has {manifest.get(key)!r}, expected {value!r}")
    slots = [_slot(entry, manifest) for entry in _entries(manifest)]
    return ReportCheck(
        pades=pades,
        review_id=str(manifest.get("review_id", "")),
        reference_number=str(manifest.get("reference_number") or ""),
        revision=found_revision,
        content_hash=str(manifest.get("content_hash", "")),
        slots=slots,
        problems=problems,
    )


def _entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = manifest.get("signatures")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _slot(entry: dict[str, Any], manifest: dict[str, Any]) -> SlotCheck:
    def text(key: str) -> str:
        value = entry.get(key)
        return value if isinstance(value, str) else ""

    result = {
        "slot": text("slot"),
        "role": text("role"),
        "name": text("name"),
        "mark": text("mark"),
        "fingerprint": text("fingerprint"),
    }
    problem = _problem(entry, manifest)
    return SlotCheck(**result, valid=not problem, problem=problem)


def _problem(entry: dict[str, Any], manifest: dict[str, Any]) -> str:
    """Why a slot's signature does not hold ("" when it does)."""
    try:
        key_suite, public = parse_public(str(entry.get("public_key", "")))
        signature = bytes.fromhex(str(entry.get("signature", "")))
        payload = str(entry.get("payload", ""))
        statement = json.loads(payload)
    except (ValueError, TypeError):
        return "the signature, key or statement cannot be read"
    if not isinstance(statement, dict):
        return "the signed statement cannot be read"
    bound = {
        "review_id": manifest.get("review_id"),
        "revision": manifest.get("revision"),
        "content_hash": manifest.get("content_hash"),
        "slot": entry.get("slot"),
        "mark": entry.get("mark"),
    }
    for key, value in bound.items():
        if statement.get(key) != value:
            return f"the signed statement names another {key}"
    if key_suite.fingerprint(public) != entry.get("fingerprint"):
        return "the key's fingerprint does not match its key"
    if not key_suite.verify_signature(public, signature, payload.encode("utf-8")):
        return "the signature does not verify with its public key"
    return ""
