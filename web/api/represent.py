"""How the API shows a review: members, signatories and slots named by username."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from application.presenters import masked_student
from application.views import ReviewView


def api_slot(slot: str, names: dict[str, str]) -> str:
    """``investigator:<account id>`` → ``investigator:<username>``."""
    kind, _, account = slot.partition(":")
    return f"{kind}:{names.get(account, account)}" if account else slot


def internal_slot(slot: str) -> str:
    """``investigator:<username>`` → ``investigator:<account id>``."""
    kind, _, username = slot.partition(":")
    if kind == "investigator" and username:
        try:
            UUID(username)
        except ValueError:
            return f"investigator:{account_id_for(username)}"
    return slot


def masked_data(data: dict[str, Any]) -> dict[str, Any]:
    """An event's data with the student masked (``Registered``, ``IncidentAmended``)."""
    student = data.get("student")
    if not isinstance(student, dict):
        return data
    return {**data, "student": masked_student(student)}


def review(view: ReviewView, names: dict[str, str], *, reveal: bool = False) -> dict[str, Any]:
    """The review in the API's words; the student masked unless ``reveal``."""
    incident: dict[str, Any] = dict(view["incident"])
    student: dict[str, Any] = dict(incident.pop("student"))
    if not reveal:
        student = masked_student(student)
    student["grade"] = student.pop("grade_class", "")
    signoff = view["signoff"]
    return {
        "id": view["id"],
        "version": view["version"],
        "status": view["status"],
        "incident": {**incident, "student": student},
        "due_on": view["due_on"],
        "days_left": view["days_left"],
        "overdue": view["overdue"],
        "late": view["late"],
        "late_reason": view["late_reason"],
        "team": [
            {
                "account": names.get(m["account_id"], m["account_id"]),
                "name": m["name"],
                "party": m["party"],
            }
            for m in view["team"]
        ],
        "signatories": {
            role: {"account": names.get(s["account_id"], s["account_id"]), "name": s["name"]}
            for role, s in view["signatories"].items()
        },
        "aspects": view["aspects"],
        "risk_points": view["risk_points"],
        "measures": view["measures"],
        "withdrawal": None
        if view["withdrawal"] is None
        else {
            **view["withdrawal"],
            "requested_by": names.get(
                view["withdrawal"]["requested_by"], view["withdrawal"]["requested_by"]
            ),
        },
        "report_revision": view["report_revision"],
        "content_hash": view["content_hash"],
        "blockers": [{"code": b["code"]} for b in view["blockers"]],
        "signoff": None
        if signoff is None
        else {
            "revision": signoff["revision"],
            "content_hash": signoff["content_hash"],
            "state": "void" if signoff["void"] else "complete" if signoff["complete"] else "open",
            "slots": [
                {
                    "slot": api_slot(x["slot"], names),
                    "account": names.get(x["holder"], x["holder"]),
                    "name": x["name"],
                    "state": {
                        "signature": "signed",
                        "seal": "sealed",
                        "decline": "declined",
                        None: "waiting",
                    }[x["mark"]],
                    "at": x["at"],
                }
                for x in signoff["slots"]
            ],
        },
    }
