"""An account's emails (a password reset, a new account, a change of address) are sent at once
after the request; while the mail server is down they wait in the outbox, with the error, and
the worker sends them once it is back, once, with links made when they are sent."""

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from courseware.domain.accounts import authenticate
from courseware.domain.outbox import KINDS
from courseware.extensions import db
from courseware.models import Notification, User
from courseware.models.notifications import SENT, SKIPPED, WAITING
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import PASSWORD, Auth, make_user, post_form
from tests.mailbox import Inbox
from tests.notifications.conftest import parse

NEW = "a brand new password 2026"
ACCOUNT_KINDS = {name for name, kind in KINDS.items() if kind.audience == "account"}


@pytest.fixture
def mail_down(app, time_machine):
    """The app sending to a loopback port where no mail server listens (yet): its number."""
    time_machine.move_to(london(2026, 3, 10, 12), tick=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    return port


@contextmanager
def mail_server_on(port: int) -> Iterator[Inbox]:
    """A real SMTP server started on that port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def outbox(count: int, tried: bool = True, timeout: float = 10.0) -> list[Notification]:
    """The emails in the outbox, once there are `count` and the background thread has tried
    (or sent) each of them."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        rows = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        done = [row for row in rows if row.last_error or row.status != WAITING]
        ready = len(rows) == count and (not tried or len(done) == count)
        db.session.commit()  # not to hold SQLite's write lock, which the sending thread needs
        if ready or time.monotonic() > deadline:
            return rows
        time.sleep(0.02)


def text(envelope) -> str:
    return parse(envelope).get_body(("plain",)).get_content().replace("\r\n", "\n")


def only(inbox: Inbox, count: int = 1) -> list:
    """The messages, once `count` have come, after a moment to show that no more come."""
    inbox.wait(count)
    time.sleep(0.3)
    assert len(inbox.messages) == count
    return inbox.messages


def test_a_reset_asked_for_while_mail_is_down_is_sent_later_once(app, client, mail_down,
                                                                  time_machine):
    make_user("sam@example.org", "Sam")
    page = post_form(client, "/forgot-password", {"email": "sam@example.org"})
    assert page.status_code == 200 and "Check your email" in page.get_data(as_text=True)
    [waiting] = outbox(1)
    assert (waiting.kind, waiting.status, waiting.attempts) == ("password_reset", WAITING, 1)
    assert "ConnectionRefusedError" in waiting.last_error  # what the sent log shows
    assert waiting.facts == {}  # no link and no token is kept
    assert send_due() == 0  # not yet: it is tried again after a pause

    with mail_server_on(mail_down) as inbox:
        time_machine.shift(timedelta(minutes=2))
        assert send_due() == 1
        assert send_due() == 0  # a second worker run sends nothing twice
        [mail] = only(inbox)
    assert mail.rcpt_tos == ["sam@example.org"]
    assert parse(mail)["Subject"] == "Reset your CPD Learning password"
    [sent] = outbox(1)
    assert (sent.status, sent.address) == (SENT, "sam@example.org")

    link = re.search(r"http://localhost(/reset-password/\S+)", text(mail)).group(1)
    assert client.get(link).status_code == 200
    done = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert authenticate("sam@example.org", NEW) is not None


def test_a_new_account_made_while_mail_is_down_is_welcomed_later_once(client, mail_down,
                                                                       time_machine):
    answer = post_form(client, "/register", {"name": "Sam Social", "email": "sam@example.org",
                                             "password": PASSWORD, "confirm": PASSWORD})
    assert answer.status_code == 302  # the account is made as usual
    [waiting] = outbox(1)
    assert (waiting.kind, waiting.status) == ("account_ready", WAITING)
    assert "ConnectionRefusedError" in waiting.last_error

    with mail_server_on(mail_down) as inbox:
        time_machine.shift(timedelta(minutes=2))
        assert send_due() == 1
        assert send_due() == 0
        [mail] = only(inbox)
    assert mail.rcpt_tos == ["sam@example.org"]
    assert "Your CPD Learning account is ready" in text(mail)
    assert "http://localhost/login" in text(mail)


def test_a_change_of_address_stopped_while_mail_is_down_sends_no_link(client, mail_down,
                                                                       time_machine):
    """The notice tells the old address to change the password to stop the change: once it
    has been changed, the link to confirm is never sent, even if it was waiting."""
    make_user("lee@example.org", "Lee")
    auth = Auth(client)
    auth.login("lee@example.org")
    post_form(client, "/account/email", {"new_email": "lee.new@example.org",
                                         "email_password": PASSWORD}, token_from="/account")
    assert {row.kind for row in outbox(2)} == {"email_confirm", "email_change_asked"}
    post_form(client, "/account", {"current": PASSWORD, "password": NEW, "confirm": NEW})

    with mail_server_on(mail_down) as inbox:
        time_machine.shift(timedelta(minutes=2))
        assert send_due() == 1
        [notice] = only(inbox)
    assert notice.rcpt_tos == ["lee@example.org"]
    assert "Your email address has not changed yet" in text(notice)
    confirm = db.session.scalar(select(Notification).where(Notification.kind == "email_confirm"))
    assert confirm.status == SKIPPED and confirm.address is None


def test_every_account_email_is_text_and_accessible_html_and_cannot_be_turned_off(
        app, client, mail_down):
    make_user("taken@example.org", "Tam Taken")
    make_user("admin@example.org", "Ada Admin", role="admin")
    ann = make_user("ann@example.org", "Ann Archer")
    with mail_server_on(mail_down) as inbox:
        for address in ("new@example.org", "taken@example.org"):  # ready; someone tried
            post_form(client, "/register", {"name": "Sam", "email": address,
                                            "password": PASSWORD, "confirm": PASSWORD})
        post_form(client, "/forgot-password", {"email": "ann@example.org"})
        Auth(client).login("ann@example.org")
        for address in ("ann.new@example.org", "taken@example.org"):  # confirm or in use
            post_form(client, "/account/email", {"new_email": address,
                                                 "email_password": PASSWORD},
                      token_from="/account")
        Auth(client).logout()
        Auth(client).login("admin@example.org")
        url = f"/admin/people/{ann.id}"
        post_form(client, f"{url}/details", {"name": "Ann Archer", "email": "ann@elsewhere.org"},
                  token_from=url)
        messages = only(inbox, 9)
        rows = outbox(9)
        assert send_due() == 0  # each was sent at once, by the request's thread, once
    assert {row.kind for row in rows} == ACCOUNT_KINDS
    assert all(not KINDS[kind].can_turn_off and not KINDS[kind].quiet_hours
               for kind in ACCOUNT_KINDS)
    assert all(row.status == SENT for row in rows)
    # The sent log has the address each went to: the new one to confirm, the old one told.
    assert sorted((row.kind, row.address) for row in rows
                  if row.kind in ("email_confirm", "email_change_asked",
                                  "email_changed_by_admin")) == [
        ("email_change_asked", "ann@example.org"), ("email_change_asked", "ann@example.org"),
        ("email_changed_by_admin", "ann@elsewhere.org"),
        ("email_changed_by_admin", "ann@example.org"),
        ("email_confirm", "ann.new@example.org")]
    assert sorted(m.rcpt_tos[0] for m in messages) == sorted(row.address for row in rows)
    for message in messages:
        mail = parse(message)
        assert "List-Unsubscribe" not in mail and "List-Unsubscribe-Post" not in mail
        html = mail.get_body(("html",)).get_content()
        assert '<html lang="en">' in html and "<title>" in html and "<h1" in html
        assert "Stop emails like this" not in html
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        first = text(message).split("\n\n")[1].split("\n")[0]  # the same words as the text
        assert " ".join(first.split()[:6]) in words, (mail["Subject"], first)
    assert db.session.get(User, ann.id).email == "ann@elsewhere.org"
