"""Entries drafted from completed modules: the enrolment they come from, and the draft."""

from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import CpdEntry, Enrolment


def completed_enrolment(enrolment_id: int, user_id: int) -> Enrolment | None:
    """The person's enrolment with this id if they have completed it, else None."""
    return db.session.scalar(
        select(Enrolment).where(Enrolment.id == enrolment_id,
                                Enrolment.user_id == user_id,
                                Enrolment.completed_at.is_not(None))
    )


def drafted_entry_id(enrolment_id: int, user_id: int) -> int | None:
    """The id of the person's entry drafted from this enrolment, if there is one."""
    return db.session.scalar(
        select(CpdEntry.id).where(CpdEntry.source_enrolment_id == enrolment_id,
                                  CpdEntry.user_id == user_id)
    )
