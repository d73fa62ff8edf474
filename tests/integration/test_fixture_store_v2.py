"""A store written by the release of issue 23 (``tests/fixtures/store-v2``, made by
``tests/fixtures/make_store_v2.py``, never rewritten) loads and verifies in this release:
every review reads back with the same signed content, hash and valid signatures; the
attachments and the work list's evidence open to the same bytes; the paper seals, the
reference data with its details, the accounts and the rounds read back as they were.

Its events are those added since ``store-v1`` (issues 14–23); a change to any of them comes
with a ``class_version`` and an upcaster (``docs/events.md``), and this test is the proof.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from web.app import build_desk

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-v2"
EXPECTED: dict[str, Any] = json.loads((FIXTURE / "expected.json").read_text())


@pytest.fixture
def store(tmp_path: Path) -> Any:
    data_dir = tmp_path / "var"
    shutil.copytree(FIXTURE, data_dir)
    settings = Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)})
    desk = build_desk(settings, SettableClock(datetime.fromisoformat(EXPECTED["read_at"])))
    yield desk
    desk.close()


def test_it_verifies_intact(store: ReviewDesk) -> None:
    keys = ServerKeys(store.recorder, store.keys.keyring)  # type: ignore[arg-type, attr-defined]
    report = verify_store(store, keys)
    assert report.ok, report.as_dict()


def test_every_review_reads_back_the_same(store: ReviewDesk) -> None:
    for review_id, facts in EXPECTED["reviews"].items():
        review = store._get(UUID(review_id), None)
        assert review.version == facts["version"]
        assert review.status.value == facts["status"]
        assert review.content_hash() == facts["content_hash"], "signed content hashes alike"
        assert (
            json.loads(json.dumps(review.signed_content(), default=str)) == facts["signed_content"]
        )
        assert [type(e).__qualname__ for e in store.events.get(UUID(review_id))] == facts["events"]
        signatures = [
            [s["revision"], s["slot"], s["mark"], s["valid"]]
            for s in store.verify_signatures(UUID(review_id))
        ]
        assert signatures == facts["signatures"]


def test_attachments_and_paper_seals_read_back(store: ReviewDesk) -> None:
    rid = UUID(EXPECTED["files"]["review"])
    for attachment_id, digest in EXPECTED["files"]["attachments"].items():
        found = store.attachment_file(rid, UUID(attachment_id))
        assert found.attachment.sha256 == digest
        assert found.content  # the chunks still open under the review's key
    marks = [s for s in store.get_review(rid)["signoff"]["slots"] if s.get("paper")]
    assert len(marks) == 1  # one recorded and kept; the disputed one waits again


def test_the_work_list_reads_back(store: ReviewDesk) -> None:
    expected = EXPECTED["rounds"]
    issued = store.checklist_round(UUID(expected["id"]))
    assert issued.title == expected["title"]
    assert {str(i.number): i.due_on.isoformat() for i in issued.items} == expected["due"]
    matrix = store.round_matrix(issued.id)
    assert {j: matrix.counts(j) for j in matrix.jurisdictions} == expected["counts"]
    progress = store.round_progress(issued.id, "西山区")
    assert progress.version == expected["version"]
    assert len(progress.submissions) == expected["submissions"]
    for evidence_id, digest in expected["evidence"].items():
        found = store.round_evidence_file(issued.id, "西山区", UUID(evidence_id))
        assert found.evidence.sha256 == digest


def test_reference_data_and_accounts_read_back(store: ReviewDesk) -> None:
    kinds = ("jurisdiction", "school", "theme", "expert", "checklist_template")
    found = sorted(
        [r.kind, r.code, r.label, r.active, r.version, r.detail]
        for kind in kinds
        for r in store.reference_entries(kind)
    )
    assert json.loads(json.dumps(found)) == EXPECTED["reference"]
    accounts = sorted([a["username"], a["role"], a["disabled"]] for a in store.list_accounts())
    assert accounts == EXPECTED["accounts"]
    assert store.authenticate("demo.officer.xishan", "fupan-demo-2026") is not None


def test_it_reindexes_to_the_same_list(store: ReviewDesk) -> None:
    before = store.list_reviews()
    assert store.reindex() == len(EXPECTED["reviews"])
    assert store.list_reviews() == before
