"""Webhooks through a real HTTP receiver on loopback: a generic webhook's HMAC checks out
with the key the administrators' page shows; one message per notification (not per
recipient), nothing confidential in it; DingTalk's signing matches a known answer (computed
independently with ``openssl dgst -sha256 -hmac``); WeCom's text message; a disabled
webhook receives nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from application.desk import ReviewDesk
from domain.errors import InvalidValue
from infrastructure.webhooks import HttpWebhookPoster, dingtalk_sign
from tests import scenario as s
from tests.conftest import DeskFactory


class Received:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def receiver() -> Iterator[tuple[str, Received]]:
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            answer = b'{"errcode": 0}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


class NoMail:
    def send(self, **_: Any) -> None:
        raise AssertionError("no e-mail expected")


POSTER = HttpWebhookPoster(clock=lambda: 1_700_000_000.0)


@pytest.mark.stores("sqlite")
def test_a_generic_webhook_gets_each_notification_once_signed_and_saying_nothing_confidential(
    make_desk: DeskFactory, receiver: tuple[str, Received]
) -> None:
    url, received = receiver
    desk: ReviewDesk = make_desk()
    hook = desk.add_webhook(
        jurisdiction="测试区", kind="generic", url=f"{url}/hook", actor=s.OFFICER
    )
    elsewhere = desk.add_webhook(
        jurisdiction="另一区", kind="generic", url=f"{url}/other", actor=s.OFFICER
    )
    rid = s.sent(desk)
    desk.make_notifications()
    sent, failed = desk.deliver(NoMail(), "https://fupan.example.test", poster=POSTER)
    assert failed == 0
    assert {r["path"] for r in received.requests} == {"/hook"}
    kinds = [json.loads(r["body"])["kind"] for r in received.requests]
    # Seven slots were asked to sign: the webhook hears it once.
    assert kinds.count("sign_requested") == 1
    assert kinds.count("appointed") == 4
    assert sent == len(received.requests)
    key = desk.webhook_key(hook)
    assert key != desk.webhook_key(elsewhere)
    number = desk.get_review(rid)["reference_number"]
    for r in received.requests:
        stamp = r["headers"]["X-Fupan-Timestamp"]
        expected = hmac.new(key.encode(), stamp.encode() + b"." + r["body"], hashlib.sha256)
        assert r["headers"]["X-Fupan-Signature"] == "sha256=" + expected.hexdigest()
        message = json.loads(r["body"])
        assert message["reference_number"] == number
        assert message["link"] == "https://fupan.example.test/notifications"
        text = r["body"].decode()
        for secret in (s.STUDENT["name"], "测试区第一中学", s.SUBSTANTIVE[:12], "school成员"):
            assert secret not in text
    assert desk.deliver(NoMail(), "", poster=POSTER) == (0, 0)
    # Disabled: nothing more goes out.
    desk.set_webhook_active(hook, active=False, actor=s.OFFICER)
    desk.urge(rid, actor=s.OFFICER)
    desk.make_notifications()
    before = len(received.requests)
    desk.deliver(NoMail(), "", poster=POSTER)
    assert len(received.requests) == before


@pytest.mark.stores("popo")
def test_dingtalk_and_wecom_get_a_text_message(
    make_desk: DeskFactory, receiver: tuple[str, Received]
) -> None:
    url, received = receiver
    desk: ReviewDesk = make_desk()
    with pytest.raises(InvalidValue):  # DingTalk signs: its secret is required
        desk.add_webhook(jurisdiction="测试区", kind="dingtalk", url=f"{url}/ding", actor=s.OFFICER)
    desk.add_webhook(
        jurisdiction="测试区",
        kind="dingtalk",
        url=f"{url}/ding?access_token=abc",
        secret="SEC1234567890abcdef",
        actor=s.OFFICER,
    )
    desk.add_webhook(
        jurisdiction="测试区", kind="wecom", url=f"{url}/wecom?key=xyz", actor=s.OFFICER
    )
    rid = s.register(desk)
    desk.appoint_member(
        rid, account_id=s.MEMBERS["school"], name="学校成员", party="school", actor=s.OFFICER
    )
    desk.make_notifications()
    assert desk.deliver(NoMail(), "", poster=POSTER) == (2, 0)
    ding = next(r for r in received.requests if r["path"].startswith("/ding"))
    query = parse_qs(urlsplit(ding["path"]).query)
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["1700000000000"]
    assert query["sign"] == ["RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI="]
    wecom = next(r for r in received.requests if r["path"].startswith("/wecom"))
    for r in (ding, wecom):
        message = json.loads(r["body"])
        assert message["msgtype"] == "text"
        assert desk.get_review(rid)["reference_number"] in message["text"]["content"]


def test_dingtalks_signature_is_the_known_answer() -> None:
    # printf '1700000000000\nSEC1234567890abcdef' \
    #   | openssl dgst -sha256 -hmac SEC1234567890abcdef -binary | base64
    assert (
        dingtalk_sign("SEC1234567890abcdef", 1700000000000)
        == "RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI%3D"
    )


@pytest.mark.stores("popo")
def test_a_webhook_address_must_be_http(make_desk: DeskFactory) -> None:
    desk: ReviewDesk = make_desk()
    for bad in ("ftp://x.test/a", "javascript:alert(1)", "hook.test/x", ""):
        with pytest.raises(InvalidValue):
            desk.add_webhook(jurisdiction="测试区", kind="generic", url=bad, actor=s.OFFICER)
