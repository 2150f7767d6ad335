"""A draft CPD entry for every module a learner completes, made in the completing transaction."""

from __future__ import annotations

from sqlalchemy import select

from courseware import clock
from courseware.database import about_to_write
from courseware.extensions import db
from courseware.models import CpdEntry, Enrolment, Reflection, Step
from courseware.models.cpd import DRAFT


def reflection_text(enrolment: Enrolment) -> str:
    """The learner's own words from the module's reflection steps, in step order."""
    texts = db.session.scalars(
        select(Reflection.text)
        .join(Step, Step.id == Reflection.step_id)
        .where(Reflection.enrolment_id == enrolment.id)
        .order_by(Step.position)
    )
    return "\n\n".join(t.strip() for t in texts if t and t.strip())


def draft_from_enrolment(enrolment: Enrolment) -> CpdEntry:
    """A prefilled draft entry for a completed enrolment, added to the session (not committed)."""
    about_to_write()  # also reached from a GET, for a completion from before the record
    version = enrolment.module_version
    summary = version.summary.strip()
    entry = CpdEntry(
        user_id=enrolment.user_id,
        status=DRAFT,
        activity_type="elearning",
        title=version.title[:200],
        activity_date=clock.day_of(enrolment.completed_at),
        minutes=version.duration_minutes,
        description=f"I completed the e-learning module “{version.title}” "
                    f"(version {version.version}). {summary}".strip(),
        learning=reflection_text(enrolment),
        standards=[],
        links=[],
        source_enrolment_id=enrolment.id,
    )
    db.session.add(entry)
    return entry


def on_module_completed(sender, enrolment: Enrolment, **extra) -> None:
    """Receiver for learn.signals.module_completed: one draft per completed enrolment."""
    exists = db.session.scalar(
        select(CpdEntry.id).where(CpdEntry.source_enrolment_id == enrolment.id)
    )
    if exists is None:
        draft_from_enrolment(enrolment)
