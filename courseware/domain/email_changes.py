"""Changing an email address: a signed link sent to the new address, which works once, for a
day; nothing changes until it is followed."""

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from courseware.domain.accounts import normalise_email
from courseware.extensions import db
from courseware.models import User


@dataclass(frozen=True)
class EmailChange:
    """A change of email address that a link asks for."""

    user: User
    new_email: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-change")


def fingerprint(user: User) -> str:
    """Changes with the email address (so a used link stops working), the password and a
    sign-out everywhere (so a person who fears someone is in their account stops it too).
    Not a secret: it can be read in the link itself, and is no use without the server's key."""
    state = f"{user.email}\n{user.password_hash}\n{user.session_token}"
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def email_change_token(user: User, new_email: str) -> str:
    """A signed token asking to move this account to the new address."""
    return _serializer().dumps({"user": user.id, "to": normalise_email(new_email),
                                "fp": fingerprint(user)})


def change_for_token(token: str) -> EmailChange | None:
    """The change a link asks for, or None when it is forged, expired, used or out of date."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_CHANGE_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) \
            or not isinstance(data.get("to"), str):
        return None
    user = db.session.get(User, data["user"])
    if user is None or user.deleted_at is not None or data.get("fp") != fingerprint(user):
        return None
    return EmailChange(user, data["to"])


def hours_valid() -> int:
    """How many hours a link to confirm a new address works (at least one)."""
    return max(current_app.config["EMAIL_CHANGE_MAX_AGE"] // 3600, 1)
