"""Admin views: teams, who is in them, who manages them, and people's roles."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from courseware.domain import security_emails
from courseware.domain.accounts import find_user, normalise_email, set_email, set_name
from courseware.extensions import db
from courseware.manage import bp
from courseware.manage.forms import (
    ConfirmForm,
    ImportForm,
    ManagerForm,
    MemberForm,
    NewTeamForm,
    PersonForm,
    RoleForm,
    SearchForm,
    TeamForm,
)
from courseware.manage.people import (
    TeamError,
    add_manager,
    add_member,
    create_team,
    delete_team,
    import_people,
    parse_people_csv,
    remove_manager,
    remove_member,
    rename_team,
    search_people,
    set_role,
    team_lines,
    team_people,
    teams_of,
)
from courseware.models import Team, User
from courseware.numbers import page_of
from courseware.security import role
from courseware.submissions import Outcome, once

IMPORT_MAX_BYTES = 1024 * 1024


def _team_or_404(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        abort(404)
    return team


@bp.route("/admin/teams", methods=["GET", "POST"])
@role("admin")
def teams():
    """Every team, and a form to make a new one; sent twice, it still makes one team."""
    form = NewTeamForm()
    if form.validate_on_submit():

        def make() -> Outcome | None:
            try:
                team = create_team(form.name.data)
            except TeamError as error:
                form.name.errors.append(str(error))
                return None
            return Outcome(url_for("manage.team_admin", team_id=team.id),
                           f"The team “{team.name}” is made. Now add its learners and managers.")

        outcome = once(form.submission.data, current_user.id, make)
        if outcome is not None:
            return _follow(outcome)
    return render_template("manage/admin_teams.html", form=form, teams=team_lines())


def _follow(outcome: Outcome):
    """Say what the submission did, on the page it leads to."""
    flash(outcome.message, outcome.category)
    return redirect(outcome.url)


def _render_team(team: Team, **forms):
    forms.setdefault("member_form", MemberForm(prefix="member"))
    forms.setdefault("manager_form", ManagerForm(prefix="manager"))
    forms.setdefault("import_form", ImportForm())
    forms.setdefault("rename_form", TeamForm(prefix="rename", name=team.name))
    learners, managers = team_people(team.id)
    return render_template("manage/admin_team.html", team=team, learners=learners,
                           managers=managers, remove=ConfirmForm(), **forms)


@bp.route("/admin/teams/<int:team_id>")
@role("admin")
def team_admin(team_id: int):
    """A team's learners and managers, with forms to change them."""
    return _render_team(_team_or_404(team_id))


def _add(team_id: int, prefix: str, adder, what: str):
    team = _team_or_404(team_id)
    form = (MemberForm if prefix == "member" else ManagerForm)(prefix=prefix)
    if form.validate_on_submit():

        def make() -> Outcome | None:
            name = (form.name.data or "") if prefix == "member" else ""
            known = not name or find_user(form.email.data) is not None
            try:
                person = adder(team, form.email.data, *([name] if name else []))
            except TeamError as error:
                form.email.errors.append(str(error))
                return None
            message = f"{person.name} {what} {team.name}."
            if not known:
                message += (" They have a new account: we are emailing them a link to choose "
                            "their password.")
            return Outcome(url_for("manage.team_admin", team_id=team.id), message)

        outcome = once(form.submission.data, current_user.id, make)  # sent twice: added once
        if outcome is not None:
            return _follow(outcome)
    return _render_team(team, **{f"{prefix}_form": form})


@bp.route("/admin/teams/<int:team_id>/members", methods=["POST"])
@role("admin")
def add_member_view(team_id: int):
    """Add a learner to the team by their email address."""
    return _add(team_id, "member", add_member, "is now in")


@bp.route("/admin/teams/<int:team_id>/managers", methods=["POST"])
@role("admin")
def add_manager_view(team_id: int):
    """Make someone a manager of the team by their email address."""
    return _add(team_id, "manager", add_manager, "now manages")


@bp.route("/admin/teams/<int:team_id>/members/<int:user_id>/remove", methods=["POST"])
@role("admin")
def remove_member_view(team_id: int, user_id: int):
    """Take a learner out of the team: their progress stays with them."""
    team = _team_or_404(team_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not remove_member(team.id, user_id):
        abort(404)
    flash(f"They are no longer in {team.name}. Their learning records are kept.", "success")
    return redirect(url_for("manage.team_admin", team_id=team.id))


@bp.route("/admin/teams/<int:team_id>/managers/<int:user_id>/remove", methods=["POST"])
@role("admin")
def remove_manager_view(team_id: int, user_id: int):
    """Stop someone managing the team."""
    team = _team_or_404(team_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not remove_manager(team.id, user_id):
        abort(404)
    flash(f"They no longer manage {team.name}.", "success")
    return redirect(url_for("manage.team_admin", team_id=team.id))


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Let a CSV of people be up to IMPORT_MAX_BYTES, before CSRFProtect reads the body."""
    if endpoint == "manage.import_view":
        request.max_content_length = current_app.config.get("TEAM_IMPORT_MAX_BYTES",
                                                            IMPORT_MAX_BYTES)


@bp.route("/admin/teams/<int:team_id>/import", methods=["POST"])
@role("admin")
def import_view(team_id: int):
    """Add learners from a CSV file of name,email; make accounts for those without one."""
    team = _team_or_404(team_id)
    form = ImportForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors or not form.submission.errors:
            abort(400)
        form.file.errors = ["Choose the file again, then press “Add these people”."]
        return _render_team(team, import_form=form)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        form.file.errors = ["Choose a CSV file to upload."]
        return _render_team(team, import_form=form)
    rows, problems = parse_people_csv(upload.read())
    if problems:
        form.file.errors = ["Nobody was added. Put these right in the file, then upload it "
                            "again:", *problems[:20]]
        if len(problems) > 20:
            form.file.errors.append(f"… and {len(problems) - 20} more problems.")
        return _render_team(team, import_form=form)

    def make() -> Outcome | None:
        try:
            result = import_people(team, rows)
        except TeamError as error:
            form.file.errors = [str(error)]
            return None
        message = (f"{len(result.added) + len(result.created)} added to {team.name} "
                   f"({len(result.created)} new accounts"
                   f"{f', {len(result.already)} already in the team' if result.already else ''}).")
        if result.created:
            message += (" We are emailing each new account a link to choose their password; "
                        f"the link works for {current_app.config['WELCOME_LINK_DAYS']} days.")
        return Outcome(url_for("manage.team_admin", team_id=team.id), message)

    outcome = once(form.submission.data, current_user.id, make)  # sent twice: imported once
    if outcome is None:
        return _render_team(team, import_form=form)
    return _follow(outcome)


@bp.route("/admin/teams/<int:team_id>/rename", methods=["POST"])
@role("admin")
def rename_view(team_id: int):
    """Give the team a new name."""
    team = _team_or_404(team_id)
    form = TeamForm(prefix="rename")
    if form.validate_on_submit():
        try:
            rename_team(team, form.name.data)
        except TeamError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"The team is now called “{team.name}”.", "success")
            return redirect(url_for("manage.team_admin", team_id=team.id))
    return _render_team(team, rename_form=form)


@bp.route("/admin/teams/<int:team_id>/delete", methods=["GET", "POST"])
@role("admin")
def delete_view(team_id: int):
    """Ask, then delete the team; its people and their learning records stay."""
    team = _team_or_404(team_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = team.name
        delete_team(team)
        flash(f"The team “{name}” is deleted. Its people and their learning records are kept.",
              "success")
        return redirect(url_for("manage.teams"))
    return render_template("manage/admin_delete.html", team=team, form=form)


@bp.route("/admin/people")
@role("admin")
def people():
    """Everyone with an account, searchable, a page at a time."""
    form = SearchForm(formdata=request.args)
    query = (form.q.data or "") if form.validate() else ""
    page = page_of(request.args)
    size = current_app.config.get("PEOPLE_PAGE_SIZE", 50)
    found, total = search_people(query, page, size)
    return render_template("manage/admin_people.html", form=form, people=found, total=total,
                           page=page, pages=max(1, -(-total // size)), query=query)


def _person_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    return user


def _render_person(user: User, **forms):
    forms.setdefault("form", RoleForm(role=user.role))
    forms.setdefault("details", PersonForm(formdata=None, name=user.name, email=user.email))
    member_of, manages = teams_of(user.id)
    return render_template("manage/admin_person.html", user=user, member_of=member_of,
                           manages=manages, **forms)


@bp.route("/admin/people/<int:user_id>", methods=["GET", "POST"])
@role("admin")
def person(user_id: int):
    """One person: their name and email address, their role, and their teams."""
    user = _person_or_404(user_id)
    form = RoleForm() if request.method == "POST" else RoleForm(role=user.role)
    if form.validate_on_submit():
        try:
            set_role(user, form.role.data, current_user)
        except TeamError as error:
            form.role.errors.append(str(error))
        else:
            flash(f"{user.name} is now a {user.role}.", "success")
            return redirect(url_for("manage.person", user_id=user.id))
    return _render_person(user, form=form)


@bp.route("/admin/people/<int:user_id>/details", methods=["POST"])
@role("admin")
def person_details(user_id: int):
    """Correct someone's name or email address; both addresses hear of a new one."""
    user = _person_or_404(user_id)
    form = PersonForm()
    if form.validate_on_submit():
        old_email, new_email = user.email, normalise_email(form.email.data)
        if new_email != old_email and not set_email(user, new_email):
            form.email.errors.append(f"Another account already uses {new_email}. Check the "
                                     "address, or find that account under People.")
        else:
            set_name(user, form.name.data)
            if new_email != old_email:
                _tell_of_new_email(user, old_email)
            flash(f"{user.name}’s name and email address are saved.", "success")
            return redirect(url_for("manage.person", user_id=user.id))
    return _render_person(user, details=form)


def _tell_of_new_email(user: User, old_email: str) -> None:
    """Tell the old and the new address that an admin moved the account (sent at once)."""
    for address in (old_email, user.email):
        security_emails.send(user.id, "email_changed_by_admin",
                             {"old_email": old_email, "new_email": user.email, "to": address})
    db.session.commit()
