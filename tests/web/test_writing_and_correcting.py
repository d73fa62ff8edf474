"""Through the pages and the API: nothing typed is lost, no false conflicts, every mistake
correctable with a reason, double submissions harmless, duplicates warned of."""

from __future__ import annotations

from html import unescape
from typing import Any

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import PASSWORD, account, own_review

TEXT = s.SUBSTANTIVE


def texts(**by_aspect: str) -> dict[str, str]:
    return {f"aspects.{k}.text": v for k, v in by_aspect.items()}


def test_the_page_saves_all_four_aspects_in_one_submit(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = as_user("investigator")
    b.get(f"/reviews/{rid}")
    typed = {a: f"{n}：{TEXT}" for n, a in enumerate(s.ASPECTS)}
    assert b.post(f"/reviews/{rid}/aspects", texts(**typed)).status_code == 302
    assert {k: a["text"] for k, a in desk.get_review(rid)["aspects"].items()} == typed


def test_a_refused_aspect_saves_nothing_and_keeps_every_text(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    before = desk.get_review(rid)
    b = as_user("investigator")
    b.get(f"/reviews/{rid}")
    typed = {
        "daily_conduct": "新的一：" + TEXT,
        "family_and_parenting": "  ",
        "trigger_and_course": "三" * 20_001,
        "risks_and_measures": "新的四：" + TEXT,
    }
    response = b.post(f"/reviews/{rid}/aspects", {**texts(**typed), "form_name": "aspects"})
    assert response.status_code == 422
    page = unescape(response.text)
    assert 'id="aspects-family_and_parenting-text-error">必填' in page
    assert "不超过 20000 字" in page
    assert "新的一：" in page
    assert "新的四：" in page, "every text is kept"
    assert desk.get_review(rid)["version"] == before["version"]


def test_two_people_on_different_aspects_both_save(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    view = desk.get_review(rid)
    read = {k: (a["text"], a["draft"]) for k, a in view["aspects"].items()}
    first, second = as_user("investigator"), as_user("officer")
    desk.appoint_member(
        rid, account_id=account("signatory"), name="签字人甲", party="school", actor=s.OFFICER
    )
    second = as_user("signatory")
    for who in (first, second):
        who.get(f"/reviews/{rid}")

    def submit(who: Any, aspect: str, text: str) -> Any:
        form: dict[str, str] = {}
        for key, (old, draft) in read.items():
            form[f"aspects.{key}.text"] = text if key == aspect else old
            form[f"aspects.{key}.draft"] = str(draft)
        return who.post(f"/reviews/{rid}/aspects", {**form, "form_name": "aspects"})

    assert submit(first, "family_and_parenting", "甲：" + TEXT).status_code == 302
    assert submit(second, "risks_and_measures", "乙：" + TEXT).status_code == 302
    aspects = desk.get_review(rid)["aspects"]
    assert aspects["family_and_parenting"]["text"].startswith("甲")
    assert aspects["risks_and_measures"]["text"].startswith("乙")
    # The same aspect: the second sees both texts, theirs kept.
    response = submit(first, "risks_and_measures", "甲也改了：" + TEXT)
    assert response.status_code == 409
    page = unescape(response.text)
    assert "乙：" in page
    assert "甲也改了：" in page
    assert "并排显示" in page


def test_the_api_takes_a_draft_or_a_version_not_both(api: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    writer = api("investigator")
    path = f"/reviews/{rid}/aspects/daily_conduct"
    draft = desk.get_review(rid)["aspects"]["daily_conduct"]["draft"]
    both = writer.call("PUT", path, {"text": TEXT, "expected_draft": draft, "expected_version": 1})
    assert (both.status_code, list(both.json["errors"])) == (422, ["expected_draft"])
    desk.write_aspect(rid, aspect="family_and_parenting", text="他人：" + TEXT, actor=s.OFFICER)
    ok = writer.call("PUT", path, {"text": "改：" + TEXT, "expected_draft": draft})
    assert ok.status_code == 200, "another aspect changed: no conflict"
    stale = writer.call("PUT", path, {"text": "再改：" + TEXT, "expected_draft": draft})
    assert stale.status_code == 409
    assert stale.json["code"] == "aspect_changed"
    assert stale.json["errors"] == {"aspects.daily_conduct": [str(draft + 1)]}


def test_the_incident_is_corrected_on_the_page_with_a_reason(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    b = as_user("officer")
    b.get(f"/reviews/{rid}")
    form = {
        "occurred_on": "2026-11-16",
        "school": "测试区第一中学",
        "category": "suicide",
        "form_name": "incident",
    }
    refused = b.post(f"/reviews/{rid}/incident", form)
    assert refused.status_code == 422
    assert "2026-11-16" in refused.text, "what was typed is kept"
    done = b.post(f"/reviews/{rid}/incident", {**form, "reason": "报案记录核对后更正"})
    assert done.status_code == 302
    view = desk.get_review(rid)
    assert (view["due_on"], view["status"]) == ("2026-11-30", "investigating")
    history = b.get(f"/reviews/{rid}/history").text
    assert "报案记录核对后更正" in history


def test_risk_points_and_measures_are_corrected_and_withdrawn_on_the_page(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    view = desk.get_review(rid)
    risk, measure = view["risk_points"][0]["id"], view["measures"][0]["id"]
    b = as_user("investigator")
    b.get(f"/reviews/{rid}")
    extra = desk.record_risk_point(rid, description="误记", actor=s.OFFICER).id
    base = f"/reviews/{rid}"
    assert (
        b.post(
            f"{base}/risk-points/{risk}/revise",
            {"description": "更正后的风险点", "reason": "描述不准确"},
        ).status_code
        == 302
    )
    assert b.post(f"{base}/risk-points/{extra}/withdraw", {"reason": "重复记录"}).status_code == 302
    assert (
        b.post(
            f"{base}/measures/{measure}/revise",
            {"owner": "学校德育处", "addresses": risk, "reason": "责任部门有误"},
        ).status_code
        == 302
    )
    assert (
        b.post(f"{base}/measures/progress", {"measure_id": measure, "note": "已布置"}).status_code
        == 302
    )
    view = desk.get_review(rid)
    assert [r["description"] for r in view["risk_points"]] == ["更正后的风险点"]
    assert (view["measures"][0]["owner"], view["measures"][0]["status"]) == (
        "学校德育处",
        "in_progress",
    )
    missing = b.post(
        f"{base}/measures/{measure}/withdraw", {"form_name": f"measure-withdraw-{measure}"}
    )
    assert missing.status_code == 422
    history = b.get(f"{base}/history").text
    for why in ("描述不准确", "重复记录", "责任部门有误"):
        assert why in history


def test_corrections_through_the_api(api: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    officer, writer = api("officer"), api("investigator")
    patched = officer.call(
        "PATCH",
        f"/reviews/{rid}/incident",
        {"occurred_on": "2026-11-17", "student": {"grade": "初三（2）班"}, "reason": "核对后更正"},
    )
    assert patched.status_code == 200
    assert patched.json["due_on"] == "2026-12-01"
    assert patched.json["incident"]["student"]["grade"] == "初三（2）班"
    made = writer.call("POST", f"/reviews/{rid}/risk-points", {"description": "误记的风险点"})
    rp = made.json["id"]
    assert (
        writer.call("GET", f"/reviews/{rid}/risk-points/{rp}").json["description"] == "误记的风险点"
    )
    revised = writer.call(
        "PATCH",
        f"/reviews/{rid}/risk-points/{rp}",
        {"description": "改后的风险点", "reason": "描述更正"},
    )
    assert (revised.status_code, revised.json["description"]) == (200, "改后的风险点")
    assert writer.call("POST", f"/reviews/{rid}/risk-points/{rp}/withdraw", {}).status_code == 422
    withdrawn = writer.call(
        "POST", f"/reviews/{rid}/risk-points/{rp}/withdraw", {"reason": "重复记录"}
    )
    assert rp not in [r["id"] for r in withdrawn.json["risk_points"]]
    measure = desk.get_review(rid)["measures"][0]["id"]
    changed = writer.call(
        "PATCH",
        f"/reviews/{rid}/measures/{measure}",
        {"due_on": "2027-03-01", "reason": "期限调整"},
    )
    assert (changed.status_code, changed.json["due_on"]) == (200, "2027-03-01")
    progress = writer.call(
        "POST", f"/reviews/{rid}/measures/{measure}/progress", {"note": "已布置"}
    )
    assert progress.json["status"] == "in_progress"
    member = officer.call("GET", f"/reviews/{rid}/members/investigator")
    assert (member.status_code, member.json["party"]) == (200, "expert")
    reasons = [
        e["data"].get("reason")
        for e in officer.call("GET", f"/reviews/{rid}/history").json["items"]
    ]
    assert {"核对后更正", "描述更正", "重复记录", "期限调整"} <= set(reasons)


def test_a_withdrawal_needs_a_second_city_wide_officer(
    as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    original = s.register(desk)
    twice = s.register(desk)
    requester = as_user("officer")
    requester.get(f"/reviews/{twice}")
    short = requester.post(
        f"/reviews/{twice}/withdraw", {"reason": "重复", "form_name": "withdraw"}
    )
    assert short.status_code == 422
    assert "至少 10 字" in short.text
    asked = requester.post(f"/reviews/{twice}/withdraw", {"duplicate_of": str(original)})
    assert asked.status_code == 302
    assert requester.post(f"/reviews/{twice}/withdraw/confirm", {}).status_code == 403
    city = api("officer.city")
    confirmed = city.call("POST", f"/reviews/{twice}/withdraw/confirm", {})
    assert (confirmed.status_code, confirmed.json["status"]) == (200, "withdrawn")
    inspector = as_user("inspector").get("/").text
    assert "已撤销登记" in inspector
    page = requester.get(f"/reviews/{twice}").text
    assert "此登记已撤销" in page
    listed = {i["id"]: i for i in city.call("GET", "/reviews").json["items"]}
    assert listed[str(twice)]["status"] == "withdrawn"


def test_double_clicking_sign_signs_once_without_a_conflict(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    b = as_user("signatory")
    b.get(f"/reviews/{rid}/sign/principal")
    form = {"kind": "signature", "password": PASSWORD, "form_name": "sign"}
    assert b.post(f"/reviews/{rid}/sign/principal", form).status_code == 302
    again = b.post(f"/reviews/{rid}/sign/principal", form)
    assert again.status_code == 302
    page = b.get(again.headers["Location"]).text
    assert "其他人已修改了此内容" not in page
    assert len(desk.verify_signatures(rid)) == 1


def test_back_and_resubmit_warns_of_the_duplicate_and_keeps_the_form(
    as_user: Any, desk: ReviewDesk
) -> None:
    b = as_user("officer")
    b.get("/reviews/new")
    form = {
        "occurred_on": "2026-11-18",
        "school": "测试区第三中学",
        "jurisdiction": "测试区",
        "category": "drowning",
        "student.name": "测试学生辛",
        "student.gender": "male",
    }
    first = b.post("/reviews", form)
    assert first.status_code == 302
    again = b.post("/reviews", form)
    assert again.status_code == 409
    assert first.headers["Location"].rsplit("/", 1)[-1][:8] in again.text
    assert "测试学生辛" in again.text, "what was typed is kept"
    assert "confirm_duplicate" in again.text
    assert len(desk.list_reviews()) == 1
    assert b.post("/reviews", {**form, "confirm_duplicate": "true"}).status_code == 302
    assert len(desk.list_reviews()) == 2


def test_the_api_answers_a_duplicate_with_the_existing_review(api: Any) -> None:
    officer = api("officer")
    body = {
        "incident": {
            "occurred_on": "2026-11-18",
            "school": "测试区第四中学",
            "jurisdiction": "测试区",
            "category": "other",
            "student": {"name": "测试学生壬"},
        }
    }
    first = officer.call("POST", "/reviews", body)
    assert first.status_code == 201
    assert first.headers["Location"].endswith(first.json["id"])
    again = officer.call("POST", "/reviews", body)
    assert (again.status_code, again.json["code"]) == (409, "possible_duplicate")
    assert again.json["errors"] == {"duplicate_of": [first.json["id"]]}
    # A review the caller may not see is still a possible duplicate, named by no id.
    elsewhere = {**body["incident"], "jurisdiction": "另一区"}
    other = api("officer.other").call("POST", "/reviews", {"incident": elsewhere})
    assert (other.status_code, other.json["errors"]) == (409, {"duplicate_of": []})
    confirmed = officer.call("POST", "/reviews", {**body, "confirm_duplicate": True})
    assert confirmed.status_code == 201


def test_the_id_number_error_shows_beside_its_field(as_user: Any) -> None:
    b = as_user("officer")
    b.get("/reviews/new")
    response = b.post(
        "/reviews",
        {
            "occurred_on": "2026-11-18",
            "school": "某校",
            "jurisdiction": "测试区",
            "category": "other",
            "student.name": "某",
            "student.id_number": "12345",
        },
    )
    assert response.status_code == 422
    assert 'id="student-id_number-error"' in response.text
