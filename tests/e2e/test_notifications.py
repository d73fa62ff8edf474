"""Issue 16 in a real browser: a signatory sees the unread count in the header, opens the
notification and lands on the signing page; an officer urges from the review page (a hurried
double-click urges once)."""

from __future__ import annotations

from typing import Any

from application.accounts import account_id_for
from tests.e2e.conftest import shot
from tests.e2e.test_trust import a_review_out_for_signature


def test_a_signatory_follows_the_notification_to_the_signing_page(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    rid = a_review_out_for_signature(desk)
    desk.make_notifications()
    number = desk.get_review(rid)["reference_number"]

    signatory = person("secretary")
    count = signatory.text_content("header .inbox .count")
    assert count is not None
    assert int(count) >= 2
    signatory.click("header a.inbox")
    signatory.wait_for_load_state()
    shot(signatory, "notifications")
    signatory.click(f".inbox-list a:has-text('{number} 的复盘报告等待您签字')")
    signatory.wait_for_load_state()
    assert signatory.url.endswith(f"/reviews/{rid}/sign/school_secretary")
    after = signatory.locator("header .inbox .count")
    assert after.count() == 0 or int(after.text_content() or "0") == int(count) - 1

    officer = person("officer")
    officer.goto(f"{server}/reviews/{rid}")
    officer.click("details.urge summary")
    officer.fill("#note", "请于本周内完成签字。")
    with officer.expect_navigation():
        officer.dblclick("details.urge button[type=submit]")
    officer.wait_for_load_state()
    shot(officer, "urged")
    urged = [e for e in desk.history(rid) if e["event"] == "Urged"]
    assert len(urged) == 1
    assert urged[0]["actor"] == str(account_id_for("officer"))
