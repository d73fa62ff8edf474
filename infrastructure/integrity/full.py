"""``fupan verify --full``: on the server, with the master key, the checks a keyless
verification cannot make: the review list projection equals a replay of the events, and
every data key unwraps for its owner. Each difference is a finding; nothing is repaired here
(``fupan reindex`` rebuilds the projections)."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from application.desk import ReviewDesk
from application.errors import ReviewDamaged, ReviewNotFound
from infrastructure.crypto import suite
from infrastructure.crypto.keystore import DataKeyStore, purpose
from infrastructure.integrity.report import Problem, Report

EVERY_KEY = "(none)"  # no master key has this id: every wrapped key is listed


def check_index(desk: ReviewDesk, report: Report) -> None:
    """Every stored review list row as the projections rebuilt from the events would write
    it (``desk.projections()``: a damaged review is left out there and named here)."""
    stored = {row.review_id: asdict(row) for row in desk.index.select_review_index()}
    replayed = {row.review_id: asdict(row) for row in desk.projections().reviews}
    for review_id in sorted(set(stored) | set(replayed), key=str):
        row, replay = stored.get(review_id), replayed.get(review_id)
        if replay is None:
            try:
                desk._get(review_id, None)
            except ReviewDamaged as damage:
                found = damage.finding
                report.add(
                    Problem(
                        found.get("position"),
                        found["problem"],
                        found["detail"],
                        found["stream"],
                        found["version"],
                    )
                )
                continue
            except ReviewNotFound:
                pass
        if row is None or replay is None:
            what = "missing from the list" if row is None else "in the list with no review"
            report.add(Problem(None, "index_drift", what, str(review_id)))
            continue
        changed = sorted(k for k in replay if replay[k] != row.get(k))
        if changed:
            detail = f"differs from a replay: {', '.join(changed)}"
            report.add(Problem(None, "index_drift", detail, str(review_id)))


def check_data_keys(keys: DataKeyStore, report: Report) -> None:
    """Every wrapped data key opens under the master key that wrapped it, for its owner."""
    assert keys._recorder is not None
    for owner, master_id, wrapped, name in keys._recorder.select_wrapped_keys(EVERY_KEY, 10**9):
        try:
            keys.keyring.unwrap(master_id, wrapped, purpose(UUID(owner)), suite.by_name(name))
        except Exception as e:
            report.add(Problem(None, "data_key_unusable", type(e).__name__, owner))


def check_full(desk: ReviewDesk, report: Report) -> None:
    check_index(desk, report)
    if isinstance(desk.keys, DataKeyStore):
        check_data_keys(desk.keys, report)
