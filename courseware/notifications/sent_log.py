"""The admins' sent log: every email decided, newest first, without its body (none is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from courseware.domain.outbox import KINDS, PAUSED
from courseware.extensions import db
from courseware.models import Notification, SiteSetting, User
from courseware.models.notifications import FAILED, SENT, SKIPPED, WAITING

STATUS_WORDS = {WAITING: "Waiting to be sent", SENT: "Sent", SKIPPED: "Not sent (not needed)",
                FAILED: "Failed"}


@dataclass(frozen=True)
class LogLine:
    """One email in the log, as an admin reads it."""

    kind: str
    name: str
    address: str
    subject: str | None
    status: str
    status_words: str
    decided_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None


def log_page(status: str | None, page: int, size: int) -> tuple[list[LogLine], int]:
    """A page of the log (of one status, if given), newest first, and how many in all. One
    query."""
    statement = (select(Notification.kind, User.name, User.email, Notification.address,
                        Notification.subject, Notification.status, Notification.created_at,
                        Notification.sent_at, Notification.attempts, Notification.last_error,
                        func.count().over())
                 .join(User, User.id == Notification.user_id)
                 .order_by(Notification.created_at.desc(), Notification.id.desc()))
    if status:
        statement = statement.where(Notification.status == status)
    rows = db.session.execute(statement.limit(size).offset((page - 1) * size)).all()
    lines = [LogLine(KINDS[kind].label if kind in KINDS else kind, name, address or email,
                     subject, state, STATUS_WORDS.get(state, state), decided, sent, attempts,
                     error)
             for kind, name, email, address, subject, state, decided, sent, attempts, error, _
             in rows]
    return lines, (rows[0][-1] if rows else 0)


@dataclass(frozen=True)
class Pause:
    """Since when all sending is paused, and by whom."""

    since: datetime
    by: str | None


def current_pause() -> Pause | None:
    """The pause on all sending, or None while emails go."""
    setting = db.session.get(SiteSetting, PAUSED)
    if setting is None:
        return None
    by = db.session.get(User, setting.changed_by_id) if setting.changed_by_id else None
    return Pause(setting.changed_at, by.name if by else None)
