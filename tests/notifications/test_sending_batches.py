"""One look by the worker sends everything due, however many: batch after batch, not only the
first batch."""

from datetime import date

from sqlalchemy import insert, select

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
