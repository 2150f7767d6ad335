"""What My learning shows: a learner's enrolments with their progress, and the modules assigned
to them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from courseware.domain.progress import enrolments_that_count, step_counts
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Enrolment,
    Module,
    ModuleVersion,
    TeamMember,
    User,
)


@dataclass
class Steps:
    """How many of a module version's steps a learner has done."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0


@dataclass
class EnrolmentRow(Steps):
    """An enrolment with its step counts."""

    enrolment: Enrolment


def my_enrolments(user: User) -> list[EnrolmentRow]:
    """The user's enrolments, most recently visited first, with steps done and total."""
    done, total = step_counts(Enrolment.id, Enrolment.module_version_id)
    rows = db.session.execute(
        select(Enrolment, done, total)
        .options(joinedload(Enrolment.module_version), joinedload(Enrolment.module))
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.last_visited_at.desc(), Enrolment.id.desc())
    )
    return [EnrolmentRow(d, t, e) for e, d, t in rows]


@dataclass
class AssignedRow(Steps):
    """A module the learner's manager asked them to complete, not completed yet."""

    module_id: int
    slug: str
    title: str
    due_on: date | None
    enrolment_id: int | None
    overdue: bool


def my_assignments(user: User, today: date) -> list[AssignedRow]:
    """Modules assigned to the learner (through any of their teams) that they have not
    completed in any version, soonest due first, in one query."""
    assigned = (
        select(Assignment.module_id, func.min(Assignment.due_on).label("due_on"))
        .join(TeamMember, and_(TeamMember.team_id == Assignment.team_id,
                               TeamMember.user_id == user.id))
        .where(or_(Assignment.user_id.is_(None), Assignment.user_id == user.id))
        .group_by(Assignment.module_id)
        .subquery("assigned")
    )
    latest = enrolments_that_count([user.id])
    done, total = step_counts(latest.c.id, latest.c.module_version_id)
    rows = db.session.execute(
        select(Module.id, Module.slug, ModuleVersion.title, assigned.c.due_on, latest.c.id,
               done, total)
        .select_from(assigned)
        .join(Module, Module.id == assigned.c.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .outerjoin(latest, latest.c.module_id == assigned.c.module_id)
        .where(latest.c.completed_at.is_(None))
        .order_by(assigned.c.due_on.is_(None), assigned.c.due_on, ModuleVersion.title)
    )
    return [
        AssignedRow(d or 0, t or 0, mid, slug, title, due, eid, due is not None and due < today)
        for mid, slug, title, due, eid, d, t in rows
    ]
