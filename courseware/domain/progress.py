"""Recording a learner's progress through a module version: enrolling, visiting and completing
steps, the latest enrolment, and the steps done and in total."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import Subquery, func, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from courseware import clock
from courseware.database import about_to_write
from courseware.domain.signals import module_completed
from courseware.extensions import db
from courseware.models import Enrolment, Module, QuizAttempt, Step, StepProgress, User
from courseware.models.upsert import insert_ignore

# The one rule for "the latest enrolment": the newest started (the one a learner continues).
NEWEST_FIRST = (Enrolment.started_at.desc(), Enrolment.id.desc())


def latest_enrolment(user: User, module: Module) -> Enrolment | None:
    """The learner's latest enrolment on any version of the module: the newest started."""
    return db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == user.id, Enrolment.module_id == module.id)
        .order_by(*NEWEST_FIRST)
        .limit(1)
    )


def enrolments_that_count(user_ids) -> Subquery:
    """Each learner's enrolment that counts on each module (any version), as reports and My
    learning's assignments show it: their latest completed one if there is one, else their
    latest enrolment. `user_ids` is a list or a SELECT of user ids."""
    rank = func.row_number().over(
        partition_by=(Enrolment.user_id, Enrolment.module_id),
        order_by=(Enrolment.completed_at.is_(None), Enrolment.completed_at.desc(), *NEWEST_FIRST),
    )
    ranked = (
        select(
            Enrolment.id,
            Enrolment.user_id,
            Enrolment.module_id,
            Enrolment.module_version_id,
            Enrolment.started_at,
            Enrolment.completed_at,
            Enrolment.best_scores,
            rank.label("rank"),
        )
        .where(Enrolment.user_id.in_(user_ids))
        .subquery("ranked")
    )
    return select(ranked).where(ranked.c.rank == 1).subquery("latest")


def step_counts(enrolment_id: ColumnElement | int,
                module_version_id: ColumnElement | int) -> tuple[ScalarSelect, ScalarSelect]:
    """The steps done in an enrolment and the steps of its version, as subqueries for a SELECT."""
    done = (select(func.count(StepProgress.id))
            .where(StepProgress.enrolment_id == enrolment_id).scalar_subquery())
    total = (select(func.count(Step.id))
             .where(Step.module_version_id == module_version_id).scalar_subquery())
    return done, total


def enrol(user: User, module: Module, again: bool = False) -> Enrolment:
    """Continue the learner's unfinished enrolment, else enrol them on the current version.

    A completed enrolment on the current version is returned as it is (to look through),
    unless `again`: then the learner takes that version afresh as a new enrolment (renewal + 1),
    as when renewing an expired certificate. Racing requests still make one enrolment.
    """
    latest = latest_enrolment(user, module)
    if latest is not None and (
        latest.completed_at is None
        or (not again and latest.module_version_id == module.current_version_id)
    ):
        return latest
    renewal = 0
    if again:
        taken = db.session.scalar(
            select(func.max(Enrolment.renewal)).where(
                Enrolment.user_id == user.id,
                Enrolment.module_version_id == module.current_version_id,
            )
        )
        renewal = 0 if taken is None else taken + 1
    return enrol_on_current(user, module, renewal)


def restart_on_current(user: User, module: Module) -> Enrolment:
    """Enrol the learner on the module's current version, leaving older enrolments as they are."""
    return enrol_on_current(user, module, renewal=0)


def enrol_on_current(user: User, module: Module, renewal: int) -> Enrolment:
    """The enrolment on the current version with this renewal number, made once however many
    requests race for it. Not committed."""
    values = {"user_id": user.id, "module_id": module.id,
              "module_version_id": module.current_version_id, "renewal": renewal}
    now = clock.now()
    insert_ignore(Enrolment, ["user_id", "module_version_id", "renewal"],
                  started_at=now, last_visited_at=now, **values)
    return db.session.scalar(select(Enrolment).filter_by(**values))


def completed_step_ids(enrolment: Enrolment) -> set[int]:
    """The ids of the steps the learner has completed in this enrolment."""
    return set(
        db.session.scalars(
            select(StepProgress.step_id).where(StepProgress.enrolment_id == enrolment.id)
        )
    )


VISIT_REFRESH = timedelta(minutes=1)


def visit_step(enrolment: Enrolment, step: Step, done: set[int]) -> None:
    """Remember where the learner is; a lesson is complete once it has been seen.

    Looking at the same step again within a minute writes nothing, so reloading a page costs
    no database write.
    """
    now = clock.now()
    moved = enrolment.last_step_id != step.id
    stale = enrolment.last_visited_at is None or now - enrolment.last_visited_at > VISIT_REFRESH
    unseen_lesson = step.type == "lesson" and step.id not in done
    if not (moved or stale or unseen_lesson):
        return
    about_to_write()
    enrolment.last_step_id = step.id
    enrolment.last_visited_at = now
    if unseen_lesson:
        complete_step(enrolment, step)
        done.add(step.id)
    db.session.commit()


def complete_step(enrolment: Enrolment, step: Step) -> None:
    """Mark a step complete (once), then complete the module if every step is done."""
    insert_ignore(StepProgress, ["enrolment_id", "step_id"],
                  enrolment_id=enrolment.id, step_id=step.id, completed_at=clock.now())
    if enrolment.completed_at is None:
        complete_if_done(enrolment)


def best_scores(enrolment: Enrolment) -> dict[str, int]:
    """Each quiz step's best score in this enrolment, by step key."""
    rows = db.session.execute(
        select(Step.key, func.max(QuizAttempt.score))
        .join(QuizAttempt, QuizAttempt.step_id == Step.id)
        .where(QuizAttempt.enrolment_id == enrolment.id)
        .group_by(Step.key)
    )
    return {key: score for key, score in rows}


def complete_if_done(enrolment: Enrolment) -> bool:
    """Set the completion date once every step is complete; True when it was set now."""
    done, total = db.session.execute(
        select(*step_counts(enrolment.id, enrolment.module_version_id))).one()
    if done < total:
        return False
    result = db.session.execute(
        update(Enrolment)
        .where(Enrolment.id == enrolment.id, Enrolment.completed_at.is_(None))
        .values(completed_at=clock.now(), best_scores=best_scores(enrolment))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(enrolment)
    if result.rowcount != 1:
        return False
    module_completed.send(current_app._get_current_object(), enrolment=enrolment)
    return True


def has_completed(user_id: int, module_id: int) -> bool:
    """Whether the learner has completed any version of the module."""
    return db.session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == user_id, Enrolment.module_id == module_id,
                                   Enrolment.completed_at.is_not(None)).limit(1)
    ) is not None
