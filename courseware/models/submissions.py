"""Forms that created something, by their one-time token, so that a repeat makes nothing."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware import clock
from courseware.extensions import db
from courseware.models.base import UTCDateTime


class FormSubmission(db.Model):
    """One sending of a create form: its token (unique), who sent it, and where its result is."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    url: Mapped[str] = mapped_column(String(2000), default="")
    message: Mapped[str] = mapped_column(String(1000), default="")
    category: Mapped[str] = mapped_column(String(16), default="success")
