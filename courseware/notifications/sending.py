"""Sending what is waiting in the outbox: each email claimed by one worker, sent, then marked."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

from flask import current_app

from courseware import clock
from courseware.domain import outbox
from courseware.extensions import db
from courseware.mail import deliver
from courseware.models import Notification, User
from courseware.notifications.composers import compose
from courseware.notifications.messages import build


def send_due(now: datetime | None = None) -> int:
    """Send every email whose time has come, unless sending is paused; how many were sent.
    Batch after batch: each email looked at leaves the batch (sent, skipped, put off or held by
    another worker), so this ends."""
    now = now or clock.now()
    sent = 0
    while not outbox.is_paused() and (batch := outbox.due(now)):
        for notification_id in batch:
            if outbox.claim(notification_id, now):
                sent += send_one(db.session.get(Notification, notification_id), now)
    return sent


def _reason_not_to_send(notification: Notification, user: User, now: datetime) -> str | None:
    if user.deleted_at is not None:
        return "The account was deleted."
    if notification.expires_at is not None and notification.expires_at <= now:
        return "Out of date before it could be sent."
    if not outbox.wants(user.id, notification.kind):
        return "Turned off by the person."
    return None


def send_one(notification: Notification, now: datetime) -> int:
    """Send one claimed email (1), or skip it or leave it to try again later (0)."""
    user = db.session.get(User, notification.user_id)
    why = _reason_not_to_send(notification, user, now)
    email = None if why else compose(notification)
    if email is None:
        outbox.mark_skipped(notification, why or "Nothing to say any more.")
        return 0
    message = build(notification, user, email)
    db.session.commit()  # no transaction open while the mail server talks (SQLite's write lock)
    try:
        deliver(current_app._get_current_object(), message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("Could not send %s to %s; will try again: %s",
                                   notification.kind, user.email, error)
        first_pause = timedelta(seconds=current_app.config["MAIL_RETRY_FIRST_SECONDS"])
        outbox.mark_failed(notification, f"{type(error).__name__}: {error}", now, first_pause)
        return 0
    outbox.mark_sent(notification, user.email, email.subject, now)
    return 1
