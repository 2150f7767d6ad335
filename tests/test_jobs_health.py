"""/healthz reports the job queue where it matters: its storage answers, and a worker noted in
the last three minutes that it runs; either failing is only "degraded" (the database keeps the
emails), never a 503."""

from datetime import timedelta

from courseware import jobs
from tests.clock import london
from tests.conftest import make_app
from tests.redis_server import RedisServer


def test_healthz_leaves_the_queue_out_of_tests_unless_asked(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_healthz_says_when_no_worker_has_been_seen_lately(app, client, time_machine):
    time_machine.move_to(london(2026, 3, 10, 12), tick=False)
    app.config["JOBS_HEALTH"] = True
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded: jobs", "database": "ok",
                           "jobs": "no worker seen"}
    jobs.beat()  # what every worker does each minute
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "jobs": "ok"}
    time_machine.shift(timedelta(minutes=3))
    assert client.get("/healthz").json["jobs"] == "ok"
    time_machine.shift(timedelta(minutes=1, seconds=30))
    assert client.get("/healthz").json == {"status": "degraded: jobs", "database": "ok",
                                           "jobs": "no worker seen for 4 minutes"}


def test_every_worker_notes_each_minute_that_it_runs(app):
    heartbeat = app.extensions["jobs"]["heartbeat"].task_class()
    assert heartbeat.validate_datetime(london(2026, 3, 10, 12, 7).replace(tzinfo=None))


def test_healthz_says_when_the_queue_in_redis_cannot_be_reached(tmp_path):
    redis = RedisServer()
    redis.start()
    app = make_app(f"sqlite:///{tmp_path}/db.sqlite", tmp_path, REDIS_URL=redis.url,
                   JOBS_STORAGE="redis", JOBS_HEALTH=True)  # a queue in Redis
    client = app.test_client()
    try:
        with app.app_context():
            jobs.beat()
        assert client.get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok",
                                               "jobs": "ok"}
    finally:
        redis.stop()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded: redis, jobs", "database": "ok",
                           "redis": "down", "jobs": "down"}
