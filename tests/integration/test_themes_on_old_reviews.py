"""``themes_missing`` applies only to reports sent for signature from the release that
brought themes (issue 21): a sending stored before (``SentForSignature`` v1, in the fixture
store written by fupan 0.1.0) required none, so an old review awaiting signatures or closed
is not blocked and shows its risk points as unclassified; an old review still being written
meets the rule at its next sending. The marker is the stored event's version, never a date."""

from __future__ import annotations

from uuid import UUID

from application.desk import ReviewDesk
from tests.integration.test_fixture_store import EXPECTED, old_store

__all__ = ["old_store"]


def test_old_sendings_are_not_blocked_and_unsent_reviews_are(old_store: ReviewDesk) -> None:
    seen = set()
    for review_id, facts in EXPECTED["reviews"].items():
        rid = UUID(review_id)
        view = old_store.get_review(rid)
        row = old_store.index.select_review_index(review_id=rid)[0]
        codes = {b["code"] for b in view["blockers"]}
        if facts["status"] in ("awaiting_signatures", "closed") and not facts["erased"]:
            assert "themes_missing" not in codes, review_id
            assert not row.themes_missing
            if view["risk_points"]:
                assert all(rp["themes"] == [] for rp in view["risk_points"])
                assert row.unthemed == len(view["risk_points"])
            seen.add(facts["status"])
        if facts["status"] == "investigating" and view["risk_points"]:
            assert "themes_missing" in codes, review_id
            assert row.themes_missing
            seen.add("investigating")
    assert {"closed", "investigating"} <= seen
