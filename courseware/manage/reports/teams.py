"""Teams at a glance: every team's figures, and the charts' data for one team.

Each function runs a fixed number of queries and lets the database do the counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import bindparam, func, select

from courseware.domain.access import managed_team_ids
from courseware.domain.cells import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    cells,
    count_where,
)
from courseware.extensions import db
from courseware.manage.reports.dialects import dialect, month_of
from courseware.models import Team, TeamMember, User

# --- Every team at a glance ---------------------------------------------------------------


@dataclass(frozen=True)
class TeamSummary:
    """One team's figures for the overview."""

    id: int
    name: str
    members: int
    assigned: int
    completed: int
    overdue: int

    @property
    def completion_rate(self) -> int | None:
        return round(100 * self.completed / self.assigned) if self.assigned else None


def team_summaries(viewer: User, today: date, page: int,
                   page_size: int = 20) -> tuple[list[TeamSummary], int]:
    """A page of the teams the viewer may see, by name, with their figures; and how many
    teams there are. One query."""
    teams = (
        select(Team.id, Team.name, func.count().over().label("team_count"))
        .where(Team.id.in_(managed_team_ids(viewer)))
        .order_by(Team.name, Team.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
        .subquery("teams")
    )
    c = cells(TeamMember.team_id.in_(select(teams.c.id)), today, steps=False)
    figures = (
        select(
            c.c.team_id,
            func.count().label("assigned"),
            count_where(c.c.status == COMPLETED).label("completed"),
            count_where(c.c.status == OVERDUE).label("overdue"),
        )
        .group_by(c.c.team_id)
        .subquery("figures")
    )
    members = (
        select(TeamMember.team_id, func.count().label("members"))
        .where(TeamMember.team_id.in_(select(teams.c.id)))
        .group_by(TeamMember.team_id)
        .subquery("members")
    )
    rows = db.session.execute(
        select(
            teams.c.id, teams.c.name, teams.c.team_count,
            func.coalesce(members.c.members, 0), func.coalesce(figures.c.assigned, 0),
            func.coalesce(figures.c.completed, 0), func.coalesce(figures.c.overdue, 0),
        )
        .outerjoin(members, members.c.team_id == teams.c.id)
        .outerjoin(figures, figures.c.team_id == teams.c.id)
        .order_by(teams.c.name, teams.c.id)
    ).all()
    total = rows[0][2] if rows else 0
    return [TeamSummary(r[0], r[1], int(r[3]), int(r[4]), int(r[5]), int(r[6]))
            for r in rows], total


# --- Charts' data for one team --------------------------------------------------------------


@dataclass(frozen=True)
class ModuleStatus:
    """How many of a team are at each status on one assigned module."""

    module_id: int
    title: str
    slug: str
    completed: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def total(self) -> int:
        return self.completed + self.in_progress + self.not_started + self.overdue


@lru_cache(maxsize=1)
def _status_statement():
    c = cells(TeamMember.team_id == bindparam("team_id"), bindparam("today"), steps=False)
    return select(
        c.c.module_id,
        count_where(c.c.status == COMPLETED), count_where(c.c.status == IN_PROGRESS),
        count_where(c.c.status == NOT_STARTED), count_where(c.c.status == OVERDUE),
    ).group_by(c.c.module_id)


def status_by_module(team_id: int, today: date, columns) -> list[ModuleStatus]:
    """For each of the team's assigned modules (`columns`, from dashboard.team_columns, in
    their order), how many people are at each status. One query, built once."""
    counts = {
        module_id: [int(v) for v in values]
        for module_id, *values in db.session.execute(
            _status_statement(), {"team_id": team_id, "today": today})
    }
    return [ModuleStatus(col.module_id, col.title, col.slug, *counts[col.module_id])
            for col in columns if col.module_id in counts]


def month_labels(today: date, months: int) -> list[str]:
    """'YYYY-MM' for the last `months` months, oldest first, ending with today's month."""
    out = []
    year, month = today.year, today.month
    for _ in range(months):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


@lru_cache(maxsize=4)
def _months_statement(dialect: str):
    """Built once for each database kind (month_of differs between them)."""
    c = cells(TeamMember.team_id == bindparam("team_id"), bindparam("today"), steps=False)
    month = month_of(c.c.completed_at)
    return (
        select(month, func.count())
        .where(c.c.status == COMPLETED, month >= bindparam("first_month"))
        .group_by(month)
    )


def completions_by_month(team_id: int, today: date, months: int = 12) -> list[tuple[str, int]]:
    """How many assigned modules the team completed in each of the last months (a month with
    none counts 0). One query, built once."""
    labels = month_labels(today, months)
    values = {"team_id": team_id, "today": today, "first_month": labels[0]}
    counts = dict(db.session.execute(_months_statement(dialect()), values).all())
    return [(label, int(counts.get(label, 0))) for label in labels]

