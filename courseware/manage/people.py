"""Teams, their members and managers, and people's roles: plain functions for the admin pages
and the command line."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from courseware import jobs
from courseware.domain import outbox
from courseware.domain.accounts import find_user, normalise_email
from courseware.extensions import db
from courseware.models import ROLES, Team, TeamManager, TeamMember, User
from courseware.models.upsert import insert_ignore
from courseware.names import check_name, name_message
from courseware.numbers import whole_number

MAX_IMPORT_ROWS = 5000


class TeamError(ValueError):
    """A change to a team or a role could not be made; the message says why and what to do."""


def unusable_password() -> str:
    """A password hash no password matches: the account's owner sets one from the link in
    their welcome email."""
    return "!" + secrets.token_hex(16)


def _welcome_facts(team: Team) -> dict:
    """What the welcome email says about who added them."""
    return {"team_id": team.id, "team": team.name}


def find_team(name_or_id: str) -> Team | None:
    """A team by its id or its exact name."""
    team_id = whole_number(name_or_id)
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is not None:
            return team
    return db.session.scalar(select(Team).where(Team.name == name_or_id.strip()))


def _name_taken(name: str, other_than: int | None = None) -> TeamError | None:
    """The error to show when another team has this name (ignoring case), else None."""
    statement = select(Team.id).where(func.lower(Team.name) == func.lower(literal(name)))
    if other_than is not None:
        statement = statement.where(Team.id != other_than)
    if db.session.scalar(statement) is not None:
        return TeamError(f"There is already a team called “{name}”. Choose another name.")
    return None


def _commit_name(name: str, write=db.session.commit) -> None:
    try:
        write()
    except IntegrityError as error:  # the same name, saved by someone else a moment ago
        db.session.rollback()
        raise TeamError(f"There is already a team called “{name}”. Choose another name."
                        ) from error


def _team_name(text: str) -> str:
    """The team's name as kept, or a TeamError saying what is wrong with it."""
    name, problem = check_name(text)
    if problem == "empty":
        raise TeamError("Enter a name for the team.")
    if problem:
        raise TeamError(name_message(problem, "the team's name"))
    return name


def create_team(name: str) -> Team:
    """Create a team with a name no other team has. Not committed."""
    name = _team_name(name)
    if problem := _name_taken(name):
        raise problem
    team = Team(name=name)
    db.session.add(team)
    _commit_name(name, db.session.flush)
    return team


def rename_team(team: Team, name: str) -> None:
    """Give a team a new name, if no other team has it."""
    name = _team_name(name)
    if problem := _name_taken(name, team.id):
        raise problem
    team.name = name
    _commit_name(name)


def delete_team(team: Team) -> None:
    """Delete a team, its memberships and assignments; people and their progress stay."""
    db.session.delete(team)
    db.session.commit()


@dataclass(frozen=True)
class TeamLine:
    id: int
    name: str
    members: int
    managers: str


def team_lines() -> list[TeamLine]:
    """Every team with its member count and its managers' names. Two queries."""
    counts = (select(TeamMember.team_id, func.count().label("n"))
              .group_by(TeamMember.team_id).subquery())
    teams = db.session.execute(
        select(Team.id, Team.name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.team_id == Team.id)
        .order_by(Team.name, Team.id)
    ).all()
    managers: dict[int, list[str]] = {}
    for team_id, name in db.session.execute(
            select(TeamManager.team_id, User.name).join(User, User.id == TeamManager.user_id)
            .order_by(User.name)):
        managers.setdefault(team_id, []).append(name)
    return [TeamLine(tid, name, int(n), ", ".join(managers.get(tid, []))) for tid, name, n
            in teams]


def team_people(team_id: int) -> tuple[list[User], list[User]]:
    """The team's members and managers, by name. Two queries."""
    def people(model):
        return list(db.session.scalars(
            select(User).join(model, model.user_id == User.id)
            .where(model.team_id == team_id).order_by(User.name, User.id)))
    return people(TeamMember), people(TeamManager)


def _person(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise TeamError(f"Nobody has an account with the email address {email.strip()}. "
                        "Check it, or enter their name as well to make them an account.")
    return user


def _new_learner(team: Team, email: str, name: str) -> User:
    """Make a learner's account with no password yet, and decide their welcome email (with
    its link to choose one) in the same transaction. Not committed."""
    kept, problem = check_name(name)
    if problem:
        raise TeamError(name_message(problem, "their name"))
    user = User(email=normalise_email(email), name=kept, password_hash=unusable_password(),
                role="learner", session_token=secrets.token_hex(16))
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same address, given an account a moment ago
        db.session.rollback()
        raise TeamError(f"Someone else made an account for {user.email} a moment ago. Add "
                        "them again, by their email address only.") from error
    outbox.record(user.id, "welcome", "account", _welcome_facts(team))
    jobs.wake_after_commit(jobs.SEND)
    return user


def add_member(team: Team, email: str, name: str = "") -> User:
    """Add the person with this email address to the team as a learner; with a name, make
    an account for an address that has none (they are sent a welcome email). Not
    committed."""
    if name.strip() and find_user(email) is None:
        user = _new_learner(team, email, name)
    else:
        user = _person(email)
    if not insert_ignore(TeamMember, ["team_id", "user_id"], team_id=team.id, user_id=user.id):
        raise TeamError(f"{user.name} is already in {team.name}.")
    return user


def add_manager(team: Team, email: str) -> User:
    """Make the person with this email address a manager of the team. Not committed."""
    user = _person(email)
    if not user.has_role("manager"):
        raise TeamError(f"{user.name} is a {user.role}. Change their role to manager on "
                        "the People page first, then add them here.")
    if not insert_ignore(TeamManager, ["team_id", "user_id"], team_id=team.id, user_id=user.id):
        raise TeamError(f"{user.name} already manages {team.name}.")
    return user


def remove_member(team_id: int, user_id: int) -> bool:
    """Take someone out of a team; False when they were not in it."""
    done = db.session.execute(delete(TeamMember).where(
        TeamMember.team_id == team_id, TeamMember.user_id == user_id)).rowcount == 1
    db.session.commit()
    return done


def remove_manager(team_id: int, user_id: int) -> bool:
    """Stop someone managing a team; False when they did not manage it."""
    done = db.session.execute(delete(TeamManager).where(
        TeamManager.team_id == team_id, TeamManager.user_id == user_id)).rowcount == 1
    db.session.commit()
    return done


# --- Adding many learners from a CSV file -----------------------------------------------------


@dataclass
class ImportResult:
    """What an import did."""

    created: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def parse_people_csv(data: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    """Read name,email rows (a header row is optional); return the rows and every problem,
    each naming its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["The file is not plain text (UTF-8). Save it from your spreadsheet as "
                    "“CSV UTF-8” and try again."]
    rows: list[tuple[str, str]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return [], ["The file could not be read as CSV. Save it from your spreadsheet as "
                    "“CSV UTF-8” and try again."]
    for number, cells in enumerate(lines, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["name", "email"]:
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            problems.append(f"The file has more than {MAX_IMPORT_ROWS} people. Split it into "
                            "smaller files.")
            break
        if len(cells) != 2:
            problems.append(f"Line {number}: needs a name and an email address, separated by a "
                            f"comma (found {len(cells)} values).")
            continue
        name, problem = check_name(cells[0])
        if problem == "empty":
            problems.append(f"Line {number}: the name is missing. Put it before the comma.")
            continue
        if problem:
            problems.append(f"Line {number}: {name_message(problem)}")
            continue
        email = cells[1]
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(f"Line {number}: “{email[:80]}” is not an email address.")
            continue
        key = normalise_email(email)
        if key in seen:
            problems.append(f"Line {number}: {key} is already on line {seen[key]}.")
            continue
        seen[key] = number
        rows.append((name, key))
    if not rows and not problems:
        problems.append("The file has nobody in it. Put one person on each line: name, then "
                        "email address.")
    return rows, problems


def import_people(team: Team, rows: list[tuple[str, str]]) -> ImportResult:
    """Add everyone listed to the team, creating accounts (with no usable password, and a
    welcome email with a link to choose one) for those who have none. A fixed number of
    queries, however long the list. Not committed."""
    try:
        return _import(team, rows)
    except IntegrityError as error:  # someone else added the same people at the same moment
        db.session.rollback()
        raise TeamError("Some of these people were added by someone else at the same time. "
                        "Upload the file again: nobody is added twice.") from error


def _import(team: Team, rows: list[tuple[str, str]]) -> ImportResult:
    result = ImportResult()
    emails = [email for _, email in rows]
    existing = {
        u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))
    } if emails else {}
    new = [{"email": email, "name": name, "password_hash": unusable_password(),
            "role": "learner", "session_token": secrets.token_hex(16)}
           for name, email in rows if email not in existing]
    if new:
        db.session.execute(User.__table__.insert(), new)
        result.created = [row["email"] for row in new]
    ids = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails))
                                  ).all()) if emails else {}
    if result.created:
        facts = _welcome_facts(team)
        outbox.record_many([outbox.Decision(ids[email], "welcome", "account", facts)
                            for email in result.created])
        jobs.wake_after_commit(jobs.SEND)
    already = set(db.session.scalars(select(TeamMember.user_id).where(
        TeamMember.team_id == team.id, TeamMember.user_id.in_(ids.values())))) if ids else set()
    to_add = [{"team_id": team.id, "user_id": ids[email]} for email in emails
              if ids[email] not in already]
    if to_add:
        db.session.execute(TeamMember.__table__.insert(), to_add)
    result.added = [email for email in emails
                    if ids[email] not in already and email not in result.created]
    result.already = [email for email in emails if ids[email] in already]
    return result


# --- People and roles ---------------------------------------------------------------------


def set_role(user: User, role_name: str, by: User | None = None) -> None:
    """Change someone's role. An admin cannot take away their own admin role, so that there is
    always someone who can put things right."""
    if role_name not in ROLES:
        raise TeamError(f"Choose one of these roles: {', '.join(ROLES)}.")
    if by is not None and by.id == user.id and user.role == "admin" and role_name != "admin":
        raise TeamError("You cannot take away your own admin role. Ask another admin to do it.")
    user.role = role_name
    if role_name not in ("manager", "admin"):
        db.session.execute(delete(TeamManager).where(TeamManager.user_id == user.id))
    db.session.commit()


def search_people(query: str, page: int, size: int) -> tuple[list[User], int]:
    """People whose name or email contains the words, by name, a page at a time; deleted
    accounts are nobody. One query."""
    statement = (select(User, func.count().over().label("total"))
                 .where(User.deleted_at.is_(None)).order_by(User.name, User.id))
    for word in query.casefold().split()[:5]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        statement = statement.where(or_(func.lower(User.name).like(pattern, escape="\\"),
                                        func.lower(User.email).like(pattern, escape="\\")))
    rows = db.session.execute(statement.limit(size).offset((page - 1) * size)).all()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def teams_of(user_id: int) -> tuple[list[Team], list[Team]]:
    """The teams someone is in, and those they manage. Two queries."""
    def teams(model):
        return list(db.session.scalars(
            select(Team).join(model, model.team_id == Team.id)
            .where(model.user_id == user_id).order_by(Team.name)))
    return teams(TeamMember), teams(TeamManager)
