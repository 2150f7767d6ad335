"""Deciding what to tell people and when: each decision recorded once in the outbox (by person,
kind and event), in the transaction that makes it.

The reminders are decided for the whole organisation at once, a handful of queries whatever its
size; running again the same day finds every decision already recorded and adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from courseware import clock, jobs
from courseware.domain import outbox
from courseware.domain.cpd_standing import standings
from courseware.domain.cpd_year import rules, year_of
from courseware.domain.outbox import Decision
from courseware.extensions import db
from courseware.models import Assignment, Certificate, Enrolment, TeamMember, User

DUE_SOON_DAYS = (7, 1)  # days before the due date
EXPIRING_DAYS = (30, 0)  # days before a certificate expires (0: on the day it does)
CPD_DAYS = (60, 30, 7)  # days before the CPD deadline


def record_assigned(assignment: Assignment) -> int:
    """Decide to tell each learner an assignment is for (the whole team, or one member) about
    it: once per assignment and due date, so a changed due date is told again. Not committed;
    how many were newly decided."""
    if assignment.user_id is not None:
        user_ids = [assignment.user_id]
    else:
        user_ids = list(db.session.scalars(
            select(TeamMember.user_id).where(TeamMember.team_id == assignment.team_id)))
    key = f"{assignment.id}:{assignment.due_on or 'none'}"
    facts = {"assignment_id": assignment.id,
             "due_on": assignment.due_on.isoformat() if assignment.due_on else None}
    return outbox.record_many([Decision(user_id, "assigned", key, facts)
                               for user_id in user_ids])


def record_certificate_issued(certificate: Certificate) -> bool:
    """Decide to tell the learner their certificate was issued, once, and wake a worker after
    the commit. Not committed."""
    recorded = outbox.record(certificate.user_id, "certificate_issued", str(certificate.id),
                             {"certificate_id": certificate.id})
    if recorded:
        jobs.wake_after_commit(jobs.SEND)
    return recorded


def decide(now: datetime) -> int:
    """Record every reminder due on this moment's day; how many were newly decided. Committed."""
    today = clock.day_of(now)
    until = clock.start_of(today + timedelta(days=1))  # a reminder not sent today is not sent
    decisions = [*assignment_reminders(today, until), *expiring_certificates(today, until),
                 *cpd_deadline(today, until)]
    added = outbox.record_many(decisions, now)
    if added:
        jobs.wake_after_commit(jobs.SEND)
    db.session.commit()
    return added


def _completed(user_id, module_id):
    """Whether the learner has completed any version of the module, inside a query."""
    return exists().where(Enrolment.user_id == user_id, Enrolment.module_id == module_id,
                          Enrolment.completed_at.is_not(None))


def assignment_reminders(today: date, until: datetime) -> Iterator[Decision]:
    """Modules due in 7 days, in 1 day, and due yesterday, for each learner they are assigned
    to (a team-wide assignment to every member) who has not completed them: one query."""
    when = {today + timedelta(days=n): str(n) for n in DUE_SOON_DAYS}
    when[today - timedelta(days=1)] = "overdue"
    rows = db.session.execute(
        select(TeamMember.user_id, Assignment.id, Assignment.module_id, Assignment.due_on)
        .join(TeamMember, TeamMember.team_id == Assignment.team_id)
        .join(User, User.id == TeamMember.user_id)
        .where(Assignment.due_on.in_(list(when)), User.deleted_at.is_(None),
               or_(Assignment.user_id.is_(None), Assignment.user_id == TeamMember.user_id),
               ~_completed(TeamMember.user_id, Assignment.module_id))
        .order_by(Assignment.id))
    told = set()
    for user_id, assignment_id, module_id, due_on in rows:
        step = when[due_on]
        if (user_id, module_id, step) in told:
            continue  # the same module assigned twice for the same day: one email
        told.add((user_id, module_id, step))
        yield Decision(user_id, "overdue" if step == "overdue" else "due_soon",
                       f"{assignment_id}:{due_on}:{step}",
                       {"assignment_id": assignment_id, "due_on": due_on.isoformat()}, until)


def _renewed():
    """Whether the holder has a newer certificate for the module (not revoked) or has completed
    it again since, inside a query about certificates."""
    newer = aliased(Certificate)
    return or_(
        exists().where(newer.user_id == Certificate.user_id,
                       newer.module_id == Certificate.module_id,
                       newer.issued_at > Certificate.issued_at, newer.revoked_at.is_(None)),
        exists().where(Enrolment.user_id == Certificate.user_id,
                       Enrolment.module_id == Certificate.module_id,
                       Enrolment.completed_at > Certificate.completed_at))


def is_renewed(certificate: Certificate) -> bool:
    """Whether the holder has renewed this certificate (or been issued a newer one) since."""
    return db.session.scalar(select(Certificate.id).where(
        Certificate.id == certificate.id, _renewed())) is not None


def expiring_certificates(today: date, until: datetime) -> Iterator[Decision]:
    """Certificates expiring in 30 days or today, not revoked, whose holder has no newer
    certificate for the module nor a later completion of it (a renewal): one query."""
    days = {today + timedelta(days=n): n for n in EXPIRING_DAYS}
    windows = [and_(Certificate.expires_at >= clock.start_of(day),
                    Certificate.expires_at < clock.start_of(day + timedelta(days=1)))
               for day in days]
    rows = db.session.execute(
        select(Certificate.id, Certificate.user_id, Certificate.expires_at)
        .join(User, User.id == Certificate.user_id)
        .where(or_(*windows), Certificate.revoked_at.is_(None), User.deleted_at.is_(None),
               ~_renewed()))
    for certificate_id, user_id, expires_at in rows:
        before = days[clock.day_of(expires_at)]
        yield Decision(user_id, "certificate_expiring", f"{certificate_id}:{before}",
                       {"certificate_id": certificate_id, "days": before}, until)


def cpd_deadline(today: date, until: datetime) -> Iterator[Decision]:
    """On the days 60, 30 and 7 before the CPD deadline, every account (not deleted) whose
    year falls short of the minimums: two queries."""
    the_rules = rules()
    year = year_of(today, the_rules)
    days = (year.end - today).days
    if days not in CPD_DAYS:
        return
    user_ids = list(db.session.scalars(select(User.id).where(User.deleted_at.is_(None))))
    key, facts = f"{year.end}:{days}", {"year_end": year.end.isoformat(), "days": days}
    for user_id, standing in standings(user_ids, today, the_rules).items():
        if not standing.met:
            yield Decision(user_id, "cpd_deadline", key, facts, until)
