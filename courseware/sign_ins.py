"""Sign-ins kept on the server: begun at sign-in, checked on every request, ended at sign-out.

The session cookie carries a random secret; the `sign_in` table keeps only its SHA-256, with the
device and times. A cookie whose sign-in has ended (signed out, signed out everywhere, a new
password, idle too long) signs nobody in, whichever server it is sent to, copies included.
Nothing here knows about requests: callers pass the user agent, the secret and the moment.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select, update

from courseware.extensions import db
from courseware.models import SignIn, User

FORGET_AFTER = timedelta(days=30)  # ended and idle sign-ins are deleted this long after
MAX_USER_AGENT = 512  # of a User-Agent header, the part read
OS_NAMES = {"Mac OS X": "macOS"}
UNKNOWN = ("", "Other")


def hash_secret(secret: str) -> str:
    """What is kept of a sign-in's secret: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


@cache
def _parser():
    """ua-parser's rules, compiled on first use (a worker that never signs anyone in skips it)."""
    from ua_parser import BasicResolver, Parser, load_builtins

    return Parser(BasicResolver(load_builtins()))


def device_name(user_agent: str) -> str:
    """A short, plain description of a browser from its User-Agent: "Firefox on Windows"."""
    text = user_agent[:MAX_USER_AGENT]
    browser = _parser().parse_user_agent(text) if text else None
    system = _parser().parse_os(text) if text else None
    browser_name = browser.family if browser and browser.family not in UNKNOWN else ""
    system_name = system.family if system and system.family not in UNKNOWN else ""
    system_name = OS_NAMES.get(system_name, system_name)
    if browser_name and system_name:
        return f"{browser_name} on {system_name}"[:80]
    return (browser_name or system_name or "An unknown browser")[:80]


def begin(user: User, user_agent: str, now: datetime) -> str:
    """Record a new sign-in for the user (not committed); the secret for the session cookie.

    Sign-ins ended or idle for FORGET_AFTER are deleted on the way (one indexed delete)."""
    db.session.execute(delete(SignIn).where(SignIn.last_active_at < now - FORGET_AFTER))
    secret = secrets.token_urlsafe(32)
    db.session.add(SignIn(user_id=user.id, secret_hash=hash_secret(secret),
                          device=device_name(user_agent), created_at=now, last_active_at=now))
    return secret


def _live(now: datetime, idle_limit: timedelta):
    """Conditions of a sign-in still going: not ended, and active within the idle limit."""
    return SignIn.ended_at.is_(None), SignIn.last_active_at >= now - idle_limit


def find(user_id: int, secret: str, now: datetime, idle_limit: timedelta) \
        -> tuple[User, SignIn] | None:
    """The user and their sign-in for this secret, in one query; None when it has ended, is
    someone else's, or the account is deleted."""
    row = db.session.execute(
        select(User, SignIn).join(SignIn, SignIn.user_id == User.id)
        .where(User.id == user_id, User.deleted_at.is_(None),
               SignIn.secret_hash == hash_secret(secret), *_live(now, idle_limit))
    ).first()
    return None if row is None else (row[0], row[1])


def touch(secret: str, now: datetime) -> None:
    """Note a sign-in as active now (when its cookie is written again); not committed."""
    db.session.execute(update(SignIn).where(
        SignIn.secret_hash == hash_secret(secret), SignIn.ended_at.is_(None),
    ).values(last_active_at=now))


def live_for(user_id: int, now: datetime, idle_limit: timedelta) -> list[SignIn]:
    """The user's sign-ins still going, the most recently active first."""
    return list(db.session.scalars(
        select(SignIn).where(SignIn.user_id == user_id, *_live(now, idle_limit))
        .order_by(SignIn.last_active_at.desc(), SignIn.id.desc())
    ))


def end(sign_in_id: int, now: datetime) -> None:
    """End one sign-in (again is harmless); not committed."""
    db.session.execute(update(SignIn).where(SignIn.id == sign_in_id, SignIn.ended_at.is_(None))
                       .values(ended_at=now))


def end_all(user_id: int, now: datetime) -> None:
    """End every sign-in of the user, on every device; not committed."""
    db.session.execute(update(SignIn).where(SignIn.user_id == user_id,
                                            SignIn.ended_at.is_(None)).values(ended_at=now))


def owned(user_id: int, sign_in_id: int) -> SignIn | None:
    """The user's own sign-in with this id (ended or not); None for anyone else's."""
    return db.session.scalar(select(SignIn).where(SignIn.id == sign_in_id,
                                                  SignIn.user_id == user_id))
