"""Making teams, assignments and progress for tests."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from courseware.extensions import db
from courseware.manage.assignments import assign
from courseware.manage.people import create_team
from courseware.models import (
    Enrolment,
    ModuleVersion,
    QuizAttempt,
    Step,
    StepProgress,
    Team,
    TeamManager,
    TeamMember,
)


def make_team(name: str, members=(), managers=()) -> Team:
    """A team with these learners and managers."""
    team = create_team(name)
    db.session.add_all([TeamMember(team_id=team.id, user_id=u.id) for u in members])
    db.session.add_all([TeamManager(team_id=team.id, user_id=u.id) for u in managers])
    db.session.commit()
    return team


def assign_to(team: Team, version: ModuleVersion, due_on: date | None = None, users=None):
    """Assign the version's module to the team, or to some of its members."""
    ids = None if users is None else [u.id for u in users]
    assign(team.id, version.module_id, due_on, ids, None)
    db.session.commit()


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def progress(user, version: ModuleVersion, steps: int, started: date,
             completed: date | None = None, scores: tuple[int, ...] = (),
             wrong: tuple[str, ...] = ()) -> Enrolment:
    """An enrolment with its first `steps` steps done; quiz attempts with the given scores
    (the last one's wrong question ids as given); completed on a date if given."""
    all_steps = list(db.session.scalars(
        select(Step).where(Step.module_version_id == version.id).order_by(Step.position)))
    enrolment = Enrolment(user_id=user.id, module_id=version.module_id,
                          module_version_id=version.id, started_at=at(started),
                          last_visited_at=at(started),
                          completed_at=at(completed, 15) if completed else None,
                          best_scores={"check": max(scores)} if completed and scores else
                          ({} if completed else None))
    db.session.add(enrolment)
    db.session.flush()
    for step in all_steps[:steps]:
        db.session.add(StepProgress(enrolment_id=enrolment.id, step_id=step.id,
                                    completed_at=at(started, 11)))
    quiz = next((s for s in all_steps if s.type == "quiz"), None)
    for n, score in enumerate(scores):
        ids = [q["id"] for q in quiz.data["questions"]]
        bad = set(wrong) if n == len(scores) - 1 else set(ids[:1])
        db.session.add(QuizAttempt(
            enrolment_id=enrolment.id, step_id=quiz.id, user_id=user.id,
            submitted_at=at(started, 12), answers={},
            results=[{"id": i, "correct": i not in bad} for i in ids],
            score=score, passed=score >= 75))
    db.session.commit()
    return enrolment


CSV_CELL_COLUMNS = 6  # status, steps done, steps in all, due date, completed on, score


def screen_summary(rows: list[list[str]]) -> list[list[str]]:
    """The dashboard's table with each cell cut to its status ("Overdue: step 3 of 4" to
    "Overdue"), to compare with csv_as_screen."""
    header, *body = rows
    return [header] + [[*r[:2], *[cell.split(":")[0] for cell in r[2:-2]], *r[-2:]]
                       for r in body]


def csv_as_screen(rows: list[list[str]]) -> list[list[str]]:
    """The team CSV in the shape of screen_summary: learner, email, each module's status,
    "completed of assigned", overdue."""
    header, *body = rows
    starts = range(2, len(header) - 3, CSV_CELL_COLUMNS)
    titles = [header[i].removesuffix(": status") for i in starts]
    return [["Learner", "Email", *titles, "Completed", "Overdue"]] + [
        [*r[:2], *[r[i] for i in starts], f"{r[-3]} of {r[-2]}", r[-1]] for r in body]
