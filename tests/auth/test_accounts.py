"""Registering, signing in and out."""

import re

from sqlalchemy import func, select

from courseware.domain.accounts import find_user
from courseware.extensions import db
from courseware.models import User
from tests.auth.test_profile import by_recipient, text_of
from tests.factories import PASSWORD, Auth, make_user, post_form


def register(client, **overrides):
    data = {"name": "Sam Social", "email": "sam@example.org", "password": PASSWORD,
            "confirm": PASSWORD} | overrides
    return post_form(client, "/register", data)


def test_register_makes_the_account_and_sends_the_person_to_sign_in(client, inbox):  # noqa: F811
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    user = db.session.scalar(select(User))
    assert user.email == "sam@example.org" and user.role == "learner"
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check your email" in page and 'value="sam@example.org"' in page
    [mail] = inbox.wait()
    assert mail.rcpt_tos == ["sam@example.org"]
    assert "Your CPD Learning account is ready" in text_of(mail)
    assert "http://localhost/login" in text_of(mail)
    assert Auth(client).login("sam@example.org").status_code == 302
    assert "Sam Social" in client.get("/my-learning").get_data(as_text=True)


def test_register_errors_are_summarised_and_linked(client):
    response = register(client, name="", email="not-an-email", password="short", confirm="x")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert 'href="#name"' in text and "Enter your name." in text
    assert 'href="#email"' in text and "like name@example.org" in text
    assert "at least 12 characters" in text
    assert db.session.scalar(select(User)) is None


TOKENS = re.compile(r'(name="(?:csrf_token|[\w-]*submission)"[^>]*value=")[^"]+"')


def answer_to(client, **overrides) -> str:
    """The page a registration ends on, tokens blanked, in a browser of its own."""
    sent = register(client, **overrides)
    assert sent.status_code == 302
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    return TOKENS.sub(r'\1"', page)


def test_a_taken_address_gets_the_same_answer_and_its_owner_an_email(app, inbox):  # noqa: F811
    make_user("sam@example.org", "Sam Owner")
    taken = answer_to(app.test_client(), email="SAM@Example.org", name="Someone Else")
    new = answer_to(app.test_client(), email="new@example.org", name="Someone Else")
    assert taken == new.replace("new@example.org", "sam@example.org")
    assert "already exists" not in taken
    assert "Check your email" in taken and 'value="sam@example.org"' in taken
    mail = by_recipient(inbox.wait(2, timeout=30))
    assert set(mail) == {"sam@example.org", "new@example.org"}
    warning = mail["sam@example.org"]
    assert "Someone tried to create a CPD Learning account with this email address" in warning
    assert "http://localhost/login" in warning and "http://localhost/forgot-password" in warning
    assert db.session.scalar(select(func.count(User.id))) == 2
    assert find_user("sam@example.org").name == "Sam Owner"


def test_sign_in_and_out(client, auth):
    make_user("sam@example.org", "Sam")
    assert auth.login("sam@example.org").status_code == 302
    assert client.get("/my-learning").status_code == 200
    auth.logout()
    assert client.get("/my-learning").status_code == 302


def test_wrong_password_says_so_without_naming_which(client, auth):
    make_user("sam@example.org")
    wrong = auth.login("sam@example.org", "wrong password here").get_data(as_text=True)
    unknown = auth.login("nobody@example.org", "wrong password here").get_data(as_text=True)
    assert "do not match an account" in wrong and "do not match an account" in unknown


def test_session_cookie_is_httponly_and_lax(client, auth):
    make_user("sam@example.org")
    response = auth.login("sam@example.org")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_only_goes_to_this_site(client):
    make_user("sam@example.org")
    data = {"email": "sam@example.org", "password": PASSWORD}
    inside = post_form(client, "/login?next=/help", data)
    assert inside.headers["Location"] == "/help"
    client.get("/")  # fresh page for a new token after sign-in
    from tests.factories import Auth

    Auth(client).logout()
    outside = post_form(client, "/login?next=//evil.example/x", data)
    assert "evil" not in outside.headers["Location"]


def test_changing_session_token_signs_out_everywhere(client, auth):
    user = make_user("sam@example.org")
    auth.login("sam@example.org")
    user.session_token = "0" * 32
    db.session.commit()
    assert client.get("/my-learning").status_code == 302
