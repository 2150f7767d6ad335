"""The jobs the worker runs: sending what is waiting (when woken, and every minute) and working
out the reminders and managers' digests due (every quarter of an hour: deciding is once per
person and event, so running it again decides nothing twice)."""

from __future__ import annotations

import click
from flask import Flask

from courseware import clock, jobs, mail
from courseware.domain import digests, reminders
from courseware.notifications.sending import send_due, send_now


def reminders_now() -> int:
    """Work out the reminders due now."""
    return reminders.decide(clock.now())


def digests_now() -> int:
    """Decide the managers' weekly digests due today."""
    return digests.decide_digests(clock.now())


def init_app(app: Flask) -> None:
    """Register the notification jobs on the app's queue, and how an account's emails are
    sent at once (courseware/mail.py)."""
    mail.init_app(app, send_now)
    jobs.task(app, jobs.SEND, send_due)
    jobs.periodic(app, "send_every_minute", send_due, minute="*")
    jobs.periodic(app, "decide_reminders", reminders_now, minute="*/15")
    jobs.periodic(app, "decide_digests", digests_now, minute="*/15")


@jobs.jobs_cli.command("run-once")
def run_once_command() -> None:
    """Work out the reminders and digests due now and send what is waiting, once (for cron,
    or to try)."""
    decided = reminders_now() + digests_now()
    sent = send_due()
    click.echo(f"Reminders decided: {decided}. Emails sent: {sent}.")
