"""Administration: accounts, roles, scopes, disabling, password resets. No case content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from web.i18n import _
from web.schemas.accounts import AccountForm, PasswordResetForm, RoleScopeForm
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/accounts")
@signed_in
def accounts() -> Any:
    """Every account, and the form to open one."""
    return render_template(
        "admin/accounts.html", accounts=workspace().list_accounts(), form={}, errors={}
    )


@bp.post("/accounts")
@signed_in
def create() -> Any:
    """Open an account."""
    space = workspace()
    g.on_error = lambda feedback: render_template(
        "admin/accounts.html",
        accounts=space.list_accounts(),
        form=request.form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )
    data = AccountForm().load_form(request.form)
    space.create_account(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        password=data.password,
        jurisdictions=data.scope,
        city_wide=data.city_wide,
    )
    flash(_("The account is open."), "success")
    return redirect(url_for("admin.accounts"))


@bp.get("/accounts/<account_id>")
@signed_in
def account(account_id: str) -> Any:
    """One account: role, scope, status and their history."""
    return _render_account(as_uuid(account_id))


def _render_account(account_id: UUID, feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    feedback = feedback or {}
    return render_template(
        "admin/account.html",
        account=space.get_account(account_id),
        history=space.account_history(account_id),
        form=request.form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )


def _act(account_id: str, done: str, call: Callable[[UUID], None]) -> Any:
    aid = as_uuid(account_id)
    g.on_error = lambda feedback: _render_account(aid, feedback)
    call(aid)
    flash(done, "success")
    return redirect(url_for("admin.account", account_id=aid))


@bp.post("/accounts/<account_id>/role")
@signed_in
def role(account_id: str) -> Any:
    """Change the role and the jurisdiction scope."""

    def change(aid: UUID) -> None:
        data = RoleScopeForm().load_form(request.form)
        workspace().change_access(
            aid, role=data.role, jurisdictions=data.scope, city_wide=data.city_wide
        )

    return _act(account_id, _("The role and scope are saved."), change)


@bp.post("/accounts/<account_id>/password")
@signed_in
def password(account_id: str) -> Any:
    """Set a new password (the holder's sessions and tokens end)."""

    def reset(aid: UUID) -> None:
        data = PasswordResetForm().load_form(request.form)
        workspace().reset_password(aid, password=data.password)

    return _act(account_id, _("The password is reset."), reset)


@bp.post("/accounts/<account_id>/disable")
@signed_in
def disable(account_id: str) -> Any:
    """Disable the account; its sessions and tokens end at once."""
    return _act(
        account_id, _("The account is disabled."), lambda aid: workspace().disable_account(aid)
    )


@bp.post("/accounts/<account_id>/enable")
@signed_in
def enable(account_id: str) -> Any:
    """Enable the account again."""
    return _act(
        account_id, _("The account is enabled."), lambda aid: workspace().enable_account(aid)
    )
