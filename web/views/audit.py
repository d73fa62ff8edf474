"""The inspector's pages: history as a timeline, any earlier moment, revision diffs,
signature verification, access records, the integrity check; and the printable report."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from domain.deadline import CHINA
from domain.errors import InvalidValue, Reason
from infrastructure.integrity.runs import progress_of, summary
from web import findings
from web.app import desk, verifications
from web.i18n import _
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("audit", __name__)


@bp.get("/reviews/<review_id>/history")
@signed_in
def history(review_id: str) -> Any:
    """Every event of the review and its sign-offs: who did what, when; signature checks."""
    return render_history(as_uuid(review_id))


def render_history(rid: UUID, feedback: dict[str, Any] | None = None) -> Any:
    """The timeline; with the moment typed and why it was refused, when it was."""
    space = workspace()
    events = space.history(rid)
    review = space.get_review(rid)
    revisions = sorted({e["data"]["revision"] for e in events if e["event"] == "SentForSignature"})
    return render_template(
        "history.html",
        review=review,
        events=events,
        people=space.people(),
        signatures=space.verify_signatures(rid),
        revisions=revisions,
        errors=(feedback or {}).get("errors", {}),
        typed_at=request.args.get("at", ""),
    )


@bp.get("/reviews/<review_id>/as-of")
@signed_in
def as_of(review_id: str) -> Any:
    """The review as it stood at an event version or at a moment (read-only)."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: render_history(rid, feedback)
    version = request.args.get("version", type=int)
    moment = _moment(request.args.get("at"))
    view = workspace().get_review(rid, version=version, as_of=moment)  # read-only
    return render_template(
        "review.html",
        review=view,
        theme_labels={t.code: t.label for t in workspace().theme_choices()},
        revealed=None,
        form={},
        errors={},
        problem=None,
        failed_form=None,
    )


@bp.get("/reviews/<review_id>/diff")
@signed_in
def diff(review_id: str) -> Any:
    """What changed between two report revisions."""
    rid = as_uuid(review_id)
    before = request.args.get("from", type=int) or 1
    after = request.args.get("to", type=int)
    space = workspace()
    return render_template(
        "diff.html",
        review=space.get_review(rid),
        before=before,
        after=after,
        changes=space.revision_diff(rid, before, after),
    )


@bp.get("/reviews/<review_id>/access")
@signed_in
def access(review_id: str) -> Any:
    """Who read this review's confidential content, and when (inspectors)."""
    rid = as_uuid(review_id)
    space = workspace()
    records = space.access_records(rid)
    return render_template(
        "access.html", review=space.get_review(rid), records=records, people=space.people()
    )


@bp.get("/reviews/<review_id>/print")
@signed_in
def printable(review_id: str) -> Any:
    """The report for printing, with the signature manifest and the 不公开 mark."""
    rid = as_uuid(review_id)
    space = workspace()
    return render_template(
        "print.html",
        review=space.get_review(rid),
        signatures=space.verify_signatures(rid),
        people=space.people(),
    )


@bp.get("/audit/integrity")
@signed_in
def integrity() -> Any:
    """The last integrity check's result and its age, and a run in progress (inspectors):
    the check itself runs as ``fupan verify`` or as a background job, never in a request."""
    workspace().check_audit()
    runs = verifications()
    now = desk().clock.now()
    running = runs.running()
    return render_template(
        "integrity.html",
        report=findings.explained(summary(runs.last_finished(), now)),
        running=progress_of(running),
    )


@bp.post("/audit/integrity")
@signed_in
def start_verification() -> Any:
    """Start the integrity check in the background (inspectors): from the newest signed
    checkpoint on, or over everything."""
    space = workspace()
    space.check_audit()
    everything = request.form.get("scope") == "everything"
    runs = verifications()
    if runs.start_in_background(everything=everything, by=str(space.actor)):
        flash(_("The integrity check has started; this page shows its progress."), "success")
    else:
        flash(_("An integrity check is already running."), "success")
    return redirect(url_for("audit.integrity"))


# A moment as people type it: 2026-11-20T12:00 (the picker), 2026-11-20 12:00,
# 2026/11/20 12:00, 2026年11月20日 12:00 (full-width digits too), seconds optional.
TYPED_MOMENT = re.compile(
    r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?\s*[T\s]\s*"
    r"(\d{1,2})\s*[:时点]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?\s*分?"
)


def _moment(value: str | None) -> datetime | None:
    """A moment in Beijing time (unless it names its own offset)."""
    if not value or not value.strip():
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        found = TYPED_MOMENT.fullmatch(text)
        if found is None:
            raise InvalidValue("at", Reason.NOT_A_MOMENT) from None
        try:
            year, month, day, hour, minute, second = (int(p or 0) for p in found.groups())
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise InvalidValue("at", Reason.NOT_A_MOMENT) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
