"""The rules of accounts: roles, usernames, jurisdiction scopes, enrolment codes."""

from __future__ import annotations

import hmac
import re
from datetime import datetime
from enum import Enum
from typing import Any

from domain import validation as v
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,63}")


class Role(Enum):
    CASE_OFFICER = "case_officer"
    INVESTIGATOR = "investigator"
    SIGNATORY = "signatory"
    INSPECTOR = "inspector"
    ADMINISTRATOR = "administrator"


# The roles that see case content; an administrator sees none.
CONTENT_ROLES = frozenset(r for r in Role if r is not Role.ADMINISTRATOR)


def check_username(username: str) -> str:
    name = v.text("username", username, max_len=64).lower()
    if not USERNAME.fullmatch(name):
        raise InvalidValue(
            "username",
            Reason.USERNAME_FORMAT,
            "username: 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'",
        )
    return name


def check_scope(role: Role, jurisdictions: list[str], city_wide: bool) -> tuple[str, ...]:
    scope = tuple(dict.fromkeys(v.text("jurisdictions", j) for j in jurisdictions))
    if role is not Role.CASE_OFFICER and (scope or city_wide):
        raise InvalidValue("jurisdictions", Reason.SCOPE_ONLY_FOR_OFFICERS)
    if city_wide and scope:
        raise InvalidValue("jurisdictions", Reason.SCOPE_CITY_OR_NAMED)
    return scope


def widens(old: tuple[tuple[str, ...], bool], new: tuple[tuple[str, ...], bool]) -> bool:
    """Whether a scope gives sight of something the old one did not."""
    (old_places, old_city), (new_places, new_city) = old, new
    if old_city:
        return False
    return new_city or bool(set(new_places) - set(old_places))


def check_enrolment(
    enrolment: dict[str, Any] | None, code_hash: str, now: datetime
) -> dict[str, Any]:
    """A pending enrolment whose code matches and has not expired."""
    if (
        enrolment is None
        or not hmac.compare_digest(str(enrolment["code_hash"]), code_hash)
        or enrolment["expires_at"] <= now
    ):
        raise RuleRefusal(Code.ENROLMENT_INVALID, "the code is wrong, used or expired")
    return enrolment
