"""A learner's enrolments with their progress, in two queries."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from courseware.extensions import db
from courseware.models import Enrolment, Step, StepProgress, User


@dataclass
class EnrolmentRow:
    """An enrolment with its step counts."""

    enrolment: Enrolment
    done: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0


def my_enrolments(user: User) -> list[EnrolmentRow]:
    """The user's enrolments, most recently visited first, with steps done and total."""
    done = (
        select(func.count(StepProgress.id))
        .where(StepProgress.enrolment_id == Enrolment.id)
        .scalar_subquery()
    )
    total = (
        select(func.count(Step.id))
        .where(Step.module_version_id == Enrolment.module_version_id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Enrolment, done, total)
        .options(joinedload(Enrolment.module_version), joinedload(Enrolment.module))
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.last_visited_at.desc(), Enrolment.id.desc())
    )
    return [EnrolmentRow(e, d, t) for e, d, t in rows]
