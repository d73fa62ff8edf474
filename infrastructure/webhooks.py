"""Posting to webhooks over HTTP: ``generic`` (JSON with ``X-Fupan-Timestamp`` and
``X-Fupan-Signature: sha256=HMAC(key, timestamp + "." + body)``), ``dingtalk`` (a text
message, signed as DingTalk asks: ``timestamp`` and ``sign`` query parameters) and ``wecom``
(a text message; the key is in the URL). A receiver that does not answer 2xx (or, for
DingTalk and WeCom, ``errcode`` 0) has not accepted it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus, urlsplit, urlunsplit

TIMEOUT = 10


def generic_signature(key: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: base64 of HMAC-SHA256(secret, "timestamp\\nsecret"), URL-encoded."""
    text = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), text, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def with_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


class HttpWebhookPoster:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def post(self, *, kind: str, url: str, secret: str, key: str, message: dict[str, Any]) -> None:
        now = self.clock()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if kind == "generic":
            body = json.dumps(message, ensure_ascii=False, sort_keys=True).encode()
            stamp = str(int(now))
            headers["X-Fupan-Timestamp"] = stamp
            headers["X-Fupan-Signature"] = generic_signature(key, stamp, body)
        else:
            content = f"{message['text']}\n{message['link']}".strip()
            body = json.dumps({"msgtype": "text", "text": {"content": content}}).encode()
            if kind == "dingtalk":
                millis = int(now * 1000)
                url = with_query(url, f"timestamp={millis}&sign={dingtalk_sign(secret, millis)}")
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only, checked when added
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = response.read(65536)
            if not 200 <= response.status < 300:
                raise RuntimeError(f"HTTP {response.status}")
        if kind in ("dingtalk", "wecom"):
            errcode = json.loads(answer or b"{}").get("errcode", 0)
            if errcode != 0:
                raise RuntimeError(f"errcode {errcode}")
