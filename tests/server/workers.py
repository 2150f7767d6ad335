"""Real job workers (`flask --app app jobs worker`) in subprocesses, and a database with emails
waiting for them."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, update

from courseware import clock, jobs
from courseware.domain import outbox
from courseware.extensions import db
from courseware.manage.assignments import assign
from courseware.models import Module, Notification, User
from courseware.models.notifications import WAITING
from tests.conftest import make_app
from tests.factories import make_user
from tests.manage.helpers import make_team
from tests.notifications.conftest import parse
from tests.server.conftest import prepare

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")
PUBLIC_URL = "http://cpd.example.org"


class Worker:
    """One `flask jobs worker` process, sending to a local SMTP server; its output in a file.
    Started at once; `ready()` waits until it runs."""

    def __init__(self, database_url: str, smtp_port: int, log: Path, name: str = "worker",
                 **env):
        self.log = log
        environment = os.environ | {
            "DATABASE_URL": database_url, "SECRET_KEY": "server-test-secret",
            "PUBLIC_URL": PUBLIC_URL, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
            # Which worker sent an email shows in its From header.
            "MAIL_DEFAULT_SENDER": f"CPD Learning <{name}@example.org>",
        } | env
        self.output = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(FLASK), "--app", "app", "jobs", "worker", "--threads", "2"], cwd=ROOT,
            env=environment, stdout=self.output, stderr=subprocess.STDOUT)

    def ready(self) -> "Worker":
        """Wait until it says it runs."""
        self.wait_for("The job worker runs")
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, words: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker: no {words!r} in:\n{self.text()[-3000:]}")
            time.sleep(0.05)

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or the out-of-memory killer would."""
        self.process.kill()
        self.process.wait()
        self.output.close()

    def stop(self) -> None:
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def staffed_database(database_uri: str, tmp_path: Path, learners: int) -> dict:
    """The tiny module, `learners` learners in one team and its manager (manager@example.org);
    the team's and the module's ids."""
    prepare(database_uri, tmp_path, learners=learners)

    def work():
        people = db.session.scalars(select(User).order_by(User.id)).all()
        manager = make_user("manager@example.org", "Mo Manager", role="manager")
        team = make_team("Everyone", people, [manager])
        return {"team": team.id, "module": db.session.scalar(select(Module.id)),
                "learners": [person.id for person in people]}
    return with_app(database_uri, tmp_path, work)


def emails_waiting(database_uri: str, tmp_path: Path, learners: int) -> None:
    """The tiny module assigned, by the app's own code, to a team of `learners` learners
    (person0@example.org …): one email waiting for each, due now whatever the hour (the app
    holds emails decided at night until 8 a.m.; these tests run at any hour)."""
    prepare(database_uri, tmp_path, learners=learners)
    with_app(database_uri, tmp_path, _assign_to_all)


def _assign_to_all() -> None:
    people = db.session.scalars(select(User).order_by(User.id)).all()
    team = make_team("Everyone", people)
    module_id = db.session.scalar(select(Module.id))
    assign(team.id, module_id, date(2040, 1, 31), None, None)
    db.session.commit()
    due_now()


def wake(database_uri: str, tmp_path: Path, queues: list[dict], times: int = 1) -> None:
    """Resume sending (if paused) and put the send job `times` on each of these queues (config
    such as JOBS_STORAGE and REDIS_URL), all at once, as web requests deciding emails do."""
    apps = [make_app(database_uri, tmp_path, **queue) for queue in queues]
    with apps[0].app_context():
        outbox.set_paused(False, None)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    for app in apps:
        with app.app_context():
            for _ in range(times):
                assert jobs.enqueue(jobs.SEND)
            db.engine.dispose()


def pause(database_uri: str, tmp_path: Path) -> None:
    """Pause all sending, as an admin can."""
    def work():
        outbox.set_paused(True, None)
        db.session.commit()
    with_app(database_uri, tmp_path, work)


def due_now() -> None:
    """Every waiting email due at once (not held for sending hours)."""
    db.session.execute(update(Notification).where(Notification.status == WAITING)
                       .values(send_after=clock.now()))
    db.session.commit()


def with_app(database_uri: str, tmp_path: Path, work, **config):
    """Run `work` in an app context on this database (every connection closed after)."""
    app = make_app(database_uri, tmp_path, **config)
    with app.app_context():
        try:
            return work()
        finally:
            db.session.remove()
            db.engine.dispose()


def statuses(database_uri: str, tmp_path: Path) -> dict[str, int]:
    """How many notifications are in each status."""
    def count():
        return dict(db.session.execute(
            select(Notification.status, func.count()).group_by(Notification.status)).all())
    return with_app(database_uri, tmp_path, count)


def notifications(database_uri: str, tmp_path: Path) -> list[dict]:
    """Every notification's status, attempts and last error, by id."""
    def rows():
        return [{"status": n.status, "attempts": n.attempts, "last_error": n.last_error}
                for n in db.session.scalars(select(Notification).order_by(Notification.id))]
    return with_app(database_uri, tmp_path, rows)


def recipients(inbox) -> Counter:
    """How many emails each address received."""
    return Counter(parse(envelope)["To"].addresses[0].addr_spec for envelope in inbox.messages)


def senders(inbox) -> Counter:
    """How many emails each worker sent (by From)."""
    return Counter(parse(envelope)["From"].addresses[0].username
                   for envelope in inbox.messages)


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
