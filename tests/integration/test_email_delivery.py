"""E-mail through a real SMTP server on loopback (aiosmtpd): the address confirmed by a code,
notifications delivered with a stable Message-ID and nothing confidential in them, retried
while the server is down, resent at most once after a crash, held outside 08:00-20:00."""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any
from uuid import UUID

import pytest
from aiosmtpd.controller import Controller

from application.desk import ReviewDesk
from domain.deadline import CHINA
from domain.errors import InvalidValue
from infrastructure.clock import SettableClock
from infrastructure.mail import SmtpMailer, SmtpSettings
from tests import scenario as s
from tests.conftest import DeskFactory

ADDRESS = "school.member@example.test"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages]

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode("utf-8") for m in self.messages]  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_smtp(inbox: Inbox, port: int | None = None) -> Controller:
    """A loopback SMTP server; another free port when one is taken meanwhile (parallel
    workers pick ports too)."""
    for _ in range(20):
        controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
        try:
            controller.start()
        except Exception:
            if port is not None:
                raise
            continue
        return controller
    raise RuntimeError("no free port for the SMTP server")


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox, SmtpMailer]]:
    inbox = Inbox()
    controller = start_smtp(inbox)
    port = controller.port
    mailer = SmtpMailer(
        SmtpSettings(
            host="127.0.0.1", port=port, security="none", sender="fupan@example.test", timeout=5
        )
    )
    yield controller, inbox, mailer
    with contextlib.suppress(Exception):
        controller.stop()


def opted_in(desk: ReviewDesk, inbox: Inbox, mailer: SmtpMailer, who: UUID) -> None:
    s.ensure_account(desk, who)
    with pytest.raises(InvalidValue):
        desk.choose_delivery(who, "site_and_email")  # no confirmed address yet
    desk.request_email_confirmation(who, ADDRESS, mailer)
    [code] = re.findall(r"确认码：(\d{6})", inbox.bodies()[-1])
    with pytest.raises(InvalidValue):
        desk.confirm_email(who, "000000" if code != "000000" else "111111")
    desk.confirm_email(who, code)
    desk.choose_delivery(who, "site_and_email")
    inbox.messages.clear()


@pytest.mark.stores("sqlite")
def test_a_notification_arrives_by_mail_saying_nothing_confidential(
    make_desk: DeskFactory, smtp: tuple[Controller, Inbox, SmtpMailer]
) -> None:
    _, inbox, mailer = smtp
    desk = make_desk()
    member = s.MEMBERS["school"]
    opted_in(desk, inbox, mailer, member)
    rid = s.sent(desk)
    desk.make_notifications()
    assert desk.deliver(mailer, "https://fupan.example.test") == (2, 0)
    assert desk.deliver(mailer, "https://fupan.example.test") == (0, 0)
    number = desk.get_review(rid)["reference_number"]
    assert sorted(inbox.subjects()) == sorted(
        [f"[复盘] 您已被任命为 {number} 的复盘组成员", f"[复盘] {number} 的复盘报告等待您签字"]
    )
    ids = [m["Message-ID"] for m in inbox.messages]
    assert all(re.fullmatch(r"<[0-9a-f-]{36}@fupan>", i) for i in ids)
    text = "\n".join(inbox.subjects() + inbox.bodies())
    assert "https://fupan.example.test/notifications" in text
    # The canary: nothing of the student, the school or the report leaves fupan.
    for secret in (s.STUDENT["name"], "测试区第一中学", s.SUBSTANTIVE[:12], s.SYNTHETIC_ID_NUMBER):
        assert secret not in text
    # Nobody else asked for e-mail: nothing else went out.
    assert {m["To"] for m in inbox.messages} == {ADDRESS}


@pytest.mark.stores("sqlite")
def test_a_server_down_is_retried_and_the_mail_arrives_once_it_is_up(
    make_desk: DeskFactory, smtp: tuple[Controller, Inbox, SmtpMailer], clock: SettableClock
) -> None:
    controller, inbox, mailer = smtp
    desk = make_desk()
    opted_in(desk, inbox, mailer, s.MEMBERS["school"])
    s.register(desk)
    desk.appoint_member(
        desk.list_reviews()[0]["id"],
        account_id=s.MEMBERS["school"],
        name="学校成员",
        party="school",
        actor=s.OFFICER,
    )
    desk.make_notifications()
    controller.stop()
    assert desk.deliver(mailer, "") == (0, 1)
    [failed] = desk.store.select_undelivered(10)
    assert failed.attempts == 1
    assert failed.last_error
    assert desk.deliver(mailer, "") == (0, 0)  # not before its next attempt
    again = start_smtp(inbox, controller.port)
    try:
        clock.advance(minutes=2)
        assert desk.deliver(mailer, "") == (1, 0)
    finally:
        again.stop()
    assert len(inbox.messages) == 1
    assert desk.store.select_undelivered(10) == []


@pytest.mark.stores("sqlite")
def test_a_crash_between_acceptance_and_marking_resends_once_with_the_same_id(
    make_desk: DeskFactory,
    smtp: tuple[Controller, Inbox, SmtpMailer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, inbox, mailer = smtp
    desk = make_desk()
    opted_in(desk, inbox, mailer, s.MEMBERS["school"])
    rid = s.register(desk)
    desk.appoint_member(
        rid, account_id=s.MEMBERS["school"], name="学校成员", party="school", actor=s.OFFICER
    )
    desk.make_notifications()
    store_type = type(desk.store)
    original = store_type.mark_sent

    def died(self: Any, message_id: str, at: datetime) -> None:
        raise SystemExit("the deliverer was killed")

    monkeypatch.setattr(store_type, "mark_sent", died)
    with pytest.raises(SystemExit):
        desk.deliver(mailer, "")
    monkeypatch.setattr(store_type, "mark_sent", original)
    assert desk.deliver(mailer, "") == (1, 0)
    assert desk.deliver(mailer, "") == (0, 0)
    assert len(inbox.messages) == 2
    assert inbox.messages[0]["Message-ID"] == inbox.messages[1]["Message-ID"]


@pytest.mark.stores("popo")
def test_mail_waits_for_the_morning(
    make_desk: DeskFactory, smtp: tuple[Controller, Inbox, SmtpMailer], clock: SettableClock
) -> None:
    _, inbox, mailer = smtp
    desk = make_desk()
    opted_in(desk, inbox, mailer, s.MEMBERS["school"])
    clock.set(datetime(2026, 11, 20, 21, 30, tzinfo=CHINA))
    rid = s.register(desk)
    desk.appoint_member(
        rid, account_id=s.MEMBERS["school"], name="学校成员", party="school", actor=s.OFFICER
    )
    desk.make_notifications()
    assert desk.deliver(mailer, "") == (0, 0)
    clock.set(datetime(2026, 11, 21, 7, 59, tzinfo=CHINA))
    assert desk.deliver(mailer, "") == (0, 0)
    clock.advance(minutes=1)
    assert desk.deliver(mailer, "") == (1, 0)
    assert len(inbox.messages) == 1


def test_mail_settings_are_checked() -> None:
    assert not SmtpSettings.from_environ({}).enabled
    with pytest.raises(Exception, match="FUPAN_SMTP_SENDER"):
        SmtpSettings.from_environ({"FUPAN_SMTP_HOST": "mail.example.test"})
    tls = SmtpSettings.from_environ(
        {
            "FUPAN_SMTP_HOST": "m.example.test",
            "FUPAN_SMTP_SECURITY": "tls",
            "FUPAN_SMTP_SENDER": "a@b.cn",
        }
    )
    assert tls.port == 465
    assert timedelta(seconds=tls.timeout) == timedelta(seconds=20)
