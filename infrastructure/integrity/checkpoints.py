"""Signed checkpoints: (position, head link, time), signed with the server's key.

Held elsewhere (exported), they let an inspector detect a truncated or rewritten history
below them, even by someone who can write to the database.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from application.ports import FupanStore
from infrastructure.crypto import suite
from infrastructure.integrity.server_keys import ServerKeys


def payload(position: int, head: bytes, created_at: str, suite_name: str, key_id: str) -> bytes:
    """The exact bytes that are signed."""
    return json.dumps(
        {
            "position": position,
            "head": head.hex(),
            "created_at": created_at,
            "suite": suite_name,
            "key_id": key_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def create(recorder: FupanStore, server_keys: ServerKeys, now: datetime) -> dict[str, Any]:
    """Sign the current chain head; returns the checkpoint as exported."""
    head_position = recorder.max_notification_id() or 0
    links = recorder.select_links(head_position, 1)
    if not links:
        raise ValueError("the chain is empty: nothing to checkpoint yet")
    position, _, head = links[0]
    key_id, private = server_keys.signing_key()
    created_at = now.isoformat()
    signature = suite.sign(private, payload(position, head, created_at, suite.SUITE, key_id))
    recorder.insert_checkpoint((position, head, created_at, suite.SUITE, key_id, signature))
    return exported(
        {
            "position": position,
            "head": head,
            "created_at": created_at,
            "suite": suite.SUITE,
            "key_id": key_id,
            "signature": signature,
        }
    )


def exported(row: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint as JSON-ready data (bytes as hex)."""
    return {
        "position": int(row["position"]),
        "head": bytes(row["head"]).hex(),
        "created_at": row["created_at"],
        "suite": row["suite"],
        "key_id": row["key_id"],
        "signature": bytes(row["signature"]).hex(),
    }


def signature_valid(checkpoint: dict[str, Any], public_keys: dict[str, bytes]) -> bool:
    public = public_keys.get(checkpoint["key_id"])
    if public is None:
        return False
    message = payload(
        checkpoint["position"],
        bytes.fromhex(checkpoint["head"]),
        checkpoint["created_at"],
        checkpoint["suite"],
        checkpoint["key_id"],
    )
    return suite.verify_signature(public, bytes.fromhex(checkpoint["signature"]), message)
