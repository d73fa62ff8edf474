"""A property of every form of the site, as each role: fields missing, empty, blank, over
length or odd (control characters, lone surrogates, impossible dates) never answer a 5xx,
and a refused submission changes nothing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any
from urllib.parse import urlencode

import pytest
from eventsourcing.utils import get_topic
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import web.schemas
from application.desk import ReviewDesk
from domain.access import AccessRecord
from tests import scenario as s
from tests.web.conftest import Browser, checklist_round, other_review, own_review
from tests.web.test_authorization_matrix import ROLES, ROUTES, _ids
from web.schemas.base import FupanSchema, _paths

ODD = ["", "   ", "x" * 20_001, "校" * 201, "\x00\x07", "\ud800", "2026-13-45", "-1", "true"]
POSTS = sorted(e for e, r in ROUTES.items() if r.method == "POST" and not e.startswith("api"))


def form_fields() -> list[str]:
    """Every field name any form of the site may post."""
    names: set[str] = set()
    for module in pkgutil.iter_modules(web.schemas.__path__):
        loaded = importlib.import_module(f"web.schemas.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, FupanSchema) and cls is not FupanSchema:
                names |= _paths(cls())
    return sorted(names)


FIELDS = form_fields()


def changes(desk: ReviewDesk) -> int:
    """Stored events other than access records (reading a page records one)."""
    skip = get_topic(AccessRecord.Recorded)
    return sum(1 for n in desk.recorder.select_notifications(1, 100_000) if n.topic != skip)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_odd_form_input_never_breaks_and_a_refusal_changes_nothing(
    app: Flask, desk: ReviewDesk, role: str
) -> None:
    reviews = {"own": own_review(desk), "other": other_review(desk)}
    checklist_round(desk)
    for rid in reviews.values():
        desk.record_risk_point(rid, description="风险", actor=s.OFFICER)
    b = Browser(app.test_client())
    assert b.login(role).status_code == 302
    b.get("/")

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        endpoint=st.sampled_from(POSTS),
        which=st.sampled_from(["own", "other"]),
        drop=st.sets(st.sampled_from(FIELDS)),
        odd=st.dictionaries(st.sampled_from(FIELDS), st.sampled_from(ODD), max_size=6),
    )
    def post(endpoint: str, which: str, drop: set[str], odd: dict[str, str]) -> None:
        route = ROUTES[endpoint]
        ids = _ids(desk, reviews[which], which, 0)
        data: dict[str, Any] = {k: v for k, v in route.data(ids).items() if k not in drop}
        data.update(odd)
        before = changes(desk)
        # Encoded by hand: a lone surrogate goes on the wire as invalid UTF-8.
        body = urlencode({"csrf_token": b.token, **data}, errors="surrogatepass")
        response = b.client.post(
            route.path(ids), data=body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (endpoint, data, response.status_code)
        if response.status_code >= 400:
            assert changes(desk) == before, (endpoint, data, response.status_code)

    post()
