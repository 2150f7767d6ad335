"""A learner is reminded of a module assigned to them 7 days and 1 day before it is due, and
the day after it was due if not completed: once each, and never once they have completed it."""

from datetime import date, timedelta

from sqlalchemy import select

from courseware import clock
from courseware.domain import reminders
from courseware.extensions import db
from courseware.models import Notification, TeamMember
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import make_user
from tests.manage.helpers import assign_to, progress
from tests.notifications.reminders import (
    forget_emails,
    html_of,
    received,
    text_of,
    worker_on,
)
from tests.test_query_counts import count_queries

DUE = date(2026, 3, 20)


def day(n: int) -> date:
    """n days after the due date (negative: before)."""
    return DUE + timedelta(days=n)


def test_a_team_wide_assignment_reminds_each_member_on_its_days_once(team, inbox,
                                                                      time_machine):
    assign_to(team.team_a, team.other, DUE)
    progress(team.cat, team.other, 1, date(2026, 3, 10), completed=date(2026, 3, 11))
    db.session.commit()
    forget_emails()
    expected = {-8: 0, -7: 2, -6: 0, -2: 0, -1: 2, 0: 0, 1: 2, 2: 0, 3: 0}
    sent = {n: worker_on(time_machine, day(n)) for n in expected}
    assert sent == expected
    decided_for = set(db.session.scalars(select(Notification.user_id)))
    assert decided_for == {team.ann.id, team.ben.id}  # Cat's done: not even decided
    messages = received(inbox)
    assert [m["To"] for m in messages] == ["Ann Archer <ann@example.org>",
                                           "Ben Baker <ben@example.org>"] * 3
    week, tomorrow, late = messages[0], messages[2], messages[4]
    title = team.other.title
    assert week["Subject"] == f"Reminder: {title} is due in 7 days"
    assert tomorrow["Subject"] == f"Reminder: {title} is due tomorrow"
    assert late["Subject"] == f"Past its due date: {title}"
    assert "is due in 7 days, on 20 March 2026" in text_of(week)
    assert "was due on 20 March 2026, and you have not completed it yet" in text_of(late)
    html = html_of(week)
    assert html.count("<h1") == 1 and ">Open the module</a>" in html
    assert f"/modules/{team.other.module.slug}" in html


def test_an_assignment_to_one_member_reminds_only_them(team, inbox, time_machine):
    assign_to(team.team_a, team.other, DUE, users=[team.cat])
    forget_emails()
    assert worker_on(time_machine, day(-7)) == 1
    assert received(inbox)[0]["To"] == "Cat Cole <cat@example.org>"


def test_no_reminder_once_completed_even_when_decided_before(team, inbox, time_machine):
    assign_to(team.team_a, team.other, DUE, users=[team.cat])
    forget_emails()
    time_machine.move_to(london(2026, 3, 19, 0, 5))  # decided at night, held until the morning
    assert reminders.decide(clock.now()) == 1
    assert send_due() == 0
    progress(team.cat, team.other, 1, date(2026, 3, 19), completed=date(2026, 3, 19))
    db.session.commit()
    time_machine.move_to(london(2026, 3, 19, 9))
    assert send_due() == 0
    assert inbox.messages == []
    row = db.session.scalar(select(Notification).where(Notification.kind == "due_soon"))
    assert row.status == "skipped"
    assert worker_on(time_machine, day(1)) == 0  # nor overdue


def test_a_reminder_not_sent_on_its_day_is_not_sent_late(team, inbox, time_machine):
    assign_to(team.team_a, team.other, DUE, users=[team.cat])
    forget_emails()
    time_machine.move_to(london(2026, 3, 13, 10))
    assert reminders.decide(clock.now()) == 1  # but no worker sends it that day
    time_machine.move_to(london(2026, 3, 14, 10))
    assert send_due() == 0
    assert inbox.messages == []


def decide_counting_queries(time_machine, moment) -> tuple[int, int]:
    """How many reminders deciding at this moment recorded, and in how many SQL statements."""
    time_machine.move_to(moment)
    with count_queries() as statements:
        decided = reminders.decide(clock.now())
    return decided, len(statements)


def test_deciding_for_the_whole_organisation_takes_the_same_few_queries(team, time_machine):
    assign_to(team.team_a, team.other, DUE)
    forget_emails()
    assert decide_counting_queries(time_machine, london(2026, 3, 13, 10)) == (3, 4)
    more = [make_user(f"l{n}@example.org", f"Learner {n}") for n in range(30)]
    db.session.add_all([TeamMember(team_id=team.team_a.id, user_id=u.id) for u in more])
    db.session.commit()
    # Days later and thirty learners more: the same queries (the driver batches the inserts):
    # the modules due, the certificates expiring, which were decided before, the insert.
    assert decide_counting_queries(time_machine, london(2026, 3, 19, 10)) == (33, 4)
    # Again the same day: all decided before, so no insert.
    assert decide_counting_queries(time_machine, london(2026, 3, 19, 11)) == (0, 3)
    # The CPD deadline's days add two: the accounts, and the year's entries of them all.
    assert decide_counting_queries(time_machine, london(2026, 10, 1, 10))[1] == 6
