"""Failed sign-ins are limited in the shared counters, without letting others lock the owner out."""

import pytest
from sqlalchemy import select

from courseware.domain import accounts
from courseware.extensions import db
from courseware.models import RateLimitCounter
from tests.clock import london
from tests.factories import PASSWORD, Auth, make_user, post_form

WRONG = "not the password at all"
OWNER, ATTACKER = "10.0.0.1", "203.0.113.9"


@pytest.fixture(autouse=True)
def noon(time_machine):
    time_machine.move_to(london(2026, 3, 21, 12), tick=False)


@pytest.fixture
def sam(app):
    return make_user("sam@example.org", "Sam")


def sign_in(client, address: str, password: str = PASSWORD, email: str = "sam@example.org"):
    """Sign in through the form from an address; signed out again after a success."""
    answer = post_form(client, "/login", {"email": email, "password": password},
                       environ_overrides={"REMOTE_ADDR": address})
    if answer.status_code == 302:
        Auth(client).logout()
    return answer.status_code


def test_the_eleventh_failure_from_one_address_is_refused(client, sam):
    assert [sign_in(client, ATTACKER, WRONG) for _ in range(11)] == [200] * 10 + [429]
    assert sign_in(client, ATTACKER) == 429  # the right password too: it is not even checked
    keys = db.session.scalars(select(RateLimitCounter.key)).all()
    assert keys and not any("sam@" in key for key in keys)  # counted in the database, hashed


def test_a_refused_try_never_checks_the_password(client, sam, monkeypatch):
    for _ in range(10):
        sign_in(client, ATTACKER, WRONG)
    checked = []
    monkeypatch.setattr(accounts, "check_password", lambda *args: checked.append(args))
    assert sign_in(client, ATTACKER) == 429
    assert checked == []


def test_the_owner_from_another_address_gets_in_while_the_attacker_is_refused(client, sam):
    for _ in range(10):
        sign_in(client, ATTACKER, WRONG)
    assert sign_in(client, ATTACKER) == 429
    assert sign_in(client, OWNER) == 302


def test_the_owners_usual_address_is_not_held_up_by_failures_from_everywhere(app, client, sam,
                                                                               time_machine):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per hour"
    assert sign_in(client, OWNER) == 302  # the owner's usual address, known from now on
    for n in range(5):  # guesses from many addresses use up the account's budget
        assert sign_in(client, f"198.51.100.{n}", WRONG) == 200
    assert sign_in(client, "198.51.100.77") == 429  # a new address now waits, right or wrong
    assert sign_in(client, "198.51.100.77", WRONG) == 429
    assert sign_in(client, OWNER) == 302  # the usual one does not


def test_the_right_password_works_after_the_wait_while_others_keep_failing(client, sam,
                                                                            time_machine):
    assert sign_in(client, OWNER) == 302
    for _ in range(10):  # someone behind the same address (an office's) guesses
        sign_in(client, OWNER, WRONG)
    blocked = post_form(client, "/login", {"email": "sam@example.org", "password": PASSWORD},
                        environ_overrides={"REMOTE_ADDR": OWNER})
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "600"
    assert "Try again in 10 minutes." in blocked.get_data(as_text=True)
    time_machine.move_to(london(2026, 3, 21, 12, 10, 1), tick=False)
    for n in range(10):  # and others elsewhere go on failing
        assert sign_in(client, f"198.51.100.{n}", WRONG) == 200
    assert sign_in(client, OWNER) == 302


def test_signing_in_gives_back_what_the_try_took(client, sam):
    for _ in range(9):
        sign_in(client, ATTACKER, WRONG)
    for _ in range(3):
        assert sign_in(client, ATTACKER) == 302
    assert sign_in(client, ATTACKER, WRONG) == 200  # the tenth failure
    assert sign_in(client, ATTACKER, WRONG) == 429


def test_one_address_guessing_many_accounts_is_refused_after_thirty(client):
    answers = [sign_in(client, ATTACKER, WRONG, f"person{n}@example.org") for n in range(31)]
    assert answers == [200] * 30 + [429]
    assert sign_in(client, OWNER, WRONG, "person0@example.org") == 200


def test_password_checks_of_a_signed_in_account_are_limited(app, client, sam):
    app.config["PASSWORD_CHECK_LIMIT_PER_ACCOUNT"] = "3 per hour"
    Auth(client).login("sam@example.org")
    for _ in range(2):
        wrong = post_form(client, "/account/delete", {"password": WRONG})
        assert wrong.status_code == 200
    email = post_form(client, "/account/email", {"new_email": "sam@example.net",
                                                 "email_password": WRONG}, token_from="/account")
    assert email.status_code == 200
    refused = post_form(client, "/account/delete", {"password": PASSWORD})
    assert refused.status_code == 429 and "Try again in 1 hour." in refused.get_data(as_text=True)
    change = post_form(client, "/account", {"current": PASSWORD, "password": "a new long one",
                                            "confirm": "a new long one"})
    assert change.status_code == 429
    assert client.get("/account").status_code == 200  # the page itself still opens
