"""The API through HTTP: tokens, every rule refusal, each role's view, the whole journey."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Flask

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from infrastructure.integrity.runs import Verifications
from tests import scenario as s
from tests.web.conftest import PASSWORD, other_review, own_review
from web.app import server_keys

INCIDENT = {
    "occurred_on": "2026-11-18",
    "school": "测试区第五中学",
    "jurisdiction": "测试区",
    "category": "suicide",
    "on_premises": False,
    "student": {"name": "测试学生己", "gender": "female", "grade": "初三（1）班"},
}


def test_a_token_is_issued_used_and_revoked(api: Any) -> None:
    client = api("officer")
    assert client.call("GET", "/reviews").status_code == 200
    assert client.call("DELETE", "/tokens/current").status_code == 204
    refused = client.call("GET", "/reviews")
    assert refused.status_code == 401
    assert refused.json == {
        "code": "unauthorized",
        "status": 401,
        "message": "请先登录。",
        "errors": {},
    }


def test_me_names_the_token_holder_and_nobody_without_a_token(api: Any) -> None:
    assert api("officer").call("GET", "/me").json == {"username": "officer"}
    assert api().call("GET", "/me").status_code == 401


def test_tokens_expire_and_die_with_the_account(
    api: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    client = api("officer")
    clock.advance(hours=9)
    assert client.call("GET", "/reviews").status_code == 401
    client = api("officer")
    desk.disable_account(s.account_id_for("officer"), actor=s.OFFICER)
    assert client.call("GET", "/reviews").status_code == 401


def test_token_requests_are_throttled_and_answer_alike(api: Any) -> None:
    anonymous = api()
    answers = {
        anonymous.call(
            "POST", "/tokens", {"username": name, "password": "wrong-pass-1"}
        ).status_code
        for name in ("officer", "nobody")
    }
    assert answers == {401}
    for _ in range(5):
        anonymous.call("POST", "/tokens", {"username": "inspector", "password": "wrong-pass-1"})
    locked = anonymous.call("POST", "/tokens", {"username": "inspector", "password": PASSWORD})
    assert locked.status_code == 401


def test_malformed_input_names_the_fields(api: Any) -> None:
    client = api("officer")
    response = client.call(
        "POST", "/reviews", {"incident": {**INCIDENT, "category": "flood", "extra": 1}}
    )
    assert response.status_code == 422
    assert response.json["code"] == "invalid_input"
    assert set(response.json["errors"]) == {"incident.category", "incident.extra"}
    long = client.call("POST", "/reviews", {"incident": {**INCIDENT, "school": "校" * 201}})
    assert long.json["errors"] == {"incident.school": ["不超过 200 字"]}


def test_the_whole_review_through_the_api(api: Any, desk: ReviewDesk) -> None:
    officer = api("officer")
    created = officer.call("POST", "/reviews", {"incident": INCIDENT})
    assert created.status_code == 201
    assert (created.json["due_on"], created.json["status"]) == ("2026-12-02", "registered")
    rid = created.json["id"]
    for username, party in (("investigator", "police"),):
        assert (
            officer.call(
                "POST", f"/reviews/{rid}/members", {"account": username, "party": party}
            ).status_code
            == 201
        )
    for party in ("school", "education_department", "expert"):
        s.ensure_account(desk, s.MEMBERS[party])
        assert (
            officer.call(
                "POST",
                f"/reviews/{rid}/members",
                {"account": s.MEMBER_NAMES[party], "party": party},
            ).status_code
            == 201
        )
    for role in ("school_secretary", "principal", "department_head"):
        s.ensure_account(desk, s.SIGNATORIES[role])
        username = "signatory" if role == "principal" else s.SIGNATORY_NAMES[role]
        assert (
            officer.call(
                "PUT", f"/reviews/{rid}/signatories/{role}", {"account": username}
            ).status_code
            == 200
        )
    writer = api("investigator")
    for aspect in s.ASPECTS:
        assert (
            writer.call(
                "PUT", f"/reviews/{rid}/aspects/{aspect}", {"text": s.SUBSTANTIVE}
            ).status_code
            == 200
        )
    risk = writer.call("POST", f"/reviews/{rid}/risk-points", {"description": "筛查未反馈"})
    risk_id = risk.json["id"]
    assert risk.headers["Location"].endswith(f"/risk-points/{risk_id}")
    assert risk.json["description"]
    assert risk.json["version"] == officer.call("GET", f"/reviews/{rid}").json["version"]
    # its themes (classification, not signed content): one or more of the list
    themed = writer.call(
        "PUT", f"/reviews/{rid}/risk-points/{risk_id}/themes", {"themes": ["无此主题"]}
    )
    assert themed.status_code == 422
    themed = writer.call(
        "PUT", f"/reviews/{rid}/risk-points/{risk_id}/themes", {"themes": [s.ensure_theme(desk)]}
    )
    assert themed.status_code == 200
    risk_view = officer.call("GET", f"/reviews/{rid}").json["risk_points"][0]
    assert risk_view["themes"] == [s.THEME]
    assert (
        writer.call(
            "POST",
            f"/reviews/{rid}/measures",
            {
                "description": "48小时反馈",
                "addresses": [risk_id],
                "owner": "心理中心",
                "due_on": "2027-01-31",
            },
        ).status_code
        == 201
    )
    sent = officer.call("POST", f"/reviews/{rid}/signoff", {})
    assert sent.status_code == 201
    slots = sent.json["signoff"]["slots"]
    assert "investigator:investigator" in [x["slot"] for x in slots], "slots name usernames"
    for slot in slots:
        signer = api(slot["account"]) if slot["account"] in ("investigator", "signatory") else None
        if signer is None:
            s.sign(desk, rid, _internal(slot["slot"]), s.account_id_for(slot["account"]))
            continue
        assert (
            signer.call(
                "POST",
                f"/reviews/{rid}/signoff/signatures",
                {"slot": slot["slot"], "kind": "seal", "password": PASSWORD},
            ).status_code
            == 201
        )
    closed = officer.call("POST", f"/reviews/{rid}/close", {})
    assert (closed.status_code, closed.json["status"]) == (200, "closed")
    history = officer.call("GET", f"/reviews/{rid}/history").json["items"]
    assert history[0]["event"] == "Registered"
    assert history[0]["actor"] == "officer"


def _internal(slot: str) -> str:
    kind, _, username = slot.partition(":")
    return f"{kind}:{s.account_id_for(username)}" if username else slot


def test_each_rule_refusal_has_its_stable_code(api: Any, desk: ReviewDesk) -> None:
    officer = api("officer")
    rid = s.register(desk)
    refused = officer.call("POST", f"/reviews/{rid}/signoff", {})
    assert refused.status_code == 422
    assert refused.json["code"] == "aspects_incomplete"
    assert {"team_incomplete", "signatories_missing"} <= set(refused.json["errors"])
    rid = own_review(desk)
    officer.call("POST", f"/reviews/{rid}/signoff", {})
    closing = officer.call("POST", f"/reviews/{rid}/close", {})
    assert (closing.status_code, closing.json["code"]) == (422, "signatures_missing")
    version = desk.get_review(rid)["version"]
    stale = officer.call(
        "POST",
        f"/reviews/{rid}/corrections",
        {"reason": "需要更正", "expected_version": version - 1},
    )
    assert (stale.status_code, stale.json["code"]) == (409, "conflict")


def test_late_closing_and_closed_reviews_are_refused(
    api: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    from datetime import datetime

    from domain.deadline import CHINA

    officer = api("officer")
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    web_accounts = {str(s.account_id_for(n)) for n in ("investigator", "signatory")}
    for slot in s.slots(desk, rid):
        if slot["holder"] in web_accounts:
            desk.sign(rid, slot=slot["slot"], actor=UUID(slot["holder"]), password=PASSWORD)
        else:
            s.sign(desk, rid, slot["slot"], UUID(slot["holder"]))
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=CHINA))
    officer = api("officer")
    late = officer.call("POST", f"/reviews/{rid}/close", {})
    assert (late.status_code, late.json["code"]) == (422, "late_reason_required")
    assert (
        officer.call(
            "POST", f"/reviews/{rid}/close", {"late_reason": "等待公安机关结论"}
        ).status_code
        == 200
    )
    writer = api("investigator")
    after = writer.call("PUT", f"/reviews/{rid}/aspects/daily_conduct", {"text": s.SUBSTANTIVE})
    assert (after.status_code, after.json["code"]) == (422, "review_closed")


def test_each_role_sees_what_it_may(api: Any, app: Flask, desk: ReviewDesk) -> None:
    own, other = own_review(desk), other_review(desk)
    assert api("officer").call("GET", f"/reviews/{other}").status_code == 404
    assert api("officer").call("GET", f"/reviews/{own}").status_code == 200
    inspector = api("inspector")
    assert inspector.call("GET", f"/reviews/{other}").status_code == 200
    assert (
        inspector.call(
            "PUT", f"/reviews/{own}/aspects/daily_conduct", {"text": s.SUBSTANTIVE}
        ).status_code
        == 403
    )
    assert inspector.call("GET", "/integrity").json["ok"] is None, "never checked yet"
    Verifications(desk, server_keys(app)).run(everything=True, by="test")
    checked = inspector.call("GET", "/integrity").json
    assert (checked["ok"], checked["scope"], checked["running"]) == (True, "everything", None)
    assert api("officer").call("GET", "/integrity").status_code == 403
    assert api("admin").call("GET", "/reviews").status_code == 403
    assert [i["id"] for i in api("signatory").call("GET", "/reviews").json["items"]] == [str(own)]


def test_the_list_is_paginated_with_a_next_link(api: Any, desk: ReviewDesk) -> None:
    for n in range(3):
        s.register(desk, school=f"学校{n}")
    client = api("officer")
    first = client.call("GET", "/reviews?limit=2").json
    assert len(first["items"]) == 2
    assert first["next"]
    second = client.client.get(
        first["next"], headers={"Authorization": f"Bearer {client.token}"}
    ).json
    assert (len(second["items"]), second["next"]) == (1, None)
    overdue = client.call("GET", "/reviews?overdue=true").json["items"]
    assert overdue == []


def test_signing_without_a_password_or_declining_without_a_reason_names_the_field(
    api: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    signatory = api("signatory")
    unsigned = signatory.call("POST", f"/reviews/{rid}/signoff/signatures", {"slot": "principal"})
    assert (unsigned.status_code, list(unsigned.json["errors"])) == (422, ["password"])
    undeclined = signatory.call(
        "POST", f"/reviews/{rid}/signoff/signatures", {"slot": "principal", "decision": "decline"}
    )
    assert (undeclined.status_code, list(undeclined.json["errors"])) == (422, ["reason"])
    assert desk.get_review(rid)["status"] == "awaiting_signatures"


def test_disabling_an_account_revokes_its_tokens_for_good(
    api: Any, as_user: Any, desk: ReviewDesk
) -> None:
    client = api("officer")
    officer_id = s.account_id_for("officer")
    admin = as_user("admin")
    admin.get(f"/admin/accounts/{officer_id}")
    assert admin.post(f"/admin/accounts/{officer_id}/disable").status_code == 302
    desk.enable_account(officer_id, actor=s.OFFICER)
    assert client.call("GET", "/reviews").status_code == 401, "re-enabling revives no token"
    assert api("officer").call("GET", "/reviews").status_code == 200


def test_a_token_works_on_every_store_the_in_memory_one_included(
    tmp_path: Any, clock: SettableClock
) -> None:
    from web import create_app
    from web.app import desk as desk_of

    app = create_app(
        {
            "environ": {
                "FUPAN_ENV": "test",
                "FUPAN_DATA_DIR": str(tmp_path / "v"),
                "PERSISTENCE_MODULE": "eventsourcing.popo",
            },
            "CLOCK": clock,
        }
    )
    desk_of(app).create_account(
        username="popo.officer",
        display_name="专员",
        role="case_officer",
        password=PASSWORD,
        city_wide=True,
        actor=s.OFFICER,
    )
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"username": "popo.officer", "password": PASSWORD})
    assert token.status_code == 201
    bearer = {"Authorization": f"Bearer {token.json['token']}"}
    assert client.get("/api/v1/reviews", headers=bearer).status_code == 200
    assert client.delete("/api/v1/tokens/current", headers=bearer).status_code == 204
    assert client.get("/api/v1/reviews", headers=bearer).status_code == 401


def test_a_token_row_written_into_the_store_without_the_server_secret_opens_nothing(
    app: Any, api: Any, clock: SettableClock
) -> None:
    import hashlib
    from datetime import timedelta

    from application.ports import TokenRow
    from web.app import desk as desk_of

    forged = "a-token-the-writer-chose"
    store = desk_of(app).store
    for guess in (hashlib.sha256(forged.encode()).hexdigest(), forged):
        store.insert_token(
            TokenRow(guess, s.account_id_for("inspector"), clock.now(), clock.now() + timedelta(1))
        )
    client = api()
    client.token = forged
    assert client.call("GET", "/reviews").status_code == 401
