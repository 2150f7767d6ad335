"""Assigning modules to a team or to some of its members, with an optional due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import aliased

from courseware import jobs
from courseware.domain.reminders import record_assigned
from courseware.extensions import db
from courseware.models import Assignment, Module, ModuleVersion, TeamMember, User


@dataclass(frozen=True)
class AssignmentRow:
    """An assignment as the assignments page lists it."""

    id: int
    module_title: str
    learner_name: str | None  # None: the whole team
    due_on: date | None
    assigned_by: str | None


def members(team_id: int) -> list[User]:
    """The team's members, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == team_id)
            .order_by(User.name, User.id)
        )
    )


def assignable_modules() -> list[tuple[int, str]]:
    """(module id, title) of every module in the catalogue, by title."""
    return list(
        db.session.execute(
            select(Module.id, ModuleVersion.title)
            .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
            .where(Module.retired_at.is_(None))
            .order_by(ModuleVersion.title, Module.id)
        ).all()
    )


def assign(team_id: int, module_id: int, due_on: date | None, user_ids: list[int] | None,
           by: User | None) -> int:
    """Assign a module to the whole team (user_ids None) or to those of its members listed.

    Assigning again changes the due date rather than adding a second assignment. Ids of people
    who are not in the team are ignored. Returns how many assignments were made or changed.
    Not committed.
    """
    targets: list[int | None]
    if user_ids is None:
        targets = [None]
    else:
        targets = list(
            db.session.scalars(
                select(TeamMember.user_id).where(
                    TeamMember.team_id == team_id, TeamMember.user_id.in_(user_ids)
                )
            )
        )
    existing = {
        a.user_id: a
        for a in db.session.scalars(
            select(Assignment).where(Assignment.team_id == team_id,
                                     Assignment.module_id == module_id)
        )
    }
    changed = []
    for user_id in targets:
        found = existing.get(user_id)
        if found is None:
            found = Assignment(team_id=team_id, module_id=module_id, user_id=user_id,
                               due_on=due_on, assigned_by_id=by.id if by else None)
            db.session.add(found)
        else:
            found.due_on = due_on
            found.assigned_by_id = by.id if by else None
        changed.append(found)
    db.session.flush()
    if sum(record_assigned(assignment) for assignment in changed):
        jobs.wake_after_commit(jobs.SEND)
    return len(targets)


def team_assignments(team_id: int) -> list[AssignmentRow]:
    """The team's assignments: whole-team ones first, then by module and learner."""
    learner, manager = aliased(User), aliased(User)
    rows = db.session.execute(
        select(Assignment.id, ModuleVersion.title, learner.name, Assignment.due_on, manager.name)
        .join(Module, Module.id == Assignment.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .outerjoin(learner, learner.id == Assignment.user_id)
        .outerjoin(manager, manager.id == Assignment.assigned_by_id)
        .where(Assignment.team_id == team_id)
        .order_by(Assignment.user_id.is_not(None), ModuleVersion.title, learner.name,
                  Assignment.id)
    )
    return [AssignmentRow(*row) for row in rows]


def unassign(team_id: int, assignment_id: int) -> bool:
    """Remove one of the team's assignments; False when the team has no such assignment."""
    result = db.session.execute(
        delete(Assignment).where(Assignment.id == assignment_id, Assignment.team_id == team_id)
    )
    db.session.commit()
    return result.rowcount == 1
