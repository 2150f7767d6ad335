"""The private calendar feed: a person's due dates, CPD deadline and certificate expiry dates at
an address only they know, for Outlook or Google Calendar to subscribe to."""

from __future__ import annotations

import secrets
from datetime import date

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from courseware import clock
from courseware.database import write_apart
from courseware.domain.cpd_year import rules, year_of
from courseware.domain.my_learning import my_assignments
from courseware.extensions import db
from courseware.models import Assignment, CalendarFeed, Certificate, Module, TeamMember, User
from courseware.models.upsert import insert_ignore
from courseware.notifications import bp
from courseware.notifications.assignment_emails import due_date_event
from courseware.notifications.forms import ConfirmForm
from courseware.notifications.ics import Day, calendar
from courseware.notifications.messages import organisation
from courseware.public_url import public_url
from courseware.security import ANYONE, SIGNED_IN, role


def feed_token(user_id: int) -> str:
    """The secret of this person's calendar address, made the first time it is asked for."""
    token = db.session.scalar(select(CalendarFeed.token).where(CalendarFeed.user_id == user_id))
    if token is None:
        with write_apart():  # two first views at once make one address
            insert_ignore(CalendarFeed, ["user_id"], user_id=user_id,
                          token=secrets.token_urlsafe(32), created_at=clock.now())
        token = db.session.scalar(select(CalendarFeed.token)
                                  .where(CalendarFeed.user_id == user_id))
    return token


def new_feed_token(user_id: int) -> str:
    """A new secret for this person's calendar address: the old address stops working."""
    feed = db.session.get(CalendarFeed, user_id) or CalendarFeed(user_id=user_id)
    feed.token, feed.created_at = secrets.token_urlsafe(32), clock.now()
    db.session.add(feed)
    db.session.commit()
    return feed.token


def feed_addresses(token: str) -> dict[str, str]:
    """The calendar address in the two forms calendar programs take."""
    https = public_url("notifications.calendar_feed", token=token)
    return {"https": https, "webcal": "webcal://" + https.partition("://")[2]}


def assignment_days(user: User, today: date) -> list[Day]:
    """The due date of each module assigned to this person and not completed yet (team-wide
    assignments too), as the same event the email about it carried."""
    due = {row.module_id: row.due_on for row in my_assignments(user, today) if row.due_on}
    if not due:
        return []
    assignments = db.session.scalars(
        select(Assignment)
        .options(joinedload(Assignment.module).joinedload(Module.current_version))
        .join(TeamMember, and_(TeamMember.team_id == Assignment.team_id,
                               TeamMember.user_id == user.id))
        .where(or_(Assignment.user_id.is_(None), Assignment.user_id == user.id),
               Assignment.module_id.in_(list(due)))
        .order_by(Assignment.due_on, Assignment.id))
    days = {}
    for assignment in assignments:  # the soonest assignment of each module, as My learning
        if assignment.module_id not in days and assignment.due_on == due[assignment.module_id]:
            link = public_url("catalogue.module", slug=assignment.module.slug)
            days[assignment.module_id] = due_date_event(assignment, link)
    return list(days.values())


def cpd_deadline_day(today: date) -> Day:
    """The deadline of the current registration year."""
    year = year_of(today, rules())
    return Day(uid=f"cpd-deadline-{year.end.isoformat()}@courseware", day=year.end,
               summary="CPD deadline: the end of your registration year",
               description=(f"Your CPD record should show enough for the year {year.label} "
                            "by the end of today."),
               url=public_url("cpd.record"))


def certificate_days(user: User) -> list[Day]:
    """The day each of this person's valid certificates expires."""
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.user_id == user.id, Certificate.revoked_at.is_(None),
        Certificate.expires_at.is_not(None), Certificate.expires_at > clock.now()))
    return [Day(uid=f"certificate-{c.id}-expires@courseware", day=clock.day_of(c.expires_at),
                summary=f"Certificate expires: {c.module_title}",
                description=(f"Your certificate for {c.module_title} expires today. Take the "
                             "module again to renew it."),
                url=public_url("certificates.mine"))
            for c in certificates]


def feed_days(user: User, today: date) -> list[Day]:
    """Everything the feed shows, in a fixed number of queries."""
    return [*assignment_days(user, today), cpd_deadline_day(today), *certificate_days(user)]


@bp.route("/calendar/<token>.ics")
@role(ANYONE)  # the secret in the address is the credential
def calendar_feed(token: str):
    """A person's dates as a calendar, for a calendar program to subscribe to."""
    user = None
    if len(token) <= 64:
        user = db.session.scalar(select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
                                 .where(CalendarFeed.token == token, User.deleted_at.is_(None)))
    if user is None:
        abort(404)
    body = calendar(feed_days(user, clock.today()), name=f"{organisation()}: your dates")
    return Response(body, headers={"Content-Type": "text/calendar; charset=utf-8",
                                   "Cache-Control": "no-store",
                                   "X-Robots-Tag": "noindex"})


@bp.route("/account/emails/calendar", methods=["POST"])
@role(SIGNED_IN)
def reset_calendar():
    """Make a new calendar address; the old one stops working."""
    if ConfirmForm().validate_on_submit():
        new_feed_token(current_user.id)
        flash("Your calendar has a new address. The old address no longer works: add the new "
              "one to your calendar.", "success")
    return redirect(url_for("notifications.preferences", _anchor="calendar"))
