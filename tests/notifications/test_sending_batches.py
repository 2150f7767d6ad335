"""One look by the worker sends everything due, however many: batch after batch, not only the
first batch; and it holds no transaction while the mail server talks."""

import threading
import time
from datetime import date

from sqlalchemy import insert, select, update

from courseware.extensions import db
from courseware.manage.assignments import assign
from courseware.models import User
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import import_tiny_module
from tests.manage.helpers import make_team

LEARNERS = 205  # more than one batch (200)


def test_one_look_sends_more_than_a_batch(app, inbox, time_machine):
    time_machine.move_to(london(2026, 3, 10, 12))
    module = import_tiny_module()
    db.session.execute(insert(User), [
        {"email": f"p{n}@example.org", "name": f"P {n}", "password_hash": "x", "role": "learner"}
        for n in range(LEARNERS)])
    team = make_team("Everyone", db.session.scalars(select(User)).all())
    assign(team.id, module.module_id, date(2026, 4, 30), None, None)
    db.session.commit()
    assert send_due() == LEARNERS
    assert len(inbox.wait(LEARNERS)) == LEARNERS
    assert send_due() == 0


def test_web_requests_can_write_while_the_worker_talks_to_the_mail_server(app, team, inbox):
    """On SQLite, one writer at a time: the worker holds no transaction while it sends."""
    assign(team.team_a.id, team.other.module_id, date(2026, 4, 30), [team.cat.id], None)
    db.session.commit()
    inbox.delay = 1.5  # a slow mail server
    def send_in_the_background():
        with app.app_context():  # its own session, closed at the end
            send_due()

    worker = threading.Thread(target=send_in_the_background)
    worker.start()
    time.sleep(0.5)  # the worker is in the middle of the SMTP conversation
    started = time.monotonic()
    db.session.execute(update(User).where(User.id == team.ann.id).values(name="Ann Archer-Lee"))
    db.session.commit()
    waited = time.monotonic() - started
    worker.join()
    assert len(inbox.messages) == 1
    assert waited < 0.5
