"""Kill a worker with SIGKILL during a burst of quiz submissions: nothing half-written, nothing
acknowledged is lost."""

import http.client
import os
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from courseware.config import normalise_database_url
from tests.factories import PASSWORD
from tests.server.gunicorn import Browser, Server

RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", "#")]
WRONG = [("q-q1", "1"), ("q-q2", "2"), ("q-q3", "true"), ("q-q4", "no")]


def learner(server: Server, n: int, stop: threading.Event, acknowledged: list[int]) -> list[int]:
    """Submit quizzes until told to stop; return the ids of attempts the server acknowledged."""
    browser = Browser(server.url)
    while not stop.is_set():
        try:
            status, _, _ = browser.post("/login", [("email", f"person{n}@example.org"),
                                                   ("password", PASSWORD)], "/login")
            if status != 302:
                continue
            status, location, _ = browser.post("/modules/tiny-module/start", [],
                                               "/modules/tiny-module")
            eid = int(re.search(r"/learn/(\d+)", location).group(1))
            for round_ in range(1000):
                if stop.is_set():
                    break
                answers = RIGHT if round_ % 3 == 2 else WRONG
                status, location, _ = browser.post(f"/learn/{eid}/steps/check/quiz", answers,
                                                   f"/learn/{eid}/steps/check")
                if status == 302 and "/attempts/" in location:
                    acknowledged.append(int(location.rsplit("/", 1)[1]))
        except (OSError, AttributeError, http.client.HTTPException):
            continue  # the worker died under us: not acknowledged, carry on
    return acknowledged


def test_sigkill_mid_burst_loses_nothing_acknowledged(served_database):
    server = Server(served_database, workers=2, threads=4)
    stop = threading.Event()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            progress: list[list[int]] = [[] for _ in range(8)]
            futures = [pool.submit(learner, server, n, stop, progress[n]) for n in range(8)]
            time.sleep(3)
            victims = server.workers()
            assert victims, "no workers found"
            os.kill(victims[0], signal.SIGKILL)
            deadline = time.monotonic() + 40  # go on until the burst is big enough to mean it
            while time.monotonic() < deadline and sum(len(a) for a in progress) < 40:
                time.sleep(0.5)
            time.sleep(1)
            stop.set()
            acknowledged = [i for f in futures for i in f.result()]
    finally:
        server.stop()

    assert len(acknowledged) > 20, "the burst was too small to mean anything"
    engine = sa.create_engine(normalise_database_url(served_database))
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT id, score, passed, enrolment_id, step_id, answers, results FROM quiz_attempt"
        )).all()
        progress = set(conn.execute(sa.text(
            "SELECT enrolment_id, step_id FROM step_progress")).all())
    engine.dispose()
    stored = {row.id for row in rows}
    assert set(acknowledged) <= stored, "an acknowledged submission is missing"
    for row in rows:
        assert row.answers is not None and row.results is not None and row.score is not None
        if row.passed:
            assert (row.enrolment_id, row.step_id) in progress, "a pass without its progress"
