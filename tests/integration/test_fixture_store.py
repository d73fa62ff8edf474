"""A store written by fupan 0.1.0 loads, verifies and reindexes in this release, and every
review reads back with the same signed content, content hash, status and valid signatures.

The store in ``tests/fixtures/store-v1`` is never rewritten: when an event changes shape,
the change comes with a ``class_version`` and an upcaster (``docs/events.md``), and this test
is the proof that old events still load.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from application.desk import ReviewDesk
from domain.review import Review
from infrastructure.clock import SettableClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from web.app import build_desk

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-v1"
EXPECTED: dict[str, Any] = json.loads((FIXTURE / "expected.json").read_text())


@pytest.fixture
def old_store(tmp_path: Path) -> Any:
    data_dir = tmp_path / "var"
    shutil.copytree(FIXTURE, data_dir)
    settings = Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)})
    clock = SettableClock(datetime.fromisoformat(EXPECTED["read_at"]))
    desk = build_desk(settings, clock)
    yield desk
    desk.close()


def _server_keys(desk: ReviewDesk) -> ServerKeys:
    return ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[arg-type, attr-defined]


def test_the_old_store_verifies_intact(old_store: ReviewDesk) -> None:
    report = verify_store(old_store, _server_keys(old_store))
    assert report.ok, report.as_dict()
    assert report.snapshots == 2


def test_the_old_store_reindexes_to_the_same_list(old_store: ReviewDesk) -> None:
    before = old_store.list_reviews()
    assert old_store.reindex() == len(EXPECTED["reviews"])
    assert old_store.list_reviews() == before


def test_every_old_review_reads_back_the_same(old_store: ReviewDesk) -> None:
    for review_id, facts in EXPECTED["reviews"].items():
        view = old_store.get_review(UUID(review_id))
        assert view["version"] == facts["version"]
        assert view["status"] == facts["status"]
        assert view["report_revision"] == facts["report_revision"]
        assert view["late"] == facts["late"]
        assert view["erased"] == facts["erased"]
        assert view["due_on"] == facts["due_on"]
        assert view["content_hash"] == facts["content_hash"], "signed content must hash alike"
        assert view["incident"]["school"] == facts["school"]
        assert sorted(m["status"] for m in view["measures"]) == facts["measure_status"]
        assert [
            e["event"] for e in old_store.history(UUID(review_id)) if e["stream"] == "review"
        ] == facts["events"]
        signatures = [
            [s["revision"], s["slot"], s["mark"], s["valid"]]
            for s in old_store.verify_signatures(UUID(review_id))
        ]
        assert signatures == facts["signatures"]
        assert all(valid for *_, valid in signatures)


def test_old_signed_content_is_unchanged(old_store: ReviewDesk) -> None:
    for review_id, facts in EXPECTED["reviews"].items():
        assert old_store._get(UUID(review_id), None).signed_content() == facts["signed_content"]


def test_old_snapshots_and_full_replays_agree(old_store: ReviewDesk) -> None:
    long = max(EXPECTED["reviews"], key=lambda r: EXPECTED["reviews"][r]["version"])
    from_snapshot = old_store.repository.get(UUID(long))
    replayed = project_aggregate(None, old_store.events.get(UUID(long)))
    assert from_snapshot.__dict__ == replayed.__dict__


def test_old_accounts_still_sign_in(old_store: ReviewDesk) -> None:
    accounts = sorted([a["username"], a["role"], a["disabled"]] for a in old_store.list_accounts())
    assert accounts == EXPECTED["accounts"]
    assert old_store.authenticate("demo.officer", "fupan-demo-2026") is not None
    assert old_store.authenticate("fixture.moved", "fupan-demo-2026") is None  # disabled


def test_a_new_snapshot_of_an_old_review_is_written_in_todays_shape(old_store: ReviewDesk) -> None:
    long = max(EXPECTED["reviews"], key=lambda r: EXPECTED["reviews"][r]["version"])
    review_id = UUID(long)
    school = old_store.get_review(review_id)["team"][0]["account_id"]
    for n in range(150 - EXPECTED["reviews"][long]["version"]):
        old_store.write_aspect(
            review_id,
            aspect="daily_conduct",
            text=f"第{n}次改写：该生平时表现良好。",
            actor=UUID(school),
        )
    assert old_store.snapshots is not None
    newest = list(old_store.snapshots.get(review_id))[-1]
    assert newest.originator_version == 150
    assert newest.state["class_version"] == Review.class_version
    assert {type(a).__name__ for a in newest.state["aspects"].values()} == {"AspectText"}
    reloaded = old_store.repository.get(review_id)
    assert reloaded.__dict__ == project_aggregate(None, old_store.events.get(review_id)).__dict__
    assert reloaded.aspects["daily_conduct"].draft > 28


def test_old_corrections_read_back_with_an_empty_reason(old_store: ReviewDesk) -> None:
    """RiskPointRevised, RiskPointWithdrawn, MeasureRevised and MeasureWithdrawn gained a
    reason (class_version 2): events stored before read back with ``reason`` empty."""
    upcast = {"RiskPointRevised", "RiskPointWithdrawn", "MeasureRevised", "MeasureWithdrawn"}
    seen = set()
    for review_id in EXPECTED["reviews"]:
        for event in old_store.history(UUID(review_id)):
            if event["event"] in upcast:
                seen.add(event["event"])
                assert event["data"]["reason"] == ""
    assert seen == upcast


def test_old_links_are_unauthenticated_not_tampered_and_new_ones_carry_a_mac(
    old_store: ReviewDesk,
) -> None:
    """Links written by 0.1.0 carry no MAC: counted, never called tampered; the links
    written from this release on do, and vouch for the old ones (each hashes the past)."""
    before = verify_store(old_store, _server_keys(old_store))
    assert before.ok
    assert (before.authenticated_links, before.unauthenticated_links) == (0, before.events)
    long = max(EXPECTED["reviews"], key=lambda r: EXPECTED["reviews"][r]["version"])
    old_store.record_access(UUID(long), actor=UUID(int=1), what="review")
    after = verify_store(old_store, _server_keys(old_store))
    assert after.ok, after.as_dict()["problems"]
    assert (after.authenticated_links, after.unauthenticated_links) == (1, before.events)


def test_every_revision_ever_sent_hashes_as_it_did(old_store: ReviewDesk) -> None:
    """Signed content gained keys since (``attachments``, when there are any): the content of
    every revision sent for signature, rebuilt by this release, hashes as when it was sent."""
    sent = 0
    for review_id in EXPECTED["reviews"]:
        for event in old_store.history(UUID(review_id)):
            if event["stream"] == "review" and event["event"] == "SentForSignature":
                before = old_store.get_review(UUID(review_id), version=event["version"] - 1)
                assert before["content_hash"] == event["data"]["content_hash"]
                sent += 1
    assert sent >= 3
