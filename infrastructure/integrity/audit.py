"""``fupan verify`` and the audit bundle: verification of the store, and its export for
offline verification with no database and no secret key.
"""

from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification

from application.desk import ReviewDesk
from application.ports import ChainLink, ChainRecords
from infrastructure.crypto import suite
from infrastructure.integrity.bundle_rows import bundled, link_row
from infrastructure.integrity.checkpoints import exported
from infrastructure.integrity.link_keys import LinkVerifier
from infrastructure.integrity.report import Problem, Report, Start, guarded
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.integrity.signatures import check_signatures
from infrastructure.integrity.store_checks import check_snapshots, checkpoint_age
from infrastructure.integrity.verify import signed, walk

BATCH = 1000
BUNDLE_FORMAT = "fupan-audit-bundle/1"


def stored_events(recorder: ApplicationRecorder, start: int = 1) -> Iterator[Notification]:
    while True:
        batch = recorder.select_notifications(start, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


def stored_links(recorder: ChainRecords, start: int = -(2**62)) -> Iterator[ChainLink]:
    while True:
        batch = recorder.select_chain(start, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].position + 1


def verify_store(
    desk: ReviewDesk,
    server_keys: ServerKeys,
    held: dict[str, Any] | None = None,
    *,
    max_checkpoint_age: timedelta | None = None,
    since_checkpoint: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Chain (with each link's MAC), contiguity and checkpoints (stored and ``held``
    elsewhere) first, then snapshots and signatures; with ``max_checkpoint_age``, a warning
    when the newest checkpoint is older. Damage is reported, never raised.

    ``since_checkpoint``: from the newest signed checkpoint on (its stored link must be the
    signed head; the events below it were verified when earlier walks passed it), and only
    the snapshots of the streams walked; everything when there is no usable
    checkpoint. ``progress(done, total)`` as the walk goes."""
    report = Report()
    start: Start | None = None
    public_keys: dict[str, bytes] = {}
    checkpoints: list[dict[str, Any]] = []

    def gather() -> None:
        public_keys.update(_keys(server_keys.public_keys()))
        checkpoints.extend(exported(r) for r in desk.store.select_checkpoints())
        if held:
            public_keys.update(_keys(held.get("public_keys", [])))
            checkpoints.extend(c for c in held.get("checkpoints", []) if c not in checkpoints)

    def chain() -> None:
        verifier = LinkVerifier(server_keys)
        for key_id in verifier.unreadable:
            report.add(
                Problem(None, "server_key_unreadable", f"server key {key_id} does not unwrap")
            )
        nonlocal start
        last = desk.store.max_notification_id() or 0
        if since_checkpoint:
            start = newest_start(desk.store, checkpoints, public_keys, last)
        first = start.position + 1 if start else 1
        total = max(last - first + 1, 0)
        events = stored_events(desk.recorder, first)
        links = stored_links(desk.store, first if start else -(2**62))
        walk(
            events,
            links,
            checkpoints,
            public_keys,
            mac_check=verifier,
            report=report,
            start=start,
            progress=(lambda done: progress(done, total)) if progress else None,
        )

    guarded(report, "reading the checkpoints", gather)
    guarded(report, "the chain", chain)
    only = report.seen if start is not None else None
    guarded(report, "the snapshots", lambda: check_snapshots(desk, report, only=only))
    # Every signature: a mark's key and content may lie below the checkpoint.
    guarded(
        report, "the signatures", lambda: check_signatures(stored_events(desk.recorder), report)
    )
    if max_checkpoint_age is not None:
        valid = signed(checkpoints, public_keys)
        now = desk.clock.now()
        guarded(
            report,
            "the checkpoints' age",
            lambda: checkpoint_age(report, valid, now, max_checkpoint_age),
        )
    return report


def newest_start(
    recorder: ChainRecords,
    checkpoints: list[dict[str, Any]],
    public_keys: dict[str, bytes],
    last: int,
) -> Start | None:
    """The newest checkpoint a walk may start from: signed by a known key, within the
    chain, its stored link equal to the signed head. None: walk everything."""
    for checkpoint in sorted(signed(checkpoints, public_keys), key=lambda c: -int(c["position"])):
        position = int(checkpoint["position"])
        if position > last:
            continue
        links = recorder.select_chain(position, 1)
        if not links or links[0].position != position or links[0].link.hex() != checkpoint["head"]:
            return None  # the walk from the start will name the problem
        first_mac = recorder.first_authenticated_position()
        return Start(
            position,
            links[0].link,
            _versions_at(recorder, position),
            first_mac if first_mac is not None and first_mac <= position else None,
        )
    return None


def _versions_at(recorder: ChainRecords, position: int) -> Callable[[str], int]:
    def version(stream: str) -> int:
        return recorder.stream_version_at(stream, position)

    return version


def _keys(rows: list[dict[str, Any]]) -> dict[str, bytes]:
    return {k["key_id"]: bytes.fromhex(k["public_key"]) for k in rows}


def _suites(rows: list[dict[str, Any]]) -> dict[str, suite.Suite]:
    """The suite of each public key (a key of an unknown suite verifies nothing)."""
    found = {}
    for k in rows:
        try:
            found[k["key_id"]] = suite.by_name(k.get("suite"))
        except suite.UnknownSuite:
            continue
    return found


def held_checkpoints(desk: ReviewDesk, server_keys: ServerKeys) -> dict[str, Any]:
    """Every checkpoint with the public keys that verify them, to be held elsewhere."""
    return {
        "format": "fupan-checkpoints/1",
        "public_keys": server_keys.public_keys(),
        "checkpoints": [exported(r) for r in desk.store.select_checkpoints()],
    }


# ---- audit bundles ------------------------------------------------------------------

ATTACHMENT_EVENTS = ("AttachmentAdded", "AttachmentWithdrawn")
LISTED = (
    "attachment_id",
    "kind",
    "media_type",
    "size",
    "sha256",
    "upload_sha256",
    "part_of_report",
)


def attachment_list(desk: ReviewDesk) -> list[dict[str, Any]]:
    """Every attachment by its hashes, from the events (their unsealed fields): the bundle
    holds no file's content, and no name (names are sealed)."""
    found: dict[str, dict[str, Any]] = {}
    for e in stored_events(desk.recorder):
        event = e.topic.rsplit(":", 1)[-1].rsplit(".", 1)[-1]
        if event not in ATTACHMENT_EVENTS:
            continue
        try:
            state = json.loads(bytes(e.state))
        except ValueError:
            continue
        raw = state.get("attachment_id")
        raw = raw.get("_data_") if isinstance(raw, dict) else raw
        try:
            key = str(UUID(str(raw)))
        except ValueError:
            continue
        if event == "AttachmentAdded":
            found[key] = {"review_id": str(e.originator_id), "position": e.id} | {
                k: state.get(k) for k in LISTED
            }
            found[key]["attachment_id"] = key
        elif key in found:
            found[key]["withdrawn_at_position"] = e.id
    return list(found.values())


def export_bundle(
    desk: ReviewDesk, server_keys: ServerKeys, path: Path, now: datetime
) -> dict[str, Any]:
    """Write a self-contained zip: stored (sealed) events with their links, checkpoints,
    public keys, and a manifest signed by the server's key."""
    key = server_keys.signing_key()  # first: it is created on first use
    key_id, hashed = key.key_id, key.suite
    events = [
        json.dumps(
            {
                "position": e.id,
                "originator_id": str(e.originator_id),
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": base64.b64encode(bytes(e.state)).decode(),
            },
            ensure_ascii=False,
        )
        for e in stored_events(desk.recorder)
    ]
    chain = [json.dumps(link_row(row)) for row in stored_links(desk.store)]
    files = {
        "events.jsonl": "".join(line + "\n" for line in events).encode(),
        "chain.jsonl": "".join(line + "\n" for line in chain).encode(),
        "checkpoints.json": json.dumps(
            held_checkpoints(desk, server_keys)["checkpoints"], indent=2
        ).encode(),
        "public_keys.json": json.dumps(server_keys.public_keys(), indent=2).encode(),
        "attachments.json": json.dumps(attachment_list(desk), indent=2).encode(),
    }
    manifest = {
        "format": BUNDLE_FORMAT,
        "created_at": now.isoformat(),
        "suite": key.suite.name,
        "events": len(events),
        "signing_key": key_id,
        "files": {name: hashed.hexdigest(body) for name, body in files.items()},
    }
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, body in files.items():
            bundle.writestr(name, body)
        bundle.writestr("manifest.json", manifest_bytes)
        bundle.writestr("manifest.sig", key.sign(manifest_bytes).hex())
    return manifest


def verify_bundle(
    path: Path, *, pinned_fingerprint: str | None = None, held: dict[str, Any] | None = None
) -> Report:
    """Verify a bundle offline: file hashes, manifest signature, chain, contiguity,
    checkpoints (the bundle's and any ``held`` elsewhere), which links carry a MAC (not
    whether it is valid: that needs the server's key), and every personal signature with
    its key's provenance. Damage is reported, never raised."""
    report = Report()
    guarded(
        report, "reading the bundle", lambda: _verify_bundle(report, path, pinned_fingerprint, held)
    )
    return report


def _verify_bundle(
    report: Report, path: Path, pinned_fingerprint: str | None, held: dict[str, Any] | None
) -> None:
    try:
        with zipfile.ZipFile(path) as bundle:
            files = {name: bundle.read(name) for name in bundle.namelist()}
    except (OSError, zipfile.BadZipFile) as e:
        report.add(Problem(None, "bundle_unreadable", str(e)))
        return
    required = [
        "manifest.json",
        "manifest.sig",
        "events.jsonl",
        "checkpoints.json",
        "public_keys.json",
    ]
    missing = [name for name in required if name not in files]
    if missing:
        report.add(Problem(None, "bundle_incomplete", f"missing: {', '.join(missing)}"))
        return
    try:
        manifest = json.loads(files["manifest.json"])
        public_keys = _keys(json.loads(files["public_keys.json"]))
        checkpoints = list(json.loads(files["checkpoints.json"]))
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        report.add(Problem(None, "bundle_malformed", f"{type(e).__name__}: {str(e)[:200]}"))
        return
    suites = _suites(json.loads(files["public_keys.json"]))
    fingerprints = {
        key_id: suites.get(key_id, suite.STANDARD).fingerprint(key)
        for key_id, key in public_keys.items()
    }
    signer = manifest.get("signing_key", "")
    # The manifest is read with its signing key's suite (the key's row names it); a
    # manifest naming another suite than its key's is not the server's.
    signing_suite = suites.get(signer, suite.STANDARD)
    if pinned_fingerprint and fingerprints.get(signer) != pinned_fingerprint:
        report.add(
            Problem(
                None,
                "unexpected_signing_key",
                f"the bundle is signed by {fingerprints.get(signer)}, "
                f"not by the pinned key {pinned_fingerprint}",
            )
        )
    try:
        signature = bytes.fromhex(files["manifest.sig"].decode().strip() or "00")
    except (ValueError, UnicodeDecodeError):
        signature = b""
    if manifest.get("suite", suite.SUITE) != signing_suite.name or not (
        signing_suite.verify_signature(
            public_keys.get(signer, b""), signature, files["manifest.json"]
        )
    ):
        report.add(
            Problem(None, "manifest_signature_invalid", "the manifest's signature does not verify")
        )
    for name, digest in manifest.get("files", {}).items():
        if signing_suite.hexdigest(files.get(name, b"")) != digest:
            report.add(Problem(None, "bundle_file_altered", f"{name} differs from the manifest"))
    events, links = bundled(report, files["events.jsonl"], files.get("chain.jsonl", b""))
    if held:
        public_keys.update(_keys(held.get("public_keys", [])))
        checkpoints += [c for c in held.get("checkpoints", []) if c not in checkpoints]
    walk(events, links, checkpoints, public_keys, report=report)
    check_signatures(events, report)
