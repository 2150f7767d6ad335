"""The one-click unsubscribe link in an email: opening it only asks; the button, or a mail
program's one-click POST (RFC 8058, no cookies, no form token), turns that one kind off for
that one person."""

from urllib.parse import urlsplit

from courseware.domain import outbox
from courseware.extensions import db
from courseware.notifications.choices import choices_of
from courseware.notifications.sending import send_due
from courseware.notifications.unsubscribe import unsubscribe_token
from tests.factories import Auth, post_form
from tests.notifications.conftest import parse


def unsubscribe_path(client, team, inbox) -> str:
    """The path of the unsubscribe link in the email Cat gets when Mo assigns her a module."""
    Auth(client).login("mo@example.org")
    form = {"module": str(team.other.module_id), "who": "chosen", "learners": str(team.cat.id),
            "due_on": "2026-04-30"}
    post_form(client, f"/manage/teams/{team.team_a.id}/assignments", form)
    Auth(client).logout()
    assert send_due() == 1
    header = parse(inbox.wait(1)[0])["List-Unsubscribe"]
    return urlsplit(header.strip("<>")).path


def every_kind_on(user_id: int) -> bool:
    return all(outbox.wants(user_id, kind) for kind in outbox.KINDS)


def test_opening_the_link_only_asks(app, client, team, inbox):
    path = unsubscribe_path(client, team, inbox)
    page = app.test_client(use_cookies=False).get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Stop emails about a module assigned to you?" in text
    assert f'<form method="post" action="{path}">' in text
    assert every_kind_on(team.cat.id)  # a mail scanner following links changes nothing


def test_a_mail_programs_one_click_post_turns_off_that_kind_only(app, client, team, inbox):
    path = unsubscribe_path(client, team, inbox)
    mail_program = app.test_client(use_cookies=False)
    done = mail_program.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "You will no longer get emails about: a module assigned to you." in text
    assert 'href="/account/emails"' in text
    assert not outbox.wants(team.cat.id, "assigned")
    assert all(outbox.wants(team.cat.id, kind) for kind in outbox.KINDS if kind != "assigned")
    assert every_kind_on(team.ann.id)
    Auth(client).login("cat@example.org")
    page = client.get("/account/emails").get_data(as_text=True)
    assert 'value="assigned" id="on-assigned" checked' not in page
    assert 'value="due_soon" id="on-due_soon" checked' in page


def test_the_button_works_signed_in_as_someone_else_and_keeps_the_digest_day(app, client, team):
    outbox.choose(team.mo.id, "team_digest", True, 4)
    db.session.commit()
    path = f"/unsubscribe/{unsubscribe_token(team.mo.id, 'team_digest')}"
    Auth(client).login("ann@example.org")
    assert client.post(path).status_code == 200  # the token says whose, not the session
    assert not outbox.wants(team.mo.id, "team_digest") and every_kind_on(team.ann.id)
    assert choices_of(team.mo.id)["team_digest"].weekday == 4  # kept, should they turn it on
    assert client.post(path).status_code == 200  # a second click changes nothing more


def test_a_tampered_or_unknown_link_does_not_work(app, client, team, inbox):
    path = unsubscribe_path(client, team, inbox)
    token = path.rpartition("/")[2]
    user_part, _, signature = token.partition(".")
    other = unsubscribe_token(team.ann.id, "assigned").partition(".")[0]
    welcome = unsubscribe_token(team.cat.id, "welcome")  # a kind that cannot be turned off
    anonymous = app.test_client(use_cookies=False)
    for bad in [f"{other}.{signature}", token[:-2], "not-a-token", welcome, "x" * 300]:
        for method in (anonymous.get, anonymous.post):
            answer = method(f"/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"})
            assert answer.status_code == 404, bad
            assert "This link does not work" in answer.get_data(as_text=True)
    assert every_kind_on(team.cat.id) and every_kind_on(team.ann.id)
