"""Loading what a step page needs, with a fixed number of queries."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from courseware.extensions import db
from courseware.learn.progress import completed_step_ids
from courseware.models import Enrolment, ModuleVersion, Step


@dataclass
class StepContext:
    """An enrolment with its version, all steps, the current step and what is complete."""

    enrolment: Enrolment
    version: ModuleVersion
    steps: list[Step]
    step: Step
    done: set[int]

    @property
    def index(self) -> int:
        return self.steps.index(self.step)

    @property
    def previous(self) -> Step | None:
        return self.steps[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None


def own_enrolment(enrolment_id: int) -> Enrolment:
    """The current user's enrolment with this id, or 404 for anyone else's."""
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.user_id == current_user.id)
    )
    if enrolment is None:
        abort(404)
    return enrolment


def load_steps(enrolment: Enrolment) -> list[Step]:
    """Every step of the enrolment's version, in order."""
    return list(
        db.session.scalars(
            select(Step)
            .where(Step.module_version_id == enrolment.module_version_id)
            .order_by(Step.position)
        )
    )


def step_context(enrolment_id: int, key: str) -> StepContext:
    """Everything a step page shows, or 404 when the enrolment or step is not the learner's."""
    enrolment = own_enrolment(enrolment_id)
    steps = load_steps(enrolment)
    step = next((s for s in steps if s.key == key), None)
    if step is None:
        abort(404)
    version = db.session.get(ModuleVersion, enrolment.module_version_id)
    return StepContext(enrolment, version, steps, step, completed_step_ids(enrolment))
