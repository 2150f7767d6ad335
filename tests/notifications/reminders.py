"""Walking the clock through the days around a reminder: deciding and sending as the worker
does, and what reached the mail server."""

from datetime import date

from sqlalchemy import delete

from courseware import clock
from courseware.domain import reminders
from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.notifications.conftest import parse


def forget_emails() -> None:
    """Drop every email decided so far (such as those telling of the assignments made)."""
    db.session.execute(delete(Notification))
    db.session.commit()


def worker_on(time_machine, day: date, hour: int = 10) -> int:
    """Move to that day (in sending hours), decide the reminders and send them, twice as the
    worker's quarter-hourly run would; how many were sent."""
    time_machine.move_to(london(day.year, day.month, day.day, hour))
    reminders.decide(clock.now())
    sent = send_due()
    time_machine.move_to(london(day.year, day.month, day.day, hour, 15))
    assert reminders.decide(clock.now()) == 0  # the same day again decides nothing more
    assert send_due() == 0
    return sent


def received(inbox, start: int = 0) -> list:
    """The emails the mail server has, from the start-th on, parsed."""
    return [parse(envelope) for envelope in inbox.messages[start:]]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()
