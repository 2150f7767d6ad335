"""A learner's progress: enrolments, completed steps, quiz attempts and reflections."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware import clock
from courseware.extensions import db
from courseware.models.base import JSONData, UTCDateTime
from courseware.models.catalogue import Module, ModuleVersion, Step
from courseware.models.people import User


class Enrolment(db.Model):
    """A learner taking one version of a module (again, when renewing an expired certificate)."""

    # renewal counts retakes of the same version: 0 the first time, then 1, 2 ...
    __table_args__ = (
        UniqueConstraint("user_id", "module_version_id", "renewal"),
        # Reports find a learner's enrolments on a module, whatever the version.
        Index("ix_enrolment_user_module", "user_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    renewal: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_visited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_step_id: Mapped[int | None] = mapped_column(ForeignKey("step.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    best_scores: Mapped[dict | None] = mapped_column(JSONData)

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    module_version: Mapped[ModuleVersion] = relationship()
    last_step: Mapped[Step | None] = relationship()


class StepProgress(db.Model):
    """A step a learner has completed in an enrolment."""

    __table_args__ = (UniqueConstraint("enrolment_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class QuizAttempt(db.Model):
    """One submitted attempt at a quiz, with its answers and graded result."""

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    answers: Mapped[dict] = mapped_column(JSONData)
    results: Mapped[list] = mapped_column(JSONData)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)

    step: Mapped[Step] = relationship()


class Reflection(db.Model):
    """A learner's own words for a reflection step: private to them."""

    __table_args__ = (UniqueConstraint("enrolment_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


