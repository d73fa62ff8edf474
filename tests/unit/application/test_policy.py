"""The access policy in primitives: for each role and each relation to a review, exactly
which actions are allowed (deny by default), what the lists show, what navigation offers."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.errors import AccessDenied
from application.policy import (
    Action,
    Area,
    Principal,
    ReviewScope,
    Sight,
    actions_on,
    check_global,
    may_participate,
    may_register,
    navigation,
    reach,
    sight,
)
from domain.account import Role

ME = uuid4()
A = Action
NONE: frozenset[Action] = frozenset()
OFFICER = {
    A.VIEW_REVIEW,
    A.AMEND_INCIDENT,
    A.MANAGE_TEAM,
    A.SEND_FOR_SIGNATURE,
    A.CLOSE,
    A.OPEN_CORRECTION,
    A.FOLLOW_UP,
    A.CLASSIFY,
    A.WITHDRAW_REGISTRATION,
    A.CANCEL_WITHDRAWAL,
    A.URGE,
    A.ATTACH,
    A.RECORD_PAPER_MARK,
}
# A city-wide officer also confirms another officer's request to withdraw a registration.
CITY_OFFICER = OFFICER | {A.CONFIRM_WITHDRAWAL}
MEMBER = {A.VIEW_REVIEW, A.WRITE_REPORT, A.FOLLOW_UP, A.CLASSIFY, A.SIGN, A.ATTACH}
SIGNATORY = {A.VIEW_REVIEW, A.SIGN}
INSPECTOR = {A.VIEW_REVIEW, A.AUDIT}


def principal(role: Role, *, places: tuple[str, ...] = (), city: bool = False) -> Principal:
    return Principal(ME, "me", "我", role, frozenset(places), city)


def review(jurisdiction: str = "东区", *, member: bool = False, signs: bool = False) -> ReviewScope:
    return ReviewScope(
        jurisdiction,
        frozenset({ME} if member else ()),
        frozenset({ME} if signs else ()),
    )


# (who, which review, what they may do to it)
TABLE = [
    (principal(Role.CASE_OFFICER, places=("东区",)), review("东区"), OFFICER),
    (principal(Role.CASE_OFFICER, places=("东区",)), review("西区"), NONE),
    (principal(Role.CASE_OFFICER, city=True), review("西区"), CITY_OFFICER),
    (principal(Role.CASE_OFFICER), review("东区"), NONE),  # no scope: sees nothing
    (principal(Role.CASE_OFFICER, places=("东区",)), review("西区", member=True), NONE),
    (principal(Role.INVESTIGATOR), review(member=True), MEMBER),
    (principal(Role.INVESTIGATOR), review(signs=True), SIGNATORY),
    (principal(Role.INVESTIGATOR), review(), NONE),
    (principal(Role.SIGNATORY), review(signs=True), SIGNATORY),
    (principal(Role.SIGNATORY), review(member=True, signs=True), MEMBER | SIGNATORY),
    (principal(Role.SIGNATORY), review(), NONE),
    (principal(Role.INSPECTOR), review(), INSPECTOR),
    (principal(Role.INSPECTOR), review(member=True), INSPECTOR),
    (principal(Role.ADMINISTRATOR), review(member=True, signs=True), NONE),
]


@pytest.mark.parametrize(("who", "scope", "expected"), TABLE)
def test_each_role_may_do_exactly_this_to_a_review(
    who: Principal, scope: ReviewScope, expected: set[Action]
) -> None:
    assert actions_on(who, scope) == frozenset(expected)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            principal(Role.CASE_OFFICER, places=("西区", "东区")),
            Sight(jurisdictions=("东区", "西区")),
        ),
        (principal(Role.CASE_OFFICER, city=True), Sight(everything=True)),
        (principal(Role.CASE_OFFICER), Sight()),
        (principal(Role.INVESTIGATOR), Sight(participant=ME)),
        (principal(Role.SIGNATORY), Sight(participant=ME)),
        (principal(Role.INSPECTOR), Sight(everything=True)),
        (principal(Role.ADMINISTRATOR), Sight()),
    ],
)
def test_lists_show_what_each_role_may_see(who: Principal, expected: Sight) -> None:
    assert sight(who) == expected


def test_reach_as_a_list_filter_agrees_with_the_policy_for_every_action() -> None:
    other = uuid4()
    people = [
        principal(role, places=places, city=city)
        for role in Role
        for places, city in (((), False), (("东区",), False), ((), True))
        if role is Role.CASE_OFFICER or (not places and not city)
    ]
    scopes = [
        ReviewScope(place, frozenset(members), frozenset(signatories))
        for place in ("东区", "西区")
        for members in ((), (ME,), (other,))
        for signatories in ((), (ME,), (other, ME))
    ]
    for who in people:
        for action in Action:
            within = reach(who, action)
            for scope in scopes:
                assert within.matches(scope) == (action in actions_on(who, scope)), (
                    who.role,
                    action,
                    scope,
                )
            assert within.empty == (not any(action in actions_on(who, x) for x in scopes))


def test_only_officers_with_a_scope_register_and_only_in_it() -> None:
    east = principal(Role.CASE_OFFICER, places=("东区",))
    assert may_register(east)
    check_global(east, A.REGISTER_INCIDENT, "东区")
    with pytest.raises(AccessDenied):
        check_global(east, A.REGISTER_INCIDENT, "西区")
    for role in (Role.INVESTIGATOR, Role.SIGNATORY, Role.INSPECTOR, Role.ADMINISTRATOR):
        assert not may_register(principal(role))
    assert not may_register(principal(Role.CASE_OFFICER))


@pytest.mark.parametrize("role", list(Role))
def test_global_actions_belong_to_one_role_each(role: Role) -> None:
    who = principal(role, city=role is Role.CASE_OFFICER)
    expected = {
        A.LIST_REVIEWS: role is not Role.ADMINISTRATOR,
        A.AUDIT: role is Role.INSPECTOR,
        A.ADMINISTER: role is Role.ADMINISTRATOR,
        A.REGISTER_INCIDENT: role is Role.CASE_OFFICER,
        A.SIGN: False,  # never global
    }
    for action, allowed in expected.items():
        if allowed:
            check_global(who, action)
        else:
            with pytest.raises(AccessDenied):
                check_global(who, action)


def test_only_investigators_and_signatories_join_a_review() -> None:
    assert {r for r in Role if may_participate(r)} == {Role.INVESTIGATOR, Role.SIGNATORY}


def test_navigation_offers_each_role_its_areas() -> None:
    assert navigation(principal(Role.ADMINISTRATOR)) == (Area.ACCOUNTS, Area.REFERENCE)
    assert Area.REGISTER in navigation(principal(Role.CASE_OFFICER))
    assert Area.INTEGRITY in navigation(principal(Role.INSPECTOR))
    for role in (Role.INVESTIGATOR, Role.SIGNATORY):
        assert navigation(principal(role)) == (Area.DASHBOARD, Area.TASKS)
