"""The bureau's and the investigators' pages: dashboard, registration, the review page.

Each view parses its form with a schema, calls the principal's workspace once, and renders
or redirects; refusals are rendered by ``web.errors`` on the page the form came from. The
review page's forms are handled by ``team``, ``report`` and ``corrections`` (same
blueprint).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from application.views import PersonView, ReviewPage, StudentView
from domain.account import Role
from web.app import settings_of
from web.badges import counts_html, fragment, rows_html
from web.fragments import kept, with_csrf
from web.i18n import _
from web.schemas.lists import ListFilters, ListQuery, StudentSearchForm
from web.schemas.reference import PeopleSearch
from web.schemas.reviews import RegistrationForm
from web.security import as_uuid, current_principal, signed_in, workspace

bp = Blueprint("reviews", __name__)
# What a dashboard link carries to the next page (never a student's name).
FILTERS = ("jurisdiction", "status", "school", "occurred_from", "occurred_to", "sort")


@bp.get("/")
@signed_in
def dashboard() -> Any:
    """Every review in scope against its deadline: counts over all of them, a page of the
    list (overdue first), what each lacks and its next action; an administrator (who sees
    no case content) lands on the accounts."""
    if current_principal().role is Role.ADMINISTRATOR:
        return redirect(url_for("admin.accounts"))
    g.on_error = lambda feedback: render_dashboard(ListQuery(), None, feedback)
    query = ListFilters.shared().load_form(request.args)
    return render_dashboard(query, None)


@bp.post("/search")
@signed_in
def search() -> Any:
    """The reviews of a student of exactly this name (the read is recorded); posted, so
    that the name never appears in a URL."""
    g.on_error = lambda feedback: render_dashboard(ListQuery(), None, feedback, form=request.form)
    query = StudentSearchForm().load_form(request.form)
    found = workspace().search_by_student(
        student_name=query.student_name,
        jurisdiction=query.jurisdiction,
        status=query.real_status,
        school=query.school,
        occurred_from=query.occurred_from,
        occurred_to=query.occurred_to,
        cursor=query.after,
    )
    return render_dashboard(query, found, form=request.form)


def render_dashboard(
    query: ListQuery,
    found: ReviewPage | None,
    feedback: dict[str, Any] | None = None,
    form: MultiDict[str, str] | None = None,
) -> Any:
    """The dashboard with a page of the list (or the results of a name search)."""
    space = workspace()
    page = found or space.review_page(
        jurisdiction=query.jurisdiction,
        status=query.real_status,
        overdue=query.overdue,
        paper_marks=query.paper_marks,
        school=query.school,
        occurred_from=query.occurred_from,
        occurred_to=query.occurred_to,
        sort=query.sort,
        cursor=query.after,
    )
    counts = space.review_counts()
    errors = (feedback or {}).get("errors", {})
    searched = found is not None
    context = {
        "page": page,
        "query": query,
        "searched": searched,
        "filters": {k: getattr(query, k) for k in FILTERS if getattr(query, k)},
        "errors": errors,
        "form": form or MultiDict(),
        "jurisdictions": sorted(counts["jurisdiction"]),
        "rows_html": rows_html(page),
    }
    # What a page of the list looks like depends on the page alone (and the language):
    # kept beside it (``web.fragments``), unless an error or a search is shown with it.
    fresh = searched or bool(errors)

    def body() -> Markup:
        return Markup(  # noqa: S704 - our own template's output
            render_template(
                "dashboard_body.html",
                counts_html=counts_html(counts),
                filters_html=fragment("dashboard_filters.html", page, context, fresh=fresh),
                list_html=fragment("dashboard_list.html", page, context, fresh=fresh),
                **context,
            )
        )

    # The whole body too, while the page and the counts are the answers handed out.
    html = body() if fresh else kept("dashboard_body", (page, counts), body)
    return render_template("dashboard.html", body=with_csrf(html), **context)


@bp.get("/reviews/new")
@signed_in
def new() -> Any:
    """The form to register an incident: the jurisdictions of this officer's scope and
    their schools, from the reference data; nothing preselected but a sole jurisdiction."""
    workspace().check_may_register()
    return render_registration(form={})


def render_registration(form: Any, feedback: dict[str, Any] | None = None) -> Any:
    """The registration form, with what was typed and why it was refused."""
    jurisdictions, schools = workspace().registration_choices()
    if not form and len(jurisdictions) == 1:
        form = {"jurisdiction": jurisdictions[0].code}
    feedback = feedback or {}
    return render_template(
        "register.html",
        form=form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        jurisdictions=[(j.code, j.label) for j in jurisdictions],
        schools=schools,
    )


@bp.post("/reviews")
@signed_in
def register() -> Any:
    """Register an incident; the review's due date is computed from its date. A possible
    duplicate (same school, date and student) asks for confirmation, the form kept."""
    g.on_error = lambda feedback: render_registration(request.form, feedback)
    incident = RegistrationForm().load_form(request.form)
    review_id = workspace().register_incident(
        occurred_on=incident.occurred_on,
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category,
        on_premises=incident.on_premises,
        student=incident.student.facts(),
        confirm_duplicate=incident.confirm_duplicate,
    )
    flash(_("The incident is registered."), "success")
    return redirect(url_for("reviews.show", review_id=review_id))


@bp.get("/reviews/<review_id>")
@signed_in
def show(review_id: str) -> Any:
    """The review: what blocks closing, the team, the four aspects, risks and measures."""
    return render_review(as_uuid(review_id))


@bp.post("/reviews/<review_id>/personal-data")
@signed_in
def reveal(review_id: str) -> Any:
    """Show the student's personal data (the access is recorded)."""
    rid = as_uuid(review_id)
    student = workspace().reveal_personal_data(rid)
    return render_review(rid, revealed=student)


def render_review(
    review_id: UUID,
    *,
    feedback: dict[str, Any] | None = None,
    form: MultiDict[str, str] | None = None,
    revealed: StudentView | None = None,
    people: list[PersonView] | None = None,
    people_query: str = "",
) -> Any:
    space = workspace()
    view = space.get_review(review_id)
    feedback = feedback or {}
    if people is None and "manage_team" in view["allowed"]:
        people = space.search_people("")
    places: list[tuple[str, str]] = []
    schools: list[Any] = []
    if "amend_incident" in view["allowed"]:
        jurisdictions, schools = space.registration_choices()
        places = [(j.code, j.label) for j in jurisdictions]
        current = view["incident"]["jurisdiction"]
        if current not in [code for code, _ in places]:
            places.insert(0, (current, current))
    themes = space.theme_choices()
    experts: list[Any] = []
    specialities: list[str] = []
    speciality = request.args.get("speciality", "")[:100]
    if "manage_team" in view["allowed"]:
        pool = space.expert_choices(review_id)
        specialities = sorted({x for c in pool for x in c.specialities})
        experts = [c for c in pool if not speciality or speciality in c.specialities]
    return render_template(
        "review.html",
        review=view,
        revealed=revealed,
        people=people or [],
        people_query=people_query,
        places=places,
        schools=schools,
        theme_labels={t.code: t.label for t in themes},
        experts=experts,
        specialities=specialities,
        speciality=speciality,
        theme_options=[(t.code, t.label) for t in themes if t.active],
        form=form or MultiDict(),
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        failed_form=request.form.get("form_name") if feedback else None,
        max_attachment_mb=settings_of().max_attachment_mb,
    )


@bp.post("/reviews/<review_id>/people")
@signed_in
def people(review_id: str) -> Any:
    """The review page with the people whose name or unit matches (at most 20), to pick
    team members and signatories from; posted, so that no name appears in a URL."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: render_review(rid, feedback=feedback, form=request.form)
    query = PeopleSearch().load_form(request.form).q
    return render_review(rid, people=workspace().search_people(query), people_query=query)


def act(
    review_id: str,
    anchor: str,
    done: str,
    call: Callable[[UUID], object],
    confirm: tuple[str, str] | None = None,
) -> Any:
    """Run one command for the review page: re-render it with errors and what was typed, or
    redirect to a GET (so that reloading never posts again). ``confirm``: the question a
    confirmation step asks first (the page's script asks it in place; without script, a
    page asks it and posts the same form again, ``confirmed``)."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: render_review(rid, feedback=feedback, form=request.form)
    if confirm is not None and request.form.get("confirmed") != "true":
        action, question = confirm
        # Asked only when the action is open to this user now; otherwise the command's
        # own refusal answers.
        view = workspace().get_review(rid)
        blocked = action == "send_for_signature" and bool(view["blockers"])
        if action in view["allowed"] and not blocked:
            named = {m["account_id"]: m["name"] for m in view["team"]}
            who = named.get(request.form.get("account_id", ""))
            return render_template(
                "confirm.html",
                question=question,
                who=who,
                action=request.path,
                fields=[(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"],
                back=url_for("reviews.show", review_id=rid, _anchor=anchor),
            )
    call(rid)
    flash(done, "success")
    return redirect(url_for("reviews.show", review_id=rid, _anchor=anchor))
