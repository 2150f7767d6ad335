"""Creating accounts, checking and changing passwords, and password-reset tokens."""

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from courseware import clock, sign_ins
from courseware.domain.passwords import (
    check_password,
    hash_password,
    needs_rehash,
    password_problem,
)
from courseware.extensions import db
from courseware.models import ROLES, User
from courseware.models.people import new_session_token
from courseware.names import check_name, name_message

# A hash to check against when no account matches, so that the answer takes as long.
_DUMMY_HASH = hash_password("not a real password")


class AccountError(ValueError):
    """An account could not be created or changed; the message says why."""


def _method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt:32768:8:1")


def normalise_email(email: str) -> str:
    """Emails are compared trimmed and lower-cased."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email address, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    """Create and commit an account; refuse a taken email, an unknown role, a weak password."""
    user = add_user(email, name, password, role)
    db.session.commit()
    return user


def add_user(email: str, name: str, password: str, role: str = "learner") -> User:
    """Add an account, as create_user does, without committing it."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    if find_user(email) is not None:
        raise AccountError("An account with that email address already exists.")
    name = _checked_name(name)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    user = User(email=normalise_email(email), name=name,
                password_hash=hash_password(password, _method()), role=role)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same address, registered a moment ago
        db.session.rollback()
        raise AccountError("An account with that email address already exists.") from error
    return user


def register_user(email: str, name: str, password: str) -> User | None:
    """Add a learner account, as add_user does; None when the address already has one, after
    hashing the password all the same, so that the answer takes as long either way."""
    if find_user(email) is not None:
        hash_password(password, _method())
        return None
    try:
        return add_user(email, name, password)
    except AccountError:
        if find_user(email) is None:
            raise
        return None  # the same address, registered a moment ago


def _checked_name(text: str) -> str:
    """The name as kept, or an AccountError saying what is wrong with it."""
    name, problem = check_name(text)
    if problem:
        raise AccountError(name_message(problem))
    return name


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password match, else None, taking the same time either way.

    A hash made with older parameters is upgraded on the way in.
    """
    user = find_user(email)
    if not password_matches(user, password):
        return None
    upgrade_hash(user, password)
    return user


def password_matches(user: User | None, password: str) -> bool:
    """Whether the password is this user's; with no user, False in the same time. Reads only."""
    if user is None:
        check_password(_DUMMY_HASH, password)
        return False
    return check_password(user.password_hash, password)


def upgrade_hash(user: User, password: str) -> None:
    """Rehash a correct password made with older parameters, and commit."""
    if needs_rehash(user.password_hash, _method()):
        user.password_hash = hash_password(password, _method())
        db.session.commit()


def set_password(user: User, password: str) -> None:
    """Change a password and end every sign-in of the user (the caller signs this device in
    again, with a new sign-in)."""
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password, _method())
    user.session_token = new_session_token()
    sign_ins.end_all(user.id, clock.now())
    db.session.commit()


def set_name(user: User, name: str) -> None:
    """Change the name on an account (new certificates show it; issued ones keep theirs)."""
    user.name = _checked_name(name)
    db.session.commit()


def email_in_use(email: str, other_than: User | None = None) -> bool:
    """Whether an account other than this one has the email address."""
    found = find_user(email)
    return found is not None and (other_than is None or found.id != other_than.id)


def set_email(user: User, email: str) -> bool:
    """Give the account a new email address; False, changing nothing, when another has it."""
    address = normalise_email(email)
    if email_in_use(address, user):
        return False
    user.email = address
    try:
        db.session.commit()
    except IntegrityError:  # the same address, taken by someone else a moment ago
        db.session.rollback()
        return False
    return True


def sign_out_everywhere(user: User) -> None:
    """End every sign-in of this user, on every device."""
    user.session_token = new_session_token()
    sign_ins.end_all(user.id, clock.now())
    db.session.commit()


def end_sign_in(sign_in_id: int) -> None:
    """End one sign-in: that device is signed out (again is harmless)."""
    sign_ins.end(sign_in_id, clock.now())
    db.session.commit()


@dataclass(frozen=True)
class TokenKind:
    """A kind of emailed link that signs in to choose a password: its salt and how long it
    works (a config key, in seconds or days)."""

    salt: str
    max_age_setting: str
    in_days: bool = False

    def max_age(self) -> int:
        """How many seconds a link of this kind works."""
        value = current_app.config[self.max_age_setting]
        return int(value) * 86400 if self.in_days else int(value)


RESET = TokenKind("password-reset", "RESET_TOKEN_MAX_AGE")
WELCOME = TokenKind("welcome", "WELCOME_LINK_DAYS", in_days=True)


def _serializer(kind: TokenKind) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=kind.salt)


def _fingerprint(user: User) -> str:
    """Changes whenever the password changes, so a used token stops working."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def password_token(user: User, kind: TokenKind = RESET) -> str:
    """A signed token for choosing a password once; it stops working once the password
    changes, or when it is older than the kind allows."""
    return _serializer(kind).dumps({"user": user.id, "fp": _fingerprint(user)})


def reset_token(user: User) -> str:
    """A signed token for one password reset; it stops working once the password changes."""
    return password_token(user, RESET)


def welcome_token(user: User) -> str:
    """A signed token for a new account's first password, working WELCOME_LINK_DAYS."""
    return password_token(user, WELCOME)


def token_user(token: str, kind: TokenKind = RESET) -> tuple[User | None, bool]:
    """The user a token of this kind belongs to (None when forged, expired or used), and
    whether it was a real token that has expired."""
    if len(token) >= 500:
        return None, False
    try:
        data = _serializer(kind).loads(token, max_age=kind.max_age())
    except SignatureExpired:
        return None, True
    except BadSignature:
        return None, False
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None, False
    user = db.session.get(User, data["user"])
    if user is None or data.get("fp") != _fingerprint(user):
        return None, False
    return user, False


def user_for_reset_token(token: str) -> User | None:
    """The user a reset token belongs to, or None when it is forged, expired or used."""
    return token_user(token, RESET)[0]
