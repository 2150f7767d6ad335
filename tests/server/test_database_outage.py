"""Stop PostgreSQL for real while learners work under gunicorn, then start it again: 503s while
it is down and never a 500, nothing acknowledged lost or doubled, and serving again, without a
restart of the app, soon after the database is back."""

import http.client
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import sqlalchemy as sa

from tests.cpd.helpers import FINISHED
from tests.factories import PASSWORD, SUBMISSION
from tests.server.conftest import prepare
from tests.server.gunicorn import Browser, Server

RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", "#")]
WRONG = [("q-q1", "1"), ("q-q2", "2"), ("q-q3", "true"), ("q-q4", "no")]
STEPS = ["welcome", "02-hashtags", "check"]
LEARNERS = 6
OUTAGE_SECONDS = 4


class Learner:
    """A person working through the module and their CPD record, who tries again when told to.

    It keeps what the server acknowledged: attempts (by id), steps seen and CPD entries (by
    title), to be found in the database afterwards exactly once.
    """

    def __init__(self, server: Server, n: int, log: list):
        self.browser = Browser(server.url, log)
        self.n = n
        self.attempts: list[int] = []
        self.steps: set[tuple[int, str]] = set()
        self.entries: list[str] = []
        self.sent_attempts = 0

    def work(self, stop: threading.Event) -> "Learner":
        eid = None
        round_ = 0
        while not stop.is_set():
            try:
                if eid is None:
                    eid = self.sign_in_and_start()
                    continue
                round_ += 1
                step = STEPS[round_ % len(STEPS)]
                if self.browser.get(f"/learn/{eid}/steps/{step}")[0] == 200:
                    self.steps.add((eid, step))
                self.submit_quiz(eid, RIGHT if round_ % 3 == 2 else WRONG)
                if round_ % 4 == 0:
                    self.record_cpd(f"Learner {self.n} entry {round_}", stop)
            except (AttributeError, http.client.HTTPException, OSError):
                time.sleep(0.05)  # a 503 page without a form: wait a little and go on
        return self

    def sign_in_and_start(self) -> int | None:
        status, _, _ = self.browser.post("/login", [("email", f"person{self.n}@example.org"),
                                                    ("password", PASSWORD)], "/login")
        if status != 302:
            return None
        status, location, _ = self.browser.post("/modules/tiny-module/start", [],
                                                "/modules/tiny-module")
        found = re.search(r"/learn/(\d+)", location) if status == 302 else None
        return int(found.group(1)) if found else None

    def submit_quiz(self, eid: int, answers: list) -> None:
        status, _, page = self.browser.get(f"/learn/{eid}/steps/check")
        if status != 200:
            return
        self.sent_attempts += 1
        status, location, _ = self.browser.post(f"/learn/{eid}/steps/check/quiz", answers,
                                                page=page)
        if status == 302 and "/attempts/" in location:
            self.attempts.append(int(location.rsplit("/", 1)[1]))

    def record_cpd(self, title: str, stop: threading.Event) -> None:
        """Send one entry until it is acknowledged, the same form (and token) each time."""
        status, _, page = self.browser.get("/cpd/new")
        if status != 200:
            return
        token = SUBMISSION.search(page)
        # The server keeps the real clock: yesterday is in the past wherever the day is.
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        fields = FINISHED | {"title": title, "activity_date": yesterday, "peer_date": yesterday}
        data = [(token.group(1), token.group(2))] + [
            (key, item) for key, value in fields.items()
            for item in (value if isinstance(value, list) else [value])]
        while not stop.is_set():
            status, location, _ = self.browser.post("/cpd/new", data, page=page)
            if status == 302:
                self.entries.append(title)
                return
            time.sleep(0.1)  # 503: nothing was saved, so the same form is sent again


def probe(server: Server, stop: threading.Event, seen: list) -> None:
    """Ask for the list of modules (it reads the database) every 50 ms: (moment, status)."""
    browser = Browser(server.url)
    while not stop.is_set():
        try:
            seen.append((time.monotonic(), browser.get("/")[0]))
        except OSError:
            seen.append((time.monotonic(), None))
        time.sleep(0.05)


def test_postgresql_stopped_mid_load_loses_nothing_and_recovers(own_postgres, tmp_path):
    url = prepare(own_postgres.url, tmp_path)
    server = Server(url, workers=2, threads=4)
    log: list = []
    seen: list = []
    stop = threading.Event()
    try:
        learners = [Learner(server, n, log) for n in range(LEARNERS)]
        with ThreadPoolExecutor(max_workers=LEARNERS + 1) as pool:
            pool.submit(probe, server, stop, seen)
            futures = [pool.submit(learner.work, stop) for learner in learners]
            time.sleep(3)
            before = len(log)
            down = time.monotonic()
            own_postgres.stop()
            time.sleep(OUTAGE_SECONDS)
            own_postgres.start()
            up = time.monotonic()
            during = log[before:]
            time.sleep(4)
            stop.set()
            for future in futures:
                future.result()
    finally:
        server.stop()

    statuses = [status for _, _, status, _ in log]
    assert not [s for s in statuses if s >= 500 and s != 503], "a request answered 500"
    refused = sum(1 for _, _, status, _ in during if status == 503)
    assert refused > 0, "the outage was not felt: the test did not stop the database"
    served_again = [moment for moment, status in seen if moment > up and status == 200]
    assert served_again, "the app did not serve again after the database came back"
    assert served_again[0] - up < 5, "the app took too long to serve again"
    attempts = [i for learner in learners for i in learner.attempts]
    entries = [t for learner in learners for t in learner.entries]
    assert len(attempts) > 20 and entries, "the load was too small to mean anything"

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored_attempts = conn.execute(sa.text("SELECT id FROM quiz_attempt")).scalars().all()
        stored_titles = conn.execute(sa.text("SELECT title FROM cpd_entry")).scalars().all()
        progress = conn.execute(sa.text(
            "SELECT step_progress.enrolment_id, step.key FROM step_progress "
            "JOIN step ON step.id = step_progress.step_id")).all()
    engine.dispose()
    assert set(attempts) <= set(stored_attempts), "an acknowledged attempt is missing"
    assert len(stored_attempts) <= sum(learner.sent_attempts for learner in learners)
    assert sorted(stored_titles) == sorted(entries), "a CPD entry was lost or doubled"
    seen_steps = {(eid, key) for eid, key in progress}
    assert set().union(*(learner.steps for learner in learners)) <= seen_steps
    assert len(progress) == len(seen_steps), "a step was recorded twice"
    print(f"\nPostgreSQL down {up - down:.1f} s (stopped and started with pg_ctl): "
          f"{len(log)} requests, {refused} answered 503 while it was down, "
          f"{len(attempts)} attempts and {len(entries)} CPD entries acknowledged, none lost; "
          f"serving again {served_again[0] - up:.2f} s after it was back")
