"""E-mail out of fupan, reliably and saying nothing confidential.

A notification for someone who asked for e-mail (and confirmed the address) queues a
message in the outbox, in the notification's own transaction. The deliverer sends what is
due: between 08:00 and 20:00 in Shanghai only (a message due at night waits for the
morning), each with a stable Message-ID, marked sent right after the server accepted it;
a failure is retried with growing waits and, after a day and a half of failures, given up
and shown to administrators. A crash between acceptance and marking sends the message once
more, with the same Message-ID.

A message names the review by its reference number only, says what happened or is due,
and links to fupan (``FUPAN_BASE_URL``): no student, no school, no report text.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from application.list_queries import ListQueries
from application.notifying import (
    APPOINTED,
    CHECKLIST_DUE,
    CHECKLIST_OVERDUE,
    DESIGNATED,
    DUE_IN_1,
    DUE_IN_3,
    MEASURE_DUE,
    MEASURE_OVERDUE,
    OVERDUE,
    PAPER_MARKED,
    READY_TO_CLOSE,
    SIGN_REQUESTED,
    SLOT_DECLINED,
    URGED,
    WEEKLY_DIGEST,
    Notifying,
    digest_of,
)
from application.ports import InboxRow, Mailer, OutboxRow, WebhookPoster
from application.ports.outbox import GAVE_UP, PENDING
from application.webhooks import WebhookCommands
from domain.deadline import CHINA

OPEN_FROM, OPEN_UNTIL = time(8, 0), time(20, 0)  # when messages may leave (Shanghai)
RETRY_AFTER = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720, 720)]
MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:outbox")
NOBODY = UUID(int=0)  # the recipient of a webhook's message: a place, not a person

# What each kind of message says (Chinese, as the users read it); ``{ref}``: the number.
SUBJECTS = {
    APPOINTED: "您已被任命为 {ref} 的复盘组成员",
    DESIGNATED: "您已被指定为 {ref} 的签字人",
    SIGN_REQUESTED: "{ref} 的复盘报告等待您签字",
    SLOT_DECLINED: "{ref} 有签字人拒绝签署",
    READY_TO_CLOSE: "{ref} 已全部签字，可以办结",
    DUE_IN_3: "{ref} 距报送期限还有 3 天",
    DUE_IN_1: "{ref} 明天到期",
    OVERDUE: "{ref} 已逾期",
    MEASURE_DUE: "{ref} 有一项防范措施将在 7 天内到期",
    MEASURE_OVERDUE: "{ref} 有一项防范措施已逾期",
    URGED: "工作人员就 {ref} 向您催办",
    PAPER_MARKED: "{ref} 您的签字栏已登记为纸质签章，如有异议请在系统中提出",
    CHECKLIST_DUE: "您有工作清单事项将在 3 天内到期",
    CHECKLIST_OVERDUE: "您有工作清单事项已逾期",
}


def message_id(inbox_key: str, channel: str) -> str:
    return str(uuid5(MESSAGE_NAMESPACE, f"{inbox_key}|{channel}"))


def sending_window(at: datetime) -> datetime:
    """``at``, or the next moment messages may leave (08:00 Shanghai) when it is night."""
    local = at.astimezone(CHINA)
    if local.time() < OPEN_FROM:
        return local.replace(hour=8, minute=0, second=0, microsecond=0)
    if local.time() >= OPEN_UNTIL:
        tomorrow = local + timedelta(days=1)
        return tomorrow.replace(hour=8, minute=0, second=0, microsecond=0)
    return local


class Delivering(Notifying, ListQueries, WebhookCommands):
    def _outbox(self, rows: list[InboxRow]) -> list[OutboxRow]:
        """The e-mail messages these notifications make: for recipients who asked for e-mail
        and confirmed their address."""
        made = []
        wants: dict[UUID, bool] = {}
        for row in rows:
            if row.recipient not in wants:
                account = self._find_account(row.recipient)
                wants[row.recipient] = account is not None and account.mail_to is not None
            if wants[row.recipient]:
                made.append(
                    OutboxRow(
                        message_id=message_id(row.key, "email"),
                        channel="email",
                        account_id=row.recipient,
                        review_id=row.review_id,
                        kind=row.kind,
                        created_at=row.created_at,
                        next_attempt_at=sending_window(row.created_at),
                    )
                )
        return made + self._webhook_messages(rows)

    def _webhook_messages(self, rows: list[InboxRow]) -> list[OutboxRow]:
        """One message per notification (not per recipient) to each active webhook of the
        review's jurisdiction."""
        made: dict[str, OutboxRow] = {}
        places: dict[UUID, str] = {}
        for row in rows:
            if row.review_id not in places:
                found = self.index.select_review_index(review_id=row.review_id)
                places[row.review_id] = found[0].jurisdiction if found else ""
            for hook in self.webhooks_of(places[row.review_id]):
                # Once per event (seven slots asked to sign: one message), or per threshold
                # (and measure) for a reminder.
                event = f"{row.review_id}:{row.kind}:{row.position}"
                if row.position == 0:
                    event = f"{row.review_id}:{row.kind}:{row.subject}"
                channel = f"webhook:{hook.id}"
                mid = message_id(event, channel)
                made[mid] = OutboxRow(
                    message_id=mid,
                    channel=channel,
                    account_id=NOBODY,
                    review_id=row.review_id,
                    kind=row.kind,
                    created_at=row.created_at,
                    next_attempt_at=sending_window(row.created_at),
                )
        return list(made.values())

    def deliver(
        self,
        mailer: Mailer,
        base_url: str,
        limit: int = 100,
        poster: WebhookPoster | None = None,
    ) -> tuple[int, int]:
        """Send what is due now; (sent, failed) in this round."""
        now: datetime = self.clock.now()
        if sending_window(now) != now.astimezone(CHINA):
            return 0, 0  # night: everything waits for the morning
        sent = failed = 0
        for message in self.store.select_due_messages(now, limit):
            try:
                if not self._send(message, mailer, poster, base_url):
                    self.store.mark_failed(
                        message.message_id, message.attempts, now, "not wanted", GAVE_UP
                    )
                    continue
            except Exception as e:
                failed += 1
                attempts = message.attempts + 1
                if attempts > len(RETRY_AFTER):
                    status, retry_at = GAVE_UP, now
                else:
                    status, retry_at = PENDING, sending_window(now + RETRY_AFTER[attempts - 1])
                error = f"{type(e).__name__}: {e}"
                self.store.mark_failed(message.message_id, attempts, retry_at, error, status)
                continue
            self.store.mark_sent(message.message_id, now)
            sent += 1
        return sent, failed

    def _send(
        self, message: OutboxRow, mailer: Mailer, poster: WebhookPoster | None, base_url: str
    ) -> bool:
        """Hand the message over; False when it is no longer wanted (the holder stopped
        e-mail, the webhook was disabled). Raises when it was not accepted."""
        subject, body = self.render(message, base_url)
        if message.channel.startswith("webhook:"):
            hook = self.webhook(UUID(message.channel.partition(":")[2]))
            if not hook.active:
                return False
            if poster is None:
                raise RuntimeError("no webhook poster")
            rows = self.index.select_review_index(review_id=message.review_id)
            payload = {
                "id": message.message_id,
                "kind": message.kind,
                "reference_number": (rows[0].reference if rows else "") or None,
                "text": subject.removeprefix("[复盘] "),
                "link": f"{base_url.rstrip('/')}/notifications" if base_url else "",
                "at": message.created_at.isoformat(),
            }
            key = self.webhook_key(hook.id)
            poster.post(
                kind=hook.kind.value, url=hook.url, secret=hook.secret, key=key, message=payload
            )
            return True
        account = self._find_account(message.account_id)
        to = account.mail_to if account is not None else None
        if to is None:
            return False
        mailer.send(to=to, subject=subject, body=body, message_id=message.message_id)
        return True

    def render(self, message: OutboxRow, base_url: str) -> tuple[str, str]:
        """(subject, body): the reference number, what happened or is due, and a link."""
        if message.kind == WEEKLY_DIGEST:
            counts = digest_of(self.review_counts())
            subject = (
                f"复盘周报：逾期 {counts['overdue']} 个，逾期提交 {counts['late']} 个，"
                f"撤销登记 {counts['withdrawn']} 个"
            )
        else:
            rows = self.index.select_review_index(review_id=message.review_id)
            ref = (rows[0].reference if rows else "") or "一个复盘"
            subject = SUBJECTS.get(message.kind, "{ref} 有新的通知").format(ref=ref)
        link = f"{base_url.rstrip('/')}/notifications" if base_url else "/notifications"
        body = (
            f"{subject}。\n\n请登录复盘管理系统查看：{link}\n\n"
            "本邮件由系统自动发送，不含案件内容；请勿回复。\n"
        )
        return f"[复盘] {subject}", body
