"""A person's choice of emails, and the one-click unsubscribe link in every email."""

from flask import flash, render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from courseware.domain import outbox
from courseware.domain.outbox import KINDS
from courseware.extensions import csrf, db
from courseware.models import User
from courseware.notifications import bp
from courseware.notifications.calendar_feed import feed_addresses, feed_token
from courseware.notifications.choices import (
    DIGEST,
    WEEKDAYS,
    choices_of,
    enabled_kinds,
    kinds_for,
    weekday_of,
)
from courseware.notifications.forms import ConfirmForm, PreferencesForm
from courseware.notifications.unsubscribe import read_unsubscribe_token
from courseware.security import ANYONE, SIGNED_IN, role


@bp.route("/account/emails", methods=["GET", "POST"])
@role(SIGNED_IN)
def preferences():
    """Which emails this person gets, the weekly summary's day, and their calendar address."""
    user = current_user._get_current_object()
    kinds = kinds_for(user)
    optional = [kind for kind in kinds if kind.can_turn_off]
    form = PreferencesForm()
    form.on.choices = [SelectChoice(kind.name, kind.label) for kind in optional]
    digest = any(kind.name == DIGEST for kind in kinds)
    if not digest:
        del form.weekday
    if form.validate_on_submit():
        for kind in optional:
            weekday = form.weekday.data if kind.name == DIGEST else None
            outbox.choose(user.id, kind.name, kind.name in form.on.data, weekday)
        db.session.commit()
        flash("Your choices are saved.", "success")
    elif request.method == "GET":
        choices = choices_of(user.id)
        form.on.data = enabled_kinds(optional, choices)
        if digest:
            form.weekday.data = weekday_of(choices)
    return render_template("notifications/preferences.html", form=form, kinds=kinds,
                           on=set(form.on.data or ()), weekdays=WEEKDAYS,
                           addresses=feed_addresses(feed_token(user.id)),
                           reset_form=ConfirmForm())


def _link_not_working():
    return render_template("notifications/link_not_working.html"), 404


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@role(ANYONE)
# Exempt from CSRF: a mail program posts "List-Unsubscribe=One-Click" here with no cookies and
# no form token (RFC 8058). The signed token in the address is the credential; nothing ambient
# (no session, no cookie) is used, and it can turn off only the one kind it names.
@csrf.exempt
def unsubscribe(token: str):
    """Turn one kind of email off, signed in or not; a GET only asks (mail scanners open links)."""
    found = read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or user.deleted_at is not None:
        return _link_not_working()
    kind = KINDS[found[1]]
    if request.method == "POST":
        choice = choices_of(user.id).get(kind.name)
        outbox.choose(user.id, kind.name, False, choice.weekday if choice else None)
        db.session.commit()
    return render_template("notifications/unsubscribe.html", kind=kind,
                           done=request.method == "POST")
