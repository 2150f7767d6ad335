"""How the parts the app depends on are, for /healthz: the database, Redis and mail.

Each part in use is "ok" or "down"; parts this site does not use are left out (so a site on
one machine answers just the database). The whole is "ok", "degraded: redis" (the parts down,
comma separated) or, when the database is unreachable, "down": only then is the status 503,
the one a load balancer should act on. Cheap enough for a load balancer to ask every few
seconds: one `SELECT 1`, one Redis PING and one connection to the mail server, each with a
short timeout. There is no job queue yet; when there is, it joins here.
"""

from __future__ import annotations

import socket

from flask import current_app
from sqlalchemy import text

from courseware.extensions import db, limiter
from courseware.limit_fallback import FallbackStorage

OK, DOWN = "ok", "down"
MAIL_TIMEOUT = 1.0  # seconds to wait for the mail server to accept a connection


def report() -> tuple[dict[str, str], int]:
    """The state of each part in use and of the whole, and the HTTP status to answer with."""
    parts = {"database": database()}
    if current_app.config.get("REDIS_URL"):
        parts["redis"] = redis()
    if current_app.config.get("MAIL_SERVER"):
        parts["mail"] = mail()
    if parts["database"] != OK:
        return {"status": DOWN, **parts}, 503
    down = [name for name, state in parts.items() if state != OK]
    status = "degraded: " + ", ".join(down) if down else OK
    return {"status": status, **parts}, 200


def database() -> str:
    """Whether the database answers one query."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is unreachable
        db.session.rollback()
        return DOWN
    return OK


def redis() -> str:
    """Whether Redis, where the rate limits count, answers a PING (while it does not, they
    count in the database)."""
    storage = limiter.storage
    if isinstance(storage, FallbackStorage):
        storage = storage.primary
    return OK if storage.check() else DOWN


def mail() -> str:
    """Whether the mail server accepts a connection (closed at once, nothing sent)."""
    address = (current_app.config["MAIL_SERVER"], int(current_app.config["MAIL_PORT"]))
    try:
        socket.create_connection(address, timeout=MAIL_TIMEOUT).close()
    except OSError:
        return DOWN
    return OK
