"""Master key rotation: a new master key rewraps every data key, server key and document
(PDF) key.

With ``to_suite`` (``fupan keys rotate --suite sm``), the store moves to another suite as
well: a new server key of that suite becomes the newest, so new data keys, chain links, MACs,
checkpoints and signatures use it; every record already stored keeps the suite it names and
verifies as before (decision 27).

No event is rewritten. The keyring file first holds the new key and the old one, so a crash
at any point leaves every wrapped key readable; once every key is rewrapped the old master
key is dropped from the file, and no longer unwraps anything here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.ports import FupanStore
from infrastructure.crypto import suite
from infrastructure.crypto.keystore import purpose
from infrastructure.crypto.master import MasterKey, MasterKeyError, MasterKeyring
from infrastructure.documents.keys import DocumentKeys
from infrastructure.integrity.server_keys import ServerKeys

BATCH = 500


@dataclass(frozen=True)
class Rotation:
    old_key_ids: list[str]
    new_key_id: str
    data_keys: int
    server_keys: int
    document_keys: int = 0
    suite: str = ""  # the store's suite after the rotation (stored name)
    new_server_key: str | None = None  # the key of the new suite, when it changed


def rotate(
    recorder: FupanStore,
    keyring: MasterKeyring,
    progress: Callable[[int, int], None] | None = None,
    to_suite: suite.Suite | None = None,
) -> Rotation:
    """Rotate the keyring's file; ``progress(done, total)`` is called after each batch.
    With ``to_suite`` other than the store's, a server key of that suite is added last."""
    if keyring.source is None:
        raise MasterKeyError(
            "rotation needs the master key in a key file (FUPAN_MASTER_KEY_FILE), "
            "not in the environment"
        )
    path = keyring.source
    new = MasterKey.generate()
    staged = MasterKeyring([new, *keyring.keys], path)
    staged.save(path)
    total = recorder.count_wrapped_keys(new.id)
    done = 0
    while batch := recorder.select_wrapped_keys(new.id, BATCH):
        rows = []
        for review_id, master_id, wrapped, name in batch:
            with_suite = suite.by_name(name)  # a data key stays in its own suite
            key = staged.unwrap(master_id, wrapped, purpose(UUID(review_id)), with_suite)
            new_id, rewrapped = staged.wrap(key, purpose(UUID(review_id)), with_suite)
            rows.append((new_id, rewrapped, review_id, master_id))
        recorder.rewrap_data_keys(rows)
        done += len(rows)
        if progress:
            progress(done, total)
    server_keys = ServerKeys(recorder, staged).rewrap(staged)
    document_keys = DocumentKeys(recorder, staged).rewrap(staged)
    final = MasterKeyring([new], path)
    final.save(path)
    keyring.keys = final.keys
    old = [k.id for k in staged.keys[1:]]
    keys = ServerKeys(recorder, keyring)
    new_server_key = None
    if to_suite is not None and keys.current_suite() is not to_suite:
        new_server_key = keys.create(to_suite).key_id
    now = keys.current_suite().name
    return Rotation(old, new.id, done, server_keys, document_keys, now, new_server_key)


def suites_in_use(recorder: FupanStore, server_keys: ServerKeys) -> dict[str, Any]:
    """Which suite the store uses now, and how many records of each suite it holds: the
    figures an assessor asks for (``fupan keys suites``)."""
    counted: dict[str, Counter[str]] = {
        "data_keys": Counter(row[3] for row in recorder.select_wrapped_keys("(none)", 10**9)),
        "server_keys": Counter(str(r["suite"]) for r in recorder.select_server_keys()),
        "chain_links": Counter(),
        "checkpoints": Counter(str(r["suite"]) for r in recorder.select_checkpoints()),
    }
    start = 0
    while links := recorder.select_links(start, 10_000):
        counted["chain_links"].update(name for _, name, _ in links)
        start = links[-1][0] + 1
    current = server_keys.current_suite()
    return {
        "current": {
            "suite": current.choice,
            "stored_as": current.name,
            "cipher": current.cipher_name,
            "hash": current.hash_name,
            "signature": current.signature_name,
        },
        "records": {kind: dict(sorted(c.items())) for kind, c in counted.items()},
    }
