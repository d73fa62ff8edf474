"""The web forms' schemas (the JSON API will use the same ones)."""

from __future__ import annotations

from marshmallow import fields, validate

from domain.account import Role
from domain.values import Aspect, Category, Gender, Party, SignatoryRole
from web.schemas.base import LONG, FupanSchema, choice, text

VERSION = fields.Integer(load_default=None, validate=validate.Range(min=1))


class LoginForm(FupanSchema):
    username = text(max_length=64)
    password = text(max_length=128)
    next = text(required=False, max_length=500)


class IncidentForm(FupanSchema):
    occurred_on = fields.Date(required=True)
    school = text()
    jurisdiction = text()
    category = choice([c.value for c in Category])
    on_premises = fields.Boolean(load_default=False)
    student_name = text()
    student_gender = choice([g.value for g in Gender])
    grade_class = text(required=False)
    id_number = text(required=False, max_length=18)


class MemberForm(FupanSchema):
    username = text(max_length=64)
    party = choice([p.value for p in Party])
    expected_version = VERSION


class RemoveMemberForm(FupanSchema):
    account_id = fields.UUID(required=True)
    expected_version = VERSION


class SignatoryForm(FupanSchema):
    role = choice([r.value for r in SignatoryRole])
    username = text(max_length=64)
    expected_version = VERSION


class AspectForm(FupanSchema):
    aspect = choice([a.value for a in Aspect])
    text = text(required=False, max_length=LONG)
    expected_version = VERSION


class RiskPointForm(FupanSchema):
    description = text(max_length=LONG)
    expected_version = VERSION


class MeasureForm(FupanSchema):
    description = text(max_length=LONG)
    addresses = fields.List(fields.UUID(), required=True)
    owner = text()
    due_on = fields.Date(required=True)
    expected_version = VERSION


class MeasureTakenForm(FupanSchema):
    measure_id = fields.UUID(required=True)
    evidence = text(max_length=LONG)


class MeasureProgressForm(FupanSchema):
    measure_id = fields.UUID(required=True)
    note = text(max_length=LONG)


class SignForm(FupanSchema):
    mark = choice(["signature", "seal"])
    password = text(max_length=128)


class DeclineForm(FupanSchema):
    reason = text(max_length=LONG)


class SendForm(FupanSchema):
    expected_version = VERSION


class CloseForm(FupanSchema):
    late_reason = text(required=False, max_length=LONG)
    expected_version = VERSION


class CorrectionForm(FupanSchema):
    reason = text(max_length=LONG)
    expected_version = VERSION


class AccountForm(FupanSchema):
    username = text(max_length=64)
    display_name = text()
    role = choice([r.value for r in Role])
    jurisdictions = text(required=False, max_length=2000)
    city_wide = fields.Boolean(load_default=False)
    password = text(max_length=128)


class RoleScopeForm(FupanSchema):
    role = choice([r.value for r in Role])
    jurisdictions = text(required=False, max_length=2000)
    city_wide = fields.Boolean(load_default=False)


class OwnPasswordForm(FupanSchema):
    current_password = text(max_length=128)
    new_password = text(max_length=128)


class PasswordResetForm(FupanSchema):
    password = text(max_length=128)


class LanguageForm(FupanSchema):
    language = choice(["zh_CN", "en"])
    next = text(required=False, max_length=500)


def split_jurisdictions(value: str | None) -> list[str]:
    """'东湖区，西山区' or one per line → ['东湖区', '西山区']."""
    if not value:
        return []
    for separator in ("，", ",", "、", "\n", "\r"):
        value = value.replace(separator, " ")
    return [part for part in value.split() if part]
