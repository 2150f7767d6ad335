"""Deciding what to tell people and when: each decision recorded once in the outbox (by person,
kind and event), in the transaction that makes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from courseware.domain import outbox
from courseware.extensions import db
from courseware.models import Assignment, TeamMember


def record_assigned(assignment: Assignment) -> int:
    """Decide to tell each learner an assignment is for (the whole team, or one member) about
    it: once per assignment and due date, so a changed due date is told again. Not committed;
    how many were newly decided."""
    if assignment.user_id is not None:
        user_ids = [assignment.user_id]
    else:
        user_ids = list(db.session.scalars(
            select(TeamMember.user_id).where(TeamMember.team_id == assignment.team_id)))
    key = f"{assignment.id}:{assignment.due_on or 'none'}"
    facts = {"assignment_id": assignment.id,
             "due_on": assignment.due_on.isoformat() if assignment.due_on else None}
    return sum(outbox.record(user_id, "assigned", key, facts) for user_id in user_ids)


def decide(now: datetime) -> int:
    """Record every reminder due at this moment; how many were newly decided. Committed."""
    return 0
