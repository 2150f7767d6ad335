"""People: accounts and their roles."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from courseware import clock
from courseware.extensions import db
from courseware.models.base import UTCDateTime

ROLES = ("learner", "trainer", "manager", "admin")


def new_session_token() -> str:
    """A random token; changing it signs the user out everywhere."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """Anyone with an account: learners, trainers, managers and admins all learn."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="learner")
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Set when the person deleted their account: the row stays, anonymised, so that counts of
    # enrolments, completions and quiz attempts stay right; it can never sign in.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str:
        """Identify the user and the session generation in the session cookie."""
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles: str) -> bool:
        """True when the user holds one of the roles; admins hold every role."""
        return self.role == "admin" or self.role in roles
