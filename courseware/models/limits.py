"""Rate limit counters every process and server shares, and the addresses people sign in from."""

from datetime import datetime

from sqlalchemy import Double, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware import clock
from courseware.extensions import db
from courseware.models.base import UTCDateTime


class RateLimitCounter(db.Model):
    """One rate limit's count in its current window, which ends at expires_at (epoch seconds)."""

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[float] = mapped_column(Double, index=True)


class KnownAddress(db.Model):
    """An address an account signed in from, kept only as a keyed hash, and when it last did."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
