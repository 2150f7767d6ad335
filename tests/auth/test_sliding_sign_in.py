"""Sign-ins last while people are active: SESSION_LIFETIME_HOURS of idleness ends one."""

from datetime import timedelta

from courseware.sessions import is_idle, needs_refresh
from tests.clock import london
from tests.factories import Auth, make_user

HOUR = 3600


def session_cookie(response) -> str | None:
    return next((c for c in response.headers.getlist("Set-Cookie")
                 if c.startswith("session=")), None)


def test_a_person_active_every_hour_stays_signed_in_past_the_lifetime(app, client,
                                                                      time_machine):
    time_machine.move_to(london(2026, 3, 21, 8), tick=False)
    make_user("sam@example.org")
    Auth(client).login("sam@example.org")
    lifetime = app.config["SESSION_LIFETIME_HOURS"]
    for hour in range(1, lifetime * 2 + 1):
        time_machine.move_to(london(2026, 3, 21, 8) + timedelta(hours=hour), tick=False)
        page = client.get("/my-learning")
        assert page.status_code == 200, f"signed out after {hour} hours of activity"


def test_idleness_longer_than_the_lifetime_ends_the_sign_in(app, client, time_machine):
    time_machine.move_to(london(2026, 3, 21, 8), tick=False)
    make_user("sam@example.org")
    Auth(client).login("sam@example.org")
    time_machine.move_to(london(2026, 3, 21, 10), tick=False)
    assert client.get("/my-learning").status_code == 200
    lifetime = app.config["SESSION_LIFETIME_HOURS"]
    time_machine.move_to(london(2026, 3, 21, 10) + timedelta(hours=lifetime, minutes=1),
                         tick=False)
    page = client.get("/my-learning")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")


def test_the_cookie_is_written_again_only_now_and_then(app, client, time_machine):
    """Pages do not re-sign the cookie each time; once it is older than a twelfth of the
    lifetime (an hour by default), the next page does, and its expiry moves on."""
    time_machine.move_to(london(2026, 3, 21, 8), tick=False)
    make_user("sam@example.org")
    Auth(client).login("sam@example.org")
    client.get("/my-learning")  # the first page after signing in writes a new CSRF token
    time_machine.move_to(london(2026, 3, 21, 8, 30), tick=False)
    assert session_cookie(client.get("/my-learning")) is None
    time_machine.move_to(london(2026, 3, 21, 9, 1), tick=False)
    cookie = session_cookie(client.get("/my-learning"))
    assert cookie is not None and "Expires=" in cookie


def test_idle_and_refresh_rules():
    limit = 12 * HOUR
    assert not is_idle(1000.0, 1000.0 + limit, limit)
    assert is_idle(1000.0, 1000.0 + limit + 1, limit)
    assert not needs_refresh(1000.0, 1000.0 + HOUR - 1, limit)
    assert needs_refresh(1000.0, 1000.0 + HOUR, limit)
    assert needs_refresh(None, 1000.0, limit)
