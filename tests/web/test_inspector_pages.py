"""What inspectors see: the timeline, any earlier moment, revision diffs, signatures,
access records, the integrity check, and the printable report."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from infrastructure.integrity.runs import Verifications
from tests import scenario as s
from tests.web.conftest import account, own_review
from web.app import server_keys


def two_revisions(desk: ReviewDesk, clock: SettableClock) -> Any:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    clock.advance(hours=2)
    desk.decline(rid, slot="principal", reason="第三部分需补充离校时间", actor=account("signatory"))
    clock.advance(hours=2)
    desk.write_aspect(
        rid,
        aspect="trigger_and_course",
        text=s.SUBSTANTIVE + "离校时间为17时20分。",
        actor=s.OFFICER,
    )
    desk.send_for_signature(rid, actor=s.OFFICER)
    return rid


def test_the_timeline_says_who_did_what_and_when(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = two_revisions(desk, clock)
    page = as_user("inspector").get(f"/reviews/{rid}/history").text
    assert "拒签" in page
    assert "第三部分需补充离校时间" in page
    assert "签字人甲" in page, "the actor is named"
    assert "送签" in page
    assert page.count("report revision") == 0, "labels are translated"


def test_the_as_of_view_shows_the_report_before_a_later_change(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = two_revisions(desk, clock)
    first_send = next(e for e in desk.history(rid) if e["event"] == "SentForSignature")
    page = as_user("inspector").get(f"/reviews/{rid}/as-of?version={first_send['version']}").text
    assert "离校时间为17时20分" not in page
    assert s.SUBSTANTIVE in page
    assert "只读" in page
    assert "将此修订版送签" not in page, "no action on the past"
    at = first_send["at"][:16]
    assert (
        "离校时间为17时20分" not in as_user("inspector").get(f"/reviews/{rid}/as-of?at={at}").text
    )


def test_the_diff_shows_exactly_the_changed_text(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = two_revisions(desk, clock)
    page = as_user("inspector").get(f"/reviews/{rid}/diff?from=1&to=2").text
    assert "<ins>离校时间为17时20分。</ins>" in page
    assert "<del>" not in page
    changes = desk.revision_diff(rid, 1, 2)
    assert [(c["section"], c["item"]) for c in changes] == [("aspects", "trigger_and_course")]


def test_signatures_are_verified_on_the_history_page(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    b.post(
        f"/reviews/{rid}/sign/principal",
        {"kind": "signature", "password": "correct-horse-battery-9"},
    )
    page = as_user("inspector").get(f"/reviews/{rid}/history").text
    assert "有效" in page
    fingerprint = desk.verify_signatures(rid)[0]["fingerprint"]
    assert fingerprint in page


def test_access_records_and_integrity_are_for_inspectors(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    as_user("officer").get(f"/reviews/{rid}")
    inspector = as_user("inspector")
    page = inspector.get(f"/reviews/{rid}/access").text
    assert "测试区案件专员" in page
    assert "查看复盘" in page
    assert as_user("officer").get(f"/reviews/{rid}/access").status_code == 403
    assert as_user("officer").get("/audit/integrity").status_code == 403
    assert as_user("officer").post("/audit/integrity").status_code == 403


def test_the_integrity_page_shows_the_last_check_and_starts_one_in_the_background(
    as_user: Any, app: Flask, desk: ReviewDesk
) -> None:
    own_review(desk)
    inspector = as_user("inspector")
    never = inspector.get("/audit/integrity").text
    assert "尚未核验" in never
    assert "badge ontrack" not in never, "a page view walks nothing"
    started = inspector.post("/audit/integrity", {"scope": "everything"})
    assert started.status_code == 302
    runs = Verifications(desk, server_keys(app))
    deadline = time.monotonic() + 20
    while runs.last_finished() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    page = inspector.get("/audit/integrity").text
    assert "badge ontrack" in page, "intact"
    assert "刚刚" in page
    assert "全部历史" in page


def test_the_printable_report_carries_the_mark_the_manifest_and_the_hash(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    page = as_user("officer").get(f"/reviews/{rid}/print").text
    assert "此件不公开" in page
    assert "签字清单" in page
    assert desk.get_review(rid)["content_hash"] in page
    for aspect in ("学生的日常表现情况", "学生的家庭和家教情况", "极端事件的直接诱因和主要过程"):
        assert aspect in page
