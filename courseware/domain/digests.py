"""The weekly summary for managers: deciding it (once a week, on the day each manager chose)
and what it says about each of their teams. Set-based: the cost does not grow with the number
of learners."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select

from courseware import clock, jobs
from courseware.domain import outbox
from courseware.domain.cells import COMPLETED, OVERDUE, cells, completed_in, count_where
from courseware.domain.cpd_sharing import compliance
from courseware.domain.cpd_year import Rules, Year, year_of
from courseware.extensions import db
from courseware.models import (
    Module,
    ModuleVersion,
    NotificationChoice,
    Team,
    TeamManager,
    TeamMember,
    User,
)

KIND = "team_digest"
DEFAULT_WEEKDAY = 0  # Monday


def week_key(day: date) -> str:
    """The ISO week a day is in, as the digest's event: 2026-W11."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    """The Monday of the week a day is in."""
    return day - timedelta(days=day.weekday())


def decide_digests(now: datetime) -> int:
    """Decide this week's digest for every manager whose chosen day is today (Monday unless
    they chose another) and who has it on; how many were decided. Two statements, however
    many managers. Committed."""
    today = clock.day_of(now)
    choice = and_(NotificationChoice.user_id == TeamManager.user_id,
                  NotificationChoice.kind == KIND)
    manager_ids = list(db.session.scalars(
        select(TeamManager.user_id).distinct()
        .join(User, User.id == TeamManager.user_id)
        .outerjoin(NotificationChoice, choice)
        .where(User.deleted_at.is_(None),
               func.coalesce(NotificationChoice.weekday, DEFAULT_WEEKDAY) == today.weekday(),
               func.coalesce(NotificationChoice.enabled, True).is_(True))
        .order_by(TeamManager.user_id)))
    facts = {"week": week_key(today), "day": today.isoformat()}
    decided = outbox.record_many(
        [outbox.Decision(user_id, KIND, week_key(today), facts) for user_id in manager_ids], now)
    if decided:
        jobs.wake_after_commit(jobs.SEND)
    db.session.commit()
    return decided


@dataclass(frozen=True)
class Overdue:
    """A learner past the due date of a module assigned to them."""

    name: str
    module: str
    due_on: date


@dataclass
class TeamWeek:
    """One team's week, as its manager's digest tells it: counts, and names only of who is
    overdue."""

    team_id: int
    name: str
    members: int = 0
    overdue: list[Overdue] = field(default_factory=list)
    completed_this_week: int = 0
    cpd_met: int = 0
    cpd_some: int = 0
    cpd_none: int = 0


def team_weeks(manager_id: int, today: date, rules: Rules) -> tuple[list[TeamWeek], Year]:
    """Each team the manager manages, by name, with its week; and the CPD year counted. A fixed
    number of queries, however many teams and learners."""
    teams = {tid: TeamWeek(tid, name) for tid, name in db.session.execute(
        select(Team.id, Team.name).join(TeamManager, TeamManager.team_id == Team.id)
        .where(TeamManager.user_id == manager_id).order_by(Team.name, Team.id))}
    year = year_of(today, rules)
    if not teams:
        return [], year
    in_teams = TeamMember.team_id.in_(list(teams))
    c = cells(in_teams, today, steps=False)
    since = clock.start_of(week_start(today))
    for team_id, done in db.session.execute(
            select(c.c.team_id, count_where(and_(c.c.status == COMPLETED,
                                                 completed_in(c.c.completed_at, since, None))))
            .group_by(c.c.team_id)):
        teams[team_id].completed_this_week = int(done)
    for team_id, name, title, due_on in db.session.execute(
            select(c.c.team_id, User.name, ModuleVersion.title, c.c.due_on)
            .join(User, User.id == c.c.user_id).join(Module, Module.id == c.c.module_id)
            .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
            .where(c.c.status == OVERDUE, User.deleted_at.is_(None))
            .order_by(c.c.due_on, User.name, ModuleVersion.title)):
        teams[team_id].overdue.append(Overdue(name, title, due_on))
    members: dict[int, set[int]] = {}
    for team_id, user_id in db.session.execute(
            select(TeamMember.team_id, TeamMember.user_id).join(User, User.id == TeamMember.user_id)
            .where(in_teams, User.deleted_at.is_(None))):
        members.setdefault(team_id, set()).add(user_id)
    figures = {f.user_id: f for f in compliance(set().union(*members.values()) if members
                                                else set(), today, rules)}
    for team_id, ids in members.items():
        week = teams[team_id]
        week.members = len(ids)
        for user_id in ids:
            f = figures[user_id]
            if f.met:
                week.cpd_met += 1
            elif f.recorded:
                week.cpd_some += 1
            else:
                week.cpd_none += 1
    return list(teams.values()), year
