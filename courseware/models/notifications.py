"""Notifications: each email decided once per person and event, what each person wants, their
private calendar address, and settings for the whole site (sending paused)."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime
from courseware.models.people import User

WAITING, SENT, SKIPPED, FAILED = "waiting", "sent", "skipped", "failed"


class Notification(db.Model):
    """One email to one person about one event. The unique key is what makes it at most once:
    the row is inserted in the transaction that decides to send, and a second decision about
    the same event finds it there. No body is kept: it is made from `facts` when sent."""

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "event_key"),
        Index("ix_notification_due", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    event_key: Mapped[str] = mapped_column(String(120))
    facts: Mapped[dict] = mapped_column(JSONData, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=WAITING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the sent log shows: the address and subject it went to and with, never the body.
    address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class NotificationChoice(db.Model):
    """A person's choice about one kind of email: off, or (the manager's digest) which day."""

    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 Monday … 6 Sunday
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now,
                                                 onupdate=clock.now)


class CalendarFeed(db.Model):
    """The secret in a person's private calendar address; a new one ends the old address."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class SiteSetting(db.Model):
    """A setting an admin changes while the site runs (such as: all sending paused)."""

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now,
                                                 onupdate=clock.now)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
