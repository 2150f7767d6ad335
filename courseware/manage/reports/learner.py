"""One learner, as a manager sees them: their teams, what they are assigned, their enrolments
and the quizzes they tried (never their answers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

from courseware.domain.access import managed_team_ids
from courseware.domain.cells import COMPLETED, cells, count_where, mean_score
from courseware.domain.progress import step_counts
from courseware.extensions import db
from courseware.manage.dashboard import Cell
from courseware.models.catalogue import Module, ModuleVersion, Step
from courseware.models.manage import Team, TeamMember
from courseware.models.people import User
from courseware.models.progress import Enrolment, QuizAttempt


@dataclass(frozen=True)
class EnrolmentLine:
    """One of the learner's enrolments."""

    enrolment_id: int
    module_slug: str
    title: str
    version: str
    started_at: datetime
    completed_at: datetime | None
    done: int
    total: int
    score: int | None


@dataclass(frozen=True)
class QuizLine:
    """One quiz the learner tried: how many times, their best score, passed or not (never
    their answers, nor which questions they got right)."""

    module_title: str
    quiz_title: str
    attempts: int
    best: int
    passed: bool


@dataclass(frozen=True)
class AssignedLine:
    """A module assigned to the learner in one of the viewer's teams."""

    title: str
    slug: str
    team_id: int
    team_name: str
    cell: Cell


def learner_teams(viewer: User, learner_id: int) -> list[tuple[int, str]]:
    """The learner's teams that the viewer may see, by name."""
    return list(db.session.execute(
        select(Team.id, Team.name)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == learner_id, Team.id.in_(managed_team_ids(viewer)))
        .order_by(Team.name, Team.id)
    ).all())


def learner_assigned(viewer: User, learner_id: int, today: date) -> list[AssignedLine]:
    """The modules assigned to the learner in the viewer's teams, with where they stand."""
    team_filter = and_(TeamMember.user_id == learner_id,
                       TeamMember.team_id.in_(managed_team_ids(viewer)))
    c = cells(team_filter, today)
    rows = db.session.execute(
        select(ModuleVersion.title, Module.slug, Team.id, Team.name, c.c.status, c.c.due_on,
               c.c.completed_at, c.c.done, c.c.total, c.c.best_scores)
        .join(Module, Module.id == c.c.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .join(Team, Team.id == c.c.team_id)
        .order_by(ModuleVersion.title, Team.name, Team.id)
    )
    return [
        AssignedLine(title, slug, tid, tname,
                     Cell(status, due, done_at, done or 0, total or 0,
                          mean_score(scores) if status == COMPLETED else None))
        for title, slug, tid, tname, status, due, done_at, done, total, scores in rows
    ]


def learner_enrolments(learner_id: int) -> list[EnrolmentLine]:
    """Every enrolment of the learner, latest first, with steps done."""
    done, total = step_counts(Enrolment.id, Enrolment.module_version_id)
    rows = db.session.execute(
        select(Enrolment.id, Module.slug, ModuleVersion.title, ModuleVersion.version,
               Enrolment.started_at, Enrolment.completed_at, done, total, Enrolment.best_scores)
        .join(Module, Module.id == Enrolment.module_id)
        .join(ModuleVersion, ModuleVersion.id == Enrolment.module_version_id)
        .where(Enrolment.user_id == learner_id)
        .order_by(Enrolment.started_at.desc(), Enrolment.id.desc())
    )
    return [EnrolmentLine(eid, slug, title, version, started, completed, d or 0, t or 0,
                          mean_score(scores) if completed else None)
            for eid, slug, title, version, started, completed, d, t, scores in rows]


def learner_quizzes(learner_id: int) -> list[QuizLine]:
    """Each quiz the learner tried, latest tried first: attempts, best score, passed or not."""
    rows = db.session.execute(
        select(ModuleVersion.title, Step.title, func.count(QuizAttempt.id),
               func.max(QuizAttempt.score), count_where(QuizAttempt.passed.is_(True)))
        .join(Step, Step.id == QuizAttempt.step_id)
        .join(ModuleVersion, ModuleVersion.id == Step.module_version_id)
        .where(QuizAttempt.user_id == learner_id)
        .group_by(Step.id, ModuleVersion.title, Step.title)
        .order_by(func.max(QuizAttempt.submitted_at).desc(), Step.id.desc())
    )
    return [QuizLine(module, quiz, int(n), int(best), passes > 0)
            for module, quiz, n, best, passes in rows]

