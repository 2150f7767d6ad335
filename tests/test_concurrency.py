"""Many learners writing at once: nothing is refused with "database is locked", nothing lost."""

import re
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import QuizAttempt, StepProgress
from tests.factories import Auth, make_user, post_form

RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", "#")]
LEARNERS, SUBMISSIONS = 8, 6


def learner_session(app, n: int) -> list[int]:
    client = app.test_client()
    Auth(client).login(f"person{n}@example.org")
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    codes = []
    for _ in range(SUBMISSIONS):
        codes.append(client.get(f"/learn/{eid}/steps/welcome").status_code)
        codes.append(post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
                               token_from=f"/learn/{eid}/steps/check").status_code)
    return codes


def test_concurrent_learners_all_succeed(app, module):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="1000 per minute")
    for n in range(LEARNERS):
        make_user(f"person{n}@example.org")
    db.session.commit()
    with ThreadPoolExecutor(max_workers=LEARNERS) as pool:
        results = list(pool.map(lambda n: learner_session(app, n), range(LEARNERS)))
    codes = [code for codes in results for code in codes]
    assert set(codes) <= {200, 302}, sorted(set(codes))
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == LEARNERS * SUBMISSIONS
    assert db.session.scalar(select(func.count(StepProgress.id))) == LEARNERS * 2
