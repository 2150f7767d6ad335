"""Two app servers (separate processes and ports) on one PostgreSQL and one Redis act as one."""

import os
import re
import uuid

import pytest

from tests.factories import PASSWORD
from tests.server.gunicorn import Browser, Server

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def two_servers(served_postgres):
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it)")
    shared = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
              "LOGIN_LIMIT_PER_ACCOUNT": "4 per 10 minutes"}
    servers = [Server(served_postgres, workers=1, threads=2, **shared) for _ in range(2)]
    yield servers
    for server in servers:
        server.stop()


def login(browser: Browser, email: str, password: str = PASSWORD) -> int:
    return browser.post("/login", [("email", email), ("password", password)], "/login")[0]


def test_progress_made_on_one_is_seen_on_the_other(two_servers):
    one, other = (Browser(server.url) for server in two_servers)
    assert login(one, "person1@example.org") == 302
    assert login(other, "person1@example.org") == 302
    _, location, _ = one.post("/modules/tiny-module/start", [], "/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", location).group(1))
    one.get(f"/learn/{eid}/steps/welcome")
    one.get(f"/learn/{eid}/steps/02-hashtags")
    status, _, page = other.get(f"/learn/{eid}/steps/check")
    assert status == 200 and "You have done 2 of 4 steps" in page
    _, location, _ = other.post("/modules/tiny-module/start", [], "/modules/tiny-module")
    assert f"/learn/{eid}" in location  # the same enrolment, whichever server answers


def test_a_session_from_one_works_on_the_other(two_servers):
    first, second = two_servers
    browser = Browser(first.url)
    assert login(browser, "person2@example.org") == 302
    browser.base = second.url
    status, _, page = browser.get("/my-learning")
    assert status == 200 and "My learning" in page


def test_rate_limit_counts_across_both(two_servers):
    one, other = (Browser(server.url) for server in two_servers)
    for browser in (one, other, one, other):
        assert login(browser, "person3@example.org", "wrong password here") == 200
    assert login(one, "person3@example.org") == 429
    assert login(other, "person3@example.org") == 429
