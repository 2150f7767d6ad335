"""Sign-ins that last while people are active: SESSION_LIFETIME_HOURS of idleness ends one.

The session cookie carries when its person was last active. Writing the cookie on every page
would cost a Set-Cookie each time, so it is written again only once it is older than a twelfth
of the lifetime (an hour by default): a sign-in ends after between 11 and 12 idle hours. The
cookie itself lives a week longer than the sign-in, so that a form sent after the sign-in ended
still says whose it was (see courseware/rescue.py); it never signs anyone in after that.

Each sign-in is also a row on the server (courseware/sign_ins.py): the cookie carries its
secret, and the row's last activity is written when the cookie is, not on every page.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, session

from courseware import clock, sign_ins
from courseware.database import write_apart

ACTIVE = "_active"  # when the person was last seen, in seconds since the epoch
SIGN_IN = "_sign_in"  # the secret of this browser's sign-in (courseware/sign_ins.py)
IDLE_USER = "_idle_user"  # the account whose sign-in ended from idleness, until the next sign-in
REFRESH_PARTS = 12
REMEMBERED = timedelta(days=7)
SIGN_IN_KEYS = ("_user_id", "_fresh", "_id", SIGN_IN)  # Flask-Login's keys, and ours


def is_idle(active_at: float | None, now: float, limit: float) -> bool:
    """Whether a sign-in last active at active_at has been idle for longer than limit seconds."""
    return active_at is None or now - active_at > limit


def needs_refresh(active_at: float | None, now: float, limit: float) -> bool:
    """Whether the cookie should be written again to move its expiry on."""
    return active_at is None or now - active_at >= limit / REFRESH_PARTS


def idle_limit() -> float:
    """SESSION_LIFETIME_HOURS, in seconds."""
    return float(current_app.config["SESSION_LIFETIME_HOURS"]) * 3600


def idle_delta() -> timedelta:
    """SESSION_LIFETIME_HOURS, as a timedelta."""
    return timedelta(seconds=idle_limit())


def sign_in_secret() -> str | None:
    """The secret of this browser's sign-in, if the session holds one."""
    secret = session.get(SIGN_IN)
    return secret if isinstance(secret, str) else None


def forget_sign_in() -> None:
    """Drop the sign-in from this session (its record has ended): nobody is signed in."""
    for key in SIGN_IN_KEYS:
        session.pop(key, None)
    session.pop(ACTIVE, None)


def mark_active() -> None:
    """Note the person as active now (at sign-in); the cookie is written again."""
    session[ACTIVE] = int(clock.now().timestamp())


def has_lapsed() -> bool:
    """Whether this session's sign-in has been idle too long (a cookie without a time has not)."""
    active_at = session.get(ACTIVE)
    return active_at is not None and is_idle(active_at, clock.now().timestamp(), idle_limit())


def keep_sign_in_alive() -> None:
    """Before each request: end an idle sign-in, or slide an active one's expiry on."""
    if "_user_id" not in session:
        return
    if has_lapsed():
        uid = str(session["_user_id"]).partition(":")[0]
        forget_sign_in()  # its record counts as ended from its last activity on
        if uid.isdigit():
            session[IDLE_USER] = int(uid)
    elif needs_refresh(session.get(ACTIVE), clock.now().timestamp(), idle_limit()):
        mark_active()
        secret = sign_in_secret()
        if secret is not None:
            with write_apart():
                sign_ins.touch(secret, clock.now())


def idle_user_id() -> int | None:
    """The account whose sign-in in this browser ended from idleness, if any."""
    uid = session.get(IDLE_USER)
    return uid if isinstance(uid, int) else None


def cookie_lifetime(hours: float) -> timedelta:
    """How long the session cookie lasts after it was last written: the sign-in and a week."""
    return timedelta(hours=hours) + REMEMBERED


def init_app(app: Flask) -> None:
    """Check the sign-in before every request."""
    app.before_request(keep_sign_in_alive)
