"""The SQL at the heart of every report: one row per team member and module assigned to them.

A cell says where a learner stands on an assigned module, from their enrolment that counts on
any version of it (the latest completed, else the latest): not started, in progress, completed,
or overdue (not completed and the due date has passed). Everything is computed by the database,
so a report's cost does not grow with the number of rows it summarises.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, and_, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from courseware.domain.progress import enrolments_that_count, step_counts
from courseware.models import Assignment, TeamMember

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
OVERDUE = "overdue"
STATUSES = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    OVERDUE: "Overdue",
}


def assigned(team_filter: ColumnElement):
    """(team_id, user_id, module_id, due_on) for each member and module assigned to them,
    whether to the whole team or to them alone; the earliest due date wins."""
    return (
        select(
            TeamMember.team_id,
            TeamMember.user_id,
            Assignment.module_id,
            func.min(Assignment.due_on).label("due_on"),
        )
        .join(
            Assignment,
            and_(
                Assignment.team_id == TeamMember.team_id,
                or_(Assignment.user_id.is_(None), Assignment.user_id == TeamMember.user_id),
            ),
        )
        .where(team_filter)
        .group_by(TeamMember.team_id, TeamMember.user_id, Assignment.module_id)
        .subquery("assigned")
    )


def cells(team_filter: ColumnElement, today: date | ColumnElement,
          module_id: int | ColumnElement | None = None, steps: bool = True):
    """The cells of the teams chosen by team_filter (a condition on TeamMember.team_id), as a
    CTE: team_id, user_id, module_id, due_on, enrolment_id, started_at, completed_at,
    best_scores, status, and (when steps) done and total step counts. `today` and `module_id`
    may be bound parameters, for a statement built once and run with many values."""
    a = assigned(team_filter)
    today = today if isinstance(today, ColumnElement) else literal(today, Date)
    latest = enrolments_that_count(select(TeamMember.user_id).where(team_filter))
    status = case(
        (latest.c.completed_at.is_not(None), literal(COMPLETED)),
        (a.c.due_on < today, literal(OVERDUE)),
        (latest.c.id.is_not(None), literal(IN_PROGRESS)),
        else_=literal(NOT_STARTED),
    )
    columns = [
        a.c.team_id, a.c.user_id, a.c.module_id, a.c.due_on,
        latest.c.id.label("enrolment_id"), latest.c.started_at, latest.c.completed_at,
        latest.c.best_scores, status.label("status"),
    ]
    if steps:
        done, total = step_counts(latest.c.id, latest.c.module_version_id)
        columns += [done.label("done"), total.label("total")]
    statement = select(*columns).select_from(
        a.outerjoin(latest, and_(latest.c.user_id == a.c.user_id,
                                 latest.c.module_id == a.c.module_id))
    )
    if module_id is not None:
        statement = statement.where(a.c.module_id == module_id)
    return statement.cte("cells")


def completed_in(column, start, end) -> ColumnElement:
    """A condition: the completion time is from start (a moment, or a bound parameter) up to
    but not including end; either may be None."""
    conditions = [column.is_not(None)]
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return and_(*conditions)


def count_where(condition: ColumnElement):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def mean_score(best_scores: dict | None) -> int | None:
    """The average of an enrolment's best quiz scores, or None when it had no quiz."""
    values = [v for v in (best_scores or {}).values() if isinstance(v, int | float)]
    return round(sum(values) / len(values)) if values else None
