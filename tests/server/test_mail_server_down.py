"""The mail server down: a waiting email is tried, fails, and stays waiting with its attempts and
the error noted, while the worker keeps running; once the mail server is back (same port), it
is sent, once.

The first pause before trying again is MAIL_RETRY_FIRST_SECONDS (60 on a site; 1 here), then
doubled. The worker looks for due emails every minute, or when a web request wakes it: here
the test wakes it, as the next request deciding an email would, so as not to wait a minute.
"""

import time

from tests.mailbox import smtp_server
from tests.redis_server import free_port
from tests.server.workers import (
    Worker,
    emails_waiting,
    notifications,
    recipients,
    wait_until,
    wake,
)


def test_an_email_waits_through_a_mail_server_outage_and_is_sent_once(database_uri, tmp_path):
    emails_waiting(database_uri, tmp_path, learners=1)
    port = free_port()  # nothing listens there yet: the mail server is down
    queue = {"JOBS_SQLITE_FILE": str(tmp_path / "jobs.sqlite")}
    worker = Worker(database_uri, port, tmp_path / "worker.log", MAIL_RETRY_FIRST_SECONDS="1",
                    **queue).ready()
    try:
        assert wait_until(lambda: notifications(database_uri, tmp_path)[0]["attempts"] == 1, 10)
        (row,) = notifications(database_uri, tmp_path)
        assert row["status"] == "waiting" and "ConnectionRefusedError" in row["last_error"]
        worker.wait_for("Could not send assigned to person0@example.org; will try again")

        time.sleep(1.2)  # the first pause, 1 second
        wake(database_uri, tmp_path, [{"JOBS_STORAGE": "sqlite", **queue}])
        assert wait_until(lambda: notifications(database_uri, tmp_path)[0]["attempts"] == 2, 10)
        assert notifications(database_uri, tmp_path)[0]["status"] == "waiting"
        assert worker.running()

        with smtp_server(port=port) as (inbox, _):
            time.sleep(2.2)  # the second pause, 2 seconds
            wake(database_uri, tmp_path, [{"JOBS_STORAGE": "sqlite", **queue}])
            inbox.wait(1, timeout=10)
            wake(database_uri, tmp_path, [{"JOBS_STORAGE": "sqlite", **queue}])
            time.sleep(1)  # woken again: nothing more to send
            assert recipients(inbox) == {"person0@example.org": 1}
        assert notifications(database_uri, tmp_path) == [
            {"status": "sent", "attempts": 3, "last_error": None}]
        assert worker.running()
    finally:
        worker.stop()
