"""The API's team and signatories."""

from __future__ import annotations

from typing import Any

from flask import request

from application.accounts import account_id_for
from web.api.reviews import blp, current, found, names, view
from web.schemas.reference import PeopleOut, PeopleQuery, PeopleSearch
from web.schemas.review_out import ReviewOut
from web.schemas.reviews import Expectation, Expected
from web.schemas.team import Member, MemberInput, MemberItemOut, Signatory, SignatoryInput
from web.security import as_uuid, bearer, workspace


def _member(review_id: Any, account: str) -> dict[str, Any]:
    shown = current(review_id)
    people = names()
    member = found(
        [{**m, "account": people.get(m["account_id"], "")} for m in shown["team"]],
        "account",
        account,
    )
    return {
        "account": account,
        "name": member["name"],
        "party": member["party"],
        "version": shown["version"],
    }


@blp.route("/reviews/<review_id>/members", methods=["POST"])
@blp.arguments(Member)
@blp.response(201, MemberItemOut)
@bearer
def appoint(data: MemberInput, review_id: str) -> Any:
    """Appoint an investigator's or signatory's account from one of the four parties;
    answers with the member and the review's new version."""
    rid = as_uuid(review_id)
    version = workspace().appoint_member(
        rid, account=data.account, party=data.party, expected_version=data.expected_version
    )
    member = {**_member(rid, data.account.strip().lower()), "version": version}
    return member, 201, {"Location": f"{request.path}/{member['account']}"}


@blp.route("/reviews/<review_id>/members/<account>", methods=["GET"])
@blp.response(200, MemberItemOut)
@bearer
def member(review_id: str, account: str) -> Any:
    """One member of the team, by username."""
    return _member(as_uuid(review_id), account)


@blp.route("/reviews/<review_id>/members/<account>", methods=["DELETE"])
@blp.arguments(Expected, location="query")
@blp.response(200, ReviewOut)
@bearer
def remove(query: Expectation, review_id: str, account: str) -> Any:
    """Remove a team member."""
    rid = as_uuid(review_id)
    workspace().remove_member(
        rid, account_id=account_id_for(account), expected_version=query.expected_version
    )
    return view(rid)


@blp.route("/reviews/<review_id>/signatories/<slot>", methods=["PUT"])
@blp.arguments(Signatory)
@blp.response(200, ReviewOut)
@bearer
def designate(data: SignatoryInput, review_id: str, slot: str) -> Any:
    """Designate the school_secretary, principal or department_head."""
    rid = as_uuid(review_id)
    workspace().designate_signatory(
        rid, role=slot, account=data.account, expected_version=data.expected_version
    )
    return view(rid)


@blp.route("/people", methods=["GET"])
@blp.arguments(PeopleSearch, location="query")
@blp.response(200, PeopleOut)
@bearer
def people(query: PeopleQuery) -> Any:
    """Active investigator and signatory accounts whose name or unit contains ``q``: at
    most 20, each with display name, unit and id only (case officers)."""
    return {"people": workspace().search_people(query.q)}
