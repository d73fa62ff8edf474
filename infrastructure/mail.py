"""E-mail over SMTP: STARTTLS (port 587), implicit TLS (465) or, on a trusted loopback
relay only, plain; host, port, credentials and sender from the environment.

``FUPAN_SMTP_HOST`` (none: e-mail is off), ``FUPAN_SMTP_PORT`` (587), ``FUPAN_SMTP_SECURITY``
(``starttls``, ``tls`` or ``none``), ``FUPAN_SMTP_USER``, ``FUPAN_SMTP_PASSWORD``,
``FUPAN_SMTP_SENDER`` (the From address), ``FUPAN_SMTP_TIMEOUT`` (seconds, 20).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate

from infrastructure.settings import ConfigurationError

SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    timeout: float = 20.0

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        env = os.environ if environ is None else environ
        host = env.get("FUPAN_SMTP_HOST", "").strip()
        security = (env.get("FUPAN_SMTP_SECURITY", "") or "starttls").strip().lower()
        if security not in SECURITY:
            raise ConfigurationError(f"FUPAN_SMTP_SECURITY must be one of {SECURITY}")
        try:
            port = int(env.get("FUPAN_SMTP_PORT", "") or (465 if security == "tls" else 587))
            timeout = float(env.get("FUPAN_SMTP_TIMEOUT", "") or 20)
        except ValueError:
            raise ConfigurationError("FUPAN_SMTP_PORT and FUPAN_SMTP_TIMEOUT are numbers") from None
        if not 0 < port < 65536 or not 0 < timeout <= 300:
            raise ConfigurationError("FUPAN_SMTP_PORT or FUPAN_SMTP_TIMEOUT out of range")
        sender = env.get("FUPAN_SMTP_SENDER", "").strip()
        if host and "@" not in sender:
            raise ConfigurationError("FUPAN_SMTP_SENDER must be an e-mail address")
        return cls(
            host=host,
            port=port,
            security=security,
            user=env.get("FUPAN_SMTP_USER", "").strip(),
            password=env.get("FUPAN_SMTP_PASSWORD", ""),
            sender=sender,
            timeout=timeout,
        )


class MailOff(RuntimeError):
    """No SMTP server is configured."""


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, *, to: str, subject: str, body: str, message_id: str) -> None:
        s = self.settings
        if not s.enabled:
            raise MailOff("no SMTP server is configured (FUPAN_SMTP_HOST)")
        message = EmailMessage()
        message["From"] = s.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = f"<{message_id}@fupan>"
        message.set_content(body, charset="utf-8")
        context = ssl.create_default_context()
        if s.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=context
            )
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        with client:
            if s.security == "starttls":
                client.starttls(context=context)
            if s.user:
                client.login(s.user, s.password)
            client.send_message(message)
