"""Recording, finishing, changing and deleting entries through the real forms."""

import re

import pytest
from sqlalchemy import func, select

from courseware.cpd.entries import finish_problems, parse_links
from courseware.extensions import db
from courseware.models import CpdAttachment, CpdAttachmentData, CpdEntry
from tests.cpd.helpers import FINISHED, form_items, make_entry, png_bytes
from tests.factories import make_user, post_form


def entry_id(response) -> int:
    return int(re.search(r"/cpd/(\d+)$", response.headers["Location"]).group(1))


def test_an_external_activity_with_peer_reflection_is_recorded(client, auth, learner):
    auth.login()
    response = post_form(client, "/cpd/new", form_items(FINISHED))
    assert response.status_code == 302
    entry = db.session.get(CpdEntry, entry_id(response))
    assert entry.status == "recorded" and entry.user_id == learner.id
    assert entry.minutes == 90 and entry.activity_type == "online"
    assert entry.has_peer_reflection and entry.peer_role == "Practice educator"
    assert entry.standards == ["1.1", "4.6"] and entry.links == ["https://example.org/swday"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("It counts towards your CPD for 1 December 2025 to 30 November 2026, this "
            "registration year.") in page
    for text in ("Online discussion or social media", "14 March 2026", "1 hour 30 minutes",
                 "Strengths-based conversations", "Ama Mensah",
                 "4.6 Reflecting on the impact of learning", "https://example.org/swday"):
        assert text in page, text


def test_a_draft_needs_only_a_title_and_finishing_asks_for_the_rest(client, auth, learner):
    auth.login()
    empty = post_form(client, "/cpd/new", {"title": "", "save_draft": "Save as a draft"})
    assert empty.status_code == 200
    assert "Give the activity a title" in empty.get_data(as_text=True)
    assert "Say what you learnt" not in empty.get_data(as_text=True)  # not asked of a draft
    # Finishing an empty form lists every problem at once, one message for each field.
    everything = post_form(client, "/cpd/new", {"activity_date": "31/02/2026",
                                                "finish": "Save and finish"},
                           token_from="/cpd/new").get_data(as_text=True)
    for message in ("Give the activity a title", "Enter the date as day, month and year",
                    "Say what you learnt", "Choose the type of activity."):
        assert message in everything, message
    assert "Enter the date of the activity." not in everything

    draft = post_form(client, "/cpd/new", {"title": "Podcast on hoarding",
                                           "save_draft": "Save as a draft"})
    assert draft.status_code == 302
    eid = entry_id(draft)
    assert db.session.get(CpdEntry, eid).status == "draft"

    refused = post_form(client, f"/cpd/{eid}/edit", {"title": "Podcast on hoarding",
                                                     "peer_role": "Colleague",
                                                     "finish": "Save and finish"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "There is a problem" in page
    for message in ("Choose the type of activity.", "Enter the date of the activity.",
                    "Say what you learnt.", "Say who you reflected with",
                    'href="#activity_date"'):
        assert message in page, message
    assert page.count('aria-invalid="true"') >= 5
    assert db.session.get(CpdEntry, eid).status == "draft"

    done = post_form(client, f"/cpd/{eid}/edit", form_items(FINISHED | {"title": "Podcast"}))
    assert done.status_code == 302
    assert db.session.get(CpdEntry, eid).status == "recorded"


def test_edit_keeps_what_was_written(client, auth, learner):
    auth.login()
    eid = entry_id(post_form(client, "/cpd/new", form_items(FINISHED)))
    form = client.get(f"/cpd/{eid}/edit").get_data(as_text=True)
    assert 'value="1"' in form and 'value="30"' in form  # 90 minutes as hours and minutes
    assert 'value="4.6" id="standard-4-6" checked' in form
    assert "https://example.org/swday" in form and "Change this entry" in form


@pytest.mark.parametrize("field, value, message", [
    ("links", "javascript:alert(1)", "is not a web address"),
    ("links", "ftp://example.org/file", "is not a web address"),
    ("activity_date", "1989-12-31", "Enter a date between 1990 and today."),
    ("activity_date", "2099-01-01", "1 January 2099 is after today"),
    ("activity_date", "14/03/2026", "Enter the date as day, month and year"),
    ("minutes", "lots", "Enter the minutes as a number, for example 30"),
    ("standards", "99.9", "Choose standards from the list."),
    ("learning", "x" * 10_001, "under 10,000 characters"),
])
def test_bad_answers_are_explained(client, auth, learner, field, value, message):
    auth.login()
    response = post_form(client, "/cpd/new", form_items(FINISHED | {field: value}))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 0


def test_parse_links_and_finish_problems_are_plain_functions():
    links, problems = parse_links("https://a.example/x\n\n http://b.example \nhttps://a.example/x")
    assert links == ["https://a.example/x", "http://b.example"] and problems == []
    _, problems = parse_links("\n".join(f"https://e.example/{n}" for n in range(11)))
    assert problems and "at most 10" in problems[0]
    assert parse_links("data:text/html,hi")[1]
    from datetime import date
    assert finish_problems({"activity_type": "reading", "activity_date": date(2026, 1, 1),
                            "description": "d", "learning": "l", "impact_on_practice": "i"},
                           date(2026, 1, 2)) == []


def test_delete_asks_first_then_removes_the_entry_and_its_files(client, auth, learner):
    auth.login()
    entry = make_entry(learner)
    post_form(client, f"/cpd/{entry.id}/files", {"file": (_file(png_bytes()), "photo.png")},
              token_from=f"/cpd/{entry.id}", content_type="multipart/form-data")
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 1

    confirm = client.get(f"/cpd/{entry.id}/delete").get_data(as_text=True)
    assert "Delete “A finished entry”?" in confirm and "its 1 file" in confirm
    assert "cannot be undone" in confirm
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1

    response = post_form(client, f"/cpd/{entry.id}/delete", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/cpd")
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 0
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 0
    assert db.session.scalar(select(func.count(CpdAttachmentData.attachment_id))) == 0
    assert "has been deleted" in client.get("/cpd").get_data(as_text=True)


def test_another_learners_entry_is_not_found(client, auth, learner):
    entry = make_entry(learner)
    make_user("other@example.org")
    auth.login("other@example.org")
    for url in (f"/cpd/{entry.id}", f"/cpd/{entry.id}/edit", f"/cpd/{entry.id}/delete"):
        assert client.get(url).status_code == 404, url
    token_page = "/cpd/new"
    for url, data in ((f"/cpd/{entry.id}/delete", {}), (f"/cpd/{entry.id}/sharing",
                                                          {"share": "yes"}),
                      (f"/cpd/{entry.id}/edit", form_items(FINISHED))):
        assert post_form(client, url, data, token_from=token_page).status_code == 404, url
    assert db.session.get(CpdEntry, entry.id).title == "A finished entry"
    assert "A finished entry" not in client.get("/cpd").get_data(as_text=True)


def test_the_record_shows_the_year_and_other_years(client, auth, learner):
    from datetime import date
    make_entry(learner, title="An entry in 2020", activity_date=date(2020, 5, 1))
    auth.login()
    page = client.get("/cpd").get_data(as_text=True)
    assert "This registration year" in page and "0 of 2" in page
    assert "An entry in 2020" not in page and "Year ending 2020" in page
    old = client.get("/cpd?year=2020").get_data(as_text=True)
    assert "An entry in 2020" in old and "1 December 2019 to 30 November 2020" in old
    assert "My CPD record" in client.get("/").get_data(as_text=True)  # in the navigation


def _file(data: bytes):
    import io
    return io.BytesIO(data)
