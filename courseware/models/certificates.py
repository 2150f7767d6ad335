"""Certificates of completion: what was achieved, as it stood on the day of issue."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime
from courseware.models.catalogue import Module, ModuleVersion
from courseware.models.people import User
from courseware.models.progress import Enrolment


class Certificate(db.Model):
    """Proof that a learner completed one module version: issued once, never edited."""

    # One per learner, module version and renewal (a learner may retake the same version
    # once its certificate has expired; that retake is a new enrolment with renewal + 1).
    __table_args__ = (UniqueConstraint("user_id", "module_version_id", "renewal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(22), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    renewal: Mapped[int] = mapped_column(Integer, default=0)
    learner_name: Mapped[str] = mapped_column(String(120))
    module_slug: Mapped[str] = mapped_column(String(64))
    module_title: Mapped[str] = mapped_column(String(120))
    module_version_label: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cpd_minutes: Mapped[int] = mapped_column(Integer)
    best_scores: Mapped[dict] = mapped_column(JSONData)
    outcomes: Mapped[list] = mapped_column(JSONData)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(500))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    enrolment: Mapped[Enrolment] = relationship()
    module: Mapped[Module] = relationship()
    module_version: Mapped[ModuleVersion] = relationship()
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
