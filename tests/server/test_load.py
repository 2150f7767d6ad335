"""200 learners move through the tiny module for a minute against two gunicorn workers: no
errors, and every step and quiz attempt the server acknowledged is stored exactly once."""

import http.client
import os
import random
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlalchemy as sa

from courseware.config import normalise_database_url
from tests.factories import PASSWORD
from tests.server.conftest import CHEAP_HASH_METHOD
from tests.server.gunicorn import Browser, Server

SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "60"))
LEARNERS = 200
THINK = (1.0, 3.0)  # seconds a learner spends on a page before the next action
RAMP = 5  # seconds over which the learners arrive
STEPS = ["welcome", "02-hashtags", "check", "my-practice"]
LESSONS = {"welcome", "02-hashtags"}
RIGHT = {"q-q1": ["0"], "q-q2": ["0", "1"], "q-q3": ["false"], "q-q4": ["#"]}
TEXT_ANSWERS = ["#", "hash", "at sign", "no idea"]
SHORT, LONG = "Follow it.", "Following a hashtag would show me what colleagues share."
LIMITS = {"LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
          "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": "100000 per minute",
          "LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute"}


@dataclass
class Learner:
    """What one learner did and the server acknowledged."""

    n: int
    stop_at: float
    enrolment: int = 0
    attempts: dict[int, bool] = field(default_factory=dict)  # attempt id: passed, as shown
    steps: set[str] = field(default_factory=set)  # keys of steps the server showed complete
    reflected: bool = False
    log: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Unexpected(Exception):
    """The server answered, but not as it should have."""


def expect(answer: tuple[int, str, str], status: int, where: str = "") -> tuple[int, str, str]:
    if answer[0] != status or where not in answer[1]:
        raise Unexpected(f"{answer[0]} {answer[1]} (wanted {status} {where}): {answer[2][-300:]}")
    return answer


def quiz_answers(page: str, rng: random.Random) -> list[tuple[str, str]]:
    """Answer every question on the quiz form, each right about two times in three."""
    fields: dict[str, tuple[str, list[str]]] = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attrs.get("name", "").startswith("q-"):
            fields.setdefault(attrs["name"], (attrs["type"], []))[1].append(attrs.get("value"))
    assert set(fields) == set(RIGHT), f"the quiz form changed: {sorted(fields)}"
    data = []
    for name, (kind, values) in fields.items():
        if rng.random() < 0.67:
            picked = RIGHT[name]
        elif kind == "radio":
            picked = [rng.choice(values)]
        elif kind == "checkbox":
            picked = rng.sample(values, rng.randint(1, len(values)))
        else:
            picked = [rng.choice(TEXT_ANSWERS)]
        data += [(name, value) for value in picked]
    return data


def sign_in(browser: Browser, me: Learner) -> None:
    answer = browser.post("/login", [("email", f"person{me.n}@example.org"),
                                     ("password", PASSWORD)], "/login")
    expect(answer, 302, "/my-learning")


def start(browser: Browser, me: Learner) -> None:
    """Start the module, or carry on with it: the same enrolment every time."""
    answer = browser.post("/modules/tiny-module/start", [], "/modules/tiny-module")
    enrolment = int(re.search(r"/learn/(\d+)", expect(answer, 302, "/learn/")[1]).group(1))
    if me.enrolment and enrolment != me.enrolment:
        raise Unexpected(f"a second enrolment {enrolment} after {me.enrolment}")
    me.enrolment = enrolment


def take_step(browser: Browser, me: Learner, key: str, rng: random.Random, think) -> None:
    """Open a step and do what it asks: read it, try the quiz once or twice, or reflect."""
    path = f"/learn/{me.enrolment}/steps/{key}"
    _, _, page = expect(browser.get(path), 200)
    if key in LESSONS:
        me.steps.add(key)
    elif key == "check":
        for _ in range(rng.randint(1, 2)):
            think()
            if time.monotonic() >= me.stop_at:
                break
            _, location, _ = expect(browser.post(path + "/quiz", quiz_answers(page, rng),
                                                 page=page), 302, "/attempts/")
            _, _, result = expect(browser.get(location), 200)
            passed = "result-pass" in result
            me.attempts[int(location.rsplit("/", 1)[1])] = passed
            if passed:
                me.steps.add(key)
    else:
        think()
        text = rng.choice([SHORT, LONG])
        expect(browser.post(path + "/reflection", [("text", text)], page=page), 302)
        me.reflected = True
        if text == LONG:
            me.steps.add(key)


def learn(url: str, n: int, stop_at: float) -> Learner:
    """One learner: sign in, start the module, go round its steps until time is up."""
    me, rng = Learner(n, stop_at), random.Random(n)
    browser = Browser(url, me.log)

    def think():
        time.sleep(rng.uniform(*THINK))

    time.sleep(rng.uniform(0, RAMP))
    try:
        sign_in(browser, me)
        start(browser, me)
        while time.monotonic() < stop_at:
            for key in STEPS:
                think()
                if time.monotonic() >= stop_at:
                    return me
                take_step(browser, me, key, rng, think)
            _, _, page = expect(browser.get("/my-learning"), 200)
            if rng.random() < 0.2:  # come back another day
                expect(browser.post("/logout", [], page=page), 302)
                sign_in(browser, me)
                start(browser, me)
    except (Unexpected, OSError, http.client.HTTPException) as error:
        me.errors.append(f"person{n}: {type(error).__name__}: {error}")
    return me


def stored(database_url: str) -> dict[str, list]:
    """The rows the learners' actions should have made."""
    engine = sa.create_engine(normalise_database_url(database_url))
    queries = {
        "attempts": "SELECT u.email, a.id, a.passed, a.enrolment_id FROM quiz_attempt a "
                    "JOIN \"user\" u ON u.id = a.user_id",
        "progress": "SELECT p.enrolment_id, s.key FROM step_progress p "
                    "JOIN step s ON s.id = p.step_id",
        "enrolments": "SELECT u.email, e.id, e.completed_at FROM enrolment e "
                      "JOIN \"user\" u ON u.id = e.user_id",
        "certificates": "SELECT enrolment_id FROM certificate",
        "reflections": "SELECT enrolment_id FROM reflection",
        "hashes": "SELECT password_hash FROM \"user\"",
    }
    with engine.connect() as conn:
        rows = {name: conn.execute(sa.text(sql)).all() for name, sql in queries.items()}
    engine.dispose()
    return rows


def summary(learners: list[Learner], seconds: float, backend: str) -> None:
    """Print requests, throughput and latency (shown with pytest -s)."""
    log = [entry for me in learners for entry in me.log]
    times = sorted(entry[3] for entry in log)
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000  # noqa: E731
    attempts = sum(len(me.attempts) for me in learners)
    done = sum(len(me.steps) == len(STEPS) for me in learners)
    print(f"\nload on {backend}: {LEARNERS} learners, {seconds:.0f} s, {len(log)} requests, "
          f"{len(log) / seconds:.0f} rps, p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms; {attempts} quiz attempts, {done} completed; "
          f"statuses {dict(Counter(entry[2] for entry in log))}")


def test_two_hundred_learners_for_a_minute(crowd_database):
    server = Server(crowd_database, workers=2, threads=4,
                    PASSWORD_HASH_METHOD=CHEAP_HASH_METHOD, **LIMITS)
    try:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=LEARNERS) as pool:
            futures = [pool.submit(learn, server.url, n, started + SECONDS)
                       for n in range(LEARNERS)]
            learners = [future.result() for future in futures]
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    summary(learners, elapsed, crowd_database.split(":")[0])

    errors = [error for me in learners for error in me.errors]
    assert not errors, f"{len(errors)} learners met an error, first: {errors[:5]}"
    rows = stored(crowd_database)
    assert all(h.startswith(CHEAP_HASH_METHOD + "$") for (h,) in rows["hashes"]), \
        "the servers did not take PASSWORD_HASH_METHOD from the environment"
    by_email = {f"person{me.n}@example.org": me for me in learners}

    enrolments = Counter(email for email, _, _ in rows["enrolments"])
    assert all(count == 1 for count in enrolments.values()), "a learner was enrolled twice"
    assert {email: eid for email, eid, _ in rows["enrolments"]} == {
        email: me.enrolment for email, me in by_email.items()}

    attempts: dict[str, dict[int, bool]] = {}
    for email, attempt_id, passed, _ in rows["attempts"]:
        attempts.setdefault(email, {})[attempt_id] = bool(passed)
    assert sum(len(a) for a in attempts.values()) == len(rows["attempts"])
    for email, me in by_email.items():
        assert attempts.get(email, {}) == me.attempts, f"{email}: attempts lost or doubled"

    progress: dict[int, list[str]] = {}
    for enrolment_id, key in rows["progress"]:
        progress.setdefault(enrolment_id, []).append(key)
    for me in learners:
        assert sorted(progress.get(me.enrolment, [])) == sorted(me.steps), f"person{me.n}"

    completed = {eid for _, eid, completed_at in rows["enrolments"] if completed_at is not None}
    assert completed == {me.enrolment for me in learners if len(me.steps) == len(STEPS)}
    assert sorted(eid for (eid,) in rows["certificates"]) == sorted(completed)
    assert sorted(eid for (eid,) in rows["reflections"]) == sorted(
        me.enrolment for me in learners if me.reflected)
