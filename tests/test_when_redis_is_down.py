"""Redis down takes nothing with it: sign-ins go on, the limits count in the database meanwhile
and in Redis again once it is back (no restart), and /healthz says "degraded: redis"."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from courseware.extensions import db
from courseware.limit_fallback import RETRY_SECONDS
from courseware.models import RateLimitCounter
from tests.clock import london
from tests.conftest import make_app
from tests.factories import PASSWORD, Auth, make_user, post_form
from tests.mailbox import smtp_server
from tests.redis_server import RedisServer

WRONG = "not the password at all"


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_app(database_uri, tmp_path, redis_server, time_machine):
    """The app with its rate limits in the test's own Redis; three failures allowed."""
    time_machine.move_to(london(2026, 3, 21, 12), tick=False)
    app = make_app(database_uri, tmp_path, REDIS_URL=redis_server.url,
                   LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS="3 per 10 minutes")
    with app.app_context():
        make_user("sam@example.org", "Sam")
        make_user("kim@example.org", "Kim")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def sign_in(client, email: str, password: str = PASSWORD) -> int:
    """Sign in through the form; signed out again after a success."""
    status = post_form(client, "/login", {"email": email, "password": password}).status_code
    if status == 302:
        Auth(client).logout()
    return status


def counted_in_database() -> int:
    return len(db.session.scalars(select(RateLimitCounter.key)).all())


def test_limits_count_in_redis_while_it_is_up(redis_app, redis_server):
    client = redis_app.test_client()
    assert [sign_in(client, "sam@example.org", WRONG) for _ in range(4)] == [200] * 3 + [429]
    assert redis_server.counters() and counted_in_database() == 0
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok"}


def test_sign_in_works_while_redis_is_down_and_limits_count_in_the_database(
        redis_app, redis_server, caplog):
    client = redis_app.test_client()
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="courseware.limit_fallback"):
        assert sign_in(client, "sam@example.org") == 302
    assert "Redis does not answer" in caplog.text
    assert [sign_in(client, "kim@example.org", WRONG) for _ in range(4)] == [200] * 3 + [429]
    assert counted_in_database() > 0  # every worker and server shares these: still exact
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded: redis", "database": "ok", "redis": "down"}


def test_sign_in_works_while_redis_hangs(redis_app, redis_server):
    client = redis_app.test_client()
    redis_server.pause()
    try:
        assert sign_in(client, "sam@example.org") == 302
        assert [sign_in(client, "kim@example.org", WRONG) for _ in range(4)] == [200] * 3 + [429]
        assert client.get("/healthz").json["status"] == "degraded: redis"
    finally:
        redis_server.pause(False)
    assert counted_in_database() > 0


def test_limits_count_in_redis_again_once_it_is_back(redis_app, redis_server, time_machine,
                                                     caplog):
    client = redis_app.test_client()
    redis_server.stop()
    assert sign_in(client, "sam@example.org", WRONG) == 200  # counted in the database
    in_database = counted_in_database()
    redis_server.start()
    assert sign_in(client, "sam@example.org", WRONG) == 200  # not asked again yet
    assert redis_server.counters() == {}
    time_machine.shift(timedelta(seconds=RETRY_SECONDS))
    with caplog.at_level(logging.WARNING, logger="courseware.limit_fallback"):
        assert sign_in(client, "sam@example.org", WRONG) == 200
    assert "Redis answers again" in caplog.text
    assert redis_server.counters() and counted_in_database() == in_database
    assert sign_in(client, "kim@example.org") == 302
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_says_when_mail_cannot_be_reached(app, client):
    with smtp_server() as (_, port):
        app.config |= {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
        assert client.get("/healthz").json == {"status": "ok", "database": "ok", "mail": "ok"}
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded: mail", "database": "ok", "mail": "down"}


def test_healthz_answers_503_only_when_the_database_is_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/no/such/folder/db.sqlite", tmp_path)
    health = app.test_client().get("/healthz")
    assert health.status_code == 503 and health.json == {"status": "down", "database": "down"}
