"""Nothing typed is lost: a form sent after its sign-in ended, or with a stale CSRF token, comes
back filled in for its owner (after signing in again), and is never shown to anyone else."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from courseware.extensions import db
from courseware.kept import MAX_CHARS, keep, take
from courseware.models import CpdEntry, Reflection
from tests.authoring.helpers import add_step, new_draft
from tests.authoring.helpers import sign_in as sign_in_trainer
from tests.clock import london
from tests.cpd.helpers import FINISHED, make_entry
from tests.factories import CSRF, SUBMISSION, Auth, csrf_token, make_user

WORDS = "An hour of careful thought about strengths-based practice, not to be lost."


@pytest.fixture(autouse=True)
def morning(time_machine):
    time_machine.move_to(london(2026, 3, 21, 9), tick=False)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def later(time_machine, hours: float):
    time_machine.move_to(london(2026, 3, 21, 9) + timedelta(hours=hours), tick=False)


def posted(token: str, **changes) -> MultiDict:
    """The entry form as a browser sends it, with WORDS as what was learnt."""
    values = {**FINISHED, "learning": WORDS} | changes
    return MultiDict([("csrf_token", token), *((k, v) for k, v in values.items()
                                               if k != "standards"), ("standards", "1.1")])


def count_entries() -> int:
    return db.session.scalar(select(func.count(CpdEntry.id)))


# -- a stale CSRF token while signed in ---------------------------------------------------------


def test_a_stale_token_shows_the_new_entry_again_filled_in_with_a_fresh_token(client, learner):
    Auth(client).login()
    client.get("/cpd/new")
    sent = client.post("/cpd/new", data=posted("stale"))
    assert sent.status_code == 303 and sent.headers["Location"] == "/cpd/new"
    assert count_entries() == 0  # kept, never taken as a submission
    page = client.get("/cpd/new")
    body = text(page)
    assert WORDS in body and FINISHED["title"] in body
    assert "not saved yet" in body
    fresh = CSRF.search(page.get_data(as_text=True)).group(1)
    assert fresh != "stale"
    once = SUBMISSION.search(page.get_data(as_text=True)).groups()  # its one-time token
    again = client.get("/cpd/new")
    assert WORDS not in text(again)  # given back once
    form = posted(fresh)
    form.add(*once)
    saved = client.post("/cpd/new", data=form)
    assert saved.status_code == 302 and count_entries() == 1


def test_a_stale_token_on_the_lesson_editor_keeps_the_lesson(client):
    sign_in_trainer(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Before you post")
    url = f"/authoring/drafts/{draft}/steps/{lesson}"
    client.get(url)
    sent = client.post(url, data={"csrf_token": "stale", "title": "Before you post",
                                  "body": WORDS, "action": "save"})
    assert sent.status_code == 303 and sent.headers["Location"] == url
    assert WORDS in text(client.get(url))


def test_any_other_form_shows_the_words_back_to_copy(client):
    sign_in_trainer(client)
    client.get("/authoring/new")
    sent = client.post("/authoring/new", data={"csrf_token": "stale", "title": "Safe sharing",
                                               "summary": WORDS})
    assert sent.status_code == 400
    body = text(sent)
    assert WORDS in body and "Safe sharing" in body
    assert "copy" in body.lower()
    assert "csrf" not in body.lower().replace("csrf_token", "")


def test_a_post_from_another_site_is_not_kept(client, learner):
    Auth(client).login()
    client.get("/cpd/new")
    sent = client.post("/cpd/new", data=posted("stale"),
                       headers={"Origin": "https://evil.example"})
    assert sent.status_code == 400 and WORDS not in text(sent)
    assert WORDS not in text(client.get("/cpd/new"))


# -- an expired sign-in -------------------------------------------------------------------------


def test_after_an_expired_sign_in_the_entry_comes_back_after_signing_in(
        client, learner, time_machine):
    entry = make_entry(learner, status="draft", learning="Old words")
    Auth(client).login()
    url = f"/cpd/{entry.id}/edit"
    token = csrf_token(client, url)
    later(time_machine, 13)  # typed for longer than the sign-in lasts
    sent = client.post(url, data=posted(token))
    assert sent.status_code == 303
    assert sent.headers["Location"] == f"/login?next={url}"
    login_page = text(client.get(sent.headers["Location"]))
    assert "kept" in login_page and "sign in" in login_page.lower()
    db.session.refresh(entry)
    assert entry.learning == "Old words"
    signed_in = client.post(sent.headers["Location"], data={
        "csrf_token": CSRF.search(login_page).group(1), "email": "learner@example.org",
        "password": "purple tea kettle morning"})
    assert signed_in.headers["Location"] == url
    assert WORDS in text(client.get(url))


def test_after_an_expired_sign_in_the_reflection_comes_back(client, learner, module,
                                                           time_machine):
    Auth(client).login()
    start = client.post("/modules/tiny-module/start",
                        data={"csrf_token": csrf_token(client, "/modules/tiny-module")})
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    page = f"/learn/{eid}/steps/my-practice"
    token = csrf_token(client, page)
    later(time_machine, 13)
    sent = client.post(page + "/reflection", data={"csrf_token": token, "text": WORDS})
    assert sent.status_code == 303 and "/login?next=" in sent.headers["Location"]
    assert db.session.scalar(select(func.count(Reflection.id))) == 0
    Auth(client).login()
    assert WORDS in text(client.get(page))


def test_kept_words_are_never_shown_to_someone_else(app, client, learner, time_machine):
    make_user("other@example.org", "Other Person")
    Auth(client).login()
    token = csrf_token(client, "/cpd/new")
    later(time_machine, 13)
    client.post("/cpd/new", data=posted(token))
    Auth(client).login("other@example.org")  # someone else signs in on the same computer
    assert WORDS not in text(client.get("/cpd/new"))
    Auth(client).logout()
    Auth(client).login()
    assert WORDS in text(client.get("/cpd/new"))


def test_a_signed_out_post_without_a_sign_in_to_return_to_shows_the_words(client, learner):
    client.get("/login")
    sent = client.post("/cpd/new", data=posted("stale"))
    assert sent.status_code == 400
    body = text(sent)
    assert WORDS in body and "/login?next=/cpd/new" in body


# -- the store itself ---------------------------------------------------------------------------


def test_the_store_is_bounded_and_gives_back_once(app, learner):
    assert keep(learner.id, "/cpd/new", [("learning", "x" * (MAX_CHARS + 1))]) is None
    assert keep(learner.id, "/cpd/new", [("learning", "first")]) is not None
    assert keep(learner.id, "/cpd/new", [("learning", "second")]) is not None
    db.session.commit()
    assert take(learner.id, "/cpd/new") == [("learning", "second")]
    assert take(learner.id, "/cpd/new") is None
