"""People correct their own name and email address; a new address is confirmed by a link sent
to it, through a real SMTP server."""

import email
import email.policy
import re
import time
from datetime import timedelta

import pytest

from courseware.domain.accounts import authenticate, find_user
from courseware.extensions import db
from tests.clock import london
from tests.factories import PASSWORD, Auth, make_user, post_form

NEW = "lee.new@example.org"


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    time_machine.move_to(london(2026, 3, 21, 12))


def text_of(envelope) -> str:
    return email.message_from_bytes(envelope.content, policy=email.policy.default).get_body(
        ("plain",)).get_content()  # the plain text part


def by_recipient(messages) -> dict:
    return {m.rcpt_tos[0]: text_of(m) for m in messages}


def confirm_link(text: str) -> str:
    return re.search(r"http://localhost(/account/email/confirm/\S+)", text).group(1)


def ask_for(client, address: str = NEW, password: str = PASSWORD):
    return post_form(client, "/account/email", {"new_email": address, "email_password": password},
                     token_from="/account")


def test_a_learner_changes_their_name_for_certificates_from_now_on(client, auth, learner):
    auth.login()
    done = post_form(client, "/account/name", {"name": "  Lee Smith "}, token_from="/account",
                     follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Your name is now Lee Smith." in text
    assert "Certificates you already have keep the name they were issued with." in text
    db.session.refresh(learner)
    assert learner.name == "Lee Smith"

    empty = post_form(client, "/account/name", {"name": "   "}, token_from="/account")
    assert empty.status_code == 200
    page = empty.get_data(as_text=True)
    assert "There is a problem" in page and "Enter your name." in page
    assert 'href="#name"' in page
    long = post_form(client, "/account/name", {"name": "x" * 121}, token_from="/account")
    assert "Keep your name to 120 characters or fewer." in long.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.name == "Lee Smith"


def test_a_new_email_address_counts_only_once_its_link_is_followed(client, auth, learner, inbox):
    auth.login()
    asked = ask_for(client, "  Lee.New@Example.org ")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Check your inbox at lee.new@example.org" in text
    mail = by_recipient(inbox.wait(2, timeout=30))
    assert set(mail) == {NEW, "learner@example.org"}
    db.session.refresh(learner)
    assert learner.email == "learner@example.org"  # nothing changes until the link is followed

    notice = mail["learner@example.org"]
    assert "/account/email/confirm/" not in notice  # the old address cannot confirm
    assert NEW in notice and "Your email address has not changed yet" in notice
    link = confirm_link(mail[NEW])

    # Opening the link (as a mail scanner might) changes nothing: a button confirms.
    page = client.get(link)
    assert page.status_code == 200
    assert f"Use {NEW} for your account" in page.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.email == "learner@example.org"

    done = post_form(client, link, {}, follow_redirects=True)
    assert f"Your email address is now {NEW}." in done.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.email == NEW
    assert find_user("learner@example.org") is None
    auth.logout()
    assert Auth(client).login(NEW).status_code == 302

    again = client.get(link)
    assert again.status_code == 404
    assert "This link no longer works" in again.get_data(as_text=True)


def test_following_the_link_works_without_being_signed_in(client, auth, learner, inbox):
    auth.login()
    ask_for(client)
    link = confirm_link(by_recipient(inbox.wait(2, timeout=30))[NEW])
    auth.logout()
    done = post_form(client, link, {})
    assert done.status_code == 200
    assert f"Your email address is now {NEW}." in done.get_data(as_text=True)
    assert authenticate(NEW, PASSWORD) is not None


def test_changing_the_email_address_needs_the_password_and_a_real_new_address(
        client, auth, learner, inbox):
    auth.login()
    wrong = ask_for(client, password="not my password at all")
    assert "That is not your password. Try again." in wrong.get_data(as_text=True)
    same = ask_for(client, "LEARNER@example.org")
    assert "That is already your email address." in same.get_data(as_text=True)
    bad = ask_for(client, "not-an-address")
    assert "Enter an email address like name@example.org." in bad.get_data(as_text=True)
    time.sleep(0.2)
    assert inbox.messages == []


def test_an_address_already_in_use_is_not_revealed(client, auth, learner, inbox):
    make_user("taken@example.org", "Tara Taken")
    auth.login()
    free = ask_for(client, "free@example.org")
    taken = ask_for(client, "taken@example.org")

    def page(response, address):
        text = response.get_data(as_text=True).replace(address, "X")
        return re.sub(r'name="csrf_token"[^>]*>', "", text)  # signed with the second it was made

    assert free.status_code == taken.status_code == 200
    assert page(free, "free@example.org") == page(taken, "taken@example.org")
    mail = by_recipient(inbox.wait(4, timeout=30))
    assert set(mail) == {"free@example.org", "taken@example.org", "learner@example.org"}
    to_taken = mail["taken@example.org"]
    assert "/account/email/confirm/" not in to_taken
    assert "already has an account" in to_taken
    assert "Tara" not in to_taken and "Lee Learner" not in to_taken
    db.session.refresh(learner)
    assert learner.email == "learner@example.org"


def test_an_address_taken_before_the_link_is_followed_changes_nothing(
        client, auth, learner, inbox):
    auth.login()
    ask_for(client, "soon@example.org")
    link = confirm_link(by_recipient(inbox.wait(2, timeout=30))["soon@example.org"])
    make_user("soon@example.org", "Someone Else")
    done = post_form(client, link, {})
    assert done.status_code == 409
    assert "Your email address has not changed" in done.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.email == "learner@example.org"


def test_the_link_expires_after_a_day(client, auth, learner, inbox, time_machine):
    auth.login()
    ask_for(client)
    link = confirm_link(by_recipient(inbox.wait(2, timeout=30))[NEW])
    time_machine.move_to(london(2026, 3, 21, 12) + timedelta(hours=23))
    assert client.get(link).status_code == 200
    time_machine.move_to(london(2026, 3, 21, 12) + timedelta(hours=25))
    assert client.get(link).status_code == 404
    assert post_form(client, link, {}, token_from="/forgot-password").status_code == 404
    assert client.get(link[:-3] + "abc").status_code == 404
    db.session.refresh(learner)
    assert learner.email == "learner@example.org"


def test_links_in_emails_come_from_the_configured_address_never_the_host_header(
        app, client, auth, learner, inbox):
    """(tests/security/test_public_address.py walks every email with a forged Host.)"""
    assert client.get("http://evil.example/forgot-password").status_code == 400
    app.config.update(PUBLIC_URL="https://cpd.example.org")
    post_form(client, "/forgot-password", {"email": "learner@example.org"})
    reset = text_of(inbox.wait(1, timeout=30)[0])
    assert "https://cpd.example.org/reset-password/" in reset
    auth.login()
    ask_for(client)
    mail = by_recipient(inbox.wait(3, timeout=30)[1:])
    assert "https://cpd.example.org/account/email/confirm/" in mail[NEW]
    assert "https://cpd.example.org/account" in mail["learner@example.org"]
