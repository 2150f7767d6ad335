"""Every account that falls short of the year's CPD minimums is told 60, 30 and 7 days before
the deadline (30 November by default) where it stands and what to do next; nothing for those
who already meet them, nor for a deleted account."""

from datetime import date, timedelta

from courseware import clock
from courseware.domain import reminders
from courseware.extensions import db
from courseware.models import CpdEntry, User
from courseware.models.cpd import RECORDED
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.notifications.reminders import (
    forget_emails,
    html_of,
    received,
    text_of,
    worker_on,
)

DEADLINE = date(2026, 11, 30)


def entry(user, day: date, peer: bool = False, status: str = RECORDED) -> None:
    db.session.add(CpdEntry(user_id=user.id, status=status, title="Read a paper",
                            activity_date=day, peer_name="Pat Peer" if peer else "",
                            peer_learning="We talked it through." if peer else ""))


def standings_by_person(inbox, start: int = 0) -> dict[str, str]:
    """Each email's addressee and its 'you have recorded …' sentence."""
    found = {}
    for message in received(inbox, start):
        line = next(line for line in text_of(message).splitlines() if "you have recorded" in line)
        found[message["To"].addresses[0].username] = line.split("you have recorded ")[1]
    return found


def test_each_account_short_of_the_minimums_is_told_where_it_stands(team, inbox,
                                                                     time_machine):
    entry(team.ann, date(2026, 5, 1), peer=True)
    entry(team.ann, date(2026, 6, 1))  # Ann meets the minimums: 2 entries, 1 with peer
    entry(team.ben, date(2026, 5, 1))
    entry(team.ben, date(2025, 11, 30), peer=True)  # the year before: does not count
    entry(team.ben, date(2026, 7, 1), peer=True, status="draft")  # a draft: does not count
    entry(team.cat, date(2026, 5, 1))
    entry(team.cat, date(2025, 12, 1))  # the first day of the year: counts
    team.ola.deleted_at = clock.now()
    db.session.commit()
    forget_emails()
    days = [DEADLINE - timedelta(days=n) for n in (61, 60, 59)]
    assert [worker_on(time_machine, day) for day in days] == [0, 5, 0]
    assert standings_by_person(inbox) == {
        "ben": "1 of 2 entries; none with a peer reflection yet.",
        "cat": "2 of 2 entries; none with a peer reflection yet.",
        "dan": "0 of 2 entries; none with a peer reflection yet.",
        "mo": "0 of 2 entries; none with a peer reflection yet.",
        "admin": "0 of 2 entries; none with a peer reflection yet.",
    }
    ben = next(m for m in received(inbox) if m["To"].addresses[0].username == "ben")
    assert ben["Subject"] == "Your CPD deadline is in 60 days: 30 November 2026"
    text = text_of(ben)
    assert ("What to do next: Record 1 more entry, with peer reflection in at least 1 entry, "
            "by 30 November 2026.") in text
    assert {"http://localhost/cpd/new", "http://localhost/cpd"} <= set(text.splitlines())
    html = html_of(ben)
    assert html.count("<h1") == 1 and ">Record a new CPD entry</a>" in html
    assert ">See your CPD record</a>" in html


def test_told_again_30_and_7_days_before_and_not_once_the_minimums_are_met(team, inbox,
                                                                          time_machine):
    for person in (team.ann, team.cat, team.dan, team.mo, team.ola, team.admin):
        entry(person, date(2026, 5, 1), peer=True)
        entry(person, date(2026, 6, 1))
    entry(team.ben, date(2026, 5, 1), peer=True)
    db.session.commit()
    forget_emails()
    days = [DEADLINE - timedelta(days=n) for n in (60, 31, 30, 29, 8, 7, 6)]
    assert [worker_on(time_machine, day) for day in days] == [1, 0, 1, 0, 0, 1, 0]
    assert standings_by_person(inbox) == {"ben": "1 of 2 entries; 1 with a peer reflection."}
    assert received(inbox)[2]["Subject"] == "Your CPD deadline is in 7 days: 30 November 2026"
    assert "What to do next: Record 1 more entry by 30 November 2026." in text_of(
        received(inbox)[2])
    entry(team.ben, date(2026, 11, 1))
    db.session.commit()
    assert worker_on(time_machine, DEADLINE - timedelta(days=7)) == 0


def test_an_entry_recorded_before_the_email_went_means_no_email(team, inbox, time_machine):
    for person in db.session.query(User).filter(User.id != team.ben.id):
        entry(person, date(2026, 5, 1), peer=True)
        entry(person, date(2026, 6, 1))
    entry(team.ben, date(2026, 5, 1), peer=True)
    db.session.commit()
    forget_emails()
    time_machine.move_to(london(2026, 10, 1, 0, 1))  # decided at night, sent from 8 a.m.
    assert reminders.decide(clock.now()) == 1
    entry(team.ben, date(2026, 9, 30))
    db.session.commit()
    time_machine.move_to(london(2026, 10, 1, 8, 1))
    assert send_due() == 0
    assert inbox.messages == []
