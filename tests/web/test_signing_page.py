"""Read before you sign: the signing page, signing with the password, declining."""

from __future__ import annotations

from typing import Any

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import PASSWORD, account, own_review


def sent(desk: ReviewDesk) -> Any:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    return rid


def test_the_signing_page_shows_the_document_then_the_panel(as_user: Any, desk: ReviewDesk) -> None:
    rid = sent(desk)
    page = as_user("signatory").get(f"/reviews/{rid}/sign/principal").text
    view = desk.get_review(rid)
    assert view["content_hash"] in page
    assert s.SUBSTANTIVE in page
    assert page.index(s.SUBSTANTIVE) < page.index('id="sign-panel"'), "the document comes first"
    assert "确认其内容，并以本人身份签字" in page


def test_signing_with_the_password_puts_a_verifiable_signature(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    response = b.post(f"/reviews/{rid}/sign/principal", {"kind": "seal", "password": PASSWORD})
    assert response.status_code == 302
    [made] = desk.verify_signatures(rid)
    assert (made["slot"], made["mark"], made["valid"]) == ("principal", "seal", True)
    assert made["signer"] == str(account("signatory"))


def test_a_wrong_password_signs_nothing_and_says_so_beside_the_field(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    wrong = {"kind": "signature", "password": "wrong-password-9", "form_name": "sign"}
    response = b.post(f"/reviews/{rid}/sign/principal", wrong)
    assert response.status_code == 422
    assert 'id="password-error">不正确' in response.text
    assert desk.verify_signatures(rid) == []


def test_declining_with_a_reason_returns_the_review_to_drafting(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    assert (
        b.post(
            f"/reviews/{rid}/decline/principal", {"reason": "家庭情况描述与事实不符"}
        ).status_code
        == 302
    )
    assert desk.get_review(rid)["status"] == "investigating"
    officer_page = as_user("officer").get(f"/reviews/{rid}").text
    assert "送签前" in officer_page or "已可送签" in officer_page


def test_the_page_shows_what_changed_since_the_revision_last_seen(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = sent(desk)
    desk.decline(rid, slot="principal", reason="第三部分需补充", actor=account("signatory"))
    desk.write_aspect(
        rid, aspect="trigger_and_course", text=s.SUBSTANTIVE + "补充了离校时间。", actor=s.OFFICER
    )
    desk.send_for_signature(rid, actor=s.OFFICER)
    page = as_user("signatory").get(f"/reviews/{rid}/sign/principal").text
    assert "自您上次看到的第1修订版以来的修改" in page
    assert "<ins>补充了离校时间。</ins>" in page


def test_nobody_signs_a_slot_that_is_not_theirs(as_user: Any, desk: ReviewDesk) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    assert b.get(f"/reviews/{rid}/sign/school_secretary").status_code == 403
    b.get(f"/reviews/{rid}/sign/principal")
    refused = b.post(
        f"/reviews/{rid}/sign/school_secretary", {"kind": "signature", "password": PASSWORD}
    )
    assert refused.status_code in (403, 422)
    assert desk.verify_signatures(rid) == []


def test_a_signature_made_on_the_page_verifies_with_the_public_key_alone(
    as_user: Any, desk: ReviewDesk
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    rid = sent(desk)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    b.post(f"/reviews/{rid}/sign/principal", {"kind": "signature", "password": PASSWORD})
    signoff_events = [e for e in desk.history(rid) if e["event"] == "Signed"]
    payload, signature = (
        signoff_events[0]["data"]["payload"],
        signoff_events[0]["data"]["signature"],
    )
    key_id = signoff_events[0]["data"]["key_id"]
    public = desk.get_account(account("signatory"))["public_keys"][key_id]
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(
        bytes.fromhex(signature), payload.encode("utf-8")
    )


def test_changing_ones_own_password_on_the_page(as_user: Any, desk: ReviewDesk) -> None:
    rid = sent(desk)
    b = as_user("signatory")
    b.get("/account/password")
    weak = b.post("/account/password", {"current_password": PASSWORD, "new_password": "123456"})
    assert weak.status_code == 422
    done = b.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a-brand-new-passphrase-5"},
    )
    assert done.status_code == 302
    b.get(f"/reviews/{rid}/sign/principal")
    assert (
        b.post(
            f"/reviews/{rid}/sign/principal",
            {"kind": "signature", "password": "a-brand-new-passphrase-5"},
        ).status_code
        == 302
    )
    assert desk.verify_signatures(rid)[0]["valid"]
