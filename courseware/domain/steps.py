"""Loading what a step page needs, with a fixed number of queries."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from courseware.extensions import db
from courseware.links import address_maker
from courseware.models import Enrolment, Module, ModuleVersion, Step, StepProgress


@dataclass
class StepContext:
    """An enrolment with its version, all steps, the current step and what is complete."""

    enrolment: Enrolment
    version: "VersionView"
    steps: list["StepView"]
    step: "StepView"
    done: set[int]
    step_address: Callable[[str], str] | None = None  # key -> address; default learn.step

    @property
    def index(self) -> int:
        return self.steps.index(self.step)

    def url(self, step: "StepView") -> str:
        """The address of one of this enrolment's steps: one url_for for all of a page's links."""
        if self.step_address is None:
            self.step_address = address_maker("learn.step", "key", enrolment_id=self.enrolment.id)
        return self.step_address(step.key)

    @property
    def previous(self) -> Step | None:
        return self.steps[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None


def own_enrolment(user_id: int, enrolment_id: int) -> Enrolment | None:
    """The user's enrolment with this id; None when it is someone else's or there is none."""
    return db.session.scalar(
        select(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.user_id == user_id)
    )


@dataclass(frozen=True)
class StepView:
    """A step as pages show it: a plain, read-only copy of an immutable row."""

    id: int
    key: str
    type: str
    title: str
    position: int
    data: dict


@dataclass(frozen=True)
class VersionView:
    """The parts of an immutable module version that step pages show."""

    id: int
    module_id: int
    module_slug: str
    title: str
    version: str
    duration_minutes: int


# Versions and their steps never change once imported, so each app keeps a copy of the ones in
# use (in app.extensions: one app, one database): a step page then reads only the learner's own.
_LOCK = threading.Lock()
_MAX_CACHED = 512


def version_and_steps(version_id: int) -> tuple[VersionView, list[StepView]]:
    """A module version and its steps in order, from this app's copy when it has one."""
    cache = current_app.extensions.setdefault("courseware.versions", {})
    cached = cache.get(version_id)
    if cached is not None:
        return cached
    version, slug = db.session.execute(
        select(ModuleVersion, Module.slug).join(Module, Module.id == ModuleVersion.module_id)
        .where(ModuleVersion.id == version_id)
    ).one()
    rows = db.session.scalars(
        select(Step).where(Step.module_version_id == version_id).order_by(Step.position)
    )
    view = VersionView(version.id, version.module_id, slug, version.title, version.version,
                       version.duration_minutes)
    steps = [StepView(r.id, r.key, r.type, r.title, r.position, r.data) for r in rows]
    with _LOCK:
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        cache[version_id] = (view, steps)
    return view, steps


def load_steps(enrolment: Enrolment) -> list[StepView]:
    """Every step of the enrolment's version, in order."""
    return version_and_steps(enrolment.module_version_id)[1]


def step_context(user_id: int, enrolment_id: int, key: str) -> StepContext | None:
    """Everything a step page shows; None when the enrolment or the step is not the user's.

    The enrolment and its completed steps come in one query (a row per completed step)."""
    rows = db.session.execute(
        select(Enrolment, StepProgress.step_id)
        .outerjoin(StepProgress, StepProgress.enrolment_id == Enrolment.id)
        .where(Enrolment.id == enrolment_id, Enrolment.user_id == user_id)
    ).all()
    if not rows:
        return None
    enrolment = rows[0][0]
    done = {step_id for _, step_id in rows if step_id is not None}
    version, steps = version_and_steps(enrolment.module_version_id)
    step = next((s for s in steps if s.key == key), None)
    if step is None:
        return None
    return StepContext(enrolment, version, steps, step, done)
