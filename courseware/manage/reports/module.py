"""One module, for one team: completion, time to complete, quizzes, the questions most often
answered wrong.

A fixed number of queries; the database does the counting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, true

from courseware import clock
from courseware.domain.cells import COMPLETED, cells, count_where
from courseware.domain.progress import enrolments_that_count
from courseware.extensions import db
from courseware.manage.reports.dialects import dialect, seconds_between
from courseware.models import Enrolment, Module, QuizAttempt, Step, TeamMember

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
    return clock.span_text(max(1, round(seconds / 60)), in_days=True)


def _members(team_id: int):
    return select(TeamMember.user_id).where(TeamMember.team_id == team_id)


def _answer_rows(team_id: int, module_id: int, min_people: int):
    """(quiz key, question id, answered, wrong) for the team's attempts at the module's
    quizzes, from the graded results stored with each attempt; only for questions answered by
    at least min_people people."""
    if dialect() == "postgresql":
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
    report.started, report.completed, report.median_seconds = _times(team_id, module.id)
    report.quizzes = _quiz_stats(team_id, module.id)
    titles = {q.key: q.title for q in report.quizzes}
    report.questions = _worst_questions(team_id, module, titles, worst, min_people)
    return report


def _times(team_id: int, module_id: int) -> tuple[int, int, float | None]:
    """How many of the team started and completed the module (their latest enrolment), and the
    median seconds it took those who completed it."""
    latest = enrolments_that_count(_members(team_id))
    seconds = seconds_between(latest.c.started_at, latest.c.completed_at)
    durations = (
        select(seconds.label("seconds"),
               func.row_number().over(order_by=seconds).label("n"),
               func.count().over().label("total"))
        .where(latest.c.module_id == module_id, latest.c.completed_at.is_not(None))
        .subquery("durations")
    )
    started_completed = (
        select(func.count(), count_where(latest.c.completed_at.is_not(None)))
        .where(latest.c.module_id == module_id)
    )
    started, completed = (int(v) for v in db.session.execute(started_completed).one())
    middle = (durations.c.total + 1) // 2, (durations.c.total + 2) // 2
    median = db.session.scalar(
        select(func.avg(durations.c.seconds)).where(durations.c.n.in_(middle)))
    return started, completed, median


def _quiz_stats(team_id: int, module_id: int) -> list[QuizStats]:
    """Each of the module's quizzes the team tried, in the module's order."""
    people = (
        select(Step.key, QuizAttempt.user_id, func.max(Step.title).label("title"),
               func.min(Step.position).label("position"),
               func.count(QuizAttempt.id).label("attempts"),
               func.max(QuizAttempt.score).label("best"),
               count_where(QuizAttempt.passed.is_(True)).label("passes"))
        .select_from(QuizAttempt)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .join(Step, Step.id == QuizAttempt.step_id)
        .where(Enrolment.module_id == module_id, QuizAttempt.user_id.in_(_members(team_id)))
        .group_by(Step.key, QuizAttempt.user_id)
        .subquery("people")
    )
    quiz_rows = db.session.execute(
        select(people.c.key, func.max(people.c.title), func.sum(people.c.attempts),
               func.count(), count_where(people.c.passes > 0), func.avg(people.c.best))
        .group_by(people.c.key)
        .order_by(func.min(people.c.position), people.c.key)
    ).all()
    return [QuizStats(k, t, int(a), int(n), int(p), round(avg or 0))
            for k, t, a, n, p, avg in quiz_rows]


def _worst_questions(team_id: int, module: Module, titles: dict[str, str], worst: int,
                     min_people: int) -> list[QuestionStats]:
    """The questions the team most often answered wrong, with their place and prompt in the
    current version's quiz (titles: each quiz's title by its key)."""
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
    out = []
    for key, question_id, answered, wrong in worst_rows:
        step = current.get(key)
        questions = step.data.get("questions", []) if step else []
        number = next((i for i, q in enumerate(questions, 1) if q.get("id") == question_id),
                      None)
        prompt = questions[number - 1].get("prompt_html", "") if number else ""
        out.append(QuestionStats(
            titles.get(key, key), str(question_id), number, prompt, int(answered), int(wrong)))
    return out
