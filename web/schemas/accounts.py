"""Accounts: opening one, its role and scope, passwords."""

from __future__ import annotations

from dataclasses import dataclass

from domain.account import Role
from web.schemas.base import FupanSchema, choice, flag, text

ROLES = [r.value for r in Role]


def split_jurisdictions(value: str) -> list[str]:
    """'东湖区，西山区' or one per line → ['东湖区', '西山区']."""
    for separator in ("，", ",", "、", "\n", "\r"):
        value = value.replace(separator, " ")
    return [part for part in value.split() if part]


@dataclass(frozen=True)
class AccessInput:
    role: str
    jurisdictions: str = ""
    city_wide: bool = False

    @property
    def scope(self) -> list[str]:
        return split_jurisdictions(self.jurisdictions)


class RoleScopeForm(FupanSchema[AccessInput]):
    result = AccessInput
    role = choice(ROLES)
    jurisdictions = text(required=False, max_length=2000)
    city_wide = flag()


@dataclass(frozen=True)
class NewAccountInput(AccessInput):
    username: str = ""
    display_name: str = ""


class AccountForm(FupanSchema[NewAccountInput]):
    """Asking to open an account: nobody types another person's password (they enrol)."""

    result = NewAccountInput
    username = text(max_length=64)
    display_name = text()
    role = choice(ROLES)
    jurisdictions = text(required=False, max_length=2000)
    city_wide = flag()


@dataclass(frozen=True)
class EnrolmentInput:
    username: str
    code: str
    password: str
    confirm: str


class EnrolmentForm(FupanSchema[EnrolmentInput]):
    """The holder sets their own password with the one-time code."""

    result = EnrolmentInput
    username = text(max_length=64)
    code = text(max_length=40)
    password = text(max_length=128)
    confirm = text(max_length=128)


@dataclass(frozen=True)
class NoticeAnswer:
    reported: bool = False


class NoticeForm(FupanSchema[NoticeAnswer]):
    result = NoticeAnswer
    reported = flag()


@dataclass(frozen=True)
class OwnPasswordInput:
    current_password: str
    new_password: str


class OwnPasswordForm(FupanSchema[OwnPasswordInput]):
    result = OwnPasswordInput
    current_password = text(max_length=128)
    new_password = text(max_length=128)
