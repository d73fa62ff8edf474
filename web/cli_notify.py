"""``fupan notify`` and ``fupan remind``: the notifier (a long-running service under systemd)
and the reminders (a timer every few minutes), both safe to run twice or on two hosts."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext

from infrastructure.webhooks import HttpWebhookPoster
from web.app import desk, services

log = logging.getLogger(__name__)


def _rounds(seconds: float | None, step: Callable[[], int], say: Callable[[int], str]) -> None:
    """``step()`` once, or every ``seconds`` until SIGINT or SIGTERM (a failed round is
    logged and the next one tries again)."""
    if seconds is None:
        click.echo(say(step()))
        return
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    while not stop.is_set():
        try:
            made = step()
            if made:
                click.echo(say(made))
        except Exception as e:
            log.warning("round failed: %s", type(e).__name__)
        stop.wait(seconds)


@click.command("notify")
@click.option(
    "--every",
    "seconds",
    type=click.FloatRange(min=0.5),
    help="Keep running: follow the history every SECONDS (a service, e.g. under systemd).",
)
@with_appcontext
def notify(seconds: float | None) -> None:
    """Make the notifications of the events written since the last run (each once)."""
    the_desk = desk(current_app)
    _rounds(
        seconds,
        the_desk.make_notifications,
        lambda n: f"通知 {n} 条 / {n} notifications recorded",
    )


@click.command("remind")
@click.option(
    "--every",
    "seconds",
    type=click.FloatRange(min=1),
    help="Keep running: look for due reminders every SECONDS.",
)
@with_appcontext
def remind(seconds: float | None) -> None:
    """Record the reminders due now: 3 days and 1 day before the deadline, overdue, and
    prevention measures due or overdue (each once)."""
    the_desk = desk(current_app)
    _rounds(seconds, the_desk.make_reminders, lambda n: f"提醒 {n} 条 / {n} reminders recorded")


@click.command("deliver")
@click.option(
    "--every",
    "seconds",
    type=click.FloatRange(min=1),
    help="Keep running: send what is due every SECONDS (a service, e.g. under systemd).",
)
@with_appcontext
def deliver(seconds: float | None) -> None:
    """Send the e-mail that is due (08:00-20:00 Shanghai), retrying failures with growing
    waits; each message once accepted, with a stable Message-ID."""
    built = services(current_app)
    base_url = built.settings.base_url

    def step() -> int:
        sent, failed = built.desk.deliver(built.mailer, base_url, poster=HttpWebhookPoster())
        if failed:
            log.warning("delivery: %d messages failed, to be retried", failed)
        return sent

    _rounds(seconds, step, lambda n: f"发送 {n} 封 / {n} messages sent")
