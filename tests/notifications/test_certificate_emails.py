"""A learner is told when their certificate is issued, with its page and its public check,
and reminded 30 days before it expires and on the day, with the way to renew it; not once
they have renewed it, nor when it was revoked."""

from datetime import date, timedelta

from sqlalchemy import select

from courseware import clock
from courseware.extensions import db
from courseware.models import Certificate, Enrolment, Notification
from courseware.notifications.sending import send_due
from tests.certificates.helpers import complete
from tests.clock import london
from tests.notifications.reminders import forget_emails, html_of, received, text_of, worker_on


def test_completing_a_module_tells_the_learner_their_certificate_is_ready(
        client, auth, module, learner, inbox, time_machine):
    time_machine.move_to(london(2026, 3, 10, 10))
    auth.login()
    complete(client)
    certificate = db.session.scalar(select(Certificate))
    waiting = db.session.scalars(select(Notification.event_key)
                                 .where(Notification.kind == "certificate_issued")).all()
    assert waiting == [str(certificate.id)]  # recorded with the certificate, committed with it
    assert send_due() == 1
    (message,) = received(inbox)
    assert message["To"] == "Lee Learner <learner@example.org>"
    assert message["Subject"] == "Your certificate: A tiny module for tests"
    text = text_of(message)
    assert f"/certificates/{certificate.id}" in text and f"/verify/{certificate.code}" in text
    assert "It is valid until 10 March 2027." in text
    html = html_of(message)
    assert html.count("<h1") == 1 and ">See your certificate</a>" in html
    assert ">check your certificate is real</a>" in html
    assert send_due() == 0


def expiry_day(team) -> date:
    """The day Ann's certificate (completed 20 February 2026, valid a year) expires."""
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == team.ann.id))
    return clock.day_of(certificate.expires_at)


def test_a_certificate_is_reminded_30_days_before_it_expires_and_on_the_day(
        team, inbox, time_machine):
    expires = expiry_day(team)
    assert expires == date(2027, 2, 20)
    days = [expires - timedelta(days=n) for n in (31, 30, 29, 1, 0, -1)]
    assert [worker_on(time_machine, day) for day in days] == [0, 1, 0, 0, 1, 0]
    month, today = received(inbox)
    assert month["To"] == today["To"] == "Ann Archer <ann@example.org>"
    assert month["Subject"].strip() == ("Your certificate for A tiny module for tests expires on "
                                "20 February 2027")
    assert today["Subject"].strip() == "Your certificate for A tiny module for tests expires today"
    assert "To renew it, take the module again." in text_of(month)
    assert "/modules/tiny-module" in text_of(today)
    html = html_of(today)
    assert html.count("<h1") == 1 and ">Renew: open the module</a>" in html


def test_no_expiry_reminder_once_renewed_or_revoked(team, inbox, time_machine):
    expires = expiry_day(team)
    time_machine.move_to(london(2027, 1, 3, 10))
    db.session.add(Enrolment(user_id=team.ann.id, module_id=team.tiny.module_id,
                             module_version_id=team.tiny.id, renewal=1, started_at=clock.now(),
                             last_visited_at=clock.now(), completed_at=clock.now()))
    dan = db.session.scalar(select(Certificate).where(Certificate.user_id == team.dan.id))
    dan.revoked_at, dan.revoked_reason = clock.now(), "Issued by mistake"
    db.session.commit()
    forget_emails()
    assert worker_on(time_machine, expires - timedelta(days=30)) == 0
    assert worker_on(time_machine, clock.day_of(dan.expires_at)) == 0
    assert inbox.messages == []
