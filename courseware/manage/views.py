"""Manager views: thin shells over scope, dashboard, reports and assignments.

Every view finds the team or learner through courseware.domain.access, so that anything outside
the viewer's teams is a 404, whatever id is typed.
"""

from __future__ import annotations

from dataclasses import replace

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from courseware import clock
from courseware.domain.access import learner_in_scope, learners_managed_by, team_in_scope
from courseware.domain.cpd_sharing import compliance
from courseware.domain.cpd_year import rules
from courseware.extensions import db
from courseware.manage import bp, charts
from courseware.manage import dashboard as dash
from courseware.manage.assignments import (
    assign,
    assignable_modules,
    members,
    team_assignments,
    unassign,
)
from courseware.manage.forms import AssignForm, ConfirmForm, FilterForm
from courseware.manage.learner_certificates import learner_certificates
from courseware.manage.reports import (
    completions_by_month,
    learner_assigned,
    learner_enrolments,
    learner_quizzes,
    learner_teams,
    module_report,
    status_by_module,
    team_summaries,
)
from courseware.models import Module, ModuleVersion, Team
from courseware.numbers import page_of, whole_number
from courseware.security import role
from courseware.submissions import Outcome, once


def _page() -> int:
    return page_of(request.args)


def _team_or_404(team_id: int) -> Team:
    team = team_in_scope(current_user, team_id)
    if team is None:
        abort(404)
    return team


@bp.route("/manage")
@role("manager")
def overview():
    """The teams you manage (every team, for an admin), with their figures."""
    page = _page()
    size = current_app.config.get("MANAGE_TEAMS_PAGE_SIZE", 20)
    summaries, total = team_summaries(current_user, clock.today(), page, size)
    return render_template("manage/overview.html", teams=summaries, page=page,
                           pages=max(1, -(-total // size)), total=total)


def _filters(columns: list[dash.Column]) -> tuple[FilterForm, dash.Filters]:
    """Read the dashboard's filters from the query string; ignore any that do not make sense."""
    form = FilterForm([(str(c.module_id), c.title) for c in columns], formdata=request.args)
    errors = {} if not request.args or form.validate() else form.errors
    module_id = whole_number(form.module.data) if "module" not in errors else None
    status = form.status.data if form.status.data and "status" not in errors else None
    good_dates = "completed_from" not in errors and "completed_to" not in errors
    filters = dash.Filters(
        module_id=module_id,
        status=status,
        completed_from=form.completed_from.data if good_dates else None,
        completed_to=form.completed_to.data if good_dates else None,
        sort=form.sort.data if form.sort.data in dash.SORTS else "name",
        order=form.order.data if form.order.data in dash.ORDERS else "asc",
        page=_page(),
    )
    return form, filters


@bp.route("/manage/teams/<int:team_id>")
@role("manager")
def dashboard(team_id: int):
    """A team's dashboard: learners by assigned modules, with totals and charts."""
    team = _team_or_404(team_id)
    all_columns = dash.team_columns(team.id)
    form, filters = _filters(all_columns)
    shown = [c for c in all_columns if filters.module_id in (None, c.module_id)]
    size = current_app.config.get("MANAGE_PAGE_SIZE", 25)
    now = clock.today()
    matrix = dash.matrix(team.id, shown, filters, now, size)
    if not matrix.rows and filters.page > 1:
        filters = replace(filters, page=1)
        matrix = dash.matrix(team.id, shown, filters, now, size)
    statuses = status_by_module(team.id, now, all_columns)
    months = completions_by_month(team.id, now)
    return render_template(
        "manage/team.html", team=team, form=form, matrix=matrix, filters=filters,
        statuses=statuses, status_chart=charts.stacked_bars(statuses),
        months=months, month_chart=charts.columns(months), month_label=charts.month_label,
        sorted_by=dash.SORTS[filters.sort].lower(),
    )


@bp.route("/manage/teams/<int:team_id>/export.csv")
@role("manager")
def export_csv(team_id: int):
    """The dashboard's rows and columns, every page, with the same filters, as a CSV."""
    team = _team_or_404(team_id)
    all_columns = dash.team_columns(team.id)
    _, filters = _filters(all_columns)
    shown = [c for c in all_columns if filters.module_id in (None, c.module_id)]
    lines = dash.csv_text(dash.csv_rows(team.id, shown, filters, clock.today()))
    response = Response(stream_with_context(lines), mimetype="text/csv")
    name = f"team-{team.id}-{clock.today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


def _assign_form(team: Team, people) -> AssignForm:
    form = AssignForm()
    form.module.choices = [SelectChoice(0, "Choose a module"),
                           *[SelectChoice(mid, title) for mid, title in assignable_modules()]]
    form.learners.choices = [SelectChoice(p.id, f"{p.name} ({p.email})") for p in people]
    return form


@bp.route("/manage/teams/<int:team_id>/assignments", methods=["GET", "POST"])
@role("manager")
def assignments(team_id: int):
    """The team's assignments, and a form to assign a module to the team or some of it."""
    team = _team_or_404(team_id)
    people = members(team.id)
    form = _assign_form(team, people)
    if form.validate_on_submit():
        chosen = form.learners.data if form.who.data == "chosen" else None

        def make() -> Outcome:
            count = assign(team.id, form.module.data, form.due_on.data, chosen, current_user)
            title = next(c.label for c in form.module.choices if c.value == form.module.data)
            who = "everyone in the team" if chosen is None else (
                f"{count} {'person' if count == 1 else 'people'}")
            due = f", due by {clock.day_text(form.due_on.data)}" if form.due_on.data else ""
            return Outcome(url_for("manage.dashboard", team_id=team.id),
                           f"“{title}” is assigned to {who}{due}. They see it first on My "
                           "learning.")

        outcome = once(form.submission.data, current_user.id, make)  # sent twice: one of each
        flash(outcome.message, outcome.category)
        return redirect(outcome.url)
    return render_template("manage/assignments.html", team=team, form=form,
                           rows=team_assignments(team.id), remove=ConfirmForm(),
                           has_people=bool(people))


@bp.route("/manage/teams/<int:team_id>/assignments/<int:assignment_id>/remove",
          methods=["POST"])
@role("manager")
def remove_assignment(team_id: int, assignment_id: int):
    """Remove an assignment: the learners keep whatever progress they have made."""
    team = _team_or_404(team_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not unassign(team.id, assignment_id):
        abort(404)
    flash("The assignment is removed. Nobody loses any progress they have made.", "success")
    return redirect(url_for("manage.assignments", team_id=team.id))


@bp.route("/manage/teams/<int:team_id>/modules/<slug>")
@role("manager")
def module_page(team_id: int, slug: str):
    """One module, for one team: completion, time taken, quizzes and hard questions."""
    team = _team_or_404(team_id)
    row = db.session.execute(
        select(Module, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug == slug)
    ).first()
    if row is None:
        abort(404)
    report = module_report(team.id, row[0], row[1], clock.today())
    return render_template("manage/module.html", team=team, report=report)


@bp.route("/manage/learners/<int:user_id>")
@role("manager")
def learner(user_id: int):
    """One learner: assigned modules, all modules, quizzes (attempts, best score, passed or
    not: never their answers), certificates and CPD figures (never the words of their
    reflections)."""
    person = learner_in_scope(current_user, user_id)
    if person is None:
        abort(404)
    cpd = compliance({person.id}, clock.today(), rules())
    shared_visible = person.id in learners_managed_by(current_user)
    return render_template(
        "manage/learner.html",
        person=person,
        teams=learner_teams(current_user, person.id),
        assigned=learner_assigned(current_user, person.id, clock.today()),
        enrolments=learner_enrolments(person.id),
        quizzes=learner_quizzes(person.id),
        certificates=learner_certificates(person.id, clock.start_of(clock.today())),
        cpd=cpd[0] if cpd else None,
        shared_visible=shared_visible,
    )


@bp.app_template_filter("merged")
def merged(values: dict, **changes) -> dict:
    """A copy of a dict of query-string arguments with some changed."""
    return {**values, **changes}
