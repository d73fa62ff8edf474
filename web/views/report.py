"""The review page's report forms: the four aspects (one submit), risk points, measures,
their corrections with a reason, and the follow-up of measures."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from application.report_commands import AspectEdit
from web.i18n import _
from web.schemas.report import (
    AspectsForm,
    Measure,
    MeasureOwnerAccountForm,
    MeasurePatch,
    MeasureProgressForm,
    MeasureTakenForm,
    RiskPoint,
    RiskPointPatch,
    Themes,
    Withdrawal,
)
from web.security import as_uuid, signed_in, workspace
from web.views.reviews import act, bp


@bp.post("/reviews/<review_id>/aspects")
@signed_in
def write_aspects(review_id: str) -> Any:
    """Save the four aspects in one submit: unchanged ones are skipped; if one is refused,
    nothing is saved and every text is kept."""

    def run(rid: UUID) -> int:
        data = AspectsForm().load_form(request.form)
        edits = {k: AspectEdit(e.text, e.draft) for k, e in data.aspects.items()}
        return workspace().write_aspects(rid, edits=edits)

    return act(review_id, "aspects", _("The aspects are saved."), run)


@bp.post("/reviews/<review_id>/risk-points")
@signed_in
def record_risk_point(review_id: str) -> Any:
    """Record a risk point or weak link."""

    def run(rid: UUID) -> object:
        data = RiskPoint().load_form(request.form)
        return workspace().record_risk_point(
            rid,
            description=data.description,
            expected_version=data.expected_version,
            themes=data.themes,
        )

    return act(review_id, "risks", _("The risk point is recorded."), run)


@bp.post("/reviews/<review_id>/risk-points/<risk_point_id>/revise")
@signed_in
def revise_risk_point(review_id: str, risk_point_id: str) -> Any:
    """Correct a risk point's description, with the reason."""

    def run(rid: UUID) -> int:
        data = RiskPointPatch().load_form(request.form)
        return workspace().revise_risk_point(
            rid,
            risk_point_id=as_uuid(risk_point_id),
            description=data.description,
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The risk point is corrected."), run)


@bp.post("/reviews/<review_id>/risk-points/<risk_point_id>/themes")
@signed_in
def classify_risk_point(review_id: str, risk_point_id: str) -> Any:
    """Choose a risk point's themes (classification, not signed content)."""

    def run(rid: UUID) -> int:
        data = Themes().load_form(request.form)
        return workspace().classify_risk_point(
            rid,
            risk_point_id=as_uuid(risk_point_id),
            themes=data.themes,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The themes are saved."), run)


@bp.post("/reviews/<review_id>/risk-points/<risk_point_id>/withdraw")
@signed_in
def withdraw_risk_point(review_id: str, risk_point_id: str) -> Any:
    """Take a risk point out of the report, with the reason."""

    def run(rid: UUID) -> int:
        data = Withdrawal().load_form(request.form)
        return workspace().withdraw_risk_point(
            rid,
            risk_point_id=as_uuid(risk_point_id),
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The risk point is withdrawn."), run)


@bp.post("/reviews/<review_id>/measures")
@signed_in
def propose_measure(review_id: str) -> Any:
    """Propose a prevention measure for named risk points."""

    def run(rid: UUID) -> object:
        data = Measure().load_form(request.form)
        return workspace().propose_measure(
            rid,
            description=data.description,
            addresses=data.addresses,
            owner=data.owner,
            due_on=data.due_on,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The measure is proposed."), run)


@bp.post("/reviews/<review_id>/measures/<measure_id>/revise")
@signed_in
def revise_measure(review_id: str, measure_id: str) -> Any:
    """Correct a measure as proposed, with the reason."""

    def run(rid: UUID) -> int:
        data = MeasurePatch().load_form(request.form)
        return workspace().revise_measure(
            rid,
            measure_id=as_uuid(measure_id),
            description=data.description,
            addresses=data.addresses,
            owner=data.owner,
            due_on=data.due_on,
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The measure is corrected."), run)


@bp.post("/reviews/<review_id>/measures/<measure_id>/withdraw")
@signed_in
def withdraw_measure(review_id: str, measure_id: str) -> Any:
    """Take a measure out of the report, with the reason."""

    def run(rid: UUID) -> int:
        data = Withdrawal().load_form(request.form)
        return workspace().withdraw_measure(
            rid,
            measure_id=as_uuid(measure_id),
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return act(review_id, "risks", _("The measure is withdrawn."), run)


@bp.post("/reviews/<review_id>/measures/taken")
@signed_in
def measure_taken(review_id: str) -> Any:
    """Record that a measure was taken, with evidence."""

    def run(rid: UUID) -> int:
        data = MeasureTakenForm().load_form(request.form)
        return workspace().record_measure_taken(
            rid, measure_id=data.measure_id, evidence=data.evidence
        )

    return act(review_id, "risks", _("The measure is recorded as taken."), run)


@bp.post("/reviews/<review_id>/measures/owner-account")
@signed_in
def measure_owner_account(review_id: str) -> Any:
    """Name the account reminded as the measure falls due."""

    def run(rid: UUID) -> int:
        data = MeasureOwnerAccountForm().load_form(request.form)
        return workspace().set_measure_owner_account(
            rid, measure_id=data.measure_id, account_id=data.account_id
        )

    return act(review_id, "risks", _("Saved."), run)


@bp.post("/reviews/<review_id>/measures/progress")
@signed_in
def measure_progress(review_id: str) -> Any:
    """Record progress on a measure."""

    def run(rid: UUID) -> int:
        data = MeasureProgressForm().load_form(request.form)
        return workspace().record_measure_progress(rid, measure_id=data.measure_id, note=data.note)

    return act(review_id, "risks", _("The progress is recorded."), run)
