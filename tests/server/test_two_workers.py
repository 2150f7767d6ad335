"""Two job workers at once, on one database: every learner gets exactly one email, none twice,
and both workers share the sending.

Each worker has a queue of its own here (SQLite, as on two machines), or both share Redis: the
queue only wakes workers; which of them sends an email is settled by the claim in the database.
Sending is paused while they start (one would otherwise send everything before the other is
up), then resumed and every worker thread woken at once; the mail server takes 100 ms over
each email, so that sends overlap as on a real mail server.
"""

import pytest

from tests.mailbox import Inbox, smtp_server
from tests.redis_server import RedisServer
from tests.server.workers import (
    Worker,
    emails_waiting,
    pause,
    recipients,
    senders,
    statuses,
    wake,
)

LEARNERS = 60


def queues(kind: str, tmp_path, redis: RedisServer | None) -> list[dict]:
    if kind == "redis":
        return [{"REDIS_URL": redis.url}] * 2
    return [{"JOBS_SQLITE_FILE": str(tmp_path / f"jobs-{n}.sqlite")} for n in range(2)]


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_two_workers_send_each_email_exactly_once(database_uri, tmp_path, queue):
    emails_waiting(database_uri, tmp_path, LEARNERS)
    pause(database_uri, tmp_path)
    redis = RedisServer() if queue == "redis" else None
    if redis:
        redis.start()
    workers = []
    try:
        with smtp_server(Inbox(delay=0.1)) as (inbox, port):
            for n, env in enumerate(queues(queue, tmp_path, redis)):
                workers.append(Worker(database_uri, port, tmp_path / f"worker{n}.log",
                                      name=f"worker{n}", **env))
            for worker in workers:
                worker.ready()
            # Each worker thread woken: two per worker.
            if redis:
                wake(database_uri, tmp_path, [{"JOBS_STORAGE": "redis", "REDIS_URL": redis.url}],
                     times=4)
            else:
                wake(database_uri, tmp_path, [{"JOBS_STORAGE": "sqlite", **env}
                                              for env in queues(queue, tmp_path, redis)], times=2)
            inbox.wait(LEARNERS, timeout=20)
            assert all(worker.running() for worker in workers)
            for worker in workers:
                worker.stop()
            got = recipients(inbox)
            by_worker = senders(inbox)
    finally:
        for worker in workers:
            worker.stop()
        if redis:
            redis.stop()
    print(f"\n{queue}: emails sent by each worker: {dict(by_worker)}")
    assert sorted(got) == sorted(f"person{n}@example.org" for n in range(LEARNERS))
    assert set(got.values()) == {1}  # none doubled
    assert statuses(database_uri, tmp_path) == {"sent": LEARNERS}
    assert set(by_worker) == {"worker0", "worker1"}  # both shared the sending
