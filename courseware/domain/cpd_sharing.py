"""What a manager may see of a learner's record: compliance figures, and only shared entries.

Everything here takes the set of learner ids a manager manages; `managed_learner_ids` is the one
place that answers it: the members of the teams they are named manager of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from courseware import clock
from courseware.domain.cpd_year import Rules, year_of
from courseware.extensions import db
from courseware.models import CpdEntry, User
from courseware.models.cpd import DRAFT, RECORDED


def managed_learner_ids(manager: User) -> set[int]:
    """The ids of the learners in the teams this person manages (one query)."""
    from courseware.domain.access import learners_managed_by

    return learners_managed_by(manager)


def manager_can_see(entry: CpdEntry, viewer: User, managed_ids: set[int]) -> bool:
    """True when viewer may read the entry's text: the learner's own, or shared with a manager
    of that learner. Admins have no special right to anyone's reflections."""
    if entry.user_id == viewer.id:
        return True
    return (
        viewer.has_role("manager")
        and entry.user_id in managed_ids
        and entry.shared_with_manager
        and entry.status == RECORDED
    )


def shared_entry(entry_id: int, viewer: User, managed_ids: set[int]) -> CpdEntry | None:
    """The entry if the viewer may read it as a manager, else None (the view answers 404)."""
    if not managed_ids:
        return None
    entry = db.session.scalar(
        select(CpdEntry).where(
            CpdEntry.id == entry_id,
            CpdEntry.user_id.in_(managed_ids),
            CpdEntry.shared_with_manager.is_(True),
            CpdEntry.status == RECORDED,
        )
    )
    if entry is None or not manager_can_see(entry, viewer, managed_ids):
        return None
    return entry


def set_shared(entry: CpdEntry, shared: bool) -> None:
    """Share a finished entry with the learner's manager, or withdraw it."""
    if shared and entry.status != RECORDED:
        raise ValueError("only finished entries can be shared")
    entry.shared_with_manager = shared
    entry.shared_at = clock.now() if shared else None


@dataclass(frozen=True)
class Compliance:
    """Counts, dates and status for one learner: never any reflective text."""

    user_id: int
    name: str
    recorded: int
    with_peer: int
    drafts: int
    last_activity: date | None
    shared: tuple[tuple[int, str], ...]  # (id, title) of entries the learner shares
    minimum_entries: int
    minimum_peer: int

    @property
    def met(self) -> bool:
        return self.recorded >= self.minimum_entries and self.with_peer >= self.minimum_peer


def compliance(learner_ids: set[int], today: date, rules: Rules) -> list[Compliance]:
    """Each learner's figures for the current registration year, in two queries."""
    if not learner_ids:
        return []
    year = year_of(today, rules)
    in_year = and_(CpdEntry.status == RECORDED, CpdEntry.activity_date >= year.start,
                   CpdEntry.activity_date <= year.end)
    peer = and_(in_year, func.length(func.trim(CpdEntry.peer_name)) > 0,
                func.length(func.trim(CpdEntry.peer_learning)) > 0)
    rows = db.session.execute(
        select(
            User.id,
            User.name,
            func.count(case((in_year, CpdEntry.id))),
            func.count(case((peer, CpdEntry.id))),
            func.count(case((CpdEntry.status == DRAFT, CpdEntry.id))),
            func.max(case((CpdEntry.status == RECORDED, CpdEntry.activity_date))),
        )
        .outerjoin(CpdEntry, CpdEntry.user_id == User.id)
        .where(User.id.in_(learner_ids))
        .group_by(User.id, User.name)
        .order_by(User.name, User.id)
    ).all()
    shared: dict[int, list[tuple[int, str]]] = {}
    for user_id, entry_id, title in db.session.execute(
        select(CpdEntry.user_id, CpdEntry.id, CpdEntry.title)
        .where(CpdEntry.user_id.in_(learner_ids), CpdEntry.shared_with_manager.is_(True),
               CpdEntry.status == RECORDED)
        .order_by(CpdEntry.activity_date.desc(), CpdEntry.id.desc())
    ):
        shared.setdefault(user_id, []).append((entry_id, title))
    return [
        Compliance(uid, name, recorded, with_peer, drafts, last, tuple(shared.get(uid, ())),
                   rules.minimum_entries, rules.minimum_peer)
        for uid, name, recorded, with_peer, drafts, last in rows
    ]
