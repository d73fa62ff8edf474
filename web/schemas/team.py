"""The four-party team and the designated signatories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast
from uuid import UUID

from marshmallow import Schema, fields
from werkzeug.datastructures import MultiDict

from domain.values import Party, SignatoryRole
from web.schemas.base import FupanSchema, choice, flag, identifier, text, version


@dataclass(frozen=True)
class MemberInput:
    account: str
    party: str
    expected_version: int | None = None


class Member(FupanSchema[MemberInput]):
    """Appoint an account (by username) from one of the four parties."""

    result = MemberInput
    account = text(max_length=64)
    party = choice([p.value for p in Party])
    expected_version = version()


@dataclass(frozen=True)
class MemberFormInput(MemberInput):
    confirm_signatory: bool = False


class MemberForm(Member, FupanSchema[MemberFormInput]):
    """The review page's appoint form: the account picked from the people search (its
    id); appointing a signatory's account asks first (``confirm_signatory``)."""

    result = MemberFormInput
    confirm_signatory = flag()

    def load_form(self, form: MultiDict[str, str]) -> MemberFormInput:
        return cast(MemberFormInput, super().load_form(form))


@dataclass(frozen=True)
class RemovalInput:
    account_id: UUID
    expected_version: int | None = None


class RemoveMemberForm(FupanSchema[RemovalInput]):
    """The page's remove button (the API names the account in the path)."""

    result = RemovalInput
    account_id = identifier()
    expected_version = version()


@dataclass(frozen=True)
class SignatoryInput:
    account: str
    role: str = ""
    expected_version: int | None = None


class Signatory(FupanSchema[SignatoryInput]):
    """``PUT /signatories/{role}``: the account (by username) that holds the slot."""

    result = SignatoryInput
    account = text(max_length=64)
    expected_version = version()


class MemberItemOut(Schema):
    account = fields.String(metadata={"description": "username"})
    name = fields.String()
    party = fields.String()
    version = fields.Integer(metadata={"description": "the review's event version after it"})


class SignatoryForm(Signatory):
    """The page's form names the slot in the body."""

    role = choice([r.value for r in SignatoryRole])
