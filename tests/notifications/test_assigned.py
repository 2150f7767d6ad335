"""A learner is told when a module is assigned to them, with its due date as a calendar event;
the request that assigns never waits for the mail server."""

from icalendar import Calendar
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from tests.factories import Auth, post_form
from tests.notifications.conftest import parse


def test_assigning_tells_each_learner_once_with_the_due_date_to_add_to_a_calendar(
        app, client, team, inbox):
    Auth(client).login("mo@example.org")
    form = {"module": str(team.other.module_id), "who": "chosen", "learners": str(team.cat.id),
            "due_on": "2026-04-30"}
    assert post_form(client, f"/manage/teams/{team.team_a.id}/assignments", form).status_code == 302
    assert inbox.messages == []  # the request only decided; a worker sends
    waiting = db.session.scalars(select(Notification).where(Notification.kind == "assigned",
                                                           Notification.user_id == team.cat.id))
    assert len(waiting.all()) == 1

    assert send_due() == 1
    assert send_due() == 0  # sent once, however often the worker looks
    message = parse(inbox.wait(1)[0])
    assert message["To"] == "Cat Cole <cat@example.org>"
    assert message["Subject"].startswith("New module to complete by 30 April 2026: ")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://") and "/unsubscribe/" in message[
        "List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Please complete it by 30 April 2026" in text and '<html lang="en">' in html
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    (event,) = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert str(event["dtstart"].dt) == "2026-04-30"
    assert str(event["summary"]).startswith("Due: ")


def test_a_changed_due_date_is_told_again_and_an_unchanged_one_is_not(app, client, team, inbox):
    Auth(client).login("mo@example.org")
    url = f"/manage/teams/{team.team_a.id}/assignments"
    form = {"module": str(team.other.module_id), "who": "chosen", "learners": str(team.cat.id),
            "due_on": "2026-04-30"}
    post_form(client, url, form)
    assert send_due() == 1
    post_form(client, url, form)
    assert send_due() == 0
    post_form(client, url, form | {"due_on": "2026-05-31"})
    assert send_due() == 1
    subjects = [parse(m)["Subject"] for m in inbox.wait(2)]
    assert "30 April 2026" in subjects[0] and "31 May 2026" in subjects[1]


def test_a_due_date_changed_before_the_first_email_went_is_told_once(app, client, team, inbox):
    Auth(client).login("mo@example.org")
    url = f"/manage/teams/{team.team_a.id}/assignments"
    form = {"module": str(team.other.module_id), "who": "chosen", "learners": str(team.cat.id),
            "due_on": "2026-04-30"}
    post_form(client, url, form)
    post_form(client, url, form | {"due_on": "2026-05-31"})
    assert send_due() == 1
    assert "31 May 2026" in parse(inbox.wait(1)[0])["Subject"]


def test_a_learner_who_has_already_completed_the_module_is_not_told(app, client, team, inbox):
    Auth(client).login("mo@example.org")
    form = {"module": str(team.tiny.module_id), "who": "chosen", "learners": str(team.ann.id),
            "due_on": "2026-04-30"}
    post_form(client, f"/manage/teams/{team.team_a.id}/assignments", form)
    assert send_due() == 0
    assert inbox.messages == []
    row = db.session.scalar(select(Notification).where(Notification.user_id == team.ann.id))
    assert row.status == "skipped"


def test_assigning_to_a_whole_team_decides_its_emails_in_the_same_statements_at_any_size(
        app, team):
    from courseware.manage.assignments import assign
    from tests.factories import make_user
    from tests.manage.helpers import make_team
    from tests.test_query_counts import count_queries

    def statements(size: int) -> int:
        people = [make_user(f"p{size}-{n}@example.org", f"Person {n}") for n in range(size)]
        crew = make_team(f"Crew of {size}", people)
        with count_queries() as sent:
            assign(crew.id, team.other.module_id, None, None, team.mo)
        db.session.commit()
        told = db.session.scalars(select(Notification.user_id).where(
            Notification.kind == "assigned", Notification.user_id.in_([p.id for p in people])))
        assert len(told.all()) == size
        return len(sent)

    assert statements(3) == statements(30)
