"""The review page's team and sign-off forms: members, signatories, sending for signature,
closing, opening a correction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from web.i18n import _
from web.schemas.reviews import Expected
from web.schemas.signoff import Close, Correction
from web.schemas.team import MemberForm, RemoveMemberForm, SignatoryForm
from web.security import signed_in, workspace
from web.views.reviews import act, bp


@bp.post("/reviews/<review_id>/members")
@signed_in
def appoint(review_id: str) -> Any:
    """Appoint a team member from one of the four parties."""

    def run(rid: UUID) -> int:
        data = MemberForm().load_form(request.form)
        return workspace().appoint_member(
            rid,
            account=data.account,
            party=data.party,
            expected_version=data.expected_version,
            confirm_signatory=data.confirm_signatory,
        )

    return act(review_id, "team", _("The member is appointed."), run)


@bp.post("/reviews/<review_id>/members/remove")
@signed_in
def remove(review_id: str) -> Any:
    """Remove a team member."""

    def run(rid: UUID) -> int:
        data = RemoveMemberForm().load_form(request.form)
        return workspace().remove_member(
            rid, account_id=data.account_id, expected_version=data.expected_version
        )

    return act(
        review_id,
        "team",
        _("The member is removed."),
        run,
        confirm=(
            "manage_team",
            _("Remove this member from the team? The sign-off slots change with it."),
        ),
    )


@bp.post("/reviews/<review_id>/signatories")
@signed_in
def designate(review_id: str) -> Any:
    """Designate the Party secretary, the principal or the head of the department."""

    def run(rid: UUID) -> int:
        data = SignatoryForm().load_form(request.form)
        return workspace().designate_signatory(
            rid, role=data.role, account=data.account, expected_version=data.expected_version
        )

    return act(review_id, "team", _("The signatory is designated."), run)


@bp.post("/reviews/<review_id>/send")
@signed_in
def send(review_id: str) -> Any:
    """Send this exact revision of the report for signature."""

    def run(rid: UUID) -> UUID:
        data = Expected().load_form(request.form)
        return workspace().send_for_signature(rid, expected_version=data.expected_version)

    return act(
        review_id,
        "signoff",
        _("The report is sent for signature."),
        run,
        confirm=(
            "send_for_signature",
            _("Send this revision for signature? Every signatory is then asked to sign it."),
        ),
    )


@bp.post("/reviews/<review_id>/close")
@signed_in
def close(review_id: str) -> Any:
    """Close the review once every slot is signed or sealed."""

    def run(rid: UUID) -> int:
        data = Close().load_form(request.form)
        return workspace().close_review(
            rid, late_reason=data.late_reason, expected_version=data.expected_version
        )

    return act(
        review_id,
        "signoff",
        _("The review is closed."),
        run,
        confirm=(
            "close",
            _("Close this review? Its report can then only change through a correction."),
        ),
    )


@bp.post("/reviews/<review_id>/corrections")
@signed_in
def open_correction(review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""

    def run(rid: UUID) -> int:
        data = Correction().load_form(request.form)
        return workspace().open_correction(
            rid, reason=data.reason, expected_version=data.expected_version
        )

    return act(review_id, "signoff", _("The correction is open."), run)
