"""Sharing: a learner shares a finished entry with their manager; the manager sees the team's
compliance figures and reads the entries shared with them."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from courseware import clock
from courseware.cpd import bp
from courseware.cpd import export as exporting
from courseware.cpd.forms import ConfirmForm
from courseware.cpd.owned import entry_or_404
from courseware.cpd.standards import framework
from courseware.domain.cpd_sharing import compliance, managed_learner_ids, set_shared, shared_entry
from courseware.domain.cpd_year import rules, year_of
from courseware.extensions import db
from courseware.models.cpd import RECORDED
from courseware.security import SIGNED_IN, role


@bp.route("/cpd/<int:entry_id>/sharing", methods=["POST"])
@role(SIGNED_IN)
def sharing(entry_id: int):
    """Share a finished entry with your manager, or stop sharing it."""
    item = entry_or_404(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    share = request.form.get("share") == "yes"
    if share and item.status != RECORDED:
        flash("Finish this entry before you share it.", "warning")
        return redirect(url_for("cpd.entry", entry_id=item.id))
    set_shared(item, share)
    db.session.commit()
    if share:
        flash("Your manager can now read this entry. You can stop sharing it at any time.",
              "success")
    else:
        flash("You have stopped sharing this entry. Your manager can no longer read it.",
              "success")
    return redirect(url_for("cpd.entry", entry_id=item.id, _anchor="sharing"))


@bp.route("/cpd/team")
@role("manager")
def team():
    """Compliance figures for the learners you manage: counts, dates and status, never text."""
    managed = managed_learner_ids(current_user)
    the_rules, now = rules(), clock.today()
    rows = compliance(managed, now, the_rules)
    return render_template("cpd/team.html", rows=rows, year=year_of(now, the_rules))


@bp.route("/cpd/team.csv")
@role("manager")
def team_csv():
    """The team page's table as a spreadsheet (CSV): the same people and figures."""
    the_rules, now = rules(), clock.today()
    rows = compliance(managed_learner_ids(current_user), now, the_rules)
    response = Response(exporting.team_csv(rows), mimetype="text/csv")
    name = f"cpd-team-{year_of(now, the_rules).end.year}.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


@bp.route("/cpd/team/entries/<int:entry_id>")
@role("manager")
def team_entry(entry_id: int):
    """An entry a learner you manage has chosen to share with you; 404 for any other."""
    item = shared_entry(entry_id, current_user, managed_learner_ids(current_user))
    if item is None:
        abort(404)
    return render_template(
        "cpd/team_entry.html",
        entry=item,
        rows=exporting.form_rows(item),
        peer=exporting.peer_rows(item),
        standards=framework().labels(item.standards or []),
        framework=framework(),
    )
