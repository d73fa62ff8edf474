"""Nobody signs as another (issue 12), through the pages and the API as an attacker would:
an administrator's escalations, a reset, guessing passwords at every check, and lockout as
a denial of service."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from flask import Flask

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.web.conftest import PASSWORD, Browser, account, own_review
from web import create_app

NEW_PASSWORD = "a-brand-new-passphrase-5"


def browser_at(app: Flask, address: str) -> Browser:
    b = Browser(app.test_client())
    b.client.environ_base["REMOTE_ADDR"] = address
    return b


def sent(desk: ReviewDesk) -> UUID:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    return rid


def signed(desk: ReviewDesk, rid: UUID) -> bool:
    view = desk.get_review(rid)["signoff"]
    assert view is not None
    return any(x["slot"] == "principal" and x["mark"] for x in view["slots"])


def code_on(page: str) -> str:
    found = re.search(r'<p class="code"[^>]*>([A-Z0-9-]{14})</p>', page)
    assert found, "the approval page shows the code"
    return found.group(1)


# ---- separation of duties -----------------------------------------------------------


def test_an_administrator_cannot_make_an_inspector_alone(as_user: Any, desk: ReviewDesk) -> None:
    admin = as_user("admin")
    admin.get("/admin/accounts")
    admin.post("/admin/accounts", {"username": "spy", "display_name": "督查", "role": "inspector"})
    [request] = [r for r in desk.account_requests() if r["username"] == "spy"]
    refused = admin.post(f"/admin/requests/{request['id']}/approve")
    assert refused.status_code == 422
    assert "须由另一名管理员批准" in refused.text
    assert desk.principal(account("spy")) is None
    # The API has no route that opens an account or approves a request.
    assert admin.client.post("/api/v1/accounts", json={}).status_code in (401, 404, 405)


def test_an_administrator_cannot_change_their_own_role(as_user: Any, desk: ReviewDesk) -> None:
    admin = as_user("admin")
    page = admin.get(f"/admin/accounts/{account('admin')}").text
    assert "这是您自己的账户" in page
    refused = admin.post(f"/admin/accounts/{account('admin')}/role", {"role": "inspector"})
    assert refused.status_code == 422
    assert "任何人都不能更改自己账户的权限" in refused.text
    assert desk.get_account(account("admin"))["role"] == "administrator"
    assert admin.get("/audit/integrity").status_code == 403


def test_an_administrator_cannot_raise_another_to_a_content_role(
    as_user: Any, desk: ReviewDesk
) -> None:
    admin = as_user("admin")
    admin.get(f"/admin/accounts/{account('admin.second')}")
    refused = admin.post(
        f"/admin/accounts/{account('admin.second')}/role",
        {"role": "case_officer", "jurisdictions": "测试区"},
    )
    assert refused.status_code == 422
    assert "须使用不同账户" in refused.text
    assert desk.get_account(account("admin.second"))["role"] == "administrator"


def test_a_reset_never_lets_an_administrator_sign_as_the_holder(
    app: Flask, as_user: Any, desk: ReviewDesk
) -> None:
    """The attack: reset a signatory's password, then sign in their name."""
    rid = sent(desk)
    admin = as_user("admin")
    admin.get(f"/admin/accounts/{account('signatory')}")
    assert admin.post(f"/admin/accounts/{account('signatory')}/password").status_code == 302
    [request] = [r for r in desk.account_requests() if r["status"] == "pending"]
    # The requester cannot approve, and never sees the code.
    assert admin.post(f"/admin/requests/{request['id']}/approve").status_code == 422
    second = as_user("admin.second")
    second.get("/admin/accounts")
    approved = second.post(f"/admin/requests/{request['id']}/approve")
    code = code_on(approved.text)
    for page in ("/admin/accounts", f"/admin/accounts/{account('signatory')}"):
        assert code not in admin.get(page).text
        assert code not in second.get(page).text
    # The old password opens nothing; guessing codes is refused and throttled.
    assert browser_at(app, "10.0.0.9").login("signatory").status_code == 401
    thief = browser_at(app, "10.0.0.66")
    thief.get("/enrol")
    for guess in ("AAAA-BBBB-CCCC", "2345-6789-ABCD", "ZZZZ-ZZZZ-ZZZZ", "QQQQ-QQQQ-QQQQ"):
        answer = thief.post(
            "/enrol",
            {
                "username": "signatory",
                "code": guess,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        )
        assert answer.status_code == 422
    held = thief.post(
        "/enrol",
        {"username": "signatory", "code": code, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert held.status_code == 429, "even the right code waits after wrong guesses"
    assert not signed(desk, rid)
    assert desk.get_account(account("signatory"))["signing_key_id"] == ""
    # The holder, from their own place, enrols; only now is a key created.
    holder = browser_at(app, "10.0.0.7")
    holder.get("/enrol")
    assert (
        holder.post(
            "/enrol",
            {
                "username": "signatory",
                "code": code,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ).status_code
        == 302
    )
    first = holder.login("signatory", NEW_PASSWORD)
    assert "/account/notices" in first.headers["Location"]
    notice = holder.get("/account/notices").text
    assert "你的签字密钥于" in notice
    assert "管理员甲" in notice
    assert "管理员乙" in notice
    holder.post("/account/notices", {"reported": "true"})
    assert "并非本人申请" in second.get(f"/admin/accounts/{account('signatory')}").text
    holder.get(f"/reviews/{rid}/sign/principal")
    holder.post(f"/reviews/{rid}/sign/principal", {"kind": "signature", "password": NEW_PASSWORD})
    assert signed(desk, rid)


def test_the_timeline_and_the_manifest_show_provenance_and_a_revoked_key(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = sent(desk)
    old_key = desk.get_account(account("signatory"))["signing_key_id"]
    request = desk.request_reset(account("signatory"), actor=account("admin"))
    desk.approve_request(request, actor=account("admin.second"))
    clock.advance(minutes=3)
    s.forge_signature(desk, rid, "principal", account("signatory"), old_key, PASSWORD)
    inspector = as_user("inspector")
    timeline = inspector.get(f"/reviews/{rid}/history").text
    assert "无效" in timeline
    assert "该密钥在此签字之前已被吊销" in timeline
    assert "开设账户时由" in timeline
    manifest = inspector.get(f"/reviews/{rid}/print").text
    assert "该密钥在此签字之前已被吊销" in manifest
    assert "密钥来源" in manifest


# ---- every password check throttled -------------------------------------------------


def test_fifteen_wrong_signing_passwords_then_the_right_one_does_not_sign(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    answers = [
        b.post(f"/reviews/{rid}/sign/principal", {"kind": "signature", "password": f"guess-{n}"})
        for n in range(15)
    ]
    assert [a.status_code for a in answers[:3]] == [422, 422, 422]
    assert any(a.status_code == 429 or a.status_code == 302 for a in answers[3:])
    right = b.post(f"/reviews/{rid}/sign/principal", {"kind": "signature", "password": PASSWORD})
    assert right.status_code in (302, 400, 429)
    assert not signed(desk, rid)
    # The session ended: the next page asks to sign in.
    assert b.get("/tasks").headers.get("Location", "").startswith("/login")


def test_guessing_through_the_api_ends_the_token(api: Any, desk: ReviewDesk) -> None:
    rid = sent(desk)
    client = api("signatory")
    path = f"/reviews/{rid}/signoff/signatures"
    codes = [
        client.call(
            "POST", path, {"slot": "principal", "kind": "signature", "password": f"x-{n}"}
        ).status_code
        for n in range(15)
    ]
    # Four wrong ones: the fourth holds the account back at this address and ends the token.
    assert codes[:4] == [422] * 4
    assert set(codes[4:]) == {401}
    right = client.call(
        "POST", path, {"slot": "principal", "kind": "signature", "password": PASSWORD}
    )
    assert right.status_code == 401
    assert not signed(desk, rid)


def test_guessing_the_current_password_ends_the_session(as_user: Any) -> None:
    b = as_user("investigator")
    b.get("/account/password")
    for n in range(6):
        b.post(
            "/account/password",
            {
                "current_password": f"wrong-{n}",
                "new_password": NEW_PASSWORD,
            },
        )
    assert b.get("/tasks").headers.get("Location", "").startswith("/login")


def test_an_attacker_cannot_lock_the_holder_out_from_elsewhere(
    app: Flask, desk: ReviewDesk, clock: SettableClock
) -> None:
    attacker = browser_at(app, "198.51.100.1")
    for _ in range(15):
        assert attacker.login("signatory", "wrong-password-0").status_code == 401
    assert attacker.login("signatory").status_code == 401, "held back at the attacker's address"
    assert browser_at(app, "10.1.1.1").login("signatory").status_code == 302


def test_many_addresses_slow_the_account_and_alert_but_never_lock_it(
    app: Flask, as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    for n in range(6):  # a botnet: four counted failures per address
        attacker = browser_at(app, f"203.0.113.{n}")
        for _ in range(4):
            attacker.login("signatory", "wrong-password-0")
    holder = browser_at(app, "10.2.2.2")
    assert holder.login("signatory").status_code == 401, "slowed past the ceiling"
    clock.advance(seconds=61)
    first = holder.login("signatory")
    assert first.status_code == 302
    assert "/account/notices" in first.headers["Location"]
    assert "错误密码" in holder.get("/account/notices").text
    assert "多次密码错误" in as_user("admin").get("/admin/accounts").text


def test_the_client_address_comes_from_a_configured_proxy_only(
    tmp_path: Any, clock: SettableClock
) -> None:
    def app_with(proxies: str) -> Flask:
        environ = {
            "FUPAN_ENV": "test",
            "FUPAN_DATA_DIR": str(tmp_path / f"var{proxies}"),
            "FUPAN_TRUSTED_PROXIES": proxies,
        }
        app = create_app({"environ": environ, "CLOCK": clock})
        from web.app import desk as desk_of

        desk_of(app).create_account(
            username="holder",
            display_name="持有人",
            role="inspector",
            password=PASSWORD,
            actor=s.OFFICER,
        )
        return app

    def attempt(app: Flask, forwarded: str, password: str) -> int:
        b = Browser(app.test_client())
        b.get("/login")
        return b.post(
            "/login",
            {"username": "holder", "password": password},
            headers={"X-Forwarded-For": forwarded},
        ).status_code

    # Without a configured proxy the header is ignored: a forged address changes nothing.
    direct = app_with("0")
    for n in range(4):
        attempt(direct, f"192.0.2.{n}", "wrong-password-0")
    assert attempt(direct, "192.0.2.200", PASSWORD) == 401
    # Behind one configured proxy, each client's address counts on its own.
    proxied = app_with("1")
    for _ in range(4):
        attempt(proxied, "192.0.2.1", "wrong-password-0")
    assert attempt(proxied, "192.0.2.1", PASSWORD) == 401
    assert attempt(proxied, "192.0.2.2", PASSWORD) == 302
