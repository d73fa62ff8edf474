"""One's own contact settings: an e-mail address, its confirmation code, the channel."""

from __future__ import annotations

from dataclasses import dataclass

from domain.account_contact import Delivery
from web.schemas.base import FupanSchema, choice, text


@dataclass(frozen=True)
class EmailInput:
    email: str


class EmailForm(FupanSchema[EmailInput]):
    result = EmailInput
    email = text(max_length=254)


@dataclass(frozen=True)
class CodeInput:
    code: str


class CodeForm(FupanSchema[CodeInput]):
    result = CodeInput
    code = text(max_length=20)


@dataclass(frozen=True)
class DeliveryInput:
    delivery: str


class DeliveryForm(FupanSchema[DeliveryInput]):
    result = DeliveryInput
    delivery = choice([d.value for d in Delivery])


@dataclass(frozen=True)
class WebhookInput:
    jurisdiction: str
    kind: str
    url: str
    secret: str = ""


class WebhookForm(FupanSchema[WebhookInput]):
    result = WebhookInput
    jurisdiction = text()
    kind = choice(["generic", "dingtalk", "wecom"])
    url = text(max_length=2000)
    secret = text(required=False, max_length=200, blank=True)
