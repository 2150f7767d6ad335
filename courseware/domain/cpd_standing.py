"""Where learners stand in a registration year: the record page's counting, for one learner or
for many at once (the CPD deadline reminders)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from courseware.domain.cpd_year import EntryFacts, Panel, Rules, panel, year_of
from courseware.extensions import db
from courseware.models import CpdEntry
from courseware.models.cpd import DRAFT

FEW = 100  # up to this many learners, ask for theirs; for more, read the year's entries


def entry_facts(entries: list[CpdEntry]) -> list[EntryFacts]:
    """What the year's rules need of each entry."""
    return [EntryFacts(e.activity_date, e.is_draft, e.has_peer_reflection) for e in entries]


def standings(user_ids: list[int], today: date, rules: Rules) -> dict[int, Panel]:
    """Each learner's year at a glance for the current year, as the record page counts it, in
    one query for all of them."""
    year = year_of(today, rules)
    wanted = set(user_ids)
    query = (select(CpdEntry.user_id, CpdEntry.status, CpdEntry.activity_date,
                    CpdEntry.peer_name, CpdEntry.peer_learning)
             .where(CpdEntry.status != DRAFT,
                    CpdEntry.activity_date.between(year.start, year.end)))
    if len(wanted) <= FEW:
        query = query.where(CpdEntry.user_id.in_(wanted))
    # The entry's own rules (CpdEntry.is_draft, .has_peer_reflection) read plain rows: no ORM
    # object for each entry of a whole organisation.
    is_draft, has_peer = CpdEntry.is_draft.fget, CpdEntry.has_peer_reflection.fget
    by_user: dict[int, list[EntryFacts]] = defaultdict(list)
    for row in db.session.execute(query):
        if row.user_id in wanted:
            by_user[row.user_id].append(EntryFacts(row.activity_date, is_draft(row),
                                                   has_peer(row)))
    return {user_id: panel(by_user.get(user_id, []), today, rules, year)
            for user_id in user_ids}


def standing_of(user_id: int, today: date, rules: Rules) -> Panel:
    """One learner's year at a glance for the current year."""
    return standings([user_id], today, rules)[user_id]
