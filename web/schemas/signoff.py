"""The sign-off: signing, sealing and declining a slot; closing; corrections."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import Mark
from web.schemas.base import LONG, FupanSchema, choice, text, version

MARKS = [Mark.SIGNATURE.value, Mark.SEAL.value]


@dataclass(frozen=True)
class SignatureInput:
    slot: str = ""
    kind: str = Mark.SIGNATURE.value
    password: str = ""
    decision: str = ""
    reason: str = ""


class SignatureRequest(FupanSchema[SignatureInput]):
    """``POST /signoff/signatures``: sign or seal with the password, or decline with a
    reason (a missing password or reason is refused by the rules, naming the field)."""

    result = SignatureInput
    slot = text()
    kind = choice(MARKS, required=False)
    password = text(required=False, max_length=128)
    decision = choice(["decline"], required=False)
    reason = text(required=False, max_length=LONG)


class SignForm(FupanSchema[SignatureInput]):
    """The signing page (the slot is in the path)."""

    result = SignatureInput
    kind = choice(MARKS)
    password = text(max_length=128)


@dataclass(frozen=True)
class DeclineInput:
    reason: str


class DeclineForm(FupanSchema[DeclineInput]):
    result = DeclineInput
    reason = text(max_length=LONG)


@dataclass(frozen=True)
class CloseInput:
    late_reason: str = ""
    expected_version: int | None = None


class Close(FupanSchema[CloseInput]):
    result = CloseInput
    late_reason = text(required=False, max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class CorrectionInput:
    reason: str
    expected_version: int | None = None


class Correction(FupanSchema[CorrectionInput]):
    result = CorrectionInput
    reason = text(max_length=LONG)
    expected_version = version()
