"""The admins' sent log of emails, and the switch that pauses all sending."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from courseware import jobs
from courseware.domain import outbox
from courseware.extensions import db
from courseware.notifications import bp
from courseware.notifications.sent_log import STATUS_WORDS, current_pause, log_page
from courseware.numbers import page_of
from courseware.security import role


class PauseForm(FlaskForm):
    """Pause all sending ("yes") or resume it ("no")."""

    paused = HiddenField(validators=[AnyOf(["yes", "no"])])


@bp.route("/admin/emails")
@role("admin")
def sent_log():
    """Every email decided, newest first: to whom, about what, and whether it went."""
    status = request.args.get("status", "")
    status = status if status in STATUS_WORDS else ""
    page = page_of(request.args)
    size = current_app.config.get("SENT_LOG_PAGE_SIZE", 50)
    lines, total = log_page(status or None, page, size)
    paused = current_pause()
    form = PauseForm(paused="no" if paused else "yes")
    return render_template("notifications/sent_log.html", lines=lines, total=total, page=page,
                           pages=max(1, -(-total // size)), status=status,
                           statuses=STATUS_WORDS, paused=paused, form=form)


@bp.route("/admin/emails/pause", methods=["POST"])
@role("admin")
def pause():
    """Pause all sending, or resume it; waiting emails wait meanwhile."""
    form = PauseForm()
    if form.validate_on_submit():
        paused = form.paused.data == "yes"
        outbox.set_paused(paused, current_user.id)
        if not paused:
            jobs.wake_after_commit(jobs.SEND)
        db.session.commit()
        flash("Sending is paused. Nothing is lost: waiting emails will go when you resume."
              if paused else "Sending has resumed. Waiting emails are going now.", "success")
    return redirect(url_for("notifications.sent_log"))
