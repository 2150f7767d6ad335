"""The catalogue: modules, their immutable versions, steps and media."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime


class Module(db.Model):
    """A module's stable identity, whatever its versions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    current_version_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The trainer who first published it from the browser; None for modules imported by command.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    versions: Mapped[list["ModuleVersion"]] = relationship(
        back_populates="module", foreign_keys="ModuleVersion.module_id"
    )
    current_version: Mapped["ModuleVersion | None"] = relationship(
        primaryjoin="Module.current_version_id == ModuleVersion.id",
        foreign_keys=[current_version_id],
        viewonly=True,
    )


class ModuleVersion(db.Model):
    """One published version of a module: immutable once imported."""

    __table_args__ = (UniqueConstraint("module_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    version_key: Mapped[int] = mapped_column(BigInteger)  # major * 10**9 passes 2**31 at 3.0.0
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(400))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(35))
    search_text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSONData)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Kept beside the package, not in it, so that the content hash is the package's alone.
    change_note: Mapped[str | None] = mapped_column(Text)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    module: Mapped[Module] = relationship(back_populates="versions", foreign_keys=[module_id])
    steps: Mapped[list["Step"]] = relationship(
        back_populates="module_version", order_by="Step.position"
    )

    @property
    def tags(self) -> list[str]:
        return self.data.get("tags", [])

    @property
    def outcomes(self) -> list[str]:
        return self.data.get("outcomes", [])


class Step(db.Model):
    """One step of a module version: a lesson, a quiz or a reflection, rendered at import."""

    __table_args__ = (UniqueConstraint("module_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict] = mapped_column(JSONData)

    module_version: Mapped[ModuleVersion] = relationship(back_populates="steps")


class MediaFile(db.Model):
    """An image from a package, stored once by the SHA-256 of its bytes."""

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
