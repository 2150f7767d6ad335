"""Who a manager may see: the teams they manage and those teams' members, asked in the query.

Admins see every team. Every manager view starts from one of these functions, so anything
outside the viewer's teams is simply not found (the views answer 404).
"""

from sqlalchemy import Select, and_, exists, select

from courseware.extensions import db
from courseware.models import Team, TeamManager, TeamMember, User


def managed_team_ids(viewer: User) -> Select:
    """A SELECT of the ids of the teams the viewer may report on: all of them for an admin."""
    if viewer.role == "admin":
        return select(Team.id)
    return select(TeamManager.team_id).where(TeamManager.user_id == viewer.id)


def team_in_scope(viewer: User, team_id: int) -> Team | None:
    """The team, if the viewer manages it (or is an admin); else None."""
    return db.session.scalar(
        select(Team).where(Team.id == team_id, Team.id.in_(managed_team_ids(viewer)))
    )


def in_scope(viewer: User, learner_column) -> exists:
    """A condition true when the learner (a column holding a user id) is in one of the viewer's
    teams."""
    return exists().where(
        TeamMember.user_id == learner_column,
        TeamMember.team_id.in_(managed_team_ids(viewer)),
    )


def learner_in_scope(viewer: User, learner_id: int) -> User | None:
    """The learner, if they are in a team the viewer manages; admins see anyone."""
    statement = select(User).where(User.id == learner_id, User.deleted_at.is_(None))
    if viewer.role != "admin":
        statement = statement.where(in_scope(viewer, User.id))
    return db.session.scalar(statement)


def learners_managed_by(manager: User) -> set[int]:
    """The ids of the members of the teams this person is named manager of (admins included:
    an admin has no special right to anyone's CPD reflections)."""
    return set(
        db.session.scalars(
            select(TeamMember.user_id)
            .join(TeamManager, and_(TeamManager.team_id == TeamMember.team_id,
                                    TeamManager.user_id == manager.id))
            .distinct()
        )
    )
