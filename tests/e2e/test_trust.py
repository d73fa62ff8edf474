"""Issue 12 in a real browser: a reset asked by one administrator and approved by another
(double-clicked), the code handed over, the holder enrolling (a mistake first), told of the
re-issued key at the first sign-in, and signing with the new key; the timeline shows where
each key came from."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from tests.e2e.conftest import a_complete_review, shot

NEW_PASSWORD = "river stone lantern 42"


def a_review_out_for_signature(desk: Any) -> UUID:
    return a_complete_review(desk, "东湖区第十二中学", send=True)


def test_a_reset_takes_two_administrators_and_only_the_holder_signs_again(
    served: tuple[str, Any], person: Any, chromium: Any
) -> None:
    server, desk = served
    rid = a_review_out_for_signature(desk)
    principal_id = account_id_for("principal")

    admin = person("admin")
    admin.goto(f"{server}/admin/accounts/{principal_id}")
    admin.click("button:has-text('申请重置密码')")
    admin.wait_for_load_state()
    assert "申请已提出" in admin.content()
    admin.goto(f"{server}/admin/accounts")
    assert "由另一名管理员批准" in admin.content(), "the requester has no approve button"
    shot(admin, "reset-requested")

    # The second administrator approves in a hurry: a double-click shows one working code.
    second = person("admin2")
    second.goto(f"{server}/admin/accounts")
    with second.expect_navigation():
        second.dblclick("#requests button:has-text('批准')")
    code = second.text_content("p.code")
    assert code
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code.strip())
    shot(second, "enrolment-code")

    # The holder, not signed in, makes a mistake first, then enrols (double-clicking too).
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    holder = context.new_page()
    holder.goto(f"{server}/enrol")
    holder.fill("#username", "principal")
    holder.fill("#code", code.lower())
    holder.fill("#password", NEW_PASSWORD)
    holder.fill("#confirm", NEW_PASSWORD + "!")
    holder.click("button:has-text('设置密码')")
    holder.wait_for_load_state()
    assert "与新密码不一致" in holder.content()
    assert holder.input_value("#username") == "principal"
    shot(holder, "enrol-mistake")
    holder.fill("#code", code)
    holder.fill("#password", NEW_PASSWORD)
    holder.fill("#confirm", NEW_PASSWORD)
    with holder.expect_navigation(url="**/login"):
        holder.dblclick("button:has-text('设置密码')")
    assert "签字密钥已生成" in holder.content()

    holder.fill("#username", "principal")
    holder.fill("#password", NEW_PASSWORD)
    holder.click("form[action='/login'] button[type=submit]")
    holder.wait_for_load_state()
    assert "/account/notices" in holder.url
    assert "你的签字密钥于" in holder.content()
    assert "尤某（管理员）" in holder.content()
    assert "钱某（管理员）" in holder.content()
    shot(holder, "key-reissued-notice")
    holder.click("button:has-text('我已阅读')")
    holder.wait_for_load_state()

    holder.goto(f"{server}/reviews/{rid}/sign/principal")
    assert "重置后重新签发" in holder.text_content("#signing-key")
    holder.fill("#password", NEW_PASSWORD)
    holder.click("button:has-text('签署此修订版')")
    holder.wait_for_load_state()
    shot(holder, "signed-with-new-key")

    inspector = person("inspector")
    inspector.goto(f"{server}/reviews/{rid}/history")
    assert "重置后重新签发" in inspector.content()
    shot(inspector, "history-key-provenance")
    context.close()
