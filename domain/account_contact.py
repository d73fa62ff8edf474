"""How an account is reached outside fupan: an e-mail address, confirmed by a code sent to
it, and the holder's choice of channel (in the site only, or in the site and by e-mail).
A part of the ``Account`` aggregate; its events live here, at their own stored topics."""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import Code, InvalidTransition, InvalidValue, Reason

LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
# A plain address: a local part without spaces, a domain of two labels or more (no IDN).
EMAIL = re.compile(rf"[^@\s]{{1,64}}@{LABEL}(?:\.{LABEL})+")


class Delivery(Enum):
    SITE = "site"  # in the site only
    SITE_AND_EMAIL = "site_and_email"


class ContactEvent(Aggregate.Event):
    actor: UUID
    sensitive_fields: ClassVar[tuple[str, ...]] = ()


class Contact:
    """Class attributes are the defaults of an account that never set any of this."""

    email = ""
    email_confirmed = False
    email_pending: dict[str, Any] | None = None  # {"address", "code_hash", "expires_at"}
    delivery = Delivery.SITE

    if TYPE_CHECKING:  # provided by Account
        id: UUID

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    class EmailAddressSet(ContactEvent):
        """A new address, awaiting the code sent to it (the address is sealed)."""

        sensitive_fields = ("address", "code_hash")
        address: str
        code_hash: str
        expires_at: datetime

        def apply(self, account: Contact) -> None:
            account.email_pending = {
                "address": self.address,
                "code_hash": self.code_hash,
                "expires_at": self.expires_at,
            }

    class EmailAddressConfirmed(ContactEvent):
        def apply(self, account: Contact) -> None:
            assert account.email_pending is not None
            account.email = account.email_pending["address"]
            account.email_confirmed = True
            account.email_pending = None

    class DeliveryChosen(ContactEvent):
        delivery: Delivery

        def apply(self, account: Contact) -> None:
            account.delivery = self.delivery

    def set_email(self, address: str, code_hash: str, expires_at: datetime, now: datetime) -> None:
        address = address.strip() if isinstance(address, str) else address
        if not isinstance(address, str) or len(address) > 254 or not EMAIL.fullmatch(address):
            raise InvalidValue("email", Reason.INVALID)
        self.trigger_event(
            self.EmailAddressSet,
            actor=self.id,
            timestamp=now,
            address=address,
            code_hash=code_hash,
            expires_at=expires_at,
        )

    def confirm_email(self, code_hash: str, now: datetime) -> None:
        pending = self.email_pending
        if pending is None or pending["expires_at"] <= now:
            raise InvalidTransition(Code.NO_CODE_PENDING, "no confirmation code is pending")
        if pending["code_hash"] != code_hash:
            raise InvalidValue("code", Reason.DOES_NOT_MATCH)
        self.trigger_event(self.EmailAddressConfirmed, actor=self.id, timestamp=now)

    def choose_delivery(self, delivery: Delivery, now: datetime) -> None:
        if delivery is Delivery.SITE_AND_EMAIL and not self.email_confirmed:
            raise InvalidValue("delivery", Reason.EMAIL_NOT_CONFIRMED)
        if delivery is not self.delivery:
            self.trigger_event(self.DeliveryChosen, actor=self.id, timestamp=now, delivery=delivery)

    @property
    def mail_to(self) -> str | None:
        """Where e-mail goes, when the holder asked for it and confirmed the address."""
        if self.delivery is Delivery.SITE_AND_EMAIL and self.email_confirmed and self.email:
            return self.email
        return None
