"""Registering, signing in and out."""

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import User
from tests.factories import PASSWORD, make_user, post_form


def register(client, **overrides):
    data = {"name": "Sam Social", "email": "sam@example.org", "password": PASSWORD,
            "confirm": PASSWORD} | overrides
    return post_form(client, "/register", data)


def test_register_signs_in_and_hashes_password(client):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "sam@example.org" and user.role == "learner"
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
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


def test_duplicate_email_is_refused_whatever_the_case(client):
    make_user("sam@example.org")
    text = register(client, email="SAM@Example.org").get_data(as_text=True)
    assert "already exists" in text


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
