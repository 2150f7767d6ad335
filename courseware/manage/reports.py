"""Reports for managers: their teams at a glance, one module, one learner.

Each function runs a fixed number of queries and lets the database do the counting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import and_, bindparam, extract, func, select, true

from courseware.domain.access import managed_team_ids
from courseware.domain.cells import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    cells,
    count_where,
    latest_enrolments,
    mean_score,
)
from courseware.extensions import db
from courseware.manage.dashboard import Cell
from courseware.models import (
    Enrolment,
    Module,
    ModuleVersion,
    QuizAttempt,
    Step,
    StepProgress,
    Team,
    TeamMember,
    User,
)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def month_of(column):
    """'2026-03' for a timestamp, on SQLite and PostgreSQL."""
    if _dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def seconds_between(start, end):
    """The seconds from one timestamp to another, on SQLite and PostgreSQL."""
    if _dialect() == "postgresql":
        return extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


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
    counts = dict(db.session.execute(_months_statement(_dialect()), values).all())
    return [(label, int(counts.get(label, 0))) for label in labels]


# --- One module -------------------------------------------------------------------------------


# Right and wrong per question is shown only over at least this many people, so that nobody's
# answers can be picked out of a small team's figures.
MIN_PEOPLE_FOR_QUESTIONS = 5


@dataclass(frozen=True)
class QuizStats:
    """One quiz of the module, over the people in the team who tried it: how many tried and
    passed, how many attempts, and the average of their best scores."""

    key: str
    title: str
    attempts: int
    learners: int
    passed: int
    average: int

    @property
    def pass_rate(self) -> int:
        """The share of the people who tried it who have passed."""
        return round(100 * self.passed / self.learners) if self.learners else 0


@dataclass(frozen=True)
class QuestionStats:
    """A question and how often the team answered it wrong."""

    quiz_title: str
    question_id: str
    number: int | None  # its place in the current version's quiz, when it is still there
    prompt_html: str
    answered: int
    wrong: int

    @property
    def share_wrong(self) -> int:
        return round(100 * self.wrong / self.answered) if self.answered else 0


@dataclass
class ModuleReport:
    """One module, for one team."""

    module_id: int
    slug: str
    title: str
    assigned: int = 0
    completed_assigned: int = 0
    started: int = 0
    completed: int = 0
    median_seconds: float | None = None
    quizzes: list[QuizStats] = field(default_factory=list)
    questions: list[QuestionStats] = field(default_factory=list)
    min_people: int = MIN_PEOPLE_FOR_QUESTIONS

    @property
    def completion_rate(self) -> int | None:
        if not self.assigned:
            return None
        return round(100 * self.completed_assigned / self.assigned)

    @property
    def median_text(self) -> str:
        return duration_text(self.median_seconds)


def duration_text(seconds: float | None) -> str:
    """'2 days 3 hours', '45 minutes', or '' when unknown."""
    if seconds is None:
        return ""
    minutes = max(1, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins and not days:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def _members(team_id: int):
    return select(TeamMember.user_id).where(TeamMember.team_id == team_id)


def _answer_rows(team_id: int, module_id: int, min_people: int):
    """(quiz key, question id, answered, wrong) for the team's attempts at the module's
    quizzes, from the graded results stored with each attempt; only for questions answered by
    at least min_people people."""
    if _dialect() == "postgresql":
        item = func.json_array_elements(QuizAttempt.results).table_valued("value").alias("item")
        question = item.c.value.op("->>")("id")
        wrong = item.c.value.op("->>")("correct") != "true"
    else:
        item = func.json_each(QuizAttempt.results).table_valued("value").alias("item")
        question = func.json_extract(item.c.value, "$.id")
        wrong = func.json_extract(item.c.value, "$.correct") == 0
    return (
        select(Step.key, question.label("question"), func.count().label("answered"),
               count_where(wrong).label("wrong"))
        .select_from(QuizAttempt)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .join(Step, Step.id == QuizAttempt.step_id)
        .join(item, true())
        .where(Enrolment.module_id == module_id, QuizAttempt.user_id.in_(_members(team_id)))
        .group_by(Step.key, question)
        .having(func.count(func.distinct(QuizAttempt.user_id)) >= min_people)
    )


def module_report(team_id: int, module: Module, title: str, today: date, worst: int = 10,
                  min_people: int = MIN_PEOPLE_FOR_QUESTIONS) -> ModuleReport:
    """Completion, time to complete, quizzes and the questions most often answered wrong
    (over at least min_people people), over the team's members. Five queries."""
    report = ModuleReport(module.id, module.slug, title, min_people=min_people)
    c = cells(TeamMember.team_id == team_id, today, module.id, steps=False)
    report.assigned, report.completed_assigned = (int(v) for v in db.session.execute(
        select(func.count(), count_where(c.c.status == COMPLETED))).one())

    latest = latest_enrolments(_members(team_id))
    seconds = seconds_between(latest.c.started_at, latest.c.completed_at)
    durations = (
        select(seconds.label("seconds"),
               func.row_number().over(order_by=seconds).label("n"),
               func.count().over().label("total"))
        .where(latest.c.module_id == module.id, latest.c.completed_at.is_not(None))
        .subquery("durations")
    )
    started_completed = (
        select(func.count(), count_where(latest.c.completed_at.is_not(None)))
        .where(latest.c.module_id == module.id)
    )
    report.started, report.completed = (int(v) for v in db.session.execute(
        started_completed).one())
    middle = (durations.c.total + 1) // 2, (durations.c.total + 2) // 2
    report.median_seconds = db.session.scalar(
        select(func.avg(durations.c.seconds)).where(durations.c.n.in_(middle)))

    people = (
        select(Step.key, QuizAttempt.user_id, func.max(Step.title).label("title"),
               func.min(Step.position).label("position"),
               func.count(QuizAttempt.id).label("attempts"),
               func.max(QuizAttempt.score).label("best"),
               count_where(QuizAttempt.passed.is_(True)).label("passes"))
        .select_from(QuizAttempt)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .join(Step, Step.id == QuizAttempt.step_id)
        .where(Enrolment.module_id == module.id, QuizAttempt.user_id.in_(_members(team_id)))
        .group_by(Step.key, QuizAttempt.user_id)
        .subquery("people")
    )
    quiz_rows = db.session.execute(
        select(people.c.key, func.max(people.c.title), func.sum(people.c.attempts),
               func.count(), count_where(people.c.passes > 0), func.avg(people.c.best))
        .group_by(people.c.key)
        .order_by(func.min(people.c.position), people.c.key)
    ).all()
    report.quizzes = [QuizStats(k, t, int(a), int(n), int(p), round(avg or 0))
                      for k, t, a, n, p, avg in quiz_rows]

    answers = _answer_rows(team_id, module.id, min_people).subquery("answers")
    share = answers.c.wrong * 1.0 / answers.c.answered
    worst_rows = db.session.execute(
        select(answers).where(answers.c.wrong > 0)
        .order_by(share.desc(), answers.c.wrong.desc(), answers.c.key, answers.c.question)
        .limit(worst)
    ).all()
    current = {
        step.key: step
        for step in db.session.scalars(
            select(Step).where(Step.module_version_id == module.current_version_id,
                               Step.type == "quiz"))
    }
    titles = {q.key: q.title for q in report.quizzes}
    for key, question_id, answered, wrong in worst_rows:
        step = current.get(key)
        questions = step.data.get("questions", []) if step else []
        number = next((i for i, q in enumerate(questions, 1) if q.get("id") == question_id),
                      None)
        prompt = questions[number - 1].get("prompt_html", "") if number else ""
        report.questions.append(QuestionStats(
            titles.get(key, key), str(question_id), number, prompt, int(answered), int(wrong)))
    return report


# --- One learner ------------------------------------------------------------------------------


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


@dataclass
class LearnerReport:
    """What a manager sees of one learner."""

    learner: User
    teams: list[tuple[int, str]]
    assigned: list[AssignedLine]
    enrolments: list[EnrolmentLine]
    quizzes: list[QuizLine]


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
    done = (select(func.count(StepProgress.id))
            .where(StepProgress.enrolment_id == Enrolment.id).scalar_subquery())
    total = (select(func.count(Step.id))
             .where(Step.module_version_id == Enrolment.module_version_id).scalar_subquery())
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
