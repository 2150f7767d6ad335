"""Two app servers (separate processes and ports) on one PostgreSQL and one Redis act as one."""

import os
import re
import threading
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from courseware.config import normalise_database_url
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


def start(browser: Browser) -> int:
    """Start the tiny module; the enrolment id."""
    _, location, _ = browser.post("/modules/tiny-module/start", [], "/modules/tiny-module")
    return int(re.search(r"/learn/(\d+)", location).group(1))


def test_progress_made_on_one_is_seen_on_the_other(two_servers):
    one, other = (Browser(server.url) for server in two_servers)
    assert login(one, "person1@example.org") == 302
    assert login(other, "person1@example.org") == 302
    eid = start(one)
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


def cookies(browser: Browser):
    """The browser's cookie jar."""
    return next(handler.cookiejar for handler in browser.opener.handlers
                if isinstance(handler, urllib.request.HTTPCookieProcessor))


def test_signing_out_on_one_refuses_a_copy_of_the_cookie_on_the_other(two_servers):
    first, second = two_servers
    owner, thief = Browser(first.url), Browser(second.url)
    assert login(owner, "person2@example.org") == 302
    for cookie in cookies(owner):
        cookies(thief).set_cookie(cookie)
    assert thief.get("/account")[0] == 200
    assert owner.post("/logout", [], "/account")[0] == 302
    status, location, _ = thief.get("/account")
    assert status == 302 and location.startswith("/login")
    assert owner.get("/account")[0] == 302


def test_rate_limit_counts_across_both(two_servers):
    one, other = (Browser(server.url) for server in two_servers)
    for browser in (one, other, one, other):
        assert login(browser, "person3@example.org", "wrong password here") == 200
    assert login(one, "person3@example.org") == 429
    assert login(other, "person3@example.org") == 429



RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", "#")]
REFLECTION = [("text", "Following a hashtag would show me what colleagues share.")]
QUIZ, REFLECT = ("check", "quiz", RIGHT), ("my-practice", "reflection", REFLECTION)


def at_once(browsers: list[Browser], path: str, data: list, pages: list[str]) -> list:
    """Post the same form through every browser at the same moment; (status, location)s."""
    barrier = threading.Barrier(len(browsers))

    def send(browser, page):
        barrier.wait()
        return browser.post(path, data, page=page)[:2]

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        return list(pool.map(send, browsers, pages))


def test_two_completions_racing_through_both_give_one_certificate(two_servers, served_postgres):
    """The step that completes the module (the reflection, or for some the quiz) is sent
    through both servers at the same moment: both answer, and one certificate is issued."""
    answers = []
    for n in range(4, 12):
        browsers = [Browser(server.url) for server in two_servers]
        for browser in browsers:
            assert login(browser, f"person{n}@example.org") == 302
        steps = f"/learn/{start(browsers[0])}/steps"
        for key in ("welcome", "02-hashtags"):
            assert browsers[0].get(f"{steps}/{key}")[0] == 200
        (key, action, data), last = (QUIZ, REFLECT) if n % 2 else (REFLECT, QUIZ)
        assert browsers[0].post(f"{steps}/{key}/{action}", data, f"{steps}/{key}")[0] == 302
        key, action, data = last
        pages = [browser.get(f"{steps}/{key}")[2] for browser in browsers]
        answers += at_once(browsers, f"{steps}/{key}/{action}", data, pages)
    assert all(status == 302 for status, _ in answers), answers

    engine = sa.create_engine(normalise_database_url(served_postgres))
    with engine.connect() as conn:
        completed = conn.execute(sa.text(
            "SELECT e.id, count(c.id) FROM enrolment e LEFT JOIN certificate c "
            "ON c.enrolment_id = e.id WHERE e.completed_at IS NOT NULL GROUP BY e.id")).all()
    engine.dispose()
    assert len(completed) == 8
    assert all(count == 1 for _, count in completed), completed
