"""A manager gets one summary of their teams a week, on the day they chose (Monday unless they
chose another): who is overdue, how many completed this week, and CPD counts for the year."""

import re
from datetime import date

from sqlalchemy import select

from courseware.domain import outbox
from courseware.domain.cpd_year import rules
from courseware.domain.digests import decide_digests, team_weeks
from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from courseware.notifications.tasks import digests_now
from tests.clock import london
from tests.cpd.helpers import make_entry
from tests.factories import make_user
from tests.manage.helpers import make_team, progress
from tests.notifications.conftest import parse
from tests.test_query_counts import count_queries

PEER = {"peer_name": "Pat Peer", "peer_learning": "We talked it through."}


def choose_day(user, weekday):
    outbox.choose(user.id, "team_digest", True, weekday=weekday)
    db.session.commit()


def digests():
    return db.session.scalars(select(Notification).where(Notification.kind == "team_digest")
                              ).all()


def test_the_digest_comes_on_the_chosen_day_once_a_week_and_counts_right(
        app, team, inbox, time_machine):
    progress(team.cat, team.tiny, 4, date(2026, 3, 2), completed=date(2026, 3, 9))  # Monday
    progress(team.ben, team.other, 4, date(2026, 3, 2), completed=date(2026, 3, 8))  # Sunday
    make_entry(team.ann, activity_date=date(2026, 2, 2), **PEER)
    make_entry(team.ann, activity_date=date(2026, 2, 3))
    make_entry(team.ben, activity_date=date(2026, 2, 4))
    make_entry(team.cat, activity_date=date(2025, 11, 2), **PEER)  # last year's: none this year
    make_entry(team.cat, activity_date=date(2025, 11, 3))
    choose_day(team.mo, 1)  # Tuesday; Ola keeps Monday

    time_machine.move_to(london(2026, 3, 10, 7, 0))  # Tuesday, before sending hours
    assert decide_digests(london(2026, 3, 10, 7, 0)) == 1
    assert decide_digests(london(2026, 3, 10, 7, 15)) == 0  # once a week, however often
    (row,) = digests()
    assert row.user_id == team.mo.id and row.event_key == "2026-W11"
    assert send_due() == 0  # held until 8 in the morning
    time_machine.move_to(london(2026, 3, 10, 8, 0))
    assert send_due() == 1
    message = parse(inbox.wait(1)[0])
    assert message["To"] == "Mo Manager <mo@example.org>"
    assert message["Subject"] == "Your teams, week of 9 March 2026: 1 overdue"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Team A (3 learners)" in text and "Team B" not in text
    assert f"Overdue (1):\n- Ben Baker: {team.tiny.title}, due 1 March 2026\n" in text
    assert "Cat Cole" not in text and "Ann Archer" not in text  # only who is overdue is named
    assert "Modules completed this week: 1" in text
    assert "1 met the minimum, 1 started but not there yet, 1 with no entries yet." in text
    assert "Private learning text" not in text
    html = message.get_body(("html",)).get_content()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert re.search(r"Met this year's CPD minimum</th><td[^>]*>1</td>", html)
    assert re.search(r"No CPD entries yet this year</th><td[^>]*>1</td>", html)

    for day in (11, 12, 13, 14, 15):  # Wednesday to Sunday: nothing for anyone
        time_machine.move_to(london(2026, 3, day, 9))
        assert digests_now() == 0
    time_machine.move_to(london(2026, 3, 16, 9))  # Monday: Ola's day, not Mo's
    assert digests_now() == 1
    assert {r.user_id for r in digests() if r.event_key == "2026-W12"} == {team.ola.id}
    time_machine.move_to(london(2026, 3, 17, 9))  # Tuesday of the next week: Mo's again
    assert digests_now() == 1
    assert sorted((r.user_id, r.event_key) for r in digests()) == sorted([
        (team.mo.id, "2026-W11"), (team.ola.id, "2026-W12"), (team.mo.id, "2026-W12")])


def test_one_digest_covers_every_team_and_is_off_when_turned_off(app, team, inbox, time_machine):
    make_team("Team C", [team.dan], [team.mo])
    time_machine.move_to(london(2026, 3, 16, 9))  # Monday
    outbox.choose(team.ola.id, "team_digest", False)
    db.session.commit()
    assert digests_now() == 1
    assert send_due() == 1
    text = parse(inbox.wait(1)[0]).get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Team A (3 learners)" in text and "Team C (1 learner)" in text
    assert text.index("Team A") < text.index("Team C")
    assert "Team C (1 learner)\nNobody is overdue.\nModules completed this week: 0" in text


def test_deciding_and_counting_cost_the_same_however_many_managers_and_learners(
        app, team, time_machine):
    time_machine.move_to(london(2026, 3, 16, 9))
    with count_queries() as few:
        decide_digests(london(2026, 3, 16, 9))
    with count_queries() as counted_few:
        team_weeks(team.mo.id, date(2026, 3, 16), rules())
    more = [make_user(f"l{n}@example.org", f"Learner {n}") for n in range(6)]
    for n, learner in enumerate(more):
        make_entry(learner, activity_date=date(2026, 2, 1 + n))
    make_team("Team D", [team.ann, team.ben, team.cat, team.dan, *more], [team.ola, team.mo])
    with count_queries() as many:
        decide_digests(london(2026, 3, 23, 9))
    with count_queries() as counted_many:
        weeks, _ = team_weeks(team.mo.id, date(2026, 3, 23), rules())
    assert len(many) == len(few)
    assert len(counted_many) == len(counted_few)
    assert [(w.name, w.members, w.cpd_some) for w in weeks] == [("Team A", 3, 0),
                                                                ("Team D", 10, 6)]


def test_run_once_decides_and_sends_the_digests(app, team, inbox, time_machine):
    time_machine.move_to(london(2026, 3, 16, 9))  # Monday: Mo's and Ola's day
    done = app.test_cli_runner().invoke(args=["jobs", "run-once"])
    assert done.exit_code == 0, done.output
    assert "Reminders decided: 2. Emails sent: 2." in done.output
    assert {parse(m)["To"] for m in inbox.wait(2)} == {"Mo Manager <mo@example.org>",
                                                       "Ola Other <ola@example.org>"}
