"""The API's request schemas: unknown fields refused, every string bounded."""

from __future__ import annotations

from marshmallow import fields, validate

from domain.values import Category, Gender, Party
from web.schemas.base import LONG, FupanSchema, choice, text


class TokenRequest(FupanSchema):
    username = text(max_length=64)
    password = text(max_length=128)


class Student(FupanSchema):
    name = text()
    gender = choice([g.value for g in Gender], required=False)
    grade = text(required=False)
    id_number = text(required=False, max_length=18)


class Incident(FupanSchema):
    occurred_on = fields.Date(required=True)
    school = text()
    jurisdiction = text()
    category = choice([c.value for c in Category])
    on_premises = fields.Boolean(load_default=False)
    student = fields.Nested(Student, required=True)


class NewReview(FupanSchema):
    incident = fields.Nested(Incident, required=True)


class ReviewFilters(FupanSchema):
    status = choice(["registered", "investigating", "awaiting_signatures", "closed",
                     "correcting"], required=False)  # fmt: skip
    jurisdiction = text(required=False)
    overdue = fields.Boolean(load_default=None)
    cursor = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AsOf(FupanSchema):
    as_of = fields.AwareDateTime(load_default=None, default_timezone=None)


class Member(FupanSchema):
    account = text(max_length=64)
    party = choice([p.value for p in Party])
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class Signatory(FupanSchema):
    account = text(max_length=64)
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class AspectText(FupanSchema):
    text = fields.String(required=True, validate=validate.Length(max=LONG, error="too long"))
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class RiskPoint(FupanSchema):
    description = text(max_length=LONG)
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class Measure(FupanSchema):
    description = text(max_length=LONG)
    addresses = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=50))
    owner = text()
    due_on = fields.Date(required=True)
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class Evidence(FupanSchema):
    evidence = text(max_length=LONG)


class Expected(FupanSchema):
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class SignatureRequest(FupanSchema):
    slot = text()
    kind = choice(["signature", "seal"], required=False)
    password = text(required=False, max_length=128)
    decision = choice(["decline"], required=False)
    reason = text(required=False, max_length=LONG)


class Close(FupanSchema):
    late_reason = text(required=False, max_length=LONG)
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class Correction(FupanSchema):
    reason = text(max_length=LONG)
    expected_version = fields.Integer(load_default=None, validate=validate.Range(min=1))
