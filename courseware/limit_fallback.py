"""Rate limits that keep counting while Redis is down, and go back to it when it returns.

With REDIS_URL set the limits count in Redis (`RATELIMIT_STORAGE_URI` is `fallback+redis://...`).
When Redis does not answer, this storage counts in the app's database instead (DatabaseStorage,
courseware/rate_limits.py), so every worker and server still counts together and no limit is
lifted; it logs a warning once. Every RETRY_SECONDS one request asks Redis again (the others
carry on in the database meanwhile); once Redis answers, counting goes back to it, with no
restart. Counts made during the outage stay in the database: a window that began in Redis
starts afresh in the database, and the other way round.

Flask-Limiter's own in-memory fallback (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) is not enough:
it covers only the limits Flask-Limiter applies itself, while the sign-in budgets
(auth/throttle.py) count on `limiter.storage` directly and still raised; it counts per process,
so each worker would allow the whole limit again; and it looks for the storage's return at ever
longer gaps, up to 32 seconds.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from limits.storage import RedisStorage, Storage, storage_from_string

from courseware import clock
from courseware.rate_limits import DatabaseStorage

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0  # how often Redis is asked again while it is down
PREFIX = "fallback+"
# A request waits at most this long (seconds) for Redis to connect or answer (redis-py's own
# default is 5 s); it answers in well under a millisecond when up.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class FallbackStorage(Storage):
    """Counters in Redis, or in the database while Redis does not answer."""

    STORAGE_SCHEME = [PREFIX + scheme for scheme in RedisStorage.STORAGE_SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.primary = storage_from_string(uri.removeprefix(PREFIX), **REDIS_TIMEOUTS | options)
        self.fallback = DatabaseStorage("database://")
        self.down_since: float | None = None  # when Redis stopped answering, in epoch seconds
        self._last_try = 0.0
        self._trying = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.fallback.base_exceptions

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add amount to the key's count; the count after."""
        return self._call("incr", key, expiry, amount=amount)

    def get(self, key: str) -> int:
        """The key's count in its running window."""
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        """When the key's running window ends, in epoch seconds."""
        return self._call("get_expiry", key)

    def check(self) -> bool:
        """Whether limits can be counted: in Redis, or else in the database."""
        return self.primary.check() or self.fallback.check()

    def reset(self) -> int | None:
        """Forget every counter, in both stores."""
        self._call("reset")
        return self.fallback.reset()

    def clear(self, key: str) -> None:
        """Forget one key's counter, in both stores."""
        self._call("clear", key)
        self.fallback.clear(key)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Ask Redis, unless it is down; the database when Redis is down or fails now."""
        if self._use_primary():
            try:
                return getattr(self.primary, name)(*args, **kwargs)
            except self.primary.base_exceptions as error:
                self._went_down(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def _use_primary(self) -> bool:
        """Whether to ask Redis: while it is up; while down, once every RETRY_SECONDS, if it
        answers a ping (one request asks, the others go on to the database meanwhile)."""
        if self.down_since is None:
            return True
        now = clock.now().timestamp()
        if abs(now - self._last_try) < RETRY_SECONDS or not self._trying.acquire(blocking=False):
            return False
        try:
            self._last_try = now
            if not self.primary.check():
                return False
            log.warning("Redis answers again after %.0f s: rate limits count in Redis again",
                        now - self.down_since)
            self.down_since = None
            return True
        finally:
            self._trying.release()

    def _went_down(self, error: Exception) -> None:
        """Note that Redis failed, and say so once per outage."""
        if self.down_since is None:
            self.down_since = self._last_try = clock.now().timestamp()
            log.warning("Redis does not answer (%s): rate limits count in the database until "
                        "it does", error)
