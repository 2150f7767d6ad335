"""How the parts the app depends on are, for /healthz: the database, Redis and mail.

Each part in use is "ok" or "down"; parts this site does not use are left out (so a site on
one machine answers just the database). The whole is "ok", "degraded: redis" (the parts down,
comma separated) or, when the database is unreachable, "down": only then is the status 503,
the one a load balancer should act on. Cheap enough for a load balancer to ask every few
seconds: one `SELECT 1`, one Redis PING and one connection to the mail server, each with a
short timeout. The job queue joins them where it matters (not in tests, unless JOBS_HEALTH
says so): "ok" when its storage answers and a worker noted within WORKER_LATE that it runs,
"down" when its storage does not answer (Redis down), or "no worker seen for N minutes"; either
way only "degraded: jobs", since the database keeps the emails until a worker sends them.
"""

from __future__ import annotations

import socket
from datetime import timedelta

from flask import current_app
from sqlalchemy import text

from courseware import clock
from courseware.extensions import db, limiter
from courseware.jobs import worker_seen
from courseware.limit_fallback import FallbackStorage

OK, DOWN = "ok", "down"
MAIL_TIMEOUT = 1.0  # seconds to wait for the mail server to accept a connection
WORKER_LATE = timedelta(minutes=3)  # every worker notes each minute that it runs


def report() -> tuple[dict[str, str], int]:
    """The state of each part in use and of the whole, and the HTTP status to answer with."""
    parts = {"database": database()}
    if current_app.config.get("REDIS_URL"):
        parts["redis"] = redis()
    if current_app.config.get("MAIL_SERVER"):
        parts["mail"] = mail()
    if jobs_matter():
        parts["jobs"] = jobs()
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


def jobs_matter() -> bool:
    """Whether to report the job queue: JOBS_HEALTH if set, else everywhere but in tests."""
    wanted = current_app.config.get("JOBS_HEALTH")
    return not current_app.testing if wanted is None else bool(wanted)


def jobs() -> str:
    """Whether the job queue's storage answers and a worker has noted lately that it runs."""
    try:
        seen = worker_seen()
    except Exception:  # noqa: BLE001 - any failure means the queue cannot be reached
        return DOWN
    if seen is None:
        return "no worker seen"
    late = clock.now() - seen
    if late > WORKER_LATE:
        return f"no worker seen for {int(late.total_seconds() // 60)} minutes"
    return OK


def mail() -> str:
    """Whether the mail server accepts a connection (closed at once, nothing sent)."""
    address = (current_app.config["MAIL_SERVER"], int(current_app.config["MAIL_PORT"]))
    try:
        socket.create_connection(address, timeout=MAIL_TIMEOUT).close()
    except OSError:
        return DOWN
    return OK
