"""Each sign-in is kept on the server: signing out ends it, so no copy of its cookie works."""

import hashlib
import re
from html import unescape

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import SignIn
from courseware.sign_ins import device_name
from tests.clock import london
from tests.cpd.helpers import FINISHED
from tests.factories import PASSWORD, Auth, csrf_token, make_user, post_form
from tests.test_query_counts import count_queries

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Mobile Safari/537.36")
NEW = "a brand new garden path"


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    time_machine.move_to(london(2026, 3, 21, 9), tick=False)


def device(app, user_agent: str):
    """A browser of its own, which says what it is in every request."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def copy_of(app, client):
    """Another browser holding a copy of this one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value, domain="localhost")
    return thief


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def live_ids() -> set[int]:
    return set(db.session.scalars(select(SignIn.id).where(SignIn.ended_at.is_(None))))


def test_a_copied_cookie_stops_working_after_signing_out(app, learner):
    here = app.test_client()
    Auth(here).login()
    thief = copy_of(app, here)
    assert signed_in(thief)
    Auth(here).logout()
    refused = thief.get("/account")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    assert not signed_in(thief)
    assert not signed_in(here)


def test_the_cookie_carries_a_secret_the_server_keeps_only_as_a_hash(app, client, learner):
    Auth(client).login()
    serializer = app.session_interface.get_signing_serializer(app)
    secret = serializer.loads(client.get_cookie("session").value)["_sign_in"]
    [kept] = db.session.scalars(select(SignIn)).all()
    assert kept.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in kept.secret_hash and kept.user_id == learner.id


def test_a_remember_me_cookie_signs_nobody_in(app, client, learner):
    """Flask-Login would load a user from a remember-me cookie; without a sign-in, no one."""
    client.set_cookie("remember_token", encode_cookie(learner.get_id()), domain="localhost")
    assert not signed_in(client)


def test_the_account_page_lists_where_you_are_signed_in(app, learner, time_machine):
    laptop, phone = device(app, FIREFOX), device(app, PHONE)
    time_machine.move_to(london(2026, 7, 1, 9), tick=False)  # summer time: 08:00 UTC
    Auth(laptop).login()
    time_machine.move_to(london(2026, 7, 1, 11, 30), tick=False)
    Auth(phone).login()
    page = unescape(laptop.get("/account").get_data(as_text=True))
    assert "Where you are signed in" in page
    assert "Firefox on Windows" in page and "Mobile Safari on iOS" in page
    assert page.count("This device") == 1
    row = page[page.index("Firefox on Windows"):page.index("Mobile Safari on iOS")]
    assert "This device" in row  # this one first, though the phone was active since
    assert "1 July 2026 at 09:00" in row  # when it signed in, on the London clock
    assert "1 July 2026 at 11:30" in page[page.index("Mobile Safari on iOS"):]
    assert page.count("Sign out of this device") == 2  # each button names its device too:
    assert 'this device<span class="visually-hidden">: Mobile Safari on iOS, signed in' in page


def test_signing_out_of_another_device_ends_only_that_one(app, time_machine):
    make_user("learner@example.org", "Lee Learner")
    laptop, phone, tablet = device(app, FIREFOX), device(app, PHONE), device(app, ANDROID)
    for client in (laptop, phone, tablet):
        Auth(client).login()
    phone_id = db.session.scalar(select(SignIn.id).where(SignIn.device.like("%iOS%")))
    time_machine.move_to(london(2026, 3, 21, 10), tick=False)
    done = post_form(laptop, f"/account/sign-ins/{phone_id}/end", {}, token_from="/account")
    assert done.status_code == 302 and done.headers["Location"] == "/account"
    page = unescape(laptop.get("/account").get_data(as_text=True))
    assert "You have signed out of Mobile Safari on iOS" in page
    assert "signed in on 21 March 2026 at 09:00" in page
    assert not signed_in(phone)
    assert signed_in(laptop) and signed_in(tablet)
    assert len(live_ids()) == 2


def test_signing_out_of_this_device_from_the_list(app, client, learner):
    Auth(client).login()
    [mine] = live_ids()
    thief = copy_of(app, client)
    done = post_form(client, f"/account/sign-ins/{mine}/end", {}, token_from="/account")
    assert done.status_code == 302
    assert not signed_in(client) and not signed_in(thief)


def test_another_persons_sign_in_is_not_found_and_stays(app, learner):
    other = make_user("other@example.org", "Other Person")
    theirs, mine = app.test_client(), app.test_client()
    Auth(theirs).login("other@example.org")
    Auth(mine).login()
    their_id = db.session.scalar(select(SignIn.id).where(SignIn.user_id == other.id))
    answer = post_form(mine, f"/account/sign-ins/{their_id}/end", {}, token_from="/account")
    assert answer.status_code == 404
    assert signed_in(theirs)
    assert f"/account/sign-ins/{their_id}/" not in mine.get("/account").get_data(as_text=True)


def test_a_password_change_ends_the_others_but_keeps_this_one_signed_in(app):
    make_user("learner@example.org", "Lee Learner")
    laptop, phone = device(app, FIREFOX), device(app, PHONE)
    Auth(laptop).login()
    Auth(phone).login()
    copy = copy_of(app, laptop)
    changed = post_form(laptop, "/account", {"current": PASSWORD, "password": NEW,
                                             "confirm": NEW})
    assert changed.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert not signed_in(copy)  # this device has a new sign-in: a copy of the old one is refused
    page = unescape(laptop.get("/account").get_data(as_text=True))
    assert "Firefox on Windows" in page and "Mobile Safari on iOS" not in page
    assert len(live_ids()) == 1


def test_signing_out_everywhere_ends_every_sign_in(app, learner):
    here, there = app.test_client(), app.test_client()
    Auth(here).login()
    Auth(there).login()
    post_form(here, "/account/sign-out-everywhere", {}, token_from="/account")
    assert live_ids() == set()
    assert not signed_in(here) and not signed_in(there)


def test_an_idle_sign_in_ends_and_is_forgotten_later(app, client, learner, time_machine):
    Auth(client).login()
    copy = copy_of(app, client)
    time_machine.move_to(london(2026, 3, 21, 21, 1), tick=False)  # 12 hours and a minute
    assert not signed_in(copy)
    [idle] = db.session.scalars(select(SignIn)).all()
    assert idle.ended_at is None  # ended lazily: by its last activity
    Auth(client).login()
    assert "Where you are signed in" in client.get("/account").get_data(as_text=True)
    assert len(client.get("/account").get_data(as_text=True).split("Sign out of this device")) \
        == 2  # the idle one is not listed
    time_machine.move_to(london(2026, 4, 21, 9), tick=False)
    Auth(app.test_client()).login()  # a sign-in forgets those idle or ended 30 days ago
    assert db.session.scalar(select(func.count(SignIn.id))) == 1


def test_last_activity_is_written_only_when_the_cookie_is(app, client, learner, time_machine):
    Auth(client).login()
    client.get("/my-learning")
    [kept] = db.session.scalars(select(SignIn)).all()
    time_machine.move_to(london(2026, 3, 21, 9, 30), tick=False)
    with count_queries() as statements:
        assert client.get("/my-learning").status_code == 200
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    db.session.refresh(kept)
    assert kept.last_active_at == london(2026, 3, 21, 9)
    time_machine.move_to(london(2026, 3, 21, 10, 1), tick=False)
    assert client.get("/my-learning").status_code == 200
    db.session.refresh(kept)
    assert kept.last_active_at == london(2026, 3, 21, 10, 1)


def test_a_form_sent_after_signing_out_elsewhere_shows_the_words_to_copy(app, learner):
    laptop, phone = app.test_client(), app.test_client()
    Auth(laptop).login()
    Auth(phone).login()
    token = csrf_token(laptop, "/cpd/new")
    post_form(phone, "/account/sign-out-everywhere", {}, token_from="/account")
    words = "Notes from supervision that must not be lost."
    sent = laptop.post("/cpd/new", data={**FINISHED, "learning": words, "csrf_token": token})
    assert sent.status_code == 401  # not kept for the owner: whoever holds this cookie
    assert words in unescape(sent.get_data(as_text=True))


@pytest.mark.parametrize(("user_agent", "name"), [
    (FIREFOX, "Firefox on Windows"),
    (PHONE, "Mobile Safari on iOS"),
    (ANDROID, "Chrome Mobile on Android"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS"),
    ("", "An unknown browser"),
    ("curl/8.5.0", "curl"),
    ("x" * 5000, "An unknown browser"),
])
def test_device_names_are_short_and_plain(user_agent, name):
    assert device_name(user_agent) == name
    assert re.fullmatch(r"[\w .-]{1,80}", device_name(user_agent))
