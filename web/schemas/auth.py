"""Signing in (page and API token), and the choice of language."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields

from web.schemas.base import FupanSchema, choice, text


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    next: str = ""


class TokenRequest(FupanSchema[Credentials]):
    """``POST /api/v1/tokens``."""

    result = Credentials
    username = text(max_length=64)
    password = text(max_length=128)


class LoginForm(TokenRequest):
    """The sign-in page: the same credentials, and where to go next."""

    next = text(required=False, max_length=500)


class MeOut(Schema):
    """``GET /api/v1/me``."""

    username = fields.String(required=True)


class TokenOut(Schema):
    token = fields.String(required=True)
    expires_at = fields.String(required=True)


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    next: str = ""


class LanguageForm(FupanSchema[LanguageChoice]):
    result = LanguageChoice
    language = choice(["zh_CN", "en"])
    next = text(required=False, max_length=500)
