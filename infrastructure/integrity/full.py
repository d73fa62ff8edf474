"""``fupan verify --full``: on the server, with the master key, the checks a keyless
verification cannot make: the list index equals a replay of the events, and every data key
unwraps for its owner. Each difference is a finding; nothing is repaired here
(``fupan reindex`` rebuilds the index)."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from application.desk import ReviewDesk
from application.ports import StoredRecordDamaged
from infrastructure.crypto.keystore import DataKeyStore, purpose
from infrastructure.integrity.verify import Problem, Report

EVERY_KEY = "(none)"  # no master key has this id: every wrapped key is listed


def check_index(desk: ReviewDesk, report: Report) -> None:
    """Every index row as a replay of its review's events would write it."""
    stored = {row.review_id: asdict(row) for row in desk.index.select_review_index()}
    replayed = {}
    for review_id in desk.review_ids():
        try:
            replayed[review_id] = asdict(desk._index_row(desk._get(review_id, None)))
        except StoredRecordDamaged as damage:
            report.add(Problem(None, damage.problem, damage.detail, damage.stream, damage.version))
    for review_id in sorted(set(stored) | set(replayed), key=str):
        row, replay = stored.get(review_id), replayed.get(review_id)
        if row is None or replay is None:
            what = "missing from the index" if row is None else "in the index with no review"
            report.add(Problem(None, "index_drift", what, str(review_id)))
            continue
        changed = sorted(k for k in replay if replay[k] != row.get(k))
        if changed:
            detail = f"differs from a replay: {', '.join(changed)}"
            report.add(Problem(None, "index_drift", detail, str(review_id)))


def check_data_keys(keys: DataKeyStore, report: Report) -> None:
    """Every wrapped data key opens under the master key that wrapped it, for its owner."""
    assert keys._recorder is not None
    for owner, master_id, wrapped in keys._recorder.select_wrapped_keys(EVERY_KEY, 10**9):
        try:
            keys.keyring.unwrap(master_id, wrapped, purpose(UUID(owner)))
        except Exception as e:
            report.add(Problem(None, "data_key_unusable", type(e).__name__, owner))


def check_full(desk: ReviewDesk, report: Report) -> None:
    check_index(desk, report)
    if isinstance(desk.keys, DataKeyStore):
        check_data_keys(desk.keys, report)
