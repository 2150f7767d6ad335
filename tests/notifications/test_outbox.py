"""The outbox: decided at most once per person and event, claimed by one worker, sent in
sending hours, tried again with growing pauses while the mail server is down, paused by an
admin."""

import socket
from datetime import timedelta

from sqlalchemy import func, select

from courseware.domain import outbox
from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.notifications.conftest import parse


def waiting_assignment_email(team, at):
    """Decide the email telling Cat about the team's second module, at a moment."""
    from courseware.manage.assignments import assign

    assign(team.team_a.id, team.other.module_id, None, [team.cat.id], team.mo)
    db.session.commit()
    row = db.session.scalar(select(Notification).where(Notification.user_id == team.cat.id))
    assert row is not None and row.created_at == at
    return row


def test_deciding_the_same_event_twice_records_it_once(app, team):
    assert outbox.record(team.cat.id, "due_soon", "1:2026-03-17:7") is True
    assert outbox.record(team.cat.id, "due_soon", "1:2026-03-17:7") is False
    assert outbox.record(team.cat.id, "due_soon", "1:2026-03-17:1") is True
    assert outbox.record(team.ben.id, "due_soon", "1:2026-03-17:7") is True
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 3


def test_only_one_worker_wins_the_claim(app, team, time_machine):
    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    row = waiting_assignment_email(team, now)
    assert outbox.claim(row.id, now) is True
    assert outbox.claim(row.id, now) is False  # the second worker finds it held
    assert outbox.due(now) == []
    later = now + outbox.CLAIM + timedelta(seconds=1)  # a worker killed while holding it
    assert outbox.due(later) == [row.id]
    assert outbox.claim(row.id, later) is True


def test_decided_at_night_it_waits_for_the_morning(app, team, inbox, time_machine):
    night = london(2026, 3, 10, 23, 30)
    time_machine.move_to(night, tick=False)
    waiting_assignment_email(team, night)
    assert send_due() == 0
    time_machine.move_to(london(2026, 3, 11, 3, 0), tick=False)
    assert send_due() == 0  # never at 3 a.m.
    time_machine.move_to(london(2026, 3, 11, 8, 0), tick=False)
    assert send_due() == 1
    assert parse(inbox.wait(1)[0])["To"] == "Cat Cole <cat@example.org>"


def test_sending_hours_follow_the_clocks_changing(app):
    # 29 March 2026: the clocks go forward; 07:30 UTC is 08:30 in London, within hours.
    assert outbox.sending_hours(london(2026, 3, 29, 8, 30)) == london(2026, 3, 29, 8, 30)
    assert outbox.sending_hours(london(2026, 3, 29, 20, 0)) == london(2026, 3, 30, 8, 0)
    assert outbox.sending_hours(london(2026, 3, 29, 1, 0)) == london(2026, 3, 29, 8, 0)


def test_a_mail_server_that_is_down_is_tried_again_later_and_sent_once(
        app, team, time_machine):
    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    row = waiting_assignment_email(team, now)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed)
    assert send_due() == 0
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("waiting", 1)
    assert "ConnectionRefusedError" in row.last_error
    assert row.send_after == now + timedelta(minutes=1)
    time_machine.move_to(now + timedelta(seconds=30), tick=False)
    assert send_due() == 0 and db.session.get(Notification, row.id).attempts == 1  # not yet
    time_machine.move_to(now + timedelta(minutes=1), tick=False)
    assert send_due() == 0
    db.session.refresh(row)
    assert row.attempts == 2 and row.send_after == now + timedelta(minutes=1 + 2)
    from tests.mailbox import smtp_server

    with smtp_server() as (handler, port):  # the mail server is back
        app.config.update(MAIL_PORT=port)
        time_machine.move_to(now + timedelta(minutes=3), tick=False)
        assert send_due() == 1
        assert send_due() == 0
        assert len(handler.wait(1)) == 1
    db.session.refresh(row)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)


def test_after_many_failures_it_is_given_up_and_the_log_says_so(app, team, time_machine):
    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    row = waiting_assignment_email(team, now)
    row.attempts = outbox.MAX_ATTEMPTS - 1
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    send_due()
    db.session.refresh(row)
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS


def test_paused_nothing_is_sent_and_it_goes_on_resuming(app, team, inbox, time_machine):
    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    waiting_assignment_email(team, now)
    outbox.set_paused(True, team.admin.id)
    db.session.commit()
    assert send_due() == 0 and inbox.messages == []
    outbox.set_paused(False, team.admin.id)
    db.session.commit()
    assert send_due() == 1


def test_out_of_date_or_turned_off_is_skipped_not_sent(app, team, inbox, time_machine):
    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    outbox.record(team.cat.id, "assigned", "late", {"assignment_id": 0},
                  expires_at=now - timedelta(minutes=1))
    row = waiting_assignment_email(team, now)
    outbox.choose(team.cat.id, "assigned", False)
    db.session.commit()
    assert send_due() == 0 and inbox.messages == []
    reasons = sorted(db.session.scalars(select(Notification.last_error)))
    assert reasons == ["Out of date before it could be sent.", "Turned off by the person."]
    assert db.session.get(Notification, row.id).status == "skipped"


def test_an_email_that_cannot_be_made_is_tried_later_and_does_not_stop_the_others(
        app, team, inbox, time_machine, monkeypatch):
    from courseware.notifications import composers

    now = london(2026, 3, 10, 12)
    time_machine.move_to(now, tick=False)
    outbox.record(team.ben.id, "overdue", "broken", {})
    row = waiting_assignment_email(team, now)

    def broken(notification):
        raise KeyError("assignment_id")

    monkeypatch.setitem(composers.COMPOSERS, "overdue", broken)
    db.session.commit()
    assert send_due() == 1  # Cat's email goes
    bad = db.session.scalar(select(Notification).where(Notification.kind == "overdue"))
    assert (bad.status, bad.attempts, bad.last_error) == ("waiting", 1, "KeyError: 'assignment_id'")
    assert db.session.get(Notification, row.id).status == "sent"
