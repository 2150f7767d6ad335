"""An account an admin makes, one at a time or from a team's CSV file, is welcomed by email
with a link to choose its password: the link works once, and for WELCOME_LINK_DAYS."""

import io
import re
from datetime import timedelta

from sqlalchemy import select

from courseware.domain.accounts import authenticate, find_user
from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import Auth, post_form
from tests.notifications.conftest import parse

NEW = "a long new password 42"


def welcome_link(envelope) -> str:
    text = parse(envelope).get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/welcome/\S+)", text).group(1)


def add_by_email(client, team, email, name):
    url = f"/admin/teams/{team.id}"
    return post_form(client, f"{url}/members", {"member-email": email, "member-name": name},
                     token_from=url, follow_redirects=True)


def upload(client, team, text):
    url = f"/admin/teams/{team.id}"
    return post_form(client, f"{url}/import", {"file": (io.BytesIO(text.encode()), "p.csv")},
                     token_from=url, content_type="multipart/form-data", follow_redirects=True)


def test_a_person_added_by_email_is_welcomed_and_the_link_sets_a_password_once(
        app, client, team, inbox):
    Auth(client).login("admin@example.org")
    page = add_by_email(client, team.team_a, "Eve@Example.org", "Eve Evans").get_data(
        as_text=True)
    assert "Eve Evans is now in" in page and "link to choose their password" in page
    assert inbox.messages == []  # decided in the request, sent by a worker
    assert send_due() == 1
    message = parse(inbox.wait(1)[0])
    assert message["To"] == "Eve Evans <eve@example.org>"
    assert "choose your password" in message["Subject"]
    assert "List-Unsubscribe" not in message  # a welcome cannot be turned off
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f'the team "{team.team_a.name}"' in text
    assert "works once, for 7 days: until 17 March 2026" in text
    assert "Choose your password</a>" in html and "Forgotten your password?" in html

    link = welcome_link(inbox.messages[0])
    Auth(client).logout()
    form = client.get(link).get_data(as_text=True)
    assert "<h1>Choose your password</h1>" in form
    done = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/my-learning")
    assert authenticate("eve@example.org", NEW) is not None
    assert "Eve Evans" in client.get("/my-learning").get_data(as_text=True)

    Auth(client).logout()
    again = client.get(link)
    assert again.status_code == 404 and "no longer works" in again.get_data(as_text=True)
    assert send_due() == 0


def test_adding_someone_with_an_account_welcomes_nobody(app, client, team, inbox):
    Auth(client).login("admin@example.org")
    page = add_by_email(client, team.team_a, "dan@example.org", "Another Name")
    assert "is now in" in page.get_data(as_text=True)
    assert find_user("dan@example.org").name != "Another Name"
    unknown = add_by_email(client, team.team_a, "nobody@example.org", "")
    assert "Nobody has an account with the email address nobody@example.org" in (
        unknown.get_data(as_text=True))
    assert db.session.scalars(select(Notification).where(Notification.kind == "welcome")
                              ).all() == []


def test_people_new_in_a_csv_are_each_welcomed_once(app, client, team, inbox):
    Auth(client).login("admin@example.org")
    page = upload(client, team.team_b, "name,email\nFay Field,fay@example.org\n"
                                       "Gus Grant,gus@example.org\nAnn,ann@example.org\n")
    assert "2 new accounts" in page.get_data(as_text=True)
    upload(client, team.team_a, "Fay Field,fay@example.org\n")  # already has an account now
    assert send_due() == 2
    messages = {parse(m)["To"]: parse(m) for m in inbox.wait(2)}
    assert set(messages) == {"Fay Field <fay@example.org>", "Gus Grant <gus@example.org>"}
    text = messages["Gus Grant <gus@example.org>"].get_body(("plain",)).get_content()
    assert f'the team "{team.team_b.name}"' in text
    link = welcome_link(next(m for m in inbox.messages if b"gus@example.org" in m.content))
    Auth(client).logout()
    assert post_form(client, link, {"password": NEW, "confirm": NEW}).status_code == 302
    assert authenticate("gus@example.org", NEW) is not None


def test_the_link_expires_after_the_days_it_says_and_offers_a_new_one(
        app, client, team, inbox, time_machine):
    Auth(client).login("admin@example.org")
    add_by_email(client, team.team_a, "eve@example.org", "Eve Evans")
    send_due()
    link = welcome_link(inbox.wait(1)[0])
    Auth(client).logout()
    time_machine.move_to(london(2026, 3, 17, 11, 59))  # sent at noon on the 10th: 7 days
    assert client.get(link).status_code == 200
    time_machine.move_to(london(2026, 3, 17, 12, 1))
    expired = client.get(link)
    page = expired.get_data(as_text=True)
    assert expired.status_code == 404
    assert "This link has expired" in page and "works for 7 days" in page
    assert 'href="/forgot-password"' in page and "Forgotten your password?" in page
    assert post_form(client, link, {"password": NEW, "confirm": NEW},
                     token_from="/login").status_code == 404
    assert authenticate("eve@example.org", NEW) is None


def test_a_shorter_welcome_link_is_configured_in_days(app, client, team, inbox, time_machine):
    app.config["WELCOME_LINK_DAYS"] = 2
    Auth(client).login("admin@example.org")
    add_by_email(client, team.team_a, "eve@example.org", "Eve Evans")
    send_due()
    envelope = inbox.wait(1)[0]
    assert "for 2 days: until 12 March 2026" in parse(envelope).get_body(
        ("plain",)).get_content()
    Auth(client).logout()
    time_machine.move_to(london(2026, 3, 10, 12) + timedelta(days=2, minutes=1))
    assert "This link has expired" in client.get(welcome_link(envelope)).get_data(as_text=True)
