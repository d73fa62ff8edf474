"""The ``fupan`` command: an operator's tool on the server, a plain click group.

The app is built only when a command needs it (``--help`` needs no configuration), and
none of Flask's own commands (``run``, ``shell``, ``routes``) or options (``--app``,
``--debug``, ``--env-file``) are offered: decision 19. Every command acts as the named
operator (``FUPAN_OPERATOR``). Refusals print their stable code and exit 1; bad arguments
and configuration errors exit 2; nothing is changed by a refused command.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext
from flask_smorest.spec import openapi_cli

from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyError
from infrastructure.settings import ConfigurationError, LogSettings
from web import (
    cli_accounts,
    cli_backup,
    cli_checklist,
    cli_doctor,
    cli_integrity,
    cli_keys,
    cli_migrate,
    cli_notify,
    cli_pdf,
    cli_reference,
    cli_stats,
    render,
)
from web import demo as demo_scenario
from web.app import create_app, desk, services, settings_of
from web.cli_support import (
    instant_arg,
    operator_id,
    print_json,
    progress_bar,
    refusals,
    review_id_arg,
)
from web.logs import configure_logging


def _create_app() -> Any:
    try:
        return create_app()
    except (ConfigurationError, MasterKeyError) as e:
        click.echo(f"配置错误 / configuration error: {e}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fupan", message="fupan %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """fupan 复盘: 学生非正常死亡事件复盘管理 (review management).

    Configuration comes from the environment (FUPAN_*; docs/operations.md).
    """
    # The app is built lazily, by the first command that needs it (``with_appcontext``
    # asks this holder); Flask's ScriptInfo is used for nothing else.
    if ctx.obj is None:
        ctx.obj = ScriptInfo(
            create_app=_create_app, set_debug_flag=False, load_dotenv_defaults=False
        )


def run() -> None:
    """The installed ``fupan`` script: logging as configured, then the command. A wrong
    ``FUPAN_LOG_*`` leaves the default logging, so that help still works; building the
    app then names the variable (exit 2)."""
    try:
        configure_logging()
    except ConfigurationError:
        configure_logging(LogSettings())
    main()


for command in (
    cli_accounts.accounts,
    cli_accounts.serve,
    cli_reference.reference,
    cli_stats.stats,
    cli_checklist.checklist,
    cli_keys.keys,
    cli_keys.erase_personal_data,
    cli_integrity.checkpoint,
    cli_integrity.export_checkpoints,
    cli_integrity.verify,
    cli_integrity.export_audit_bundle,
    cli_integrity.verify_bundle,
    cli_migrate.migrate,
    cli_backup.backup_command,
    cli_backup.restore_command,
    cli_backup.backup_key_command,
    cli_doctor.doctor,
    cli_notify.notify,
    cli_notify.remind,
    cli_notify.deliver,
    cli_pdf.pdf_ca,
    cli_pdf.verify_report,
    openapi_cli,  # flask-smorest's: print or write the API's OpenAPI document
):
    main.add_command(command)


@main.command("init")
@click.option(
    "--suite",
    "crypto_suite",
    type=click.Choice(["standard", "sm"]),
    default=None,
    help="The crypto suite of a new store (default: FUPAN_CRYPTO_SUITE, else standard); "
    "an existing store moves with `fupan keys rotate --suite`.",
)
@click.pass_context
def init(ctx: click.Context, crypto_suite: str | None) -> None:
    """Create the data directory, the store's tables and (outside production) a master key."""
    if crypto_suite:
        os.environ["FUPAN_CRYPTO_SUITE"] = crypto_suite
    app = ctx.ensure_object(ScriptInfo).load_app()
    ctx.with_resource(app.app_context())
    settings = settings_of(current_app)  # building the app created the tables and the key
    server_keys = services().server_keys
    chosen = suite.by_choice(settings.crypto_suite)
    current = server_keys.current_suite()
    if crypto_suite and current is not chosen:
        click.echo(
            f"该库已使用密码套件 {current.choice} / the store already uses the {current.choice} "
            f"suite; move it with `fupan keys rotate --suite {chosen.choice}`",
            err=True,
        )
        sys.exit(1)
    key = server_keys.signing_key()  # the store's first server key fixes its suite
    click.echo(
        f"密码套件 / crypto suite: {key.suite.choice} ({key.suite.cipher_name}, "
        f"{key.suite.hash_name}, {key.suite.signature_name})"
    )
    where = settings.database_path if settings.store == "sqlite" else settings.store
    click.echo(f"fupan 已初始化 / initialised: {where} (mode: {settings.mode})")
    keyring = services().keyring
    source = keyring.source or "FUPAN_MASTER_KEY"
    click.echo(f"主密钥 / master key: {keyring.active.id} ({source})")
    cli_pdf.ensure_pdf_ca()
    added = desk(current_app).ensure_shipped_templates(actor=operator_id())
    if added:
        click.echo(f"清单模板 / checklist templates: {added} added")


@main.command("demo")
@with_appcontext
def demo() -> None:
    """Load the synthetic demo scenarios (not in production mode)."""
    settings = settings_of(current_app)
    if settings.mode == "production":
        click.echo(
            "生产模式下不加载演示数据 / no demo data in production (set FUPAN_ENV)", err=True
        )
        sys.exit(1)
    if desk(current_app).list_reviews():
        click.echo("已有复盘数据，未再加载演示数据 / the store already holds reviews; demo skipped")
        return
    count = demo_scenario.load(settings)
    click.echo(f"已加载 {count} 个演示复盘 / loaded {count} demo reviews (synthetic data)")
    click.echo(f"演示账户 / demo accounts (password: {demo_scenario.DEMO_PASSWORD}):")
    for username, name, role, *_ in demo_scenario.ACCOUNTS:
        click.echo(f"  {username:<22} {role:<14} {name}")


@main.command("reindex")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on standard error (by default: when it is a terminal).",
)
@with_appcontext
@refusals
def reindex(progress: bool | None) -> None:
    """Rebuild the review index from the events alone."""
    with progress_bar("重建索引 / rebuilding", progress) as bar:
        count = desk(current_app).reindex(progress=bar)
    click.echo(f"索引已重建：{count} 个复盘 / index rebuilt: {count} reviews")


@main.group("reviews")
def reviews() -> None:
    """List and read reviews."""


@reviews.command("list")
@click.option("--jurisdiction", help="Only this jurisdiction (县市区、功能区、市直).")
@click.option("--status", help="registered, investigating, awaiting_signatures, closed, correcting")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
@refusals
def list_reviews(jurisdiction: str | None, status: str | None, as_json: bool) -> None:
    """Every review with its due date, days left, status and late/overdue flags."""
    items = desk(current_app).list_reviews(jurisdiction=jurisdiction, status=status)
    if as_json:
        print_json(items)
    else:
        click.echo(render.review_table(items))


@reviews.command("show")
@click.argument("review_id")
@click.option("--as-of", "as_of", help="ISO date-time (Asia/Shanghai unless it names a zone).")
@click.option("--version", "version", type=click.IntRange(min=1), help="Event version.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, personal data included.")
@with_appcontext
@refusals
def show(review_id: str, as_of: str | None, version: int | None, as_json: bool) -> None:
    """The whole review, now or as it stood at an earlier moment."""
    rid = review_id_arg(review_id)
    view = desk(current_app).get_review(rid, version=version, as_of=instant_arg("--as-of", as_of))
    desk(current_app).record_access(rid, actor=operator_id(), what="cli_show")
    if as_json:
        print_json(view)
    else:
        click.echo(render.review_text(view))


@reviews.command("history")
@click.argument("review_id")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
@refusals
def history(review_id: str, as_json: bool) -> None:
    """Every event of the review and its sign-offs: what, when, by whom."""
    rid = review_id_arg(review_id)
    items = desk(current_app).history(rid)
    desk(current_app).record_access(rid, actor=operator_id(), what="cli_history")
    if as_json:
        print_json(items)
    else:
        click.echo(render.history_text(items))


@reviews.command("register")
@click.option("--occurred-on", required=True, help="Incident date, YYYY-MM-DD (Shanghai).")
@click.option("--school", required=True)
@click.option("--jurisdiction", required=True)
@click.option("--category", required=True, help="suicide, drowning, accident or other")
@click.option("--on-premises/--off-premises", required=True)
@click.option("--student-name", required=True)
@click.option("--student-gender", default="unspecified", show_default=True)
@click.option("--grade-class", default="")
@click.option("--id-number", default="")
@with_appcontext
@refusals
def register(
    *,
    occurred_on: str,
    school: str,
    jurisdiction: str,
    category: str,
    on_premises: bool,
    student_name: str,
    student_gender: str,
    grade_class: str,
    id_number: str,
) -> None:
    """Register an incident; prints the new review's id and due date."""
    app_desk = desk(current_app)
    review_id = app_desk.register_incident(
        occurred_on=occurred_on,
        school=school,
        jurisdiction=jurisdiction,
        category=category,
        on_premises=on_premises,
        actor=operator_id(),
        student={
            "name": student_name,
            "gender": student_gender,
            "grade_class": grade_class,
            "id_number": id_number,
        },
    )
    view = app_desk.get_review(review_id)
    click.echo(f"{review_id}  截止日期 / due: {view['due_on']}")
