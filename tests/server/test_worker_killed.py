"""A worker killed (SIGKILL) in the middle of sending: nothing is lost. Once its claims run out
(CLAIM, five minutes: here moved back in the database rather than waited for) a new worker sends
every email still waiting; at most the one in flight at the kill is sent twice (the mail server
had accepted it, the row was not yet marked sent), with the same Message-ID both times."""

from collections import Counter

from sqlalchemy import update

from courseware import clock
from courseware.extensions import db
from courseware.models import Notification
from tests.mailbox import Inbox, smtp_server
from tests.notifications.conftest import parse
from tests.server.workers import (
    Worker,
    emails_waiting,
    recipients,
    statuses,
    wait_until,
    with_app,
)

LEARNERS = 40


def claims_run_out() -> None:
    """What five minutes would do: every claim of the killed worker runs out."""
    db.session.execute(update(Notification).where(Notification.claimed_until.is_not(None))
                       .values(claimed_until=clock.now()))
    db.session.commit()


def test_a_worker_killed_mid_batch_loses_nothing(database_uri, tmp_path):
    emails_waiting(database_uri, tmp_path, LEARNERS)
    queue = {"JOBS_SQLITE_FILE": str(tmp_path / "jobs.sqlite")}
    with smtp_server(Inbox(delay=0.05)) as (inbox, port):
        first = Worker(database_uri, port, tmp_path / "first.log", **queue)
        assert wait_until(lambda: len(inbox.messages) >= 10, 20)
        first.kill()
        at_the_kill = len(inbox.messages)
        left = statuses(database_uri, tmp_path)
        assert 0 < left.get("waiting", 0) < LEARNERS  # killed mid-batch
        with_app(database_uri, tmp_path, claims_run_out)

        second = Worker(database_uri, port, tmp_path / "second.log", **queue).ready()
        try:  # a worker looks for waiting emails as it starts, then every minute
            assert wait_until(lambda: statuses(database_uri, tmp_path) == {"sent": LEARNERS}, 20)
        finally:
            second.stop()
        got = recipients(inbox)
        message_ids = Counter(parse(envelope)["Message-ID"] for envelope in inbox.messages)
    print(f"\n{at_the_kill} emails sent before the kill; {sum(got.values()) - LEARNERS} doubled")
    assert set(got) == {f"person{n}@example.org" for n in range(LEARNERS)}
    assert sum(got.values()) - LEARNERS <= 1  # at most the one in flight, sent again
    assert len(message_ids) == LEARNERS  # a second copy has the first one's Message-ID
