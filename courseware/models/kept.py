"""Words a person typed into a form that could not be saved, kept to put back in the form."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime


class KeptForm(db.Model):
    """A form sent after its sign-in ended or with a stale token: its owner's, for one page."""

    __table_args__ = (UniqueConstraint("user_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    page: Mapped[str] = mapped_column(String(500))  # the address that shows the form again
    fields: Mapped[list] = mapped_column(JSONData)  # [[name, value], ...] as posted
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
