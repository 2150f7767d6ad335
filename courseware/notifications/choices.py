"""Which kinds of email a person is offered on their preferences page, and what they chose."""

from __future__ import annotations

from sqlalchemy import exists, select

from courseware.domain.outbox import KINDS, Kind
from courseware.extensions import db
from courseware.models import NotificationChoice, TeamManager, User

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIGEST = "team_digest"


def manages_a_team(user: User) -> bool:
    """Whether this person is named manager of a team (admins count: they see every team)."""
    if user.role == "admin":
        return True
    return bool(db.session.scalar(select(exists().where(TeamManager.user_id == user.id))))


def kinds_for(user: User) -> list[Kind]:
    """The kinds of email this person can get: the managers' kinds only for managers."""
    manager = manages_a_team(user)
    return [kind for kind in KINDS.values() if kind.audience != "manager" or manager]


def choices_of(user_id: int) -> dict[str, NotificationChoice]:
    """This person's choices, by kind (a kind with no row is on)."""
    rows = db.session.scalars(select(NotificationChoice)
                              .where(NotificationChoice.user_id == user_id))
    return {row.kind: row for row in rows}


def enabled_kinds(kinds: list[Kind], choices: dict[str, NotificationChoice]) -> list[str]:
    """The names of the kinds that are on."""
    return [kind.name for kind in kinds
            if not kind.can_turn_off or kind.name not in choices or choices[kind.name].enabled]


def weekday_of(choices: dict[str, NotificationChoice]) -> int:
    """The day of the manager's weekly summary: Monday (0) unless they chose another."""
    choice = choices.get(DIGEST)
    return choice.weekday if choice is not None and choice.weekday is not None else 0
