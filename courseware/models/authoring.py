"""Authoring: drafts as sets of package files, a version's original files, and the audit log."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import UTCDateTime
from courseware.models.catalogue import Module, ModuleVersion
from courseware.models.people import User


class Draft(db.Model):
    """A module being written: its package files live in DraftFile rows until it is published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # The module this draft updates, when it updates one; None for a module not yet published.
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"), index=True)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("module_version.id"))
    # Copies of module.yaml's id and title, kept for lists of drafts.
    slug: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    owner: Mapped[User] = relationship()
    module: Mapped[Module | None] = relationship()
    based_on: Mapped[ModuleVersion | None] = relationship()


class DraftFile(db.Model):
    """One file of a draft's package, by its path inside the package."""

    __table_args__ = (UniqueConstraint("draft_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    path: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class VersionFile(db.Model):
    """One file of a published version's package, exactly as imported: export rebuilds the zip."""

    __table_args__ = (UniqueConstraint("module_version_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    path: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEvent(db.Model):
    """Who created, published, retired or exported which module or version, and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"), index=True)
    module_version_id: Mapped[int | None] = mapped_column(ForeignKey("module_version.id"))
    # What the module and version were called at the time, so the log reads on its own.
    module_slug: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")

    user: Mapped[User | None] = relationship()
