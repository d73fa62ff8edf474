"""Signed checkpoints: (position, head link, time), signed with the server's key.

Held elsewhere (exported), they let an inspector detect a truncated or rewritten history
below them, even by someone who can write to the database. A checkpoint also names the
first link that carries a MAC (``macs_from``), so that stripping every MAC (to pass
forged links off as an earlier release's) is detected below it too.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from application.ports import FupanStore
from infrastructure.crypto import suite
from infrastructure.integrity.server_keys import ServerKeys


def payload(
    position: int,
    head: bytes,
    created_at: str,
    suite_name: str,
    key_id: str,
    *,
    macs_from: int | None = None,
) -> bytes:
    """The exact bytes that are signed (``macs_from`` only when there is one, so that
    checkpoints signed before it existed verify as they were signed)."""
    signed: dict[str, Any] = {
        "position": position,
        "head": head.hex(),
        "created_at": created_at,
        "suite": suite_name,
        "key_id": key_id,
    }
    if macs_from is not None:
        signed["macs_from"] = macs_from
    return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()


def create(
    recorder: FupanStore,
    server_keys: ServerKeys,
    now: datetime,
    macs_from: int | None = None,
) -> dict[str, Any]:
    """Sign the current chain head; returns the checkpoint as exported. ``macs_from``: the
    first authenticated link, when the caller knows it already (else it is read)."""
    head_position = recorder.max_notification_id() or 0
    links = recorder.select_links(head_position, 1)
    if not links:
        raise ValueError("the chain is empty: nothing to checkpoint yet")
    position, _, head = links[0]
    if macs_from is None:
        macs_from = recorder.first_authenticated_position()
    if macs_from is not None and macs_from > position:
        macs_from = None
    key = server_keys.signing_key()
    key_id, name = key.key_id, key.suite.name
    created_at = now.isoformat()
    message = payload(position, head, created_at, name, key_id, macs_from=macs_from)
    signature = key.sign(message)
    row = (position, head, created_at, name, key_id, signature, macs_from)
    recorder.insert_checkpoint(row)
    return exported(
        {
            "position": position,
            "head": head,
            "created_at": created_at,
            "suite": name,
            "key_id": key_id,
            "signature": signature,
            "macs_from": macs_from,
        }
    )


def exported(row: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint as JSON-ready data (bytes as hex)."""
    found = {
        "position": int(row["position"]),
        "head": bytes(row["head"]).hex(),
        "created_at": row["created_at"],
        "suite": row["suite"],
        "key_id": row["key_id"],
        "signature": bytes(row["signature"]).hex(),
    }
    if row.get("macs_from") is not None:
        found["macs_from"] = int(row["macs_from"])
    return found


def signature_valid(checkpoint: dict[str, Any], public_keys: dict[str, bytes]) -> bool:
    public = public_keys.get(checkpoint["key_id"])
    if public is None:
        return False
    macs_from = checkpoint.get("macs_from")
    message = payload(
        checkpoint["position"],
        bytes.fromhex(checkpoint["head"]),
        checkpoint["created_at"],
        checkpoint["suite"],
        checkpoint["key_id"],
        macs_from=None if macs_from is None else int(macs_from),
    )
    try:
        with_suite = suite.by_name(checkpoint["suite"])
    except suite.UnknownSuite:
        return False
    return with_suite.verify_signature(public, bytes.fromhex(checkpoint["signature"]), message)
