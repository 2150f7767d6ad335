"""Admins see every email decided, newest first, without its body; and can pause all sending
while they put something right, then resume it."""

import re
import socket

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Notification
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import Auth, post_form
from tests.notifications.conftest import parse


def add_new_person(client, team, email, name):
    url = f"/admin/teams/{team.id}"
    post_form(client, f"{url}/members", {"member-email": email, "member-name": name},
              token_from=url)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)


def test_the_log_shows_to_whom_about_what_and_whether_it_went_but_no_body(
        app, client, team, inbox, time_machine):
    Auth(client).login("admin@example.org")
    add_new_person(client, team.team_a, "eve@example.org", "Eve Evans")
    assert send_due() == 1
    body = parse(inbox.wait(1)[0]).get_body(("plain",)).get_content()
    time_machine.move_to(london(2026, 3, 10, 13))
    add_new_person(client, team.team_a, "fay@example.org", "Fay Field")
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = closed_port()  # the mail server is down: Fay's waits
    assert send_due() == 0
    app.config["MAIL_PORT"] = port

    page = client.get("/admin/emails").get_data(as_text=True)
    fay, eve = rows(page)  # newest first
    assert "Fay Field" in fay and "fay@example.org" in fay and "Waiting to be sent" in fay
    assert "1 try: ConnectionRefusedError" in fay
    assert "10 March 2026 at 13:00" in fay
    assert "Eve Evans" in eve and "eve@example.org" in eve and ">Sent<" in eve
    assert "Welcome to a new account" in eve and "choose your password" in eve
    assert "10 March 2026 at 12:00" in eve
    assert "/welcome/" not in page and body.splitlines()[2][:40] not in page  # no bodies

    waiting = client.get("/admin/emails?status=waiting").get_data(as_text=True)
    assert len(rows(waiting)) == 1 and "Fay Field" in waiting
    assert "1 email waiting to be sent." in waiting
    assert len(rows(client.get("/admin/emails?status=nonsense").get_data(as_text=True))) == 2
    assert 'href="/admin/emails"' in client.get("/admin/teams").get_data(as_text=True)
    assert 'href="/admin/emails"' in client.get("/admin/people").get_data(as_text=True)


def test_paused_sending_holds_every_email_until_resumed(app, client, team, inbox):
    Auth(client).login("admin@example.org")
    paused = post_form(client, "/admin/emails/pause", {"paused": "yes"},
                       token_from="/admin/emails", follow_redirects=True).get_data(as_text=True)
    assert "Sending is paused since 10 March 2026 at 12:00 (Ada Admin paused it); waiting " \
           "emails will go when you resume." in paused
    assert "Resume sending" in paused and "Pause all sending" not in paused

    add_new_person(client, team.team_a, "eve@example.org", "Eve Evans")
    add_new_person(client, team.team_b, "fay@example.org", "Fay Field")
    assert send_due() == 0
    statuses = db.session.scalars(select(Notification.status)).all()
    assert statuses == ["waiting", "waiting"]
    assert inbox.messages == []

    resumed = post_form(client, "/admin/emails/pause", {"paused": "no"},
                        token_from="/admin/emails", follow_redirects=True).get_data(as_text=True)
    assert "Sending is paused" not in resumed and "Pause all sending" in resumed
    assert send_due() == 2
    assert {parse(m)["To"] for m in inbox.wait(2)} == {"Eve Evans <eve@example.org>",
                                                       "Fay Field <fay@example.org>"}


def test_a_manager_cannot_pause_sending(app, client, team):
    Auth(client).login("mo@example.org")
    refused = post_form(client, "/admin/emails/pause", {"paused": "yes"}, token_from="/")
    assert refused.status_code == 403
    Auth(client).logout()
    Auth(client).login("admin@example.org")
    assert "Sending is paused" not in client.get("/admin/emails").get_data(as_text=True)


def test_paused_sending_still_sends_a_password_reset(app, client, team, inbox):
    from courseware.domain import outbox

    outbox.set_paused(True, team.admin.id)
    db.session.commit()
    post_form(client, "/forgot-password", {"email": "cat@example.org"})
    (message,) = inbox.wait(1)
    assert parse(message)["Subject"] == "Reset your CPD Learning password"
    assert send_due() == 0
