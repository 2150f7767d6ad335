"""The job queue (huey): work done beside the web requests, such as sending email.

The queue lives in SQLite in the instance folder by default (one machine), in Redis when
REDIS_URL is set (every server shares it), in memory for tests that do not start a worker
(JOBS_STORAGE = "memory"). The worker is `flask --app app jobs worker`.

The database, not the queue, holds what must not be lost: an email is a Notification row, and
a job only wakes a worker to send what is waiting. A queue that cannot be reached (Redis down)
costs a minute's delay, never an email: each worker also looks for waiting work every minute.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

import click
import redis
from flask import Flask, current_app
from flask.cli import AppGroup
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event

from courseware import clock
from courseware.extensions import db

jobs_cli = AppGroup("jobs", help="Run the job worker, or run the periodic jobs once.")
SEND = "send_due"  # the job that sends what is waiting in the outbox
WAKE = "wake"  # in a session's info: something was recorded that a worker should send
SEEN = "worker_seen"  # in the queue's own storage: when a worker last said it runs


def make_huey(app: Flask) -> Huey:
    """The queue the configuration asks for."""
    storage = app.config.get("JOBS_STORAGE") or (
        "redis" if app.config.get("REDIS_URL") else "memory" if app.testing else "sqlite")
    if storage == "memory":
        return MemoryHuey("courseware", results=False)
    if storage == "redis":
        # Short timeouts, so that a Redis that is down costs a request two seconds at most
        # (longer than the worker's one-second blocking read, which must not time out).
        pool = redis.ConnectionPool.from_url(app.config["REDIS_URL"], socket_timeout=3,
                                             socket_connect_timeout=2)
        return RedisHuey("courseware", connection_pool=pool, results=False)
    path = app.config.get("JOBS_SQLITE_FILE") or os.path.join(app.instance_path, "jobs.sqlite")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey("courseware", filename=path, results=False)


def init_app(app: Flask) -> None:
    """Give the app its queue, the `flask jobs` commands, and a wake-up after each commit that
    recorded something to send."""
    app.extensions["huey"] = make_huey(app)
    app.extensions["jobs"] = {}
    app.cli.add_command(jobs_cli)
    periodic(app, "heartbeat", beat, minute="*")
    if not event.contains(db.session, "after_commit", on_commit):
        event.listen(db.session, "after_commit", on_commit)


def queue(app: Flask | None = None) -> Huey:
    """This app's queue."""
    return (app or current_app).extensions["huey"]


def _in_context(app: Flask, work: Callable[[], object]) -> Callable[[], object]:
    def run():
        with app.app_context():
            return work()

    return run


def task(app: Flask, name: str, work: Callable[[], object]) -> None:
    """Register a job: `work` runs in an app context in the worker when `enqueue(name)`."""
    app.extensions["jobs"][name] = queue(app).task(name=name)(_in_context(app, work))


def periodic(app: Flask, name: str, work: Callable[[], object], **when) -> None:
    """Register a job that every worker's scheduler runs at the times crontab(**when) gives."""
    app.extensions["jobs"][name] = queue(app).periodic_task(
        crontab(**when), name=name)(_in_context(app, work))


def enqueue(name: str) -> bool:
    """Ask a worker to run a job soon; False (and a logged warning) when the queue cannot be
    reached, in which case the worker's own minutely look finds the work."""
    try:
        current_app.extensions["jobs"][name]()
    except Exception:  # a queue that is down must never fail the request that asked
        current_app.logger.warning("Could not reach the job queue to run %s; a worker will "
                                   "find the work within a minute", name, exc_info=True)
        return False
    return True


def wake_after_commit(name: str) -> None:
    """Enqueue the job once the current transaction commits (not before: a worker would find
    nothing yet)."""
    db.session.info[WAKE] = name


def on_commit(session) -> None:
    """After a commit that recorded something to send, wake a worker."""
    name = session.info.pop(WAKE, None)
    if name:
        enqueue(name)


def beat() -> None:
    """Note in the queue's storage that a worker runs now (every worker, every minute)."""
    queue().put(SEEN, clock.now().timestamp())


def worker_seen() -> datetime | None:
    """When a worker last noted that it runs (None: never); raises when the queue's storage
    cannot be reached."""
    seen = queue().get(SEEN, peek=True)
    return None if seen is None else datetime.fromtimestamp(seen, UTC)


@jobs_cli.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at once.")
def worker_command(threads: int) -> None:
    """Run the job worker (sends email, works out reminders) until stopped."""
    # An idle worker asks a SQLite queue at most a second apart (huey's default grows to 10 s).
    consumer = queue().create_consumer(workers=threads, worker_type="thread", periodic=True,
                                       check_worker_health=True, max_delay=1.0)
    beat()
    click.echo(f"The job worker runs ({threads} threads, queue: {type(queue()).__name__}).")
    consumer.run()
