"""Password reset by email through a real SMTP server, rate limits, and session control."""

import email
import email.policy
import re
import time

from courseware.domain.accounts import authenticate
from courseware.extensions import db
from tests.clock import london
from tests.factories import PASSWORD, Auth, make_user, post_form

NEW = "a brand new garden path"


def reset_link(envelope) -> str:
    text = email.message_from_bytes(envelope.content, policy=email.policy.default).get_body(
        ("plain",)).get_content()  # the plain text part
    return re.search(r"http://localhost(/reset-password/\S+)", text).group(1)


def test_reset_by_email_works_once(client, inbox):
    make_user("sam@example.org", "Sam")
    page = post_form(client, "/forgot-password", {"email": "Sam@Example.org"})
    assert "Check your email" in page.get_data(as_text=True)
    [mail] = inbox.wait()
    assert mail.rcpt_tos == ["sam@example.org"]
    assert "Reset your CPD Learning password" in mail.content.decode()
    link = reset_link(mail)

    done = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert authenticate("sam@example.org", NEW) is not None
    assert authenticate("sam@example.org", PASSWORD) is None

    again = client.get(link)
    assert again.status_code == 404 and "no longer works" in again.get_data(as_text=True)


def test_reset_answer_is_the_same_for_unknown_addresses(client, inbox):
    make_user("sam@example.org")
    known = post_form(client, "/forgot-password", {"email": "sam@example.org"})
    unknown = post_form(client, "/forgot-password", {"email": "nobody@example.org"})

    def body(response):
        return response.get_data(as_text=True).replace("sam@example.org", "X").replace(
            "nobody@example.org", "X")

    assert known.status_code == unknown.status_code == 200
    assert body(known) == body(unknown)
    assert len(inbox.wait(1)) == 1
    time.sleep(0.2)
    assert len(inbox.messages) == 1  # nothing sent for the unknown address


def test_expired_and_forged_tokens_are_refused(app, client, inbox):
    make_user("sam@example.org")
    post_form(client, "/forgot-password", {"email": "sam@example.org"})
    link = reset_link(inbox.wait()[0])
    assert client.get(link[:-3] + "abc").status_code == 404
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    assert client.get(link).status_code == 404


def test_reset_refuses_a_common_password(client, inbox):
    make_user("sam@example.org")
    post_form(client, "/forgot-password", {"email": "sam@example.org"})
    link = reset_link(inbox.wait()[0])
    page = post_form(client, link, {"password": "password1234", "confirm": "password1234"})
    assert "too common" in page.get_data(as_text=True)


def test_login_is_rate_limited_per_account(app, client):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 10 minutes"
    make_user("sam@example.org")
    auth = Auth(client)
    for _ in range(3):
        assert auth.login("sam@example.org", "wrong password!!").status_code == 200
    blocked = auth.login("sam@example.org", PASSWORD)
    assert blocked.status_code == 429
    assert "Too many tries" in blocked.get_data(as_text=True)
    assert auth.login("other@example.org", "wrong password!!").status_code == 200


def test_a_blocked_sign_in_says_how_long_to_wait_and_offers_a_reset(app, client, time_machine):
    time_machine.move_to(london(2026, 3, 21, 12), tick=False)
    make_user("sam@example.org")
    auth = Auth(client)
    for _ in range(10):
        assert auth.login("sam@example.org", "wrong password!!").status_code == 200
    time_machine.move_to(london(2026, 3, 21, 12, 1, 13), tick=False)  # 527 seconds still to go
    blocked = auth.login("sam@example.org", PASSWORD)
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "Try again in 9 minutes." in page and "Wait a minute" not in page
    assert 'href="/forgot-password"' in page and "Forgotten your password?" in page
    time_machine.move_to(london(2026, 3, 21, 12, 9, 59), tick=False)
    assert "Try again in 1 minute." in auth.login("sam@example.org").get_data(as_text=True)
    time_machine.move_to(london(2026, 3, 21, 12, 10, 1), tick=False)
    assert auth.login("sam@example.org").status_code == 302


def test_successful_logins_do_not_use_up_the_limit(app, client):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 10 minutes"
    make_user("sam@example.org")
    auth = Auth(client)
    for _ in range(4):
        assert auth.login("sam@example.org").status_code == 302
        auth.logout()


def test_login_is_rate_limited_per_address(app, client):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 10 minutes"
    auth = Auth(client)
    for n in range(3):
        auth.login(f"person{n}@example.org", "wrong password!!")
    assert auth.login("person9@example.org", "wrong password!!").status_code == 429


def test_reset_is_rate_limited(app, client, inbox):
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    make_user("sam@example.org")
    data = {"email": "sam@example.org"}
    for _ in range(2):
        assert post_form(client, "/forgot-password", data).status_code == 200
    assert post_form(client, "/forgot-password", data).status_code == 429


def test_old_hashes_are_upgraded_at_sign_in(app, client):
    from werkzeug.security import generate_password_hash

    user = make_user("sam@example.org")
    user.password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:100000")
    db.session.commit()
    assert Auth(client).login("sam@example.org").status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith("scrypt:32768:8:1$")


def test_changing_password_signs_out_other_sessions(app):
    make_user("sam@example.org")
    here, there = app.test_client(), app.test_client()
    Auth(here).login("sam@example.org")
    Auth(there).login("sam@example.org")
    changed = post_form(here, "/account", {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert changed.status_code == 302
    assert here.get("/my-learning").status_code == 200
    assert there.get("/my-learning").status_code == 302


def test_change_password_needs_the_current_one(client):
    make_user("sam@example.org")
    Auth(client).login("sam@example.org")
    page = post_form(client, "/account", {"current": "wrong one", "password": NEW, "confirm": NEW})
    assert "not your current password" in page.get_data(as_text=True)
    assert authenticate("sam@example.org", PASSWORD) is not None


def test_sign_out_everywhere(app):
    make_user("sam@example.org")
    here, there = app.test_client(), app.test_client()
    Auth(here).login("sam@example.org")
    Auth(there).login("sam@example.org")
    post_form(here, "/account/sign-out-everywhere", {}, token_from="/account")
    assert here.get("/my-learning").status_code == 302
    assert there.get("/my-learning").status_code == 302


def test_session_cookie_secure_over_https(client):
    make_user("sam@example.org")
    token_page = client.get("/login", base_url="https://localhost")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token_page.get_data(as_text=True))
    response = client.post("/login", base_url="https://localhost", headers={
        "Referer": "https://localhost/login"}, data={
        "csrf_token": token.group(1), "email": "sam@example.org", "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie
    assert "Strict-Transport-Security" in response.headers


def test_session_lifetime_is_configurable(app, client):
    app.config["PERMANENT_SESSION_LIFETIME"] = 3600
    make_user("sam@example.org")
    response = Auth(client).login("sam@example.org")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie
