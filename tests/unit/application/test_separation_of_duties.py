"""Nobody signs as another: granting access takes two administrators, a reset revokes the
signing key at once, and only the holder, with a one-time code, gets a new one."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.accounts import account_id_for
from application.desk import ReviewDesk
from domain.errors import Code, DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s

PRINCIPAL = s.SIGNATORIES["principal"]
OPERATOR = account_id_for("operator")
NEW_PASSWORD = "a-brand-new-passphrase-5"


def administrator(desk: ReviewDesk, name: str) -> UUID:
    return desk.create_account(
        username=name, display_name=name, role="administrator", password=s.PASSWORD, actor=OPERATOR
    )


@pytest.fixture
def admins(desk: ReviewDesk) -> tuple[UUID, UUID]:
    return administrator(desk, "test.admin.a"), administrator(desk, "test.admin.b")


def refused(expected: Code, call: object, *args: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.code == expected, caught.value
    return caught.value


# ---- the four escalations ----------------------------------------------------------


def test_an_administrator_cannot_open_an_inspector_account_alone(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    first, second = admins
    request = desk.request_account(
        username="test.inspector.new", display_name="督查员", role="inspector", actor=first
    )
    assert desk.principal(account_id_for("test.inspector.new")) is None, "nothing opened yet"
    refused(Code.SAME_ADMINISTRATOR, desk.approve_request, request, actor=first)
    approval = desk.approve_request(request, actor=second)
    assert approval.code
    assert approval.account_id == account_id_for("test.inspector.new")
    # Even then nobody can sign in as the inspector until the holder enrols.
    assert desk.authenticate("test.inspector.new", s.PASSWORD) is None
    assert desk.get_account(approval.account_id)["public_keys"] == {}


def test_an_administrator_cannot_change_their_own_account(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    first, _ = admins
    refused(Code.OWN_ACCOUNT, desk.request_access_change, first, role="inspector", actor=first)
    refused(Code.OWN_ACCOUNT, desk.change_access, first, role="inspector", actor=first)
    refused(Code.OWN_ACCOUNT, desk.request_reset, first, actor=first)
    refused(Code.OWN_ACCOUNT, desk.disable_account, first, actor=first)
    assert desk.get_account(first)["role"] == "administrator"


def test_no_account_moves_between_administration_and_content(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    first, second = admins
    refused(
        Code.ROLE_SEPARATION, desk.request_access_change, second, role="case_officer", actor=first
    )
    s.ensure_account(desk, PRINCIPAL)
    refused(
        Code.ROLE_SEPARATION,
        desk.request_access_change,
        PRINCIPAL,
        role="administrator",
        actor=first,
    )
    # Not at the server either.
    refused(Code.ROLE_SEPARATION, desk.change_access, second, role="inspector", actor=OPERATOR)
    assert desk.get_account(second)["role"] == "administrator"


def test_granting_a_content_role_or_a_wider_scope_is_a_request(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    first, second = admins
    officer = desk.create_account(
        username="test.officer.scope",
        display_name="科员",
        role="case_officer",
        password=s.PASSWORD,
        jurisdictions=["测试区"],
        actor=OPERATOR,
    )
    wider = desk.request_access_change(
        officer, role="case_officer", jurisdictions=["测试区", "另一区"], actor=first
    )
    assert wider is not None
    assert desk.get_account(officer)["jurisdictions"] == ["测试区"]
    # Narrowing takes effect at once: it gives nobody more sight.
    assert desk.request_access_change(officer, role="case_officer", actor=first) is None
    assert desk.get_account(officer)["jurisdictions"] == []
    desk.approve_request(wider, actor=second)
    assert desk.get_account(officer)["jurisdictions"] == ["测试区", "另一区"]
    history = [e["event"] for e in desk.account_history(officer)]
    assert {"Requested", "Approved", "ScopeChanged"} <= set(history)


def test_a_request_lapses_after_72_hours(
    desk: ReviewDesk, clock: SettableClock, admins: tuple[UUID, UUID]
) -> None:
    first, second = admins
    s.ensure_account(desk, PRINCIPAL)
    request = desk.request_reset(PRINCIPAL, actor=first)
    clock.advance(hours=72, seconds=1)
    refused(Code.REQUEST_LAPSED, desk.approve_request, request, actor=second)
    [listed] = [r for r in desk.account_requests() if r["id"] == str(request)]
    assert listed["status"] == "lapsed"
    assert "Lapsed" in [e["event"] for e in desk.account_history(PRINCIPAL)]
    assert desk.get_account(PRINCIPAL)["signing_key_id"], "nothing was revoked"


def test_a_request_is_decided_once(desk: ReviewDesk, admins: tuple[UUID, UUID]) -> None:
    first, second = admins
    s.ensure_account(desk, PRINCIPAL)
    request = desk.request_reset(PRINCIPAL, actor=first)
    desk.withdraw_request(request, actor=first)
    refused(Code.REQUEST_CLOSED, desk.approve_request, request, actor=second)


def test_the_operator_at_the_server_counts_as_the_second_person(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    first, _ = admins
    request = desk.request_account(
        username="test.signatory.new", display_name="新签字人", role="signatory", actor=first
    )
    approval = desk.approve_request(request, actor=OPERATOR)
    [listed] = [r for r in desk.account_requests() if r["id"] == str(request)]
    assert listed["decided_by"] == str(OPERATOR)
    assert approval.code


# ---- a reset never hands anyone a key that signs --------------------------------------


def reset(desk: ReviewDesk, admins: tuple[UUID, UUID]) -> str:
    first, second = admins
    request = desk.request_reset(PRINCIPAL, actor=first)
    code = desk.approve_request(request, actor=second).code
    assert code
    return code


def test_a_reset_revokes_the_key_and_nobody_signs_until_the_holder_enrols(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    rid = s.sent(desk)
    s.ensure_account(desk, PRINCIPAL)
    old_key = desk.get_account(PRINCIPAL)["signing_key_id"]
    code = reset(desk, admins)
    account = desk.get_account(PRINCIPAL)
    assert account["signing_key_id"] == ""
    assert account["enrolment_pending"]
    assert account["keys"][old_key]["revoked_at"]
    # The old password opens nothing; no password signs.
    assert desk.authenticate("test.principal", s.PASSWORD) is None
    for password in (s.PASSWORD, NEW_PASSWORD, code):
        refused(
            Code.NO_SIGNING_KEY,
            desk.sign,
            rid,
            slot="principal",
            actor=PRINCIPAL,
            password=password,
        )
    # The holder enrols with the code and their own password: a new key, named provenance.
    desk.enrol(username="test.principal", code=code.lower(), password=NEW_PASSWORD)
    account = desk.get_account(PRINCIPAL)
    new_key = account["signing_key_id"]
    assert new_key
    assert new_key != old_key
    first, second = admins
    provenance = account["keys"][new_key]
    assert provenance["provenance"] == "enrolment"
    assert provenance["reissued"]
    assert (provenance["requested_by"], provenance["approved_by"]) == (str(first), str(second))
    [notice] = account["notices"]
    assert notice["kind"] == "key_reissued"
    desk.sign(rid, slot="principal", actor=PRINCIPAL, password=NEW_PASSWORD)
    assert all(c["valid"] for c in desk.verify_signatures(rid))


def test_the_code_is_single_use_and_expires(
    desk: ReviewDesk, clock: SettableClock, admins: tuple[UUID, UUID]
) -> None:
    s.ensure_account(desk, PRINCIPAL)
    code = reset(desk, admins)
    refused(
        Code.ENROLMENT_INVALID,
        desk.enrol,
        username="test.principal",
        code="AAAA-BBBB-CCCC",
        password=NEW_PASSWORD,
    )
    desk.enrol(username="test.principal", code=code, password=NEW_PASSWORD)
    refused(
        Code.ENROLMENT_INVALID,
        desk.enrol,
        username="test.principal",
        code=code,
        password="another-passphrase-77",
    )
    code = reset(desk, admins)
    clock.advance(hours=72)
    refused(
        Code.ENROLMENT_INVALID,
        desk.enrol,
        username="test.principal",
        code=code,
        password=NEW_PASSWORD,
    )


def test_the_requester_cannot_obtain_or_use_the_code(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    """The code goes to the approver only; it is stored as a keyed hash; nothing the
    requester can read holds it."""
    first, second = admins
    s.ensure_account(desk, PRINCIPAL)
    request = desk.request_reset(PRINCIPAL, actor=first)
    code = desk.approve_request(request, actor=second).code
    assert code
    bare = code.replace("-", "")
    seen = [str(r) for r in desk.account_requests()]
    seen += [str(e) for e in desk.account_history(PRINCIPAL)]
    seen += [str(desk.get_account(PRINCIPAL))]
    for stored in s.raw_events(desk):
        seen.append(stored)
    assert not any(code in text or bare in text for text in seen)


def test_a_signature_made_before_a_reset_stays_valid(
    desk: ReviewDesk, clock: SettableClock, admins: tuple[UUID, UUID]
) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", PRINCIPAL)
    clock.advance(minutes=5)
    reset(desk, admins)
    [check] = desk.verify_signatures(rid)
    assert check["valid"]
    assert not check["revoked"]
    assert check["key"] is not None
    assert check["key"]["revoked_at"], "the key shows as revoked since"


def test_a_key_revoked_before_a_signature_makes_it_invalid(
    desk: ReviewDesk, clock: SettableClock, admins: tuple[UUID, UUID]
) -> None:
    """A signature made with a key after its revocation (a forger holding the old key and
    its password) is reported invalid."""
    rid = s.sent(desk)
    s.ensure_account(desk, PRINCIPAL)
    old_key = desk.get_account(PRINCIPAL)["signing_key_id"]
    reset(desk, admins)
    clock.advance(minutes=5)
    s.forge_signature(desk, rid, "principal", PRINCIPAL, old_key)
    [check] = desk.verify_signatures(rid)
    assert check["revoked"]
    assert not check["valid"]


def test_an_older_signing_key_event_still_loads_with_its_provenance(desk: ReviewDesk) -> None:
    s.ensure_account(desk, PRINCIPAL)
    account = desk.get_account(PRINCIPAL)
    [provenance] = account["keys"].values()
    assert provenance["provenance"] == "issued"
    assert not provenance["reissued"]


def test_the_approver_asking_again_gets_a_new_code_and_the_old_one_stops_working(
    desk: ReviewDesk, admins: tuple[UUID, UUID]
) -> None:
    """A double-click or the back button on "approve" must not lose the only code."""
    first, second = admins
    s.ensure_account(desk, PRINCIPAL)
    request = desk.request_reset(PRINCIPAL, actor=first)
    lost = desk.approve_request(request, actor=second).code
    again = desk.approve_request(request, actor=second).code
    assert again
    assert again != lost
    refused(Code.REQUEST_CLOSED, desk.approve_request, request, actor=OPERATOR)
    refused(
        Code.ENROLMENT_INVALID,
        desk.enrol,
        username="test.principal",
        code=lost,
        password=NEW_PASSWORD,
    )
    desk.enrol(username="test.principal", code=again, password=NEW_PASSWORD)
    # The holder's double-click on "set my password": done once, the second is no error.
    desk.enrol(username="test.principal", code=again, password=NEW_PASSWORD)
    assert len(desk.get_account(PRINCIPAL)["keys"]) == 2
    refused(Code.REQUEST_CLOSED, desk.approve_request, request, actor=second)
    refused(
        Code.ENROLMENT_INVALID,
        desk.enrol,
        username="nobody.here",
        code=again,
        password=NEW_PASSWORD,
    )
