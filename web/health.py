"""``/healthz`` (liveness: the process answers; no database) and ``/readyz`` (readiness:
a list of named checks, each answering ok or not, 503 when any is not).

A check is a name and a function of the app's services returning a ``Check``; a new one is
one more entry in ``CHECKS``. An old checkpoint and a backlog of e-mail or webhook messages
are reported as warnings and do not make the server unready (decisions 15 and 20).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Flask, jsonify

from web import security

if TYPE_CHECKING:
    from web.app import Services

log = logging.getLogger("fupan.health")
PROBE_PURPOSE = b"fupan-readiness-probe"


@dataclass(frozen=True)
class Check:
    """One readiness check's answer."""

    name: str
    ok: bool
    detail: str = ""
    warning: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def store_reachable(built: Services) -> Check:
    """The store answers a query (the projections' generation: one row)."""
    built.desk.store.projection_generation()
    return Check("store", True, "the store answers")


def master_key_usable(built: Services) -> Check:
    """The master key wraps and unwraps, and unwraps the server's stored signing key."""
    keyring = built.keyring
    key_id, wrapped = keyring.wrap(b"\0" * 32, PROBE_PURPOSE)
    if keyring.unwrap(key_id, wrapped, PROBE_PURPOSE) != b"\0" * 32:
        return Check("master_key", False, "the master key does not unwrap what it wrapped")
    stored = [key for key in built.server_keys.every_key() if key[1] is None]
    if stored:
        return Check(
            "master_key",
            False,
            f"{len(stored)} server key(s) do not unwrap with the configured master key",
        )
    return Check("master_key", True, "the master key unwraps the stored keys")


def checkpoint_age(built: Services) -> Check:
    """The newest checkpoint's age; a warning past FUPAN_CHECKPOINT_MAX_AGE_HOURS when
    events were written after it (decision 15), never a failure."""
    store = built.desk.store
    head = store.max_notification_id() or 0
    newest = store.newest_checkpoint()
    max_age = timedelta(hours=built.settings.checkpoint_max_age_hours)
    if newest is None:
        warning = "no_checkpoint" if head else None
        return Check("checkpoint", True, "no checkpoint signed yet", warning, {"head": head})
    age = built.desk.clock.now() - datetime.fromisoformat(newest["created_at"])
    position = int(newest["position"])
    facts = {
        "position": position,
        "head": head,
        "age_hours": round(age.total_seconds() / 3600, 1),
        "max_age_hours": built.settings.checkpoint_max_age_hours,
    }
    stale = head > position and age > max_age
    detail = f"newest checkpoint at {position} of {head}"
    return Check("checkpoint", True, detail, "checkpoint_stale" if stale else None, facts)


BACKLOG_AFTER = timedelta(hours=1)


def outbox_backlog(built: Services) -> Check:
    """Messages due for more than an hour and not sent (the deliverer is down, or the mail
    server refuses): a warning, not a failure (the site works without them)."""
    now = built.desk.clock.now()
    late = built.desk.store.select_due_messages(now - BACKLOG_AFTER, 1000)
    facts = {"due_over_an_hour": len(late)}
    warning = "outbox_backlog" if late else None
    return Check("outbox", True, f"{len(late)} messages due for over an hour", warning, facts)


CHECKS: list[tuple[str, Callable[[Services], Check]]] = [
    ("store", store_reachable),
    ("master_key", master_key_usable),
    ("checkpoint", checkpoint_age),
    ("outbox", outbox_backlog),
]


def readiness(built: Services) -> tuple[bool, list[Check]]:
    """Every check in order; a check that raises is not ok (its exception's type named,
    never its message, which may quote data)."""
    answers = []
    for name, check in CHECKS:
        try:
            answers.append(check(built))
        except Exception as e:  # any failure means not ready
            log.warning("readiness check %s failed: %s", name, type(e).__name__)
            answers.append(Check(name, False, f"failed: {type(e).__name__}"))
    return all(a.ok for a in answers), answers


def init_app(app: Flask) -> None:
    @app.get("/healthz")
    @security.public
    def healthz() -> Any:
        """Liveness: the process answers requests (nothing else is asked)."""
        return jsonify(status="ok")

    @app.get("/readyz")
    @security.public
    def readyz() -> Any:
        """Readiness: the named checks; 200 when every one is ok, 503 otherwise."""
        from web.app import services

        ready, answers = readiness(services(app))
        body = {
            "status": "ready" if ready else "not_ready",
            "checks": [
                {k: v for k, v in asdict(a).items() if v not in (None, {})} for a in answers
            ],
        }
        return jsonify(body), 200 if ready else 503
