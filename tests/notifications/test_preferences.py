"""A person chooses which emails they get on one page; a kind turned off is not sent to them,
and only to them."""

import re

from sqlalchemy import select

from courseware.domain import outbox
from courseware.extensions import db
from courseware.models import Notification, NotificationChoice
from courseware.notifications.sending import send_due
from tests.factories import Auth, post_form

OPTIONAL_LEARNER_KINDS = ["assigned", "due_soon", "overdue", "certificate_issued",
                          "certificate_expiring", "cpd_deadline"]


def ticked(page: str) -> set[str]:
    """The kinds whose box is ticked on the page."""
    return set(re.findall(r'name="on" value="(\w+)" id="on-\w+" checked', page))


def test_a_learner_sees_each_kind_they_get_with_account_emails_always_sent(client, team):
    Auth(client).login("cat@example.org")
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/account/emails"' in account
    page = client.get("/account/emails").get_data(as_text=True)
    assert ticked(page) == set(OPTIONAL_LEARNER_KINDS)  # every kind is on until turned off
    assert "A module assigned to you" in page
    assert "Emails about your account, such as resetting your password, are always sent" in page
    assert 'value="welcome"' not in page  # shown, but not as a box to untick
    assert "weekly summary" not in page.lower() and 'name="weekday"' not in page


def test_a_manager_also_chooses_the_day_of_the_weekly_summary(client, team):
    Auth(client).login("mo@example.org")
    page = client.get("/account/emails").get_data(as_text=True)
    assert "A weekly summary of your teams" in page
    assert '<option selected value="0">Monday</option>' in page
    kinds = [("on", kind) for kind in [*OPTIONAL_LEARNER_KINDS, "team_digest"]]
    saved = post_form(client, "/account/emails", [*kinds, ("weekday", "3")])
    assert saved.status_code == 200
    page = saved.get_data(as_text=True)
    assert "Your choices are saved." in page
    assert '<option selected value="3">Thursday</option>' in page
    choice = db.session.scalar(select(NotificationChoice).where(
        NotificationChoice.user_id == team.mo.id, NotificationChoice.kind == "team_digest"))
    assert (choice.enabled, choice.weekday) == (True, 3)


def test_a_kind_turned_off_is_skipped_for_that_person_only(client, team, inbox):
    Auth(client).login("cat@example.org")
    kept = [("on", kind) for kind in OPTIONAL_LEARNER_KINDS if kind != "assigned"]
    saved = post_form(client, "/account/emails", kept).get_data(as_text=True)
    assert "Your choices are saved." in saved
    assert ticked(saved) == set(OPTIONAL_LEARNER_KINDS) - {"assigned"}  # the new state
    assert ticked(client.get("/account/emails").get_data(as_text=True)) == ticked(saved)
    assert not outbox.wants(team.cat.id, "assigned") and outbox.wants(team.cat.id, "due_soon")

    Auth(client).logout()
    Auth(client).login("mo@example.org")
    form = [("module", str(team.other.module_id)), ("who", "chosen"),
            ("learners", str(team.cat.id)), ("learners", str(team.ann.id)),
            ("due_on", "2026-04-30")]
    post_form(client, f"/manage/teams/{team.team_a.id}/assignments", form,
              token_from=f"/manage/teams/{team.team_a.id}/assignments")
    assert send_due() == 1
    (message,) = inbox.wait(1)
    assert message.rcpt_tos == ["ann@example.org"]
    rows = dict(db.session.execute(select(Notification.user_id, Notification.status)
                                   .where(Notification.kind == "assigned")).all())
    assert rows == {team.cat.id: "skipped", team.ann.id: "sent"}


def test_the_page_needs_its_form_token(client, team):
    Auth(client).login("cat@example.org")
    refused = client.post("/account/emails", data={"on": "due_soon"})
    assert refused.status_code == 400
    assert outbox.wants(team.cat.id, "assigned")
