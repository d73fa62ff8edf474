"""``fupan doctor``: what needs an operator's attention, each finding with what to do, in
Chinese and English; exit status 1 when something needs action (a warning alone: 0).

It runs the readiness checks (store, master key, newest checkpoint, outbox backlog) and
adds: file modes, the production settings, when the reminders last ran, how old the newest
backup is, and the erasure caveat of PostgreSQL.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from infrastructure.release import newer_release_noted, version
from infrastructure.retention import journal, logrotate_days
from infrastructure.settings import Settings
from web.app import Services, services
from web.health import readiness

REMINDERS_LATE = timedelta(hours=1)
BACKUP_OLD = timedelta(days=8)


@dataclass(frozen=True)
class Finding:
    level: str  # "ok", "warning", "action"
    zh: str
    en: str


def findings(built: Services) -> list[Finding]:
    found: list[Finding] = []
    _, checks = readiness(built)
    for check in checks:
        if not check.ok:
            found.append(
                Finding(
                    "action",
                    f"{check.name} 未就绪：{check.detail}",
                    f"{check.name} is not ready: {check.detail}",
                )
            )
        elif check.warning:
            found.append(
                Finding(
                    "warning",
                    f"{check.name}：{check.warning}",
                    f"{check.name}: {check.warning} ({check.detail})",
                )
            )
    settings = built.settings
    for path in (settings.data_dir, settings.master_key_file, settings.secret_key_file):
        if path is not None and Path(path).exists() and Path(path).stat().st_mode & 0o077:
            found.append(
                Finding(
                    "action",
                    f"{path} 可被其他用户读取：chmod {'700' if Path(path).is_dir() else '600'} {path}",
                    f"{path} is readable by other users: chmod {'700' if Path(path).is_dir() else '600'} {path}",
                )
            )
    if settings.mode == "production" and not settings.base_url:
        found.append(
            Finding(
                "warning",
                "未设置 FUPAN_BASE_URL：邮件中的链接不完整",
                "FUPAN_BASE_URL is not set: links in e-mail are incomplete",
            )
        )
    if not built.document_keys.exists():
        # Production refuses report PDFs until then (development makes the keys on first use).
        found.append(
            Finding(
                "action" if settings.mode == "production" else "warning",
                "尚无签署报告PDF的CA：请运行 fupan pdf-ca init，再用 fupan pdf-ca export 导出其证书",
                "no CA signs report PDFs yet: run fupan pdf-ca init, then fupan pdf-ca export",
            )
        )
    now = built.desk.clock.now()
    ran = built.desk.store.noted("reminders_ran")
    if ran is None or now - datetime.fromisoformat(ran) > REMINDERS_LATE:
        found.append(
            Finding(
                "warning",
                "期限提醒超过一小时未运行：请检查 fupan-remind.timer",
                "the reminders have not run for over an hour: check fupan-remind.timer",
            )
        )
    made = built.desk.store.noted("backup_made")
    if settings.store != "popo" and (
        made is None or now - datetime.fromisoformat(made) > BACKUP_OLD
    ):
        found.append(
            Finding(
                "warning",
                "最近一次备份早于 8 天前（或从未备份）：请运行 fupan backup 并定期演练恢复",
                "the newest backup is over 8 days old (or none was made): run fupan backup, and drill a restore",
            )
        )
    if settings.store == "postgres":
        found.append(
            Finding(
                "warning",
                "PostgreSQL 的预写日志和旧备份可能仍保存已删除复盘的加密数据密钥，直至轮换主密钥：删除个人数据后请运行 fupan keys rotate",
                "PostgreSQL's write-ahead log and older backups may still hold an erased review's wrapped data key until the master key is rotated: after an erasure, run fupan keys rotate",
            )
        )
    return found + release_findings(built) + log_retention(settings)


def release_findings(built: Services) -> list[Finding]:
    """The store's schema: opened by no newer release, and every migration step done."""
    found = []
    newer = newer_release_noted(built.desk.store)
    if newer:
        found.append(
            Finding(
                "action",
                f"此存储已被更新的 fupan {newer} 打开过，当前为 {version()}：请升级后再运行",
                f"a newer fupan ({newer}) has opened this store; this is {version()}: "
                "upgrade before running it",
            )
        )
    waiting = sum(1 for row in built.desk.index.select_review_index() if not row.reference)
    if waiting:
        found.append(
            Finding(
                "action",
                f"{waiting} 个复盘尚无编号（旧版本登记）：请运行 fupan migrate",
                f"{waiting} reviews registered by an earlier release have no reference "
                "number: run fupan migrate",
            )
        )
    return found


def log_retention(settings: Settings, root: Path = Path("/")) -> list[Finding]:
    """The journal or logrotate keep the log lines at least FUPAN_LOG_RETENTION_DAYS."""
    days = settings.logs.retention_days
    if settings.logs.file is not None:
        kept = logrotate_days(settings.logs.file, root)
        if kept is None:
            return [
                Finding(
                    "warning",
                    f"logrotate 未配置 {settings.logs.file}：日志将无限增长（见运维指南“保存期限”）",
                    f"no logrotate stanza names {settings.logs.file}: it grows without end "
                    "(see the guide's retention chapter)",
                )
            ]
        if kept < days:
            return [
                Finding(
                    "action",
                    f"logrotate 只保留 {kept} 天日志，少于 FUPAN_LOG_RETENTION_DAYS={days}：请调整 rotate",
                    f"logrotate keeps {kept} days of logs, fewer than "
                    f"FUPAN_LOG_RETENTION_DAYS={days}: raise its rotate count",
                )
            ]
        return []
    if settings.mode != "production":
        return []
    kept_by = journal(root)
    if kept_by.volatile:
        return [
            Finding(
                "action",
                "systemd 日志仅保存在内存中，重启即丢失：请设置 Storage=persistent",
                "the systemd journal is kept in memory only and lost at a reboot: "
                "set Storage=persistent in journald.conf",
            )
        ]
    if kept_by.max_days is not None and kept_by.max_days < days:
        return [
            Finding(
                "action",
                f"journald 的 MaxRetentionSec 只保留 {kept_by.max_days:.0f} 天，少于 {days} 天",
                f"journald's MaxRetentionSec keeps {kept_by.max_days:.0f} days, fewer than "
                f"FUPAN_LOG_RETENTION_DAYS={days}",
            )
        ]
    return []


@click.command("doctor")
@with_appcontext
def doctor() -> None:
    """What needs attention, and what to do; exit 1 when something needs action."""
    found = findings(services(current_app))
    if not found:
        click.echo("一切正常 / all is well")
        return
    for f in found:
        mark = "需处理 / ACTION " if f.level == "action" else "提醒 / warning "
        click.echo(f"{mark}: {f.zh}\n    {f.en}")
    sys.exit(1 if any(f.level == "action" for f in found) else 0)
