"""Administration: accounts, roles, scopes, disabling, password resets. No case content."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from web.app import end_access
from web.i18n import _
from web.schemas.forms import AccountForm, PasswordResetForm, RoleScopeForm, split_jurisdictions
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/accounts")
@signed_in
def accounts() -> Any:
    """Every account, and the form to open one."""
    return render_template(
        "admin/accounts.html", accounts=workspace().administer("list_accounts"),
        form={}, errors={},
    )  # fmt: skip


@bp.post("/accounts")
@signed_in
def create() -> Any:
    """Open an account."""
    space = workspace()
    g.on_error = lambda feedback: render_template(
        "admin/accounts.html", accounts=space.administer("list_accounts"),
        form=request.form, errors=feedback.get("errors", {}), problem=feedback.get("problem"),
    )  # fmt: skip
    data = AccountForm().load_form(request.form)
    space.administer(
        "create_account", username=data["username"], display_name=data["display_name"],
        role=data["role"], password=data["password"],
        jurisdictions=split_jurisdictions(data.get("jurisdictions")),
        city_wide=data["city_wide"],
    )  # fmt: skip
    flash(_("The account is open."), "success")
    return redirect(url_for("admin.accounts"))


@bp.get("/accounts/<account_id>")
@signed_in
def account(account_id: str) -> Any:
    """One account: role, scope, status and their history."""
    return _render_account(account_id)


def _render_account(account_id: str, feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    aid = as_uuid(account_id)
    feedback = feedback or {}
    return render_template(
        "admin/account.html", account=space.administer("get_account", aid),
        history=space.administer("account_history", aid), form=request.form,
        errors=feedback.get("errors", {}), problem=feedback.get("problem"),
    )  # fmt: skip


def _act(account_id: str, done: str, call: Any) -> Any:
    g.on_error = lambda feedback: _render_account(account_id, feedback)
    call(as_uuid(account_id))
    flash(done, "success")
    return redirect(url_for("admin.account", account_id=account_id))


@bp.post("/accounts/<account_id>/role")
@signed_in
def role(account_id: str) -> Any:
    """Change the role and the jurisdiction scope."""

    def change(aid: Any) -> None:
        data = RoleScopeForm().load_form(request.form)
        workspace().administer(
            "change_access", aid, role=data["role"], city_wide=data["city_wide"],
            jurisdictions=split_jurisdictions(data.get("jurisdictions")),
        )  # fmt: skip

    return _act(account_id, _("The role and scope are saved."), change)


@bp.post("/accounts/<account_id>/password")
@signed_in
def password(account_id: str) -> Any:
    """Set a new password (the holder's sessions end)."""

    def reset(aid: Any) -> None:
        data = PasswordResetForm().load_form(request.form)
        workspace().administer("reset_password", aid, password=data["password"])
        end_access(current_app, aid)

    return _act(account_id, _("The password is reset."), reset)


@bp.post("/accounts/<account_id>/disable")
@signed_in
def disable(account_id: str) -> Any:
    """Disable the account; its sessions end at once."""

    def run(aid: Any) -> None:
        workspace().administer("disable_account", aid)
        end_access(current_app, aid)

    return _act(account_id, _("The account is disabled."), run)


@bp.post("/accounts/<account_id>/enable")
@signed_in
def enable(account_id: str) -> Any:
    """Enable the account again."""
    return _act(
        account_id,
        _("The account is enabled."),
        lambda aid: workspace().administer("enable_account", aid),
    )
