"""The API's report: the four aspects, risk points and measures, their corrections with a
reason, and the follow-up of measures."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from web.api.reviews import blp, current, found, view
from web.schemas.report import (
    AspectInput,
    AspectText,
    Evidence,
    EvidenceInput,
    Measure,
    MeasureInput,
    MeasureItemOut,
    MeasurePatch,
    MeasureRevision,
    NoteInput,
    OwnerAccount,
    OwnerAccountChoice,
    Progress,
    RiskPoint,
    RiskPointInput,
    RiskPointItemOut,
    RiskPointPatch,
    RiskPointRevision,
    Themes,
    ThemesInput,
    Withdrawal,
    WithdrawalReason,
)
from web.schemas.review_out import ReviewOut
from web.security import as_uuid, bearer, workspace


def _risk_point(review_id: UUID, risk_point_id: str) -> dict[str, Any]:
    shown = current(review_id)
    return {**found(shown["risk_points"], "id", risk_point_id), "version": shown["version"]}


def _measure(review_id: UUID, measure_id: str) -> dict[str, Any]:
    shown = current(review_id)
    return {**found(shown["measures"], "id", measure_id), "version": shown["version"]}


@blp.route("/reviews/<review_id>/aspects/<aspect>", methods=["PUT"])
@blp.arguments(AspectText)
@blp.response(200, ReviewOut)
@bearer
def write_aspect(data: AspectInput, review_id: str, aspect: str) -> Any:
    """Rewrite one of the four aspects. ``expected_draft``: refused (409 ``aspect_changed``)
    only if this aspect changed since it was read; ``expected_version``: if anything did."""
    rid = as_uuid(review_id)
    workspace().write_aspect(
        rid,
        aspect=aspect,
        text=data.text,
        expected_version=data.expected_version,
        expected_draft=data.expected_draft,
    )
    return view(rid)


@blp.route("/reviews/<review_id>/risk-points", methods=["POST"])
@blp.arguments(RiskPoint)
@blp.response(201, RiskPointItemOut)
@bearer
def record_risk_point(data: RiskPointInput, review_id: str) -> Any:
    """Record a risk point or weak link; answers with it and the review's new version."""
    rid = as_uuid(review_id)
    made = workspace().record_risk_point(
        rid,
        description=data.description,
        expected_version=data.expected_version,
        themes=data.themes,
    )
    item = {**_risk_point(rid, str(made.id)), "version": made.version}
    return item, 201, {"Location": f"{request.path}/{made.id}"}


@blp.route("/reviews/<review_id>/risk-points/<risk_point_id>", methods=["GET"])
@blp.response(200, RiskPointItemOut)
@bearer
def risk_point(review_id: str, risk_point_id: str) -> Any:
    """One risk point of the report."""
    return _risk_point(as_uuid(review_id), risk_point_id)


@blp.route("/reviews/<review_id>/risk-points/<risk_point_id>", methods=["PATCH"])
@blp.arguments(RiskPointPatch)
@blp.response(200, RiskPointItemOut)
@bearer
def revise_risk_point(data: RiskPointRevision, review_id: str, risk_point_id: str) -> Any:
    """Correct a risk point's description, with a ``reason``."""
    rid = as_uuid(review_id)
    version = workspace().revise_risk_point(
        rid,
        risk_point_id=as_uuid(risk_point_id),
        description=data.description,
        reason=data.reason,
        expected_version=data.expected_version,
    )
    return {**_risk_point(rid, risk_point_id), "version": version}


@blp.route("/reviews/<review_id>/risk-points/<risk_point_id>/themes", methods=["PUT"])
@blp.arguments(Themes)
@blp.response(200, RiskPointItemOut)
@bearer
def classify_risk_point(data: ThemesInput, review_id: str, risk_point_id: str) -> Any:
    """Set a risk point's ``themes`` (codes of the theme list; classification, not signed
    content: voids nothing, allowed on a closed review)."""
    rid = as_uuid(review_id)
    version = workspace().classify_risk_point(
        rid,
        risk_point_id=as_uuid(risk_point_id),
        themes=data.themes,
        expected_version=data.expected_version,
    )
    return {**_risk_point(rid, risk_point_id), "version": version}


@blp.route("/reviews/<review_id>/risk-points/<risk_point_id>/withdraw", methods=["POST"])
@blp.arguments(Withdrawal)
@blp.response(200, ReviewOut)
@bearer
def withdraw_risk_point(data: WithdrawalReason, review_id: str, risk_point_id: str) -> Any:
    """Take a risk point out of the report, with a ``reason``; it stays in the history."""
    rid = as_uuid(review_id)
    workspace().withdraw_risk_point(
        rid,
        risk_point_id=as_uuid(risk_point_id),
        reason=data.reason,
        expected_version=data.expected_version,
    )
    return view(rid)


@blp.route("/reviews/<review_id>/measures", methods=["POST"])
@blp.arguments(Measure)
@blp.response(201, MeasureItemOut)
@bearer
def propose_measure(data: MeasureInput, review_id: str) -> Any:
    """Propose a prevention measure for named risk points; answers with it and the
    review's new version."""
    rid = as_uuid(review_id)
    made = workspace().propose_measure(
        rid,
        description=data.description,
        addresses=data.addresses,
        owner=data.owner,
        due_on=data.due_on,
        expected_version=data.expected_version,
    )
    item = {**_measure(rid, str(made.id)), "version": made.version}
    return item, 201, {"Location": f"{request.path}/{made.id}"}


@blp.route("/reviews/<review_id>/measures/<measure_id>", methods=["GET"])
@blp.response(200, MeasureItemOut)
@bearer
def measure(review_id: str, measure_id: str) -> Any:
    """One measure of the report, with its follow-up."""
    return _measure(as_uuid(review_id), measure_id)


@blp.route("/reviews/<review_id>/measures/<measure_id>", methods=["PATCH"])
@blp.arguments(MeasurePatch)
@blp.response(200, MeasureItemOut)
@bearer
def revise_measure(data: MeasureRevision, review_id: str, measure_id: str) -> Any:
    """Correct any of a measure's ``description``, ``addresses``, ``owner``, ``due_on``,
    with a ``reason``."""
    rid = as_uuid(review_id)
    version = workspace().revise_measure(
        rid,
        measure_id=as_uuid(measure_id),
        reason=data.reason,
        description=data.description,
        addresses=data.addresses,
        owner=data.owner,
        due_on=data.due_on,
        expected_version=data.expected_version,
    )
    return {**_measure(rid, measure_id), "version": version}


@blp.route("/reviews/<review_id>/measures/<measure_id>/withdraw", methods=["POST"])
@blp.arguments(Withdrawal)
@blp.response(200, ReviewOut)
@bearer
def withdraw_measure(data: WithdrawalReason, review_id: str, measure_id: str) -> Any:
    """Take a measure out of the report, with a ``reason``; it stays in the history."""
    rid = as_uuid(review_id)
    workspace().withdraw_measure(
        rid,
        measure_id=as_uuid(measure_id),
        reason=data.reason,
        expected_version=data.expected_version,
    )
    return view(rid)


@blp.route("/reviews/<review_id>/measures/<measure_id>/progress", methods=["POST"])
@blp.arguments(Progress)
@blp.response(200, MeasureItemOut)
@bearer
def measure_progress(data: NoteInput, review_id: str, measure_id: str) -> Any:
    """Record progress on a measure (also on a closed review)."""
    rid = as_uuid(review_id)
    version = workspace().record_measure_progress(
        rid, measure_id=as_uuid(measure_id), note=data.note
    )
    return {**_measure(rid, measure_id), "version": version}


@blp.route("/reviews/<review_id>/measures/<measure_id>/owner-account", methods=["PUT"])
@blp.arguments(OwnerAccount)
@blp.response(200, MeasureItemOut)
@bearer
def measure_owner_account(data: OwnerAccountChoice, review_id: str, measure_id: str) -> Any:
    """Name the account reminded as the measure falls due (``null``: nobody); follow-up."""
    rid = as_uuid(review_id)
    version = workspace().set_measure_owner_account(
        rid, measure_id=as_uuid(measure_id), account_id=data.account
    )
    return {**_measure(rid, measure_id), "version": version}


@blp.route("/reviews/<review_id>/measures/<measure_id>/taken", methods=["POST"])
@blp.arguments(Evidence)
@blp.response(200, ReviewOut)
@bearer
def measure_taken(data: EvidenceInput, review_id: str, measure_id: str) -> Any:
    """Record that a measure was taken, with evidence (also on a closed review)."""
    rid = as_uuid(review_id)
    workspace().record_measure_taken(rid, measure_id=as_uuid(measure_id), evidence=data.evidence)
    return view(rid)
