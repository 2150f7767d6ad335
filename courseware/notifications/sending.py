"""Sending what is waiting in the outbox: each email claimed by one worker, sent, then marked."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from courseware import clock
from courseware.domain import outbox
from courseware.extensions import db
from courseware.mail import deliver
from courseware.models import Notification, User
from courseware.notifications.composers import compose
from courseware.notifications.messages import build


def send_due(now: datetime | None = None) -> int:
    """Send every email whose time has come (while sending is paused, only those that keep
    accounts safe); how many were sent. Batch after batch: each email looked at leaves the
    batch (sent, skipped, put off or held by another worker), so this ends."""
    now = now or clock.now()
    sent = 0
    while batch := outbox.due(now, paused=outbox.is_paused()):
        for notification_id in batch:
            if outbox.claim(notification_id, now):  # read again: the claim changed the row
                notification = db.session.get(Notification, notification_id,
                                              populate_existing=True)
                sent += send_one_safely(notification, now)
    return sent


def send_now(user_id: int, kind: str, event_key: str) -> int:
    """Send one email just recorded, at once, unless a worker holds it or sending is paused and
    it is not one that keeps accounts safe (courseware/mail.py calls this in a background
    thread after the request commits)."""
    now = clock.now()
    notification_id = db.session.scalar(select(Notification.id).where(
        Notification.user_id == user_id, Notification.kind == kind,
        Notification.event_key == event_key))
    held = outbox.is_paused() and kind not in outbox.NEVER_PAUSED
    if notification_id is None or held or not outbox.claim(notification_id, now):
        return 0
    notification = db.session.get(Notification, notification_id, populate_existing=True)
    return send_one_safely(notification, now)


def send_one_safely(notification: Notification, now: datetime) -> int:
    """send_one, where a fault in making one email (a bug, data it did not expect) is logged
    and that email tried again later like a refusal, never stopping the others."""
    try:
        return send_one(notification, now)
    except Exception as error:  # noqa: BLE001 - one bad email must not stop the rest
        current_app.logger.exception("Could not make the %s email %s", notification.kind,
                                     notification.id)
        db.session.rollback()
        notification = db.session.get(Notification, notification.id, populate_existing=True)
        first_pause = timedelta(seconds=current_app.config["MAIL_RETRY_FIRST_SECONDS"])
        outbox.mark_failed(notification, f"{type(error).__name__}: {error}", now, first_pause)
        return 0


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
    outbox.mark_sent(notification, email.to or user.email, email.subject, now)
    return 1
