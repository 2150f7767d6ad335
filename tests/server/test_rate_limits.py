"""Rate limits hold across every worker: two gunicorn workers count together, in the database
(SQLite, and PostgreSQL when TEST_DATABASE_URL is set) or in Redis (TEST_REDIS_URL)."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server.conftest import CHEAP_HASH_METHOD
from tests.server.gunicorn import Browser, Server

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def start(served_database: str, **settings) -> Server:
    """Two workers behind one (pretend) proxy, so each test address is its own visitor; the
    learners' passwords are cheap to check, so the tries are quick."""
    settings |= {"PROXY_FIX_HOPS": "1", "PASSWORD_HASH_METHOD": CHEAP_HASH_METHOD}
    server = Server(served_database, workers=2, threads=4, **settings)
    assert len(server.workers()) == 2
    return server


@pytest.fixture
def server(crowd_database):
    """The counters in the database (the default)."""
    server = start(crowd_database)
    yield server
    server.stop()


@pytest.fixture
def redis_server(crowd_database):
    """The counters in Redis (REDIS_URL), beside SQLite."""
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it)")
    server = start(crowd_database, REDIS_URL=REDIS_URL,
                   RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    yield server
    server.stop()


def visitor(server: Server, address: str) -> tuple[Browser, str]:
    """A browser from one address, and the sign-in page it posts from."""
    browser = Browser(server.url, headers={"X-Forwarded-For": address})
    return browser, browser.get("/login")[2]


def at_once(count: int, send) -> list[int]:
    """Send count requests from six threads at a time, so both workers answer; the statuses."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(send, range(count)))


def test_limits_count_exactly_across_workers(server):
    counts_exactly(server)


@pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)
def test_limits_count_exactly_in_redis(redis_server):
    counts_exactly(redis_server)


def counts_exactly(server: Server) -> None:
    """26 failures for one account, 57 from one address and 70 lookups: exactly the limits."""
    browser, page = visitor(server, "203.0.113.1")
    wrong = [("email", "person1@example.org"), ("password", "not the password at all")]
    one_account = at_once(26, lambda _: browser.post("/login", wrong, page=page)[0])
    assert sorted(one_account) == [200] * 10 + [429] * 16

    browser, page = visitor(server, "203.0.113.2")
    many_accounts = at_once(57, lambda n: browser.post(
        "/login", [("email", f"person{n}@example.org"), ("password", "a wrong one")],
        page=page)[0])
    assert sorted(many_accounts) == [200] * 30 + [429] * 27

    browser = Browser(server.url, headers={"X-Forwarded-For": "203.0.113.3"})
    lookups = at_once(70, lambda _: browser.get("/verify/0000-0000-0000-0000-00")[0])
    assert sorted(lookups) == [404] * 30 + [429] * 40
