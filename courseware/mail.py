"""Sending email: over SMTP when MAIL_SERVER is set, else printed to the console; and sending
an account's emails at once, in the background, as soon as the request that decided them
commits.

The emails about an account's safety (a password reset, a new address to confirm) are decided
like any other, as rows in the outbox (`domain/outbox.py`), and then sent at once instead of
waiting for the worker's next look: `send_after_commit()` remembers them in the session, and
after the commit a background thread hands each to the function the notifications feature
registered at app creation (`app.extensions[SEND_NOW]`, set in `notifications/tasks.py`), which
claims it and sends it. If the mail server is down, that leaves it waiting with a time to try
again, and the worker's minutely look sends it then; the claim stops both sending it.

This module imports no blueprint (the auth and manage blueprints use it, through the domain).
"""

import smtplib
import sys
import threading
import weakref
from collections.abc import Callable
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import event

from courseware.extensions import db

SEND_NOW = "send_now"  # in app.extensions: send one recorded email now (user_id, kind, key)
PENDING = "send_after_commit"  # in a session's info: the emails to send once it commits
THREADS = "sending_at_once"  # in app.extensions: the threads sending emails at once

SendNow = Callable[[int, str, str], object]


def deliver(app: Flask, message: EmailMessage) -> None:
    """Hand the message to the SMTP server, or print it when none is configured."""
    host = app.config.get("MAIL_SERVER")
    if not host:
        print(f"\n--- email (MAIL_SERVER not set, so printed here) ---\n{message}\n---",
              file=sys.stdout, flush=True)
        return
    port = int(app.config.get("MAIL_PORT", 25))
    with smtplib.SMTP(host, port, timeout=app.config.get("MAIL_TIMEOUT", 10)) as smtp:
        if app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if app.config.get("MAIL_USERNAME"):
            smtp.login(app.config["MAIL_USERNAME"], app.config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def init_app(app: Flask, send_now: SendNow) -> None:
    """Register how one recorded email is sent now, and send them after each commit."""
    app.extensions[SEND_NOW] = send_now
    if not event.contains(db.session, "after_commit", on_commit):
        event.listen(db.session, "after_commit", on_commit)
        event.listen(db.session, "after_soft_rollback", on_rollback)


def send_after_commit(user_id: int, kind: str, event_key: str) -> None:
    """Send this recorded email in the background once the current transaction commits (not
    before: the thread would not find it yet; never if it rolls back)."""
    db.session.info.setdefault(PENDING, []).append((user_id, kind, event_key))


def on_commit(session) -> None:
    """After a commit that recorded emails to send now, send them in a background thread, so
    that the page answers as fast whether or not the mail server does."""
    pending = session.info.pop(PENDING, None)
    if pending:
        app = current_app._get_current_object()
        thread = threading.Thread(target=_send, args=(app, pending), daemon=True)
        app.extensions.setdefault(THREADS, weakref.WeakSet()).add(thread)
        thread.start()


def finish_sending(app: Flask, timeout: float = 10.0) -> None:
    """Wait for the emails being sent at once to be sent (a server stopping, a test ending)."""
    for thread in list(app.extensions.get(THREADS, ())):
        thread.join(timeout)


def on_rollback(session, _previous_transaction) -> None:
    """What was rolled back is not to be sent."""
    session.info.pop(PENDING, None)


def _send(app: Flask, pending: list[tuple[int, str, str]]) -> None:
    with app.app_context():
        for user_id, kind, event_key in pending:
            try:
                app.extensions[SEND_NOW](user_id, kind, event_key)
            except Exception:  # it stays in the outbox: the worker tries again
                app.logger.exception("Could not send %s at once; the worker will", kind)
