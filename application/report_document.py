"""The report of one revision as a document (the signed PDF, decision 25): the content as
sent for signature, that revision's sign-off and signature checks, the follow-up since, the
verification code and the signature manifest that the PDF embeds; and the online check of
a manifest against the history."""

from __future__ import annotations

import base64
import hashlib
from typing import Any, TypedDict
from uuid import UUID

from application.base import DeskBase
from application.errors import ReviewNotFound
from application.presenters import signoff_view
from application.review_queries import ReviewQueries
from application.views import ClosingView, ReviewView, SignatureCheck
from domain import validation as v
from domain.content import algorithm_of
from domain.errors import InvalidValue, NotSent, Reason

MANIFEST_FORMAT = "fupan-report-manifest/1"


class ReportDocument(TypedDict):
    review: ReviewView  # as sent for signature; the sign-off and measures' status as of now
    revision: int
    content_hash: str
    signatures: list[SignatureCheck]  # this revision's
    closing: ClosingView | None  # when this revision closed the review
    verification_code: str
    manifest: dict[str, Any]


class ManifestCheck(TypedDict):
    """The online check of an uploaded report's manifest against the history."""

    review_id: str
    revision: int
    in_history: bool  # the revision exists with this content hash
    slots: list[dict[str, Any]]  # slot, valid, problem
    ok: bool


def verification_code(review_id: UUID, revision: int, content_hash: str) -> str:
    """A short code naming one revision of one review (12 base32 characters in threes), by
    the algorithm its content hash names (SM3 for one hashed with SM3)."""
    digest = hashlib.new(
        algorithm_of(content_hash), f"{review_id}:{revision}:{content_hash}".encode()
    ).digest()
    code = base64.b32encode(digest).decode()[:12]
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


class ReportDocuments(ReviewQueries, DeskBase):
    def sent_revisions(self, review_id: UUID) -> dict[int, tuple[int, str]]:
        """{report revision: (the review's event version when sent, sign-off id)}."""
        return {
            item["data"]["revision"]: (item["version"], item["data"]["signoff_id"])
            for item in self.history(v.an_id("review_id", review_id))
            if item["event"] == "SentForSignature" and item["stream"] == "review"
        }

    def report_document(self, review_id: UUID, revision: int | None = None) -> ReportDocument:
        """The report of ``revision`` (the newest sent when None) as a document."""
        review_id = v.an_id("review_id", review_id)
        sent = self.sent_revisions(review_id)
        if not sent:
            raise NotSent("this review was never sent for signature", review_id=str(review_id))
        wanted = max(sent) if revision is None else revision
        if wanted not in sent:
            raise InvalidValue("revision", Reason.NO_SUCH_REVISION)
        version, signoff_id = sent[wanted]
        now = self.get_review(review_id)
        then = self.get_review(review_id, version=version)
        signoff = signoff_view(self._get_signoff(UUID(signoff_id)))
        status = {m["id"]: m for m in now["measures"]}
        measures = [
            {**m, **{k: status[m["id"]][k] for k in ("status", "taken_at") if m["id"] in status}}
            for m in then["measures"]
        ]
        review: ReviewView = {
            **then,
            "signoff": signoff,
            "measures": measures,  # type: ignore[typeddict-item]
            "reference_number": now["reference_number"],
            "late": now["late"],
            "late_reason": now["late_reason"],
            "status": now["status"],
        }
        signatures = [s for s in self.verify_signatures(review_id) if s["revision"] == wanted]
        closing = next((c for c in now["closings"] if c["revision"] == wanted), None)
        code = verification_code(review_id, wanted, signoff["content_hash"])
        return {
            "review": review,
            "revision": wanted,
            "content_hash": signoff["content_hash"],
            "signatures": signatures,
            "closing": closing,
            "verification_code": code,
            "manifest": _manifest(review, wanted, signatures, code),
        }

    def check_manifest(self, manifest: dict[str, Any]) -> ManifestCheck:
        """An uploaded report's manifest against the history: the revision exists with its
        content hash, and each slot's signature is the one recorded, made with a key that
        was not revoked before it."""
        revision = manifest.get("revision")
        try:
            review_id = v.an_id("review_id", manifest.get("review_id"))
            sent = self.sent_revisions(review_id)
        except (InvalidValue, ReviewNotFound):
            sent = {}
        if not sent or not isinstance(revision, int) or isinstance(revision, bool):
            # A manifest naming no review or revision of this history (another server's,
            # or forged) is simply not in the history.
            return {
                "review_id": str(manifest.get("review_id", ""))[:64],
                "revision": revision if isinstance(revision, int) else 0,
                "in_history": False,
                "slots": [],
                "ok": False,
            }
        in_history = False
        if revision in sent:
            signoff = self._get_signoff(UUID(sent[revision][1]))
            in_history = signoff.content_hash == manifest.get("content_hash")
        recorded = {
            s["slot"]: s for s in self.verify_signatures(review_id) if s["revision"] == revision
        }
        slots = []
        entries = manifest.get("signatures")
        for entry in entries if isinstance(entries, list) else []:
            slot = str(entry.get("slot", "")) if isinstance(entry, dict) else ""
            found = recorded.get(slot)
            problem = ""
            if found is None:
                problem = "not_in_history"
            elif found["signature"] != entry.get("signature"):
                problem = "not_the_recorded_signature"
            elif found["revoked"]:
                problem = "key_revoked"
            elif not found["valid"]:
                problem = "invalid"
            slots.append({"slot": slot, "valid": not problem, "problem": problem})
        ok = in_history and all(s["valid"] for s in slots) and len(slots) == len(recorded)
        return {
            "review_id": str(review_id),
            "revision": revision,
            "in_history": in_history,
            "slots": slots,
            "ok": ok,
        }


def _manifest(
    review: ReviewView, revision: int, signatures: list[SignatureCheck], code: str
) -> dict[str, Any]:
    """What the PDF embeds: enough to check every slot's signature offline; no personal
    data of the student."""
    slots = {s["slot"]: s for s in (review["signoff"] or {"slots": []})["slots"]}
    return {
        "format": MANIFEST_FORMAT,
        "review_id": review["id"],
        "reference_number": review["reference_number"],
        "revision": revision,
        "content_hash": review["signoff"]["content_hash"] if review["signoff"] else "",
        "verification_code": code,
        "signatures": [
            {
                "slot": s["slot"],
                "role": slots[s["slot"]]["role"] if s["slot"] in slots else "",
                "name": slots[s["slot"]]["name"] if s["slot"] in slots else "",
                "mark": s["mark"],
                "signed_at": s["signed_at"],
                "signer": s["signer"],
                "key_id": s["key_id"],
                "public_key": s["public_key"],
                "fingerprint": s["fingerprint"],
                "payload": s["payload"],
                "signature": s["signature"],
                "key_provenance": s["key"],
            }
            for s in signatures
        ],
        # Signed or sealed on the paper copy, recorded by a case officer from its scan: no
        # electronic signature to check, the scan named by its SHA-256.
        "paper_marks": [
            {
                "slot": s["slot"],
                "role": s["role"],
                "name": s["name"],
                "mark": s["mark"],
                "recorded_at": s["at"],
                "recorded_by": s["recorded_by"],
                "scan_sha256": s["scan_sha256"],
            }
            for s in slots.values()
            if s["paper"]
        ],
    }
