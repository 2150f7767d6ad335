"""The emails about an account's safety (ready, a password reset, a change of address): each
decided in the outbox, like every email, and sent at once, in the background, when the request
commits. Nobody can turn them off. If the mail server is down, the worker sends them later,
once.

No secret is kept in the outbox: the link in a reset or confirm email is made afresh when it
is sent. Each request is its own email (a random event key), so asking twice sends two."""

from __future__ import annotations

import secrets
from datetime import timedelta

from courseware import clock, mail
from courseware.domain import outbox


def send(user_id: int, kind: str, facts: dict | None = None,
         lasts_seconds: int | None = None) -> None:
    """Decide one account email about a request made now, and send it as soon as the caller
    commits. `lasts_seconds`: not sent at all after this long (a link that would have run
    out). Not committed: it belongs to the caller's transaction."""
    now = clock.now()
    key = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(8)}"
    expires_at = now + timedelta(seconds=lasts_seconds) if lasts_seconds else None
    outbox.record(user_id, kind, key, facts, expires_at=expires_at, now=now)
    mail.send_after_commit(user_id, kind, key)
