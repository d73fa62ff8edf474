"""The pages and the API are two doors to one application: a scenario driven half through
each ends where the same scenario driven through the application alone ends."""

from __future__ import annotations

from typing import Any

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import Browser

INCIDENT = {
    "occurred_on": "2026-11-18",
    "school": "测试区第六中学",
    "jurisdiction": "测试区",
    "category": "other",
    "on_premises": True,
}


def comparable(view: dict[str, Any]) -> dict[str, Any]:
    keep = ("status", "report_revision", "due_on", "late", "blockers", "aspects")
    picked = {k: view[k] for k in keep}
    picked["team"] = sorted((m["party"], m["name"]) for m in view["team"])
    picked["risk_points"] = [r["description"] for r in view["risk_points"]]
    picked["measures"] = [(m["description"], m["owner"], m["due_on"]) for m in view["measures"]]
    picked["incident"] = {k: v for k, v in view["incident"].items() if k != "student"}
    return picked


def test_half_through_the_pages_half_through_the_api(
    as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    for party in ("school", "education_department", "expert"):
        s.ensure_account(desk, s.MEMBERS[party])
    for role in s.SIGNATORIES:
        s.ensure_account(desk, s.SIGNATORIES[role])

    # Through the pages: register, and the school and the bureau join.
    page: Browser = as_user("officer")
    page.get("/reviews/new")
    form = {k: str(v) for k, v in INCIDENT.items() if k != "on_premises"}
    form.update({"on_premises": "true", "student.name": "测试学生庚", "student.gender": "male"})
    response = page.post("/reviews", form)
    rid = response.headers["Location"].rsplit("/", 1)[-1]
    page.get(f"/reviews/{rid}")
    for party in ("school", "education_department"):
        page.post(f"/reviews/{rid}/members", {"account": s.MEMBER_NAMES[party], "party": party})
    # Through the API: police and expert, the signatories, the report.
    officer = api("officer")
    officer.call("POST", f"/reviews/{rid}/members", {"account": "investigator", "party": "police"})
    officer.call("POST", f"/reviews/{rid}/members", {"account": "test.expert", "party": "expert"})
    for role, username in s.SIGNATORY_NAMES.items():
        officer.call("PUT", f"/reviews/{rid}/signatories/{role}", {"account": username})
    writer = api("investigator")
    for aspect in s.ASPECTS[:2]:
        writer.call("PUT", f"/reviews/{rid}/aspects/{aspect}", {"text": s.SUBSTANTIVE})
    # And back through the pages for the rest of the report.
    pen = as_user("investigator")
    pen.get(f"/reviews/{rid}")
    for aspect in s.ASPECTS[2:]:
        pen.post(f"/reviews/{rid}/aspects", {f"aspects.{aspect}.text": s.SUBSTANTIVE})
    pen.post(
        f"/reviews/{rid}/risk-points",
        {"description": "校内巡查存在盲区", "themes": s.ensure_theme(desk, "校内安全管理")},
    )
    risk = desk.get_review(rid)["risk_points"][0]["id"]
    pen.post(
        f"/reviews/{rid}/measures",
        {
            "description": "增加巡查频次",
            "addresses": risk,
            "owner": "保卫处",
            "due_on": "2027-02-01",
        },
    )
    assert officer.call("POST", f"/reviews/{rid}/signoff", {}).status_code == 201

    # The same scenario through the application alone.
    same = s.register(
        desk,
        school=INCIDENT["school"],
        category="other",
        on_premises=True,
        student={"name": "测试学生庚", "gender": "male"},
    )
    for party in ("school", "education_department", "police", "expert"):
        member = s.account_id_for("investigator") if party == "police" else s.MEMBERS[party]
        name = desk.get_account(member)["display_name"]
        desk.appoint_member(same, account_id=member, name=name, party=party, actor=s.OFFICER)
    for role, username in s.SIGNATORY_NAMES.items():
        desk.designate_signatory(
            same, role=role, account_id=s.account_id_for(username), name=username, actor=s.OFFICER
        )
    for aspect in s.ASPECTS:
        desk.write_aspect(same, aspect=aspect, text=s.SUBSTANTIVE, actor=s.OFFICER)
    risk = desk.record_risk_point(
        same, description="校内巡查存在盲区", actor=s.OFFICER, themes=["校内安全管理"]
    ).id
    desk.propose_measure(
        same,
        description="增加巡查频次",
        addresses=[risk],
        owner="保卫处",
        due_on="2027-02-01",
        actor=s.OFFICER,
    )
    desk.send_for_signature(same, actor=s.OFFICER)

    assert comparable(desk.get_review(rid)) == comparable(desk.get_review(same))
