"""Notification settings through the pages: an address, its code (a mistake first), the
choice of e-mail; an address typed wrong is refused by name and kept on the page; a mail
server that refuses is said plainly and loses nothing."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from application.desk import ReviewDesk
from tests.integration.test_email_delivery import Inbox, start_smtp
from tests.web.conftest import account


@pytest.fixture
def mailbox() -> Iterator[tuple[Inbox, Controller]]:
    inbox = Inbox()
    controller = start_smtp(inbox)
    yield inbox, controller
    with contextlib.suppress(Exception):
        controller.stop()


@pytest.fixture
def extra_environ(mailbox: tuple[Inbox, Controller]) -> dict[str, str]:
    return {
        "FUPAN_SMTP_HOST": "127.0.0.1",
        "FUPAN_SMTP_PORT": str(mailbox[1].port),
        "FUPAN_SMTP_SECURITY": "none",
        "FUPAN_SMTP_SENDER": "fupan@example.test",
        "FUPAN_SMTP_TIMEOUT": "5",
    }


def test_an_address_is_confirmed_by_its_code_then_mail_is_chosen(
    as_user: Any, desk: ReviewDesk, mailbox: tuple[Inbox, Controller]
) -> None:
    inbox = mailbox[0]
    b = as_user("investigator")
    page = b.get("/account/notifications").text
    assert "通知设置" in page
    assert 'value="site_and_email" disabled' in page or "disabled>" in page
    wrong = b.post("/account/notifications/email", {"form_name": "email", "email": "不是邮箱"})
    assert wrong.status_code == 422
    assert "不是邮箱" in wrong.text  # kept
    sent = b.post(
        "/account/notifications/email", {"form_name": "email", "email": "inv@example.test"}
    )
    assert sent.status_code == 302
    [code] = re.findall(r"确认码：(\d{6})", inbox.bodies()[-1])
    bad = b.post("/account/notifications/confirm", {"form_name": "confirm", "code": "12345x"})
    assert bad.status_code == 422
    assert (
        b.post("/account/notifications/confirm", {"form_name": "confirm", "code": code}).status_code
        == 302
    )
    assert "inv@example.test" in b.get("/account/notifications").text
    chosen = b.post(
        "/account/notifications/delivery", {"form_name": "delivery", "delivery": "site_and_email"}
    )
    assert chosen.status_code == 302
    assert desk.get_account_aggregate(account("investigator")).mail_to == "inv@example.test"


def test_a_mail_server_that_is_down_is_said_plainly(
    as_user: Any, desk: ReviewDesk, mailbox: tuple[Inbox, Controller]
) -> None:
    mailbox[1].stop()
    b = as_user("signatory")
    down = b.post(
        "/account/notifications/email", {"form_name": "email", "email": "sig@example.test"}
    )
    assert down.status_code == 503
    assert "邮件暂时无法发送" in down.text
    assert "sig@example.test" in down.text
    assert "确认码已发送至" not in b.get("/account/notifications").text  # nothing recorded
