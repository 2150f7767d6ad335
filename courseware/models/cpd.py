"""A learner's CPD record: entries, their attachments and the attachments' bytes."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime
from courseware.models.people import User

DRAFT = "draft"
RECORDED = "recorded"


class CpdEntry(db.Model):
    """One learning activity in a learner's CPD record, reflected on: private to them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    activity_type: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(String(200))
    activity_date: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    learning: Mapped[str] = mapped_column(Text, default="")
    impact_on_practice: Mapped[str] = mapped_column(Text, default="")
    impact_on_people: Mapped[str] = mapped_column(Text, default="")
    peer_name: Mapped[str] = mapped_column(String(120), default="")
    peer_role: Mapped[str] = mapped_column(String(120), default="")
    peer_date: Mapped[date | None] = mapped_column(Date)
    peer_learning: Mapped[str] = mapped_column(Text, default="")
    standards: Mapped[list] = mapped_column(JSONData, default=list)
    links: Mapped[list] = mapped_column(JSONData, default=list)
    # The module completion this draft came from; a certificate link can hang off it later.
    source_enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolment.id", ondelete="SET NULL"), unique=True
    )
    shared_with_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    user: Mapped[User] = relationship()

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def has_peer_reflection(self) -> bool:
        """True when the entry says who the learner reflected with and what they learnt."""
        return bool(self.peer_name.strip() and self.peer_learning.strip())


class CpdAttachment(db.Model):
    """A file of evidence attached to an entry; its bytes live in CpdAttachmentData."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("cpd_entry.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CpdAttachmentData(db.Model):
    """The bytes of one attachment, in the database so that every app server can serve them."""

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("cpd_attachment.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
