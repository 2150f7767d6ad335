"""Redis killed under load and started again: no 500s, nothing acknowledged lost or doubled,
and the limits count in Redis again within seconds of its return, with no restart.

Learners move through the tiny module on two gunicorn workers (SQLite: no PostgreSQL needed)
while a prober fails to sign in from its own address four times a second. Run with -s for the
figures the deployment guide gives.
"""

import json
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.redis_server import RedisServer
from tests.server.conftest import CHEAP_HASH_METHOD
from tests.server.gunicorn import Browser, Server
from tests.server.test_load import LIMITS, STEPS, learn, stored

LEARNERS = 40
UP, DOWN, AFTER = 5.0, 6.0, 8.0  # seconds with Redis up, then killed, then back
PROBER = "203.0.113.7"
WRONG = [("email", "person1@example.org"), ("password", "not the password at all")]


class Prober:
    """Fails to sign in from one address every quarter second, noting each answer."""

    def __init__(self, url: str):
        self.browser = Browser(url, headers={"X-Forwarded-For": PROBER})
        self.statuses: list[int] = []

    def run(self, stop_at: float) -> None:
        page = self.browser.get("/login")[2]
        while time.monotonic() < stop_at:
            self.statuses.append(self.fail(page))
            time.sleep(0.25)

    def fail(self, page: str) -> int:
        return self.browser.post("/login", WRONG, page=page)[0]


def prober_count(redis: RedisServer) -> int:
    """The prober's per-address count of failures, as Redis holds it (0 when absent)."""
    return sum(count for key, count in redis.counters().items() if f"/login/{PROBER}/" in key)


def health(server: Server) -> dict:
    """What /healthz says."""
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)
def test_redis_killed_under_load_and_started_again(crowd_database):
    redis = RedisServer()
    redis.start()
    # No job worker runs here: /healthz leaves the queue out (tests/server/test_queue_in_redis.py
    # is about the queue while Redis is down).
    server = Server(crowd_database, workers=2, threads=4, REDIS_URL=redis.url,
                    PROXY_FIX_HOPS="1", PASSWORD_HASH_METHOD=CHEAP_HASH_METHOD, JOBS_HEALTH="0",
                    **LIMITS)
    try:
        started = time.monotonic()
        stop_at = started + UP + DOWN + AFTER
        prober = Prober(server.url)
        with ThreadPoolExecutor(max_workers=LEARNERS + 1) as pool:
            futures = [pool.submit(learn, server.url, n, stop_at) for n in range(LEARNERS)]
            probing = pool.submit(prober.run, stop_at)
            time.sleep(UP)
            assert prober_count(redis) > 0
            redis.stop()
            killed = time.monotonic()
            time.sleep(1)
            during = health(server)
            time.sleep(DOWN - 1)
            redis.start()
            back = time.monotonic()
            while prober_count(redis) == 0 and time.monotonic() < stop_at:
                time.sleep(0.05)
            recovered = time.monotonic() - back
            learners = [future.result() for future in futures]
            probing.result()
        after = health(server)
        before = prober_count(redis)
        page = prober.browser.get("/login")[2]
        tail = [prober.fail(page) for _ in range(5)]
        counted = prober_count(redis) - before
    finally:
        server.stop()
        redis.stop()

    log = [entry for me in learners for entry in me.log]
    statuses = Counter(entry[2] for entry in log) + Counter(prober.statuses + tail)
    print(f"\nRedis killed for {back - killed:.1f} s under {LEARNERS} learners and a prober: "
          f"{sum(statuses.values())} requests, statuses {dict(statuses)}; counting in Redis "
          f"again {recovered:.2f} s after it was back")

    errors = [error for me in learners for error in me.errors]
    assert not errors, f"{len(errors)} learners met an error, first: {errors[:5]}"
    assert set(prober.statuses + tail) == {200}, Counter(prober.statuses + tail)
    assert during == {"status": "degraded: redis", "database": "ok", "redis": "down"}
    assert after == {"status": "ok", "database": "ok", "redis": "ok"}
    assert 0 < recovered < AFTER
    assert counted == 5  # every worker counts in Redis again

    rows = stored(crowd_database)
    progress: dict[int, list[str]] = {}
    for enrolment_id, key in rows["progress"]:
        progress.setdefault(enrolment_id, []).append(key)
    attempts: dict[str, dict[int, bool]] = {}
    for email, attempt_id, passed, _ in rows["attempts"]:
        attempts.setdefault(email, {})[attempt_id] = bool(passed)
    for me in learners:
        assert sorted(progress.get(me.enrolment, [])) == sorted(me.steps), f"person{me.n}"
        assert attempts.get(f"person{me.n}@example.org", {}) == me.attempts, f"person{me.n}"
    enrolments = Counter(email for email, _, _ in rows["enrolments"])
    assert all(count == 1 for count in enrolments.values()), "a learner was enrolled twice"
    assert any(len(me.steps) == len(STEPS) for me in learners)  # the load went all the way
