"""Notifications in the site: the header's unread count, the list, opening one (read, then
the page it is about), only what the reader still sees, and 催办 from the review page."""

from __future__ import annotations

from typing import Any

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import account, own_review


def test_a_signatory_sees_the_count_and_follows_the_link_to_sign(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    desk.make_notifications()
    b = as_user("signatory")
    page = b.get("/tasks").text
    assert '<span class="count" aria-label="2 条未读">2</span>' in page
    listing = b.get("/notifications").text
    number = desk.get_review(rid)["reference_number"]
    assert f"{number} 的复盘报告等待您签字。" in listing
    assert f"您已被指定为 {number} 的签字人。" in listing
    key = next(
        r.key
        for r in desk.store.select_inbox(account("signatory"), 10)
        if r.kind == "sign_requested"
    )
    opened = b.get(f"/notifications/{key}")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/reviews/{rid}/sign/principal")
    assert 'aria-label="1 条未读"' in b.get("/tasks").text
    b.post("/notifications/read", {})
    assert 'class="count"' not in b.get("/tasks").text


def test_nothing_shows_of_a_review_the_reader_no_longer_sees(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.make_notifications()
    desk.remove_member(rid, account_id=account("investigator"), actor=s.OFFICER)
    b = as_user("investigator")
    assert desk.store.select_inbox(account("investigator"), 10)
    listing = b.get("/notifications").text
    assert desk.get_review(rid)["reference_number"] not in listing
    key = desk.store.select_inbox(account("investigator"), 10)[0].key
    assert b.get(f"/notifications/{key}").status_code == 404
    # Nobody opens another's notification.
    assert as_user("signatory").get(f"/notifications/{key}").status_code == 404


def test_an_officer_urges_from_the_review_page_once_an_hour(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    b = as_user("officer")
    page = b.get(f"/reviews/{rid}").text
    assert "催办待办事项的承办人" in page
    done = b.post(f"/reviews/{rid}/urge", {"form_name": "urge", "note": "请本周内签字"})
    assert done.status_code == 302
    again = b.post(f"/reviews/{rid}/urge", {"form_name": "urge", "note": "再催一次"})
    assert again.status_code == 422
    assert "一小时内已催办过" in again.text
    assert "再催一次" in again.text  # what was typed is still there
    desk.make_notifications()
    kinds = [r.kind for r in desk.store.select_inbox(account("signatory"), 10)]
    assert "urged" in kinds
    # In the site, the officer's note is quoted (it never leaves fupan by e-mail or webhook).
    listing = as_user("signatory").get("/notifications").text
    assert "工作人员就" in listing
    assert "请本周内签字" in listing
    assert as_user("investigator").get(f"/reviews/{rid}").text.count("催办待办事项") == 0


def test_an_inspector_reads_the_weekly_digest(as_user: Any, desk: ReviewDesk, clock: Any) -> None:
    from datetime import datetime

    from domain.deadline import CHINA

    s.register(desk, occurred_on="2026-11-01")
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHINA))
    desk.make_reminders()
    b = as_user("inspector")
    listing = b.get("/notifications").text
    assert "本周：逾期 1 个，逾期提交 0 个，撤销登记 0 个。" in listing
    key = desk.store.select_inbox(account("inspector"), 5)[0].key
    assert b.get(f"/notifications/{key}").headers["Location"].endswith("/")
