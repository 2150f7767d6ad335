"""The reminders: a module due soon or overdue, a certificate issued or about to expire, the
CPD deadline coming up. Each looks again when sent, and says nothing when the learner has done
it by then."""

from __future__ import annotations

from datetime import date

from courseware import clock
from courseware.clock import day_text
from courseware.domain.cpd_standing import standing_of
from courseware.domain.cpd_year import rules, standing, to_do, year_of
from courseware.domain.progress import has_completed
from courseware.domain.reminders import is_renewed
from courseware.extensions import db
from courseware.models import Assignment, Certificate, Notification, TeamMember
from courseware.notifications.composers import Email, composer
from courseware.public_url import public_url


def _still_to_do(notification: Notification) -> Assignment | None:
    """The assignment a reminder is about, if it is still the learner's to do by that date."""
    assignment = db.session.get(Assignment, notification.facts.get("assignment_id"))
    if assignment is None or assignment.module.current_version is None:
        return None
    if assignment.due_on is None or assignment.due_on.isoformat() != notification.facts.get(
            "due_on"):
        return None  # the due date changed or went: the reminders of the new one say so
    member = db.session.query(TeamMember.id).filter_by(
        team_id=assignment.team_id, user_id=notification.user_id).first()
    if member is None or has_completed(notification.user_id, assignment.module_id):
        return None
    return assignment


def _in_days(due_on: date, today: date) -> str:
    days = (due_on - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _module_values(assignment: Assignment) -> dict:
    version = assignment.module.current_version
    return {"title": version.title, "due_on": assignment.due_on,
            "minutes": version.duration_minutes,
            "link": public_url("catalogue.module", slug=assignment.module.slug)}


@composer("due_soon")
def due_soon(notification: Notification) -> Email | None:
    """A module due in 7 days or in 1 day; nothing if completed or no longer assigned."""
    assignment = _still_to_do(notification)
    if assignment is None:
        return None
    values = _module_values(assignment)
    when = _in_days(assignment.due_on, clock.today())
    return Email(subject=f"Reminder: {values['title']} is due {when}", template="due_soon",
                 values=values | {"when": when})


@composer("overdue")
def overdue(notification: Notification) -> Email | None:
    """A module past its due date; nothing if completed since or no longer assigned."""
    assignment = _still_to_do(notification)
    if assignment is None:
        return None
    values = _module_values(assignment)
    return Email(subject=f"Past its due date: {values['title']}", template="overdue",
                 values=values)


def _certificate_values(certificate: Certificate) -> dict:
    return {"title": certificate.module_title, "expires_at": certificate.expires_at,
            "page": public_url("certificates.show", certificate_id=certificate.id),
            "check": public_url("certificates.verify", code=certificate.code),
            "module": public_url("catalogue.module", slug=certificate.module_slug)}


@composer("certificate_issued")
def certificate_issued(notification: Notification) -> Email | None:
    """A certificate issued, with its page and the public check; nothing if revoked since."""
    certificate = db.session.get(Certificate, notification.facts.get("certificate_id"))
    if certificate is None or certificate.revoked_at is not None:
        return None
    return Email(subject=f"Your certificate: {certificate.module_title}",
                 template="certificate_issued", values=_certificate_values(certificate))


@composer("certificate_expiring")
def certificate_expiring(notification: Notification) -> Email | None:
    """A certificate expiring in 30 days or today, with the way to renew; nothing if revoked
    or renewed since."""
    certificate = db.session.get(Certificate, notification.facts.get("certificate_id"))
    if certificate is None or certificate.revoked_at is not None or is_renewed(certificate):
        return None
    today = clock.today()
    expires_on = clock.day_of(certificate.expires_at)
    if expires_on < today:
        return None
    when = "today" if expires_on == today else f"on {day_text(expires_on)}"
    return Email(subject=f"Your certificate for {certificate.module_title} expires {when}",
                 template="certificate_expiring",
                 values=_certificate_values(certificate) | {"when": when,
                                                            "today": expires_on == today})


@composer("cpd_deadline")
def cpd_deadline(notification: Notification) -> Email | None:
    """The CPD deadline coming up, where the learner stands and what to do next; nothing once
    they meet the year's minimums."""
    today, the_rules = clock.today(), rules()
    year = year_of(today, the_rules)
    if year.end.isoformat() != notification.facts.get("year_end"):
        return None  # that year is over
    panel = standing_of(notification.user_id, today, the_rules)
    if panel.met:
        return None
    when = _in_days(year.end, today)
    return Email(subject=f"Your CPD deadline is {when}: {day_text(year.end)}",
                 template="cpd_deadline",
                 values={"deadline": year.end, "when": when, "standing": standing(panel),
                         "to_do": to_do(panel), "link": public_url("cpd.record"),
                         "new_entry": public_url("cpd.new")})
