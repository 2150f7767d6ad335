"""Long text saves itself as a draft while the person types (with JavaScript): CPD entries,
reflections and lessons; each answer says when, in London time."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from courseware.autosave import saved_message
from courseware.extensions import db
from courseware.models import CpdEntry, Reflection, StepProgress
from tests.authoring.helpers import add_step, new_draft
from tests.authoring.helpers import sign_in as sign_in_trainer
from tests.clock import london
from tests.cpd.helpers import make_entry
from tests.factories import Auth, csrf_token, form_tokens, make_user

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def summer_afternoon(time_machine):
    time_machine.move_to(london(2026, 7, 1, 14, 32), tick=False)  # 13:32 UTC, in summer time


def autosave(client, url, page, data, tokens=None):
    """Send the form as the script does: every field, the page's hidden tokens included."""
    tokens = dict(tokens or form_tokens(client, page))
    return client.post(url, data={**tokens, **data},
                       headers={**JSON, "X-CSRFToken": tokens["csrf_token"]})


def test_the_message_gives_london_time():
    assert saved_message(datetime(2026, 7, 1, 13, 32, tzinfo=UTC)) == "Draft saved at 14:32"
    assert saved_message(datetime(2026, 1, 5, 9, 5, tzinfo=UTC)) == "Draft saved at 09:05"


def test_a_new_entry_saves_itself_as_a_draft_then_keeps_saving_into_it(client, learner):
    Auth(client).login()
    first = autosave(client, "/cpd/autosave", "/cpd/new",
                     {"title": "Supervision on hoarding", "learning": "Half a thought"})
    assert first.status_code == 200
    answer = first.get_json()
    assert answer["message"] == "Draft saved at 14:32"
    entry = db.session.scalar(select(CpdEntry))
    assert entry.is_draft and entry.learning == "Half a thought"
    assert answer["page"] == f"/cpd/{entry.id}/edit"
    second = autosave(client, answer["autosave"], answer["page"],
                      {"title": "Supervision on hoarding", "learning": "A whole thought",
                       "hours": "not a number"})
    assert second.status_code == 200
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1
    db.session.refresh(entry)
    assert entry.learning == "A whole thought" and entry.is_draft
    assert "A whole thought" in client.get(answer["page"]).get_data(as_text=True)


def test_one_showing_of_the_new_entry_form_makes_one_draft_however_its_saves_arrive(
        client, learner):
    """An autosave whose answer was lost is sent again, then Save is pressed before the script
    moved the form on to the draft: still one entry, holding the last words."""
    Auth(client).login()
    tokens = form_tokens(client, "/cpd/new")
    words = {"title": "Podcast on hoarding", "learning": "First words"}
    for _ in range(2):
        assert autosave(client, "/cpd/autosave", "/cpd/new", words, tokens).status_code == 200
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1
    saved = client.post("/cpd/new", data={**dict(tokens), **words, "learning": "Last words",
                                          "save_draft": "Save as a draft"})
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1
    assert db.session.scalar(select(CpdEntry.learning)) == "Last words"


def test_a_draft_without_a_title_yet_is_still_saved(client, learner):
    Auth(client).login()
    answer = autosave(client, "/cpd/autosave", "/cpd/new", {"learning": "Words first"})
    assert answer.status_code == 200
    assert db.session.scalar(select(CpdEntry.title)) == "Untitled draft"


def test_a_finished_entry_is_not_changed_by_autosave(client, learner):
    entry = make_entry(learner)
    Auth(client).login()
    answer = autosave(client, f"/cpd/{entry.id}/autosave", f"/cpd/{entry.id}/edit",
                      {"title": "Changed", "learning": "Changed"})
    assert answer.status_code == 409 and "Save" in answer.get_json()["detail"]
    db.session.refresh(entry)
    assert entry.title == "A finished entry"
    page = client.get(f"/cpd/{entry.id}/edit").get_data(as_text=True)
    assert "data-autosave" not in page


def test_only_the_owner_autosaves_an_entry(client, learner):
    other = make_user("other@example.org")
    entry = make_entry(other, status="draft")
    Auth(client).login()
    assert autosave(client, f"/cpd/{entry.id}/autosave", "/cpd/new",
                    {"title": "Mine now"}).status_code == 404


def test_autosave_needs_the_csrf_token(client, learner):
    Auth(client).login()
    client.get("/cpd/new")
    refused = client.post("/cpd/autosave", data={"title": "x"}, headers=JSON)
    assert refused.status_code == 400 and "error" in refused.get_json()
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 0


def test_a_reflection_saves_itself_without_completing_the_step(client, learner, module):
    Auth(client).login()
    start = client.post("/modules/tiny-module/start",
                        data={"csrf_token": csrf_token(client, "/modules/tiny-module")})
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    page = f"/learn/{eid}/steps/my-practice"
    assert "data-autosave" in client.get(page).get_data(as_text=True)
    answer = autosave(client, page + "/reflection/autosave", page,
                      {"text": "Following a hashtag could help me keep up"})
    assert answer.status_code == 200 and answer.get_json()["message"] == "Draft saved at 14:32"
    saved = db.session.scalar(select(Reflection))
    assert saved.text == "Following a hashtag could help me keep up"
    assert db.session.scalar(select(func.count(StepProgress.id))) == 0  # Save completes it
    shown = client.get(page).get_data(as_text=True)
    assert "Following a hashtag could help me keep up" in shown
    assert "UTC" not in shown and "14:32" in shown


def test_the_lesson_editor_says_when_it_saved_in_london_time(client):
    sign_in_trainer(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Live")
    url = f"/authoring/drafts/{draft}/steps/{lesson}"
    token = csrf_token(client, url)
    saved = client.post(url, data={"csrf_token": token, "title": "Live", "body": "Typed."},
                        headers={"X-Autosave": "1", "X-CSRFToken": token, **JSON})
    assert saved.get_json() == {"saved": True, "message": "Draft saved at 14:32"}


def test_autosave_after_the_sign_in_ended_says_so_and_saves_nothing(client, learner,
                                                                     time_machine):
    Auth(client).login()
    token = csrf_token(client, "/cpd/new")
    time_machine.move_to(london(2026, 7, 2, 9), tick=False)  # idle overnight
    answer = client.post("/cpd/autosave", data={"csrf_token": token, "title": "Late"},
                         headers={**JSON, "X-CSRFToken": token})
    assert answer.status_code == 401
    assert answer.get_json()["detail"] == "Your sign-in has ended."
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 0
