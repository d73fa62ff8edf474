"""Words for what verification and loading find: every kind of damage and every warning,
in the user's language; and the answer for a review whose stored history is damaged (a
page or the API's error, never a crash)."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import LazyString, lazy_gettext

from application.errors import ReviewDamaged

_l = lazy_gettext

# One sentence per kind of finding (``fupan verify``, verify-bundle, a damaged load).
FINDINGS: dict[str, LazyString] = {
    "link_mismatch": _l(
        "A stored event does not hash to its chain link: edited, moved, reordered, or an earlier event was deleted."
    ),
    "link_missing": _l("A stored event has no chain link: inserted outside fupan."),
    "event_missing": _l("A chain link has no stored event: the event was deleted."),
    "version_gap": _l("The versions of a stream skip or repeat: an event is missing."),
    "link_unauthenticated": _l(
        "A chain link carries no MAC although links before it do: written without the server's key."
    ),
    "link_mac_invalid": _l(
        "A chain link's MAC does not verify: the link was written or rewritten without the server's key."
    ),
    "server_key_unreadable": _l("A server key does not unwrap with the master key."),
    "truncated_below_checkpoint": _l(
        "A signed checkpoint names a position the chain no longer reaches: the history was truncated."
    ),
    "checkpoint_head_mismatch": _l(
        "The chain differs from what a signed checkpoint recorded: the history was rewritten."
    ),
    "checkpoint_signature_invalid": _l(
        "A checkpoint's signature does not verify: forged or altered."
    ),
    "checkpoint_malformed": _l("A checkpoint cannot be read."),
    "snapshot_tampered": _l("A stored snapshot does not open: it was altered."),
    "snapshot_mismatch": _l("A stored snapshot differs from a replay of its stream."),
    "snapshot_outdated": _l(
        "The stored history below a snapshot changed: the snapshot is ignored and the stream replayed."
    ),
    "snapshot_unverifiable": _l("A stored snapshot could not be checked."),
    "event_unreadable": _l(
        "A stored event does not open or decode: altered, or moved from another place."
    ),
    "event_not_applicable": _l("A stored event does not fit its stream: written outside fupan."),
    "signature_invalid": _l("A signature or seal does not verify."),
    "verification_incomplete": _l("Part of the verification could not run."),
    "no_checkpoint": _l("No checkpoint was ever signed: a truncation would go unseen."),
    "checkpoint_stale": _l(
        "The newest checkpoint is older than allowed and events were written after it: a truncation above it would go unseen."
    ),
}


def explain(kind: str) -> str:
    """The sentence for a kind of finding or warning (the kind itself when unknown)."""
    found = FINDINGS.get(kind)
    return str(found) if found is not None else kind


def explained(report: dict[str, Any]) -> dict[str, Any]:
    """A verification report with a ``message`` beside each problem and warning."""
    for item in [*report.get("problems", []), *report.get("warnings", [])]:
        item["message"] = explain(item.get("problem") or item.get("warning") or "")
    if report.get("first_problem"):
        report["first_problem"]["message"] = explain(report["first_problem"]["problem"])
    return report


def damaged(error: ReviewDamaged, *, api: bool, message: str) -> Any:
    """The answer for a review whose stored history does not read back: 409 with the
    finding (the page or the API's one error shape); the operator's log names it."""
    finding = {**error.finding, "message": explain(error.finding["problem"])}
    current_app.logger.error(
        "damaged stored history: %s in stream %s at version %s (position %s)",
        finding["problem"],
        finding["stream"],
        finding["version"],
        finding.get("position"),
    )
    if api:
        return {
            "code": error.code,
            "status": 409,
            "message": message,
            "errors": {"damage": [finding]},
        }
    return render_template("damaged.html", finding=finding, message=message)
