"""Administration: accounts, roles, scopes, disabling, and the requests a second
administrator approves (opening accounts, granting content roles, widening scopes,
resetting passwords). No case content; nobody changes their own account here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from web.form_feedback import form_feedback
from web.i18n import _
from web.schemas.accounts import AccountForm, RoleScopeForm
from web.security import as_uuid, current_principal, signed_in, workspace

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _render_accounts(feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    return render_template(
        "admin/accounts.html",
        accounts=space.list_accounts(),
        requests=space.account_requests(),
        people={a["id"]: a["display_name"] for a in space.list_accounts()},
        me=str(current_principal().account_id),
        **form_feedback(feedback),
    )


@bp.get("/accounts")
@signed_in
def accounts() -> Any:
    """Every account, the requests awaiting a second administrator, the form to ask for one."""
    return _render_accounts()


@bp.post("/accounts")
@signed_in
def create() -> Any:
    """Ask to open an account (a second administrator approves; the holder enrols)."""
    g.on_error = _render_accounts
    data = AccountForm().load_form(request.form)
    workspace().request_account(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        jurisdictions=data.scope,
        city_wide=data.city_wide,
    )
    flash(_("The request is made: a second administrator approves it."), "success")
    return redirect(url_for("admin.accounts", _anchor="requests"))


@bp.post("/requests/<request_id>/approve")
@signed_in
def approve(request_id: str) -> Any:
    """Approve another administrator's request; an enrolment code is shown once, here."""
    g.on_error = _render_accounts
    done = workspace().approve_request(as_uuid(request_id))
    if done.code is None:
        flash(_("Approved: the change is made."), "success")
        return redirect(url_for("admin.account", account_id=done.account_id))
    return render_template(
        "admin/enrolment_code.html",
        account=workspace().get_account(done.account_id),
        code=done.code,
        kind=done.kind,
    )


@bp.post("/requests/<request_id>/withdraw")
@signed_in
def withdraw(request_id: str) -> Any:
    """Drop a pending request."""
    g.on_error = _render_accounts
    workspace().withdraw_request(as_uuid(request_id))
    flash(_("The request is withdrawn."), "success")
    return redirect(url_for("admin.accounts", _anchor="requests"))


@bp.get("/accounts/<account_id>")
@signed_in
def account(account_id: str) -> Any:
    """One account: role, scope, status, keys and their provenance, and their history."""
    return _render_account(as_uuid(account_id))


def _render_account(account_id: UUID, feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    feedback = feedback or {}
    found = space.get_account(account_id)
    me = str(current_principal().account_id)
    # The approver of a pending enrolment may show a new code (a lost slip, a closed tab).
    approved_by_me = [
        q
        for q in space.account_requests()
        if q["target_id"] == str(account_id)
        and q["status"] == "approved"
        and q["decided_by"] == me
        and q["kind"] != "change_access"
    ]
    return render_template(
        "admin/account.html",
        account=found,
        new_code_for=approved_by_me[0]["id"]
        if found["enrolment_pending"] and approved_by_me
        else None,
        history=space.account_history(account_id),
        people={a["id"]: a["display_name"] for a in space.list_accounts()},
        own=account_id == current_principal().account_id,
        form=request.form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )


def _act(account_id: str, call: Callable[[UUID], str]) -> Any:
    aid = as_uuid(account_id)
    g.on_error = lambda feedback: _render_account(aid, feedback)
    flash(call(aid), "success")
    return redirect(url_for("admin.account", account_id=aid))


@bp.post("/accounts/<account_id>/role")
@signed_in
def role(account_id: str) -> Any:
    """Change the role and the jurisdiction scope (granting or widening: a request)."""

    def change(aid: UUID) -> str:
        data = RoleScopeForm().load_form(request.form)
        requested = workspace().request_access_change(
            aid, role=data.role, jurisdictions=data.scope, city_wide=data.city_wide
        )
        if requested is None:
            return str(_("The role and scope are saved."))
        return str(_("The request is made: a second administrator approves it."))

    return _act(account_id, change)


@bp.post("/accounts/<account_id>/password")
@signed_in
def password(account_id: str) -> Any:
    """Ask to reset the password: a second administrator approves, the holder enrols."""

    def reset(aid: UUID) -> str:
        workspace().request_reset(aid)
        return str(_("The request is made: a second administrator approves it."))

    return _act(account_id, reset)


@bp.post("/accounts/<account_id>/disable")
@signed_in
def disable(account_id: str) -> Any:
    """Disable the account; its sessions and tokens end at once."""

    def run(aid: UUID) -> str:
        workspace().disable_account(aid)
        return str(_("The account is disabled."))

    return _act(account_id, run)


@bp.post("/accounts/<account_id>/enable")
@signed_in
def enable(account_id: str) -> Any:
    """Enable the account again."""

    def run(aid: UUID) -> str:
        workspace().enable_account(aid)
        return str(_("The account is enabled."))

    return _act(account_id, run)
