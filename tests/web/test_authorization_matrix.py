"""Every route × every role × own/other review: zero unauthorised successes.

A route's expectation says which roles may use it on their own review (in their
jurisdiction, or where they are appointed) and on another's. Allowed requests must not be
refused by the policy (they may still fail a rule); every other request must be refused:
403, 404, or the sign-in page. A route with no declared policy fails this test.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from application.desk import ReviewDesk
from domain.reference import ReferenceEntry
from tests import scenario as s
from tests.files import samples
from tests.web.conftest import (
    PASSWORD,
    Browser,
    account,
    checklist_round,
    other_review,
    own_review,
)
from web.security import POLICY

ROLES = ["anonymous", "officer", "officer.other", "investigator", "signatory", "inspector", "admin"]
SIGNED_IN = set(ROLES) - {"anonymous"}
READERS_OWN = {"officer", "investigator", "signatory", "inspector"}
READERS_OTHER = {"officer.other", "inspector"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[dict[str, Any]], str]
    own: set[str]
    other: set[str] | None = None  # None: the route concerns no review
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda ids: {}


def review_route(
    method: str,
    suffix: str,
    own: set[str],
    other: set[str],
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda ids: {},
) -> Route:
    return Route(method, lambda ids: f"/reviews/{ids['review']}{suffix}", own, other, data)


# Checklist rounds (issue 23): the round is issued to 测试区 (the "own" column) and 另一区
# (the "other"); a county's officers record their own column, the city reads them all.
ROUND_READERS = {"officer", "officer.other", "inspector"}


def column_route(
    method: str,
    suffix: str,
    own: set[str],
    other: set[str],
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda ids: {},
) -> Route:
    return Route(
        method,
        lambda ids: f"/checklists/{ids['round']}/{ids['jurisdiction']}{suffix}",
        own,
        other,
        data,
    )


def measure(ids: dict[str, Any]) -> str:
    return str(ids["measure"])


ROUTES: dict[str, Route] = {
    "auth.login": Route("GET", lambda ids: "/login", set(ROLES)),
    "auth.login_post": Route(
        "POST",
        lambda ids: "/login",
        set(ROLES),
        data=lambda ids: {"username": "x", "password": "y"},
    ),
    "auth.language": Route(
        "POST", lambda ids: "/language", set(ROLES), data=lambda ids: {"language": "en"}
    ),
    "auth.logout": Route("POST", lambda ids: "/logout", SIGNED_IN),
    "auth.password": Route("GET", lambda ids: "/account/password", SIGNED_IN),
    "auth.password_post": Route(
        "POST",
        lambda ids: "/account/password",
        SIGNED_IN,
        data=lambda ids: {"current_password": PASSWORD, "new_password": PASSWORD},
    ),
    "healthz": Route("GET", lambda ids: "/healthz", set(ROLES)),
    "readyz": Route("GET", lambda ids: "/readyz", set(ROLES)),
    "static": Route("GET", lambda ids: "/static/fupan.css", set(ROLES)),
    # An administrator is sent on to the accounts: no case content.
    "reviews.dashboard": Route("GET", lambda ids: "/", SIGNED_IN),
    "tasks.mine": Route("GET", lambda ids: "/tasks", SIGNED_IN - {"admin"}),
    "contact.settings": Route("GET", lambda ids: "/account/notifications", SIGNED_IN),
    "contact.email": Route(
        "POST",
        lambda ids: "/account/notifications/email",
        SIGNED_IN,
        data=lambda ids: {"email": "x"},
    ),
    "contact.confirm": Route(
        "POST",
        lambda ids: "/account/notifications/confirm",
        SIGNED_IN,
        data=lambda ids: {"code": "1"},
    ),
    "contact.delivery": Route(
        "POST",
        lambda ids: "/account/notifications/delivery",
        SIGNED_IN,
        data=lambda ids: {"delivery": "site"},
    ),
    "contact.outbox": Route("GET", lambda ids: "/admin/outbox", {"admin"}),
    "contact.webhooks": Route("GET", lambda ids: "/admin/webhooks", {"admin"}),
    "contact.add_webhook": Route(
        "POST",
        lambda ids: "/admin/webhooks",
        {"admin"},
        data=lambda ids: {"jurisdiction": "测试区", "kind": "generic", "url": "http://hook.test/x"},
    ),
    # An unknown webhook is not found, whoever asks.
    "contact.webhook_active": Route("POST", lambda ids: f"/admin/webhooks/{UNKNOWN}/active", set()),
    "inbox.notifications": Route("GET", lambda ids: "/notifications", SIGNED_IN - {"admin"}),
    "inbox.read_all": Route("POST", lambda ids: "/notifications/read", SIGNED_IN - {"admin"}),
    # Someone else's notification (or none) is not found, whoever asks.
    "inbox.open_one": Route("GET", lambda ids: "/notifications/not-yours", set()),
    "reviews.search": Route(
        "POST",
        lambda ids: "/search",
        SIGNED_IN - {"admin"},
        data=lambda ids: {"student_name": s.STUDENT["name"]},
    ),
    "reviews.new": Route("GET", lambda ids: "/reviews/new", {"officer", "officer.other"}),
    "reviews.register": Route(
        "POST",
        lambda ids: "/reviews",
        {"officer"},
        {"officer.other"},
        data=lambda ids: {
            "occurred_on": "2026-11-19",
            "school": "某校",
            "jurisdiction": ids["jurisdiction"],
            "category": "other",
            "student.name": "测试学生",
            "student.gender": "female",
        },
    ),
    "reviews.show": review_route("GET", "", READERS_OWN, READERS_OTHER),
    "reviews.reveal": review_route("POST", "/personal-data", READERS_OWN, READERS_OTHER),
    "reviews.appoint": review_route(
        "POST",
        "/members",
        {"officer"},
        {"officer.other"},
        lambda ids: {"account": "signatory", "party": "school"},
    ),
    "reviews.remove": review_route(
        "POST",
        "/members/remove",
        {"officer"},
        {"officer.other"},
        lambda ids: {"account_id": str(s.MEMBERS["police"])},
    ),
    "reviews.designate": review_route(
        "POST",
        "/signatories",
        {"officer"},
        {"officer.other"},
        lambda ids: {"role": "principal", "account": "signatory"},
    ),
    "reviews.write_aspects": review_route(
        "POST",
        "/aspects",
        {"investigator"},
        set(),
        lambda ids: {"aspects.daily_conduct.text": s.SUBSTANTIVE + "补"},
    ),
    "reviews.revise_risk_point": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/risk-points/{ids['risk']}/revise",
        {"investigator"},
        set(),
        lambda ids: {"description": "改写的风险点", "reason": "描述不准确"},
    ),
    "reviews.withdraw_risk_point": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/risk-points/{ids['risk']}/withdraw",
        {"investigator"},
        set(),
        lambda ids: {"reason": "误记的风险点"},
    ),
    "reviews.revise_measure": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/measures/{ids['measure']}/revise",
        {"investigator"},
        set(),
        lambda ids: {"owner": "另一部门", "reason": "责任部门有误"},
    ),
    "reviews.withdraw_measure": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/measures/{ids['measure']}/withdraw",
        {"investigator"},
        set(),
        lambda ids: {"reason": "重复的措施"},
    ),
    "reviews.correct_incident": review_route(
        "POST",
        "/incident",
        {"officer"},
        {"officer.other"},
        lambda ids: {"school": "更正后的学校", "reason": "校名登记有误"},
    ),
    "reviews.request_withdrawal": review_route(
        "POST",
        "/withdraw",
        {"officer"},
        {"officer.other"},
        lambda ids: {"reason": "重复登记的事件"},
    ),
    # Confirming needs a city-wide officer other than the requester: none of these roles.
    "reviews.confirm_withdrawal": review_route("POST", "/withdraw/confirm", set(), set()),
    "reviews.cancel_withdrawal": review_route(
        "POST", "/withdraw/cancel", {"officer"}, {"officer.other"}
    ),
    "reviews.classify_risk_point": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/risk-points/{ids['risk']}/themes",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"themes": s.THEME},
    ),
    "reviews.record_risk_point": review_route(
        "POST", "/risk-points", {"investigator"}, set(), lambda ids: {"description": "某风险"}
    ),
    "reviews.propose_measure": review_route(
        "POST",
        "/measures",
        {"investigator"},
        set(),
        lambda ids: {
            "description": "某措施",
            "addresses": str(ids["risk"]),
            "owner": "某处",
            "due_on": "2027-01-01",
        },
    ),
    "reviews.measure_taken": review_route(
        "POST",
        "/measures/taken",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"measure_id": measure(ids), "evidence": "档案号 X"},
    ),
    "reviews.measure_progress": review_route(
        "POST",
        "/measures/progress",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"measure_id": measure(ids), "note": "进行中"},
    ),
    "reviews.measure_owner_account": review_route(
        "POST",
        "/measures/owner-account",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"measure_id": measure(ids), "account_id": ""},
    ),
    "reviews.send": review_route("POST", "/send", {"officer"}, {"officer.other"}),
    "reviews.close": review_route("POST", "/close", {"officer"}, {"officer.other"}),
    "reviews.urge": review_route(
        "POST", "/urge", {"officer"}, {"officer.other"}, lambda ids: {"note": "请尽快办理"}
    ),
    "reviews.open_correction": review_route(
        "POST",
        "/corrections",
        {"officer"},
        {"officer.other"},
        lambda ids: {"reason": "需要更正事件经过"},
    ),
    "signing.page": review_route("GET", "/sign/principal", {"signatory"}, set()),
    "signing.reveal": review_route("POST", "/sign/principal/personal-data", {"signatory"}, set()),
    "signing.sign": review_route(
        "POST",
        "/sign/principal",
        {"signatory"},
        set(),
        lambda ids: {"kind": "signature", "password": PASSWORD},
    ),
    "signing.decline": review_route(
        "POST", "/decline/principal", {"signatory"}, set(), lambda ids: {"reason": "风险分析不充分"}
    ),
    "audit.history": review_route("GET", "/history", READERS_OWN, READERS_OTHER),
    "audit.as_of": review_route("GET", "/as-of?version=1", READERS_OWN, READERS_OTHER),
    "audit.diff": review_route("GET", "/diff?from=1", READERS_OWN, READERS_OTHER),
    "audit.printable": review_route("GET", "/print", READERS_OWN, READERS_OTHER),
    "audit.report_pdf": review_route("GET", "/report.pdf", READERS_OWN, READERS_OTHER),
    "audit.report_check": Route("GET", lambda ids: "/audit/report-check", {"inspector"}),
    "audit.report_check_post": Route("POST", lambda ids: "/audit/report-check", {"inspector"}),
    "audit.access": review_route("GET", "/access", {"inspector"}, {"inspector"}),
    "audit.integrity": Route("GET", lambda ids: "/audit/integrity", {"inspector"}),
    "audit.start_verification": Route("POST", lambda ids: "/audit/integrity", {"inspector"}),
    # The API takes bearer tokens only: a browser's session cookie opens none of it.
    "api_tokens.create_token": Route("POST", lambda ids: "/api/v1/tokens", set(ROLES)),
    "api_tokens.revoke_token": Route("DELETE", lambda ids: "/api/v1/tokens/current", set()),
    "api_tokens.me": Route("GET", lambda ids: "/api/v1/me", set()),
    "api-docs.openapi_json": Route("GET", lambda ids: "/api/v1/openapi.json", set(ROLES)),
    "api_reference": Route("GET", lambda ids: "/api/v1/docs", set(ROLES)),
    "api_reviews.list_reviews": Route("GET", lambda ids: "/api/v1/reviews", set()),
    "api_reviews.register": Route("POST", lambda ids: "/api/v1/reviews", set()),
    "api_reviews.search": Route("POST", lambda ids: "/api/v1/reviews/search", set()),
    "api_reviews.integrity": Route("GET", lambda ids: "/api/v1/integrity", set()),
    **{
        f"api_reviews.{name}": Route(
            method,
            lambda ids, suffix=suffix: f"/api/v1/reviews/{ids['review']}{suffix}",
            set(),
            set(),
        )
        for name, method, suffix in (
            ("show", "GET", ""),
            ("history", "GET", "/history"),
            ("report_pdf", "GET", "/report.pdf"),
            ("appoint", "POST", "/members"),
            ("remove", "DELETE", "/members/signatory"),
            ("designate", "PUT", "/signatories/principal"),
            ("write_aspect", "PUT", "/aspects/daily_conduct"),
            ("record_risk_point", "POST", "/risk-points"),
            ("propose_measure", "POST", "/measures"),
            ("measure_taken", "POST", "/measures/00000000-0000-4000-8000-000000000000/taken"),
            ("measure_owner_account", "PUT", f"/measures/{UNKNOWN}/owner-account"),
            ("member", "GET", "/members/signatory"),
            ("risk_point", "GET", f"/risk-points/{UNKNOWN}"),
            ("revise_risk_point", "PATCH", f"/risk-points/{UNKNOWN}"),
            ("withdraw_risk_point", "POST", f"/risk-points/{UNKNOWN}/withdraw"),
            ("classify_risk_point", "PUT", f"/risk-points/{UNKNOWN}/themes"),
            ("measure", "GET", f"/measures/{UNKNOWN}"),
            ("revise_measure", "PATCH", f"/measures/{UNKNOWN}"),
            ("withdraw_measure", "POST", f"/measures/{UNKNOWN}/withdraw"),
            ("measure_progress", "POST", f"/measures/{UNKNOWN}/progress"),
            ("correct_incident", "PATCH", "/incident"),
            ("request_withdrawal", "POST", "/withdraw"),
            ("confirm_withdrawal", "POST", "/withdraw/confirm"),
            ("cancel_withdrawal", "POST", "/withdraw/cancel"),
            ("send", "POST", "/signoff"),
            ("sign", "POST", "/signoff/signatures"),
            ("close", "POST", "/close"),
            ("open_correction", "POST", "/corrections"),
        )
    },
    "admin.accounts": Route("GET", lambda ids: "/admin/accounts", {"admin"}),
    "admin.create": Route(
        "POST",
        lambda ids: "/admin/accounts",
        {"admin"},
        data=lambda ids: {"username": f"new.{ids['n']}", "display_name": "新", "role": "inspector"},
    ),
    "admin.approve": Route(
        "POST", lambda ids: f"/admin/requests/{ids['request']}/approve", {"admin"}
    ),
    "admin.withdraw": Route(
        "POST", lambda ids: f"/admin/requests/{ids['request']}/withdraw", {"admin"}
    ),
    "auth.notices": Route("GET", lambda ids: "/account/notices", SIGNED_IN),
    "auth.answer_notices": Route(
        "POST", lambda ids: "/account/notices", SIGNED_IN, data=lambda ids: {"reported": "false"}
    ),
    "auth.enrol": Route("GET", lambda ids: "/enrol", set(ROLES)),
    "auth.enrol_post": Route(
        "POST",
        lambda ids: "/enrol",
        set(ROLES),
        data=lambda ids: {
            "username": "victim",
            "code": "AAAA-BBBB-CCCC",
            "password": "a-strong-passphrase-7",
            "confirm": "a-strong-passphrase-7",
        },
    ),
    "admin.account": Route("GET", lambda ids: f"/admin/accounts/{ids['victim']}", {"admin"}),
    "admin.role": Route(
        "POST",
        lambda ids: f"/admin/accounts/{ids['victim']}/role",
        {"admin"},
        data=lambda ids: {"role": "inspector"},
    ),
    "admin.password": Route(
        "POST",
        lambda ids: f"/admin/accounts/{ids['victim']}/password",
        {"admin"},
    ),
    "admin.disable": Route(
        "POST", lambda ids: f"/admin/accounts/{ids['victim']}/disable", {"admin"}
    ),
    "admin.enable": Route("POST", lambda ids: f"/admin/accounts/{ids['victim']}/enable", {"admin"}),
    "admin.unit": Route(
        "POST",
        lambda ids: f"/admin/accounts/{ids['victim']}/unit",
        {"admin"},
        data=lambda ids: {"unit": "某单位"},
    ),
    "admin.reference": Route("GET", lambda ids: "/admin/reference", {"admin"}),
    "admin.add_reference": Route(
        "POST",
        lambda ids: "/admin/reference",
        {"admin"},
        data=lambda ids: {"kind": "school", "code": f"S{ids['n']}", "parent": "测试区"},
    ),
    "admin.rename_reference": Route(
        "POST",
        lambda ids: f"/admin/reference/{ids['entry']}/label",
        {"admin"},
        data=lambda ids: {"label": f"测试区（{ids['n']}）"},
    ),
    "admin.deactivate_reference": Route(
        "POST", lambda ids: f"/admin/reference/{ids['entry']}/deactivate", {"admin"}
    ),
    "admin.reactivate_reference": Route(
        "POST", lambda ids: f"/admin/reference/{ids['entry']}/reactivate", {"admin"}
    ),
    # Statistics: inspectors and officers (each within their sight); not participants
    # nor administrators. The themes and the expert pool: city-wide officers only (none
    # of these roles; tests/web/test_statistics_pages.py signs one in).
    "statistics.page": Route(
        "GET", lambda ids: "/statistics", {"officer", "officer.other", "inspector"}
    ),
    "statistics.export": Route(
        "POST",
        lambda ids: "/statistics/export",
        {"officer", "officer.other", "inspector"},
        data=lambda ids: {"format": "csv"},
    ),
    "statistics.case_lists": Route("GET", lambda ids: "/lists", set()),
    "statistics.add_case_list_entry": Route(
        "POST", lambda ids: "/lists", set(), data=lambda ids: {"kind": "theme", "code": "新主题"}
    ),
    "statistics.rename_case_list_entry": Route(
        "POST",
        lambda ids: f"/lists/{ids['theme']}/label",
        set(),
        data=lambda ids: {"label": "改名"},
    ),
    "statistics.deactivate_case_list_entry": Route(
        "POST", lambda ids: f"/lists/{ids['theme']}/deactivate", set()
    ),
    "statistics.reactivate_case_list_entry": Route(
        "POST", lambda ids: f"/lists/{ids['theme']}/reactivate", set()
    ),
    "statistics.add_expert": Route(
        "POST",
        lambda ids: "/lists/experts",
        set(),
        data=lambda ids: {"code": "E9", "name": "某", "specialities": "法律", "jurisdictions": "*"},
    ),
    "statistics.describe_expert": Route(
        "POST",
        lambda ids: f"/lists/{ids['theme']}/details",
        set(),
        data=lambda ids: {"specialities": "法律", "jurisdictions": "*"},
    ),
    "reviews.people": review_route(
        "POST", "/people", {"officer"}, {"officer.other"}, lambda ids: {"q": "测试"}
    ),
    "api_reviews.people": Route("GET", lambda ids: "/api/v1/people?q=x", set()),
    "api_reviews.add_attachment": Route(
        "POST", lambda ids: f"/api/v1/reviews/{ids['review']}/attachments", set(), set()
    ),
    "api_reviews.list_attachments": Route(
        "GET", lambda ids: f"/api/v1/reviews/{ids['review']}/attachments", set(), set()
    ),
    "api_reviews.download_attachment": Route(
        "GET",
        lambda ids: f"/api/v1/reviews/{ids['review']}/attachments/{ids['attachment']}",
        set(),
        set(),
    ),
    "api_reviews.withdraw_attachment": Route(
        "POST",
        lambda ids: f"/api/v1/reviews/{ids['review']}/attachments/{ids['attachment']}/withdraw",
        set(),
        set(),
    ),
    "reviews.record_paper_mark": review_route(
        "POST",
        "/paper-marks",
        {"officer"},
        {"officer.other"},
        lambda ids: {"slot": "principal", "mark": "seal", "scan": ids["attachment"]},
    ),
    "reviews.dispute_paper_mark": review_route(
        "POST",
        "/paper-marks/dispute",
        {"investigator", "signatory"},
        set(),
        lambda ids: {"slot": "principal", "reason": "我没有盖章"},
    ),
    "reviews.add_attachment": review_route(
        "POST",
        "/attachments",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"file": (io.BytesIO(samples.pdf()), "会议纪要.pdf"), "kind": "minutes"},
    ),
    "reviews.download_attachment": Route(
        "GET",
        lambda ids: f"/reviews/{ids['review']}/attachments/{ids['attachment']}",
        READERS_OWN,
        READERS_OTHER,
    ),
    "checklists.index": Route("GET", lambda ids: "/checklists", ROUND_READERS),
    "checklists.templates": Route("GET", lambda ids: "/checklists/templates", ROUND_READERS),
    # Issued by city-wide officers only (tests/web/test_checklist_pages.py signs one in).
    "checklists.new": Route("GET", lambda ids: "/checklists/new", set()),
    "checklists.issue": Route(
        "POST",
        lambda ids: "/checklists/new",
        set(),
        data=lambda ids: {
            "template": "notice-2023-autumn",
            "title": f"新一轮{ids['n']}",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-31",
            "jurisdictions": "测试区",
        },
    ),
    "checklists.template_download": Route(
        "GET", lambda ids: "/checklists/templates/notice-2023-autumn.xlsx", ROUND_READERS
    ),
    # Templates are kept by city-wide officers only.
    "checklists.keep_template": Route(
        "POST",
        lambda ids: "/checklists/templates",
        set(),
        data=lambda ids: {"code": "t1", "title": "模板", "file": (io.BytesIO(b"x"), "t.xlsx")},
    ),
    "checklists.deactivate_template": Route(
        "POST", lambda ids: "/checklists/templates/notice-2023-autumn/deactivate", set()
    ),
    "checklists.reactivate_template": Route(
        "POST", lambda ids: "/checklists/templates/notice-2023-autumn/reactivate", set()
    ),
    "checklists.show": Route("GET", lambda ids: f"/checklists/{ids['round']}", ROUND_READERS),
    "checklists.export": Route(
        "GET", lambda ids: f"/checklists/{ids['round']}/matrix.xlsx", ROUND_READERS
    ),
    "checklists.column": column_route(
        "GET", "", {"officer", "inspector"}, {"officer.other", "inspector"}
    ),
    "checklists.record": column_route(
        "POST",
        "/items/2",
        {"officer"},
        {"officer.other"},
        lambda ids: {"status": "in_progress", "note": "部分学校已召开"},
    ),
    "checklists.add_evidence": column_route(
        "POST",
        "/items/2/evidence",
        {"officer"},
        {"officer.other"},
        lambda ids: {"file": (io.BytesIO(samples.pdf()), "纪要.pdf")},
    ),
    "checklists.download_evidence": Route(
        "GET",
        lambda ids: f"/checklists/{ids['round']}/{ids['jurisdiction']}/evidence/{ids['evidence']}",
        {"officer", "inspector"},
        {"officer.other", "inspector"},
    ),
    "checklists.withdraw_evidence": Route(
        "POST",
        lambda ids: (
            f"/checklists/{ids['round']}/{ids['jurisdiction']}/evidence/{ids['evidence']}/withdraw"
        ),
        {"officer"},
        {"officer.other"},
        lambda ids: {"reason": "传错了"},
    ),
    "checklists.submit": column_route("POST", "/submit", {"officer"}, {"officer.other"}),
    "checklists.report": column_route(
        "GET", "/report.pdf", {"officer", "inspector"}, {"officer.other", "inspector"}
    ),
    "reviews.withdraw_attachment": Route(
        "POST",
        lambda ids: f"/reviews/{ids['review']}/attachments/{ids['attachment']}/withdraw",
        {"officer", "investigator"},
        {"officer.other"},
        lambda ids: {"reason": "上传了错误的文件"},
    ),
}


def test_every_route_declares_a_policy_and_has_an_expectation(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "a new route needs a policy and a line in ROUTES"
    for endpoint in endpoints:
        if endpoint != "static":
            policy = getattr(app.view_functions[endpoint], POLICY, None)
            assert policy in ("public", "signed_in", "bearer"), endpoint


def test_a_route_without_a_policy_is_refused(app: Flask) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    response = app.test_client().get("/undeclared")
    assert response.status_code == 403
    assert "secret" not in response.text


def refused(response: Any) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 401 and response.request.path.startswith("/api/"):
        return True  # the sign-in page answers a wrong password with 401 too: not a refusal
    # the sign-in page, asked for by the policy (signing out also ends on /login, plainly)
    return response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ROLES)
def test_no_role_succeeds_where_it_may_not(app: Flask, desk: ReviewDesk, role: str) -> None:
    desk.create_account(
        username="victim",
        display_name="被管理账户",
        role="inspector",
        password="victim-passphrase-1",
        actor=s.OFFICER,
    )
    # A request by another administrator, for the approval and withdrawal routes.
    other_admin = desk.create_account(
        username="test.admin.other",
        display_name="另一管理员",
        role="administrator",
        password=PASSWORD,
        actor=s.OFFICER,
    )
    request = desk.request_reset(account("victim"), actor=other_admin)
    reviews = {"own": own_review(desk), "other": other_review(desk)}
    checklist_round(desk)
    for rid in reviews.values():
        desk.record_risk_point(
            rid, description="风险", actor=s.OFFICER, themes=[s.ensure_theme(desk)]
        )
        desk.send_for_signature(rid, actor=s.OFFICER)  # so that there is a slot to sign
        desk.add_attachment(
            rid, content=samples.pdf(), filename="结论.pdf", kind="other", actor=s.OFFICER
        )
    b = Browser(app.test_client())
    if role != "anonymous":
        assert b.login(role).status_code == 302
    b.get("/login")
    unauthorised_successes, wrongly_refused = [], []
    # Declining voids the sign-off: it goes last, after the signing page and the signature.
    order = sorted(ROUTES, key=lambda e: (e == "signing.decline", e))
    for n, (endpoint, route) in enumerate((e, ROUTES[e]) for e in order):
        for which in ("own", "other") if route.other is not None else ("own",):
            ids = _ids(desk, reviews[which], which, n, request)
            allowed = role in (route.own if which == "own" else (route.other or set()))
            response = _request(b, route, ids)
            if allowed and refused(response):
                wrongly_refused.append((endpoint, which, response.status_code))
            if not allowed and not refused(response):
                unauthorised_successes.append(
                    (endpoint, which, response.status_code, response.headers.get("Location"))
                )
            if endpoint == "auth.logout" and role != "anonymous":
                b.login(role)  # sign in again for the remaining routes
            b.get("/login")
    assert unauthorised_successes == []
    assert wrongly_refused == []


def _ids(
    desk: ReviewDesk, rid: UUID, which: str, n: int, request: object = UNKNOWN
) -> dict[str, Any]:
    view = desk.get_review(rid)
    rounds = desk.checklist_rounds()
    place = "测试区" if which == "own" else "另一区"
    evidence = UNKNOWN
    if rounds:
        files = desk.round_progress(rounds[0].id, place).current_evidence(1)
        evidence = str(files[0].id) if files else UNKNOWN
    return {
        "round": rounds[0].id if rounds else UNKNOWN,
        "evidence": evidence,
        "review": rid,
        # A post that succeeds may withdraw them (only refusals must change nothing).
        "risk": view["risk_points"][0]["id"] if view["risk_points"] else UNKNOWN,
        "measure": view["measures"][0]["id"] if view["measures"] else UNKNOWN,
        "attachment": view["attachments"][0]["id"] if view["attachments"] else UNKNOWN,
        "jurisdiction": "测试区" if which == "own" else "另一区",
        "victim": account("victim"),
        "entry": ReferenceEntry.create_id("jurisdiction", "另一区"),
        "theme": ReferenceEntry.create_id("theme", s.THEME),
        "n": n,
        "request": request,
    }


def _request(b: Browser, route: Route, ids: dict[str, Any]) -> Any:
    path = route.path(ids)
    if route.method == "GET":
        response = b.client.get(path)
    elif route.method == "POST":
        response = b.post(path, route.data(ids))
    else:
        response = b.client.open(path, method=route.method, data={"csrf_token": b.token})
    response.close()  # static files are streamed
    return response
