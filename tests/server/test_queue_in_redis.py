"""The job queue in Redis, and Redis killed: the web request that assigns a module still
answers (the wake-up cannot be queued: a logged warning), the email waits in the database, and
/healthz says the queue is down; Redis started again, the worker that kept running sends it,
once, without a restart.

Once Redis is back the worker finds the email at its next minutely look; here the next web
request deciding an email wakes it sooner, and it sends both, each once.
"""

import json
import re
import time
import urllib.request

import pytest

from tests.clock import daytime_zone
from tests.factories import PASSWORD
from tests.mailbox import smtp_server
from tests.redis_server import RedisServer
from tests.server.gunicorn import Browser, Server
from tests.server.workers import (
    Worker,
    recipients,
    staffed_database,
    statuses,
    wait_until,
)

SUBMISSION = re.compile(r'name="submission"[^>]*value="([^"]+)"')


def health(server: Server) -> dict:
    with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
        return json.loads(response.read())


def assign(manager: Browser, ids: dict, learner: int) -> int:
    """Assign the module to one learner through the form, as the manager's browser would."""
    url = f"/manage/teams/{ids['team']}/assignments"
    page = manager.get(url)[2]
    form = [("module", str(ids["module"])), ("who", "chosen"), ("learners", str(learner)),
            ("due_on", "2040-01-31"), ("submission", SUBMISSION.search(page).group(1))]
    return manager.post(url, form, page=page)[0]


@pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)
def test_queued_jobs_wait_through_a_redis_outage(database_uri, tmp_path):
    ids = staffed_database(database_uri, tmp_path, learners=3)
    redis = RedisServer()
    redis.start()
    with smtp_server() as (inbox, port):
        env = {"REDIS_URL": redis.url, "CPD_TIMEZONE": daytime_zone(), "MAIL_SERVER": "127.0.0.1",
               "MAIL_PORT": str(port)}
        server = Server(database_uri, workers=1, threads=4, **env)
        worker = Worker(database_uri, port, tmp_path / "worker.log", **env).ready()
        try:
            assert health(server)["jobs"] == "ok"  # the worker noted it runs
            manager = Browser(server.url)
            assert manager.post("/login", [("email", "manager@example.org"),
                                           ("password", PASSWORD)], token_from="/login")[0] == 302
            assert assign(manager, ids, ids["learners"][0]) == 302
            inbox.wait(1)
            assert recipients(inbox) == {"person0@example.org": 1}  # woken through Redis

            redis.stop()
            started = time.monotonic()
            assert assign(manager, ids, ids["learners"][1]) == 302  # answers all the same
            assert time.monotonic() - started < 10
            assert statuses(database_uri, tmp_path) == {"sent": 1, "waiting": 1}
            assert health(server) == {"status": "degraded: redis, jobs", "database": "ok",
                                      "redis": "down", "mail": "ok", "jobs": "down"}
            time.sleep(2)
            assert len(inbox.messages) == 1 and worker.running()

            redis.start()  # empty: what the queue held is gone, the database kept the email
            assert assign(manager, ids, ids["learners"][2]) == 302
            assert wait_until(lambda: len(inbox.messages) >= 3, 20)
            time.sleep(1)
            assert recipients(inbox) == {f"person{n}@example.org": 1 for n in range(3)}
            assert statuses(database_uri, tmp_path) == {"sent": 3}
            assert worker.running()
        finally:
            worker.stop()
            server.stop()
            redis.stop()
    assert "Could not reach the job queue to run send_due" in server.stderr_text
