"""Creating accounts and checking passwords."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from courseware.extensions import db
from courseware.models import ROLES, User
from courseware.models.people import new_session_token

# A hash to check against when no account matches, so that the answer takes as long.
_DUMMY_HASH = generate_password_hash("not a real password")


class AccountError(ValueError):
    """An account could not be created; the message says why."""


def normalise_email(email: str) -> str:
    """Emails are compared trimmed and lower-cased."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email address, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    """Create and commit an account; refuse a duplicate email or an unknown role."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    if find_user(email) is not None:
        raise AccountError("An account with that email address already exists.")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password match, else None, taking the same time either way."""
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def set_password(user: User, password: str) -> None:
    """Change a password and sign the user out of every other session."""
    user.password_hash = generate_password_hash(password)
    user.session_token = new_session_token()
    db.session.commit()
