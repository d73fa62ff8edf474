"""Signatures the server cannot forge: personal keys sealed under each password."""

from __future__ import annotations

import json

import gmssl_pyx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from application.desk import ReviewDesk
from domain.errors import DomainError
from tests import scenario as s
from tests.scenario import OFFICER

PRINCIPAL = s.SIGNATORIES["principal"]


def signed_by_principal(desk: ReviewDesk) -> tuple[object, dict[str, str]]:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", PRINCIPAL)
    [signature] = desk.verify_signatures(rid)
    return rid, signature


def test_a_signature_verifies_with_the_public_key_alone(desk: ReviewDesk) -> None:
    rid, made = signed_by_principal(desk)
    public_hex = desk.get_account(PRINCIPAL)["public_keys"][made["key_id"]]
    # Only the public key, the signed payload and the signature (an SM2 key, of the sm
    # suite, names itself: decision 27):
    if public_hex.startswith("sm2:"):
        assert gmssl_pyx.sm2_verify(
            bytes.fromhex(public_hex[4:]),
            made["payload"].encode("utf-8"),
            bytes.fromhex(made["signature"]),
            signer_id=b"1234567812345678",
        )
    else:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(made["signature"]), made["payload"].encode("utf-8")
        )
    statement = json.loads(made["payload"])
    view = desk.get_review(rid)
    assert statement["review_id"] == str(rid)
    assert statement["revision"] == view["report_revision"]
    assert statement["content_hash"] == view["content_hash"]
    assert statement["slot"] == "principal"
    assert "确认其内容" in statement["intent"]
    assert len(statement["chain_head"]) == 64
    assert statement["signed_at"]
    assert made["valid"] is True


def test_a_wrong_password_signs_nothing(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.ensure_account(desk, PRINCIPAL)
    before = desk.get_review(rid)["signoff"]
    with pytest.raises(DomainError) as refused:
        desk.sign(rid, slot="principal", actor=PRINCIPAL, password="not-my-password")
    assert refused.value.details["field"] == "password"
    assert desk.get_review(rid)["signoff"] == before


def test_a_changed_signature_or_content_no_longer_verifies(desk: ReviewDesk) -> None:
    rid, made = signed_by_principal(desk)
    public_hex = made["public_key"]
    altered = made["payload"].replace(made["payload"][-20:-10], "0" * 10)
    from infrastructure.crypto.personal_keys import PersonalKeys

    assert not PersonalKeys.verify(public_hex, bytes.fromhex(made["signature"]), altered.encode())
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE + "改", actor=OFFICER)
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "not_awaiting_signatures", "the change voided the sign-off"


def test_changing_ones_password_keeps_the_key_and_needs_the_new_password(
    desk: ReviewDesk,
) -> None:
    rid = s.sent(desk)
    s.ensure_account(desk, PRINCIPAL)
    key_before = desk.get_account(PRINCIPAL)["signing_key_id"]
    desk.change_password(PRINCIPAL, current=s.PASSWORD, new="a-new-passphrase-2027")
    assert desk.get_account(PRINCIPAL)["signing_key_id"] == key_before
    with pytest.raises(DomainError):
        desk.sign(rid, slot="principal", actor=PRINCIPAL, password=s.PASSWORD)
    desk.sign(rid, slot="principal", actor=PRINCIPAL, password="a-new-passphrase-2027")
    assert desk.verify_signatures(rid)[0]["valid"]


def test_the_server_cannot_sign_without_the_password(desk: ReviewDesk) -> None:
    s.ensure_account(desk, PRINCIPAL)
    account = desk.repository.get(PRINCIPAL)
    sealed = json.loads(account.sealed_private_key)
    assert set(sealed) == {"suite", "key_id", "kdf", "salt", "sealed"}
    assert sealed["kdf"]["kdf"] == "argon2id"
