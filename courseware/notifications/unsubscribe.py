"""The signed token in each email's one-click unsubscribe link: a person and one kind of email.

It does not expire, so that the link in an old email still works; it names no more than it
can change (that one kind, for that one person).
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from courseware.domain.outbox import KINDS


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    """The token for the link that turns this kind of email off for this person."""
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person, kind) from a token, or None when it was not made here or names no kind we
    send."""
    if len(token) > 200:
        return None
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in KINDS or not KINDS[kind].can_turn_off:
        return None
    return user_id, kind
