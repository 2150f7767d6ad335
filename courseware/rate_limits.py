"""Rate limit counters in the app's own database, so every worker and server counts together.

The `limits` library (behind Flask-Limiter) has no SQL storage, so this is one behind its
storage interface, for `RATELIMIT_STORAGE_URI = "database://"` (the default without REDIS_URL).
It serves the fixed-window strategy: one row per limit and key holds the count and when its
window ends. Each change is one INSERT ... ON CONFLICT DO UPDATE ... RETURNING, atomic across
processes on SQLite and PostgreSQL, on a connection of its own that commits at once, so it never
commits or rolls back the request's session. A row whose window has ended counts as absent and
is started afresh; expired rows are deleted whenever a new window starts.

On SQLite a counter can only be written while the request's own session does not hold the write
lock (one writer at a time): limits are counted before a view's first write, and a view that
counts after reading (sign-in) is `reads_first`. Counting while the lock is held raises at once
instead of waiting on itself.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from flask import g, has_request_context
from limits.storage import Storage
from sqlalchemy import case, delete, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from courseware import clock
from courseware.database import holds_write_lock
from courseware.extensions import db
from courseware.models import RateLimitCounter
from courseware.models.upsert import dialect_insert

COUNTERS = RateLimitCounter.__table__
MAX_KEY = 255


class DatabaseStorage(Storage):
    """Fixed-window counters in the rate_limit_counter table."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add amount to the key's count (a negative amount gives back), starting a new window
        of expiry seconds when none is running; the count after."""
        now = clock.now().timestamp()
        if amount < 0:
            return self._give_back(key, -amount, now)
        ends = now + expiry
        with self._connection(writes=True) as conn, conn.begin():
            count, expires_at = conn.execute(_increment(conn, _stored(key), amount, now, ends)
                                             ).one()
            if expires_at == ends:  # a new window: clear the windows that have ended
                conn.execute(delete(COUNTERS).where(COUNTERS.c.expires_at <= now))
        _remember(key, count, expires_at)
        return count

    def _give_back(self, key: str, amount: int, now: float) -> int:
        """Take amount off a running window's count (not below zero); the count after."""
        statement = (COUNTERS.update()
                     .where(COUNTERS.c.key == _stored(key), COUNTERS.c.expires_at > now)
                     .values(count=case((COUNTERS.c.count > amount, COUNTERS.c.count - amount),
                                        else_=0))
                     .returning(COUNTERS.c.count, COUNTERS.c.expires_at))
        with self._connection(writes=True) as conn, conn.begin():
            row = conn.execute(statement).first()
        if row is None:
            _forget(key)
            return 0
        _remember(key, row.count, row.expires_at)
        return row.count

    def get(self, key: str) -> int:
        """The key's count in its running window (0 when none runs)."""
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        """When the key's running window ends, in epoch seconds (now when none runs)."""
        row = self._live(key)
        return row.expires_at if row else clock.now().timestamp()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with self._connection(writes=False) as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        _seen().clear()
        with self._connection(writes=True) as conn, conn.begin():
            return conn.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with self._connection(writes=True) as conn, conn.begin():
            conn.execute(delete(COUNTERS).where(COUNTERS.c.key == _stored(key)))
        _forget(key)

    def _live(self, key: str):
        """The running window's count and end: as this request last saw them, or as stored."""
        seen = _seen().get(key)
        if seen is not None:
            return seen
        now = clock.now().timestamp()
        statement = select(COUNTERS.c.count, COUNTERS.c.expires_at).where(
            COUNTERS.c.key == _stored(key), COUNTERS.c.expires_at > now)
        with self._connection(writes=False) as conn, conn.begin():
            return conn.execute(statement).first()

    def _connection(self, writes: bool) -> Connection:
        """A pooled connection apart from the request's session."""
        if writes and holds_write_lock():
            raise RuntimeError(
                "A rate limit was counted while this request holds SQLite's write lock, so the "
                "count would wait on the request itself: count it before the view's first "
                "write, or mark the view reads_first.")
        return db.engine.connect().execution_options(writes=writes)


def _increment(conn: Connection, key: str, amount: int, now: float, ends: float):
    """The one statement that adds to a count, or starts its window afresh, atomically."""
    insert = dialect_insert(conn.dialect.name)
    statement = insert(COUNTERS).values(key=key, count=amount, expires_at=ends)
    ended = COUNTERS.c.expires_at <= now
    return statement.on_conflict_do_update(
        index_elements=[COUNTERS.c.key],
        set_={
            "count": case((ended, statement.excluded.count),
                          else_=COUNTERS.c.count + statement.excluded.count),
            "expires_at": case((ended, statement.excluded.expires_at),
                               else_=COUNTERS.c.expires_at),
        },
    ).returning(COUNTERS.c.count, COUNTERS.c.expires_at)


class Seen(NamedTuple):
    """A counter as this request last wrote it."""

    count: int
    expires_at: float


def _seen() -> dict[str, Seen]:
    """What this request has counted: the limit headers and the wait on a 429 page read it
    back without asking the database again (a window's end never moves)."""
    return g.setdefault("rate_limits_seen", {}) if has_request_context() else {}


def _remember(key: str, count: int, expires_at: float) -> None:
    _seen()[key] = Seen(count, expires_at)


def _forget(key: str) -> None:
    _seen().pop(key, None)


def _stored(key: str) -> str:
    """The key as stored: as given, or its hash when too long for the column."""
    if len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
