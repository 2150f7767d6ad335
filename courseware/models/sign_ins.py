"""Sign-ins: one row per device a person signed in on, so that signing out ends it everywhere."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware import clock
from courseware.extensions import db
from courseware.models.base import UTCDateTime


class SignIn(db.Model):
    """One sign-in on one device. The session cookie holds a random secret; only its SHA-256 is
    kept here, so a copy of the database signs nobody in. No address is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device: Mapped[str] = mapped_column(String(80))  # "Firefox on Windows"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Written when the session cookie is written again (at most once a twelfth of the lifetime).
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
