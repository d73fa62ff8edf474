"""An account holder's own contact settings: an e-mail address confirmed by a code sent to
it (24 hours), and whether notifications also go by e-mail."""

from __future__ import annotations

import secrets
from datetime import timedelta
from uuid import UUID, uuid4

from application.account_commands import AccountCommands
from application.errors import DeliveryFailed
from application.ports import Mailer
from domain import validation as v
from domain.account import Account
from domain.account_contact import Delivery

CODE_VALID = timedelta(hours=24)


class ContactCommands(AccountCommands):
    def request_email_confirmation(self, account_id: UUID, address: str, mailer: Mailer) -> None:
        """Record the new address (pending) and send it a six-digit code."""
        account = self._account(v.an_id("account_id", account_id))
        now = self.clock.now()
        code = f"{secrets.randbelow(1_000_000):06d}"
        account.set_email(address, self._email_code_hash(account.id, code), now + CODE_VALID, now)
        pending = account.email_pending
        assert pending is not None
        # Sent first, saved after: a code that never left records nothing.
        try:
            mailer.send(
                to=pending["address"],
                subject="[复盘] 邮箱确认码",
                body=(
                    f"您在复盘管理系统中设置了此邮箱。确认码：{code}\n"
                    "请在 24 小时内于“通知设置”页面输入。如非本人操作，请忽略本邮件。\n"
                ),
                message_id=str(uuid4()),
            )
        except Exception as e:
            raise DeliveryFailed(f"the code could not be sent: {type(e).__name__}") from None
        self._save_account(account)

    def confirm_email(self, account_id: UUID, code: str) -> None:
        account = self._account(v.an_id("account_id", account_id))
        typed = v.text("code", code, max_len=20).replace(" ", "")
        account.confirm_email(self._email_code_hash(account.id, typed), self.clock.now())
        self._save_account(account)

    def choose_delivery(self, account_id: UUID, delivery: str) -> None:
        account = self._account(v.an_id("account_id", account_id))
        account.choose_delivery(v.choice("delivery", delivery, Delivery), self.clock.now())
        self._save_account(account)

    def get_account_aggregate(self, account_id: UUID) -> Account:
        """The account itself (its holder's own settings read from it)."""
        return self._account(v.an_id("account_id", account_id))

    def _email_code_hash(self, account_id: UUID, code: str) -> str:
        return self.keyed.keyed_hash("email-codes", f"{account_id}|{code}")
