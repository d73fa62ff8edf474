"""``fupan verify`` and the audit bundle: verification of the store, and its export for
offline verification with no database and no secret key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import ApplicationRecorder, Notification

from application.desk import ReviewDesk
from application.ports import ChainRecords
from infrastructure.crypto import suite
from infrastructure.crypto.mapper import TamperedCiphertext
from infrastructure.integrity.checkpoints import exported
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.integrity.signatures import check_signatures
from infrastructure.integrity.verify import Problem, Report, walk

BATCH = 1000
BUNDLE_FORMAT = "fupan-audit-bundle/1"


def stored_events(recorder: ApplicationRecorder) -> Iterator[Notification]:
    start = 1
    while True:
        batch = recorder.select_notifications(start, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


def stored_links(recorder: ChainRecords) -> Iterator[tuple[int, str, bytes]]:
    start = -(2**62)
    while True:
        batch = recorder.select_links(start, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1][0] + 1


def verify_store(
    desk: ReviewDesk, server_keys: ServerKeys, held: dict[str, Any] | None = None
) -> Report:
    """Chain, contiguity and checkpoints (stored and ``held`` elsewhere), then snapshots."""
    recorder = desk.store
    public_keys = {k["key_id"]: bytes.fromhex(k["public_key"]) for k in server_keys.public_keys()}
    checkpoints = [exported(r) for r in recorder.select_checkpoints()]
    if held:
        public_keys.update(
            {k["key_id"]: bytes.fromhex(k["public_key"]) for k in held.get("public_keys", [])}
        )
        checkpoints += [c for c in held.get("checkpoints", []) if c not in checkpoints]
    report = walk(stored_events(desk.recorder), stored_links(recorder), checkpoints, public_keys)
    check_snapshots(desk, report)
    check_signatures(stored_events(desk.recorder), report)
    return report


def check_snapshots(desk: ReviewDesk, report: Report) -> None:
    """Snapshots live outside the chain: each must equal a replay of its stream."""
    if desk.snapshots is None:
        return
    for review_id in desk.review_ids():
        try:
            snapshots = list(desk.snapshots.get(review_id))
        except TamperedCiphertext as e:
            report.add(Problem(None, "snapshot_tampered", str(e), str(review_id)))
            continue
        for snapshot in cast(list[Snapshot], snapshots):
            report.snapshots += 1
            version = snapshot.originator_version
            replayed = project_aggregate(None, desk.events.get(review_id, lte=version))
            if snapshot.mutate(None) != replayed:
                report.add(
                    Problem(
                        None,
                        "snapshot_mismatch",
                        "the snapshot differs from a replay of its stream",
                        str(review_id),
                        version,
                    )
                )


def held_checkpoints(desk: ReviewDesk, server_keys: ServerKeys) -> dict[str, Any]:
    """Every checkpoint with the public keys that verify them, to be held elsewhere."""
    return {
        "format": "fupan-checkpoints/1",
        "public_keys": server_keys.public_keys(),
        "checkpoints": [exported(r) for r in desk.store.select_checkpoints()],
    }


# ---- audit bundles ------------------------------------------------------------------


def export_bundle(
    desk: ReviewDesk, server_keys: ServerKeys, path: Path, now: datetime
) -> dict[str, Any]:
    """Write a self-contained zip: stored (sealed) events with their links, checkpoints,
    public keys, and a manifest signed by the server's key."""
    key_id, private = server_keys.signing_key()  # first: it is created on first use
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
    chain = [
        json.dumps({"position": position, "suite": suite_name, "link": link.hex()})
        for position, suite_name, link in stored_links(desk.store)
    ]
    files = {
        "events.jsonl": "".join(line + "\n" for line in events).encode(),
        "chain.jsonl": "".join(line + "\n" for line in chain).encode(),
        "checkpoints.json": json.dumps(
            held_checkpoints(desk, server_keys)["checkpoints"], indent=2
        ).encode(),
        "public_keys.json": json.dumps(server_keys.public_keys(), indent=2).encode(),
    }
    manifest = {
        "format": BUNDLE_FORMAT,
        "created_at": now.isoformat(),
        "suite": suite.SUITE,
        "events": len(events),
        "signing_key": key_id,
        "files": {name: hashlib.sha256(body).hexdigest() for name, body in files.items()},
    }
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, body in files.items():
            bundle.writestr(name, body)
        bundle.writestr("manifest.json", manifest_bytes)
        bundle.writestr("manifest.sig", suite.sign(private, manifest_bytes).hex())
    return manifest


@dataclass
class BundledEvent:
    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def verify_bundle(
    path: Path, *, pinned_fingerprint: str | None = None, held: dict[str, Any] | None = None
) -> Report:
    """Verify a bundle offline: file hashes, manifest signature, chain, contiguity,
    checkpoints (the bundle's and any ``held`` elsewhere), and every personal signature
    with its key's provenance."""
    report = Report()
    try:
        with zipfile.ZipFile(path) as bundle:
            files = {name: bundle.read(name) for name in bundle.namelist()}
    except (OSError, zipfile.BadZipFile) as e:
        report.add(Problem(None, "bundle_unreadable", str(e)))
        return report
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
        return report
    manifest = json.loads(files["manifest.json"])
    public_keys = {
        k["key_id"]: bytes.fromhex(k["public_key"]) for k in json.loads(files["public_keys.json"])
    }
    fingerprints = {key_id: suite.fingerprint(key) for key_id, key in public_keys.items()}
    signer = manifest.get("signing_key", "")
    if pinned_fingerprint and fingerprints.get(signer) != pinned_fingerprint:
        report.add(
            Problem(
                None,
                "unexpected_signing_key",
                f"the bundle is signed by {fingerprints.get(signer)}, "
                f"not by the pinned key {pinned_fingerprint}",
            )
        )
    signature = bytes.fromhex(files["manifest.sig"].decode().strip() or "00")
    if not suite.verify_signature(public_keys.get(signer, b""), signature, files["manifest.json"]):
        report.add(
            Problem(None, "manifest_signature_invalid", "the manifest's signature does not verify")
        )
    for name, digest in manifest.get("files", {}).items():
        if hashlib.sha256(files.get(name, b"")).hexdigest() != digest:
            report.add(Problem(None, "bundle_file_altered", f"{name} differs from the manifest"))
    events, links = _bundled(files["events.jsonl"], files["chain.jsonl"])
    checkpoints = json.loads(files["checkpoints.json"])
    if held:
        public_keys.update(
            {k["key_id"]: bytes.fromhex(k["public_key"]) for k in held.get("public_keys", [])}
        )
        checkpoints += [c for c in held.get("checkpoints", []) if c not in checkpoints]
    walked = walk(events, links, checkpoints, public_keys)
    walked.problems = report.problems + walked.problems
    check_signatures(events, walked)
    return walked


def _bundled(
    events_body: bytes, chain_body: bytes
) -> tuple[list[BundledEvent], list[tuple[int, str, bytes]]]:
    events = [
        BundledEvent(
            row["position"],
            row["originator_id"],
            row["originator_version"],
            row["topic"],
            base64.b64decode(row["state"]),
        )
        for row in _json_lines(events_body)
    ]
    links = [
        (row["position"], row["suite"], bytes.fromhex(row["link"]))
        for row in _json_lines(chain_body)
    ]
    return events, links


def _json_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode("utf-8").splitlines() if line.strip()]
