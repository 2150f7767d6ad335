"""Crafted numbers, broken files and line breaks in ?next= are refused, never a 500."""

import io
import struct

import pytest

from courseware.cpd.attachments import RefusedFile, check_file
from courseware.extensions import db
from courseware.manage.people import create_team
from courseware.models import TeamMember
from courseware.numbers import MAX_ID, id_of, page_of, whole_number
from tests.cpd.helpers import make_entry
from tests.factories import PASSWORD, Auth, make_user, post_form

SUPERSCRIPT_TWO = "\u00b2"  # "²".isdigit() is true, int("²") fails
# 45 bytes: a PNG's signature and header, then an end chunk cut off (Pillow's verify() raised
# IndexError on it).
BROKEN_PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
              + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0) + b"\x90wS\xde"
              + b"\x00\x00\x00\x00IEND" + b"\x00" * 4)


@pytest.mark.parametrize("text, expected", [
    ("7", 7), ("0", 0), ("2026", 2026), ("", None), (" 7", None), ("7 ", None), ("+7", None),
    ("-1", None), ("1_000", None), ("١٢", None), (SUPERSCRIPT_TWO, None), ("7\n", None),
    ("9" * 5000, None), (None, None),
])
def test_whole_numbers_are_ascii_digits_only(text, expected):
    assert whole_number(text) == expected


def test_whole_numbers_outside_the_range_are_none():
    assert whole_number("5", low=1, high=4) is None
    assert whole_number("4", low=1, high=4) == 4
    assert whole_number("0", low=1) is None


def test_pages_and_ids():
    assert page_of({"page": "3"}) == 3
    assert [page_of({"page": p}) for p in ("0", "-2", SUPERSCRIPT_TWO, "100000", "")] == [1] * 5
    assert page_of({}) == 1
    assert id_of("12") == id_of(12) == 12 and id_of(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), SUPERSCRIPT_TWO, "-1", "", None, True, MAX_ID + 1):
        with pytest.raises(ValueError):
            id_of(bad)


def test_a_unicode_digit_page_is_the_first_page(client, module):
    learner = make_user("learner@example.org")
    make_user("admin@example.org", role="admin")
    team = create_team("A team")
    db.session.add(TeamMember(team_id=team.id, user_id=learner.id))
    db.session.commit()
    Auth(client).login("admin@example.org")
    for url in ("/manage", f"/manage/teams/{team.id}", f"/manage/teams/{team.id}/export.csv",
                "/admin/people", "/authoring/audit"):
        response = client.get(f"{url}?page=%C2%B2")
        assert response.status_code == 200, url


def test_a_unicode_digit_year_is_this_year(client, learner):
    make_entry(learner)
    Auth(client).login()
    for url in ("/cpd", "/cpd/export.csv", "/cpd/export.pdf"):
        response = client.get(f"{url}?year=%C2%B2")
        assert response.status_code == 200, url


def test_a_unicode_digit_quiz_answer_is_a_400(client, module, learner):
    Auth(client).login()
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = start.headers["Location"].split("/learn/")[1].split("/")[0]
    response = post_form(client, f"/learn/{eid}/steps/check/quiz", [("q-q1", SUPERSCRIPT_TWO)],
                         token_from=f"/learn/{eid}/steps/check")
    assert response.status_code == 400
    assert "Something in that request was not right" in response.get_data(as_text=True)


def test_the_broken_picture_is_refused_by_the_check():
    assert len(BROKEN_PNG) == 45
    with pytest.raises(RefusedFile, match="damaged"):
        check_file(BROKEN_PNG)


def test_a_truncated_picture_is_refused_with_a_message(client, learner):
    entry = make_entry(learner)
    Auth(client).login()
    truncated = BROKEN_PNG
    response = post_form(client, f"/cpd/{entry.id}/files",
                         {"file": (io.BytesIO(truncated), "photo.png")},
                         token_from=f"/cpd/{entry.id}", content_type="multipart/form-data",
                         follow_redirects=True)
    assert response.status_code < 500
    assert "This picture is damaged" in response.get_data(as_text=True)


@pytest.mark.parametrize("next_", ["/%0d%0aX:1", "/%0aX:1", "/%0d", "/a%09b", "/%7f",
                                   "/%C2%85x", "/%E2%80%A8x"])
@pytest.mark.parametrize("form", ["/login", "/register"])
def test_a_next_with_control_characters_is_dropped(client, learner, form, next_):
    data = ({"email": "learner@example.org", "password": PASSWORD}
            if form == "/login" else
            {"name": "New Person", "email": "new@example.org",
             "password": PASSWORD, "confirm": PASSWORD})
    response = post_form(client, f"{form}?next={next_}", data, token_from=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert "X:1" not in location and not any(ord(c) < 32 or 127 <= ord(c) < 160
                                              or c in "\u2028\u2029" for c in location)


def test_a_plain_next_is_still_followed(client, learner):
    response = post_form(client, "/login?next=/cpd",
                         {"email": "learner@example.org", "password": PASSWORD},
                         token_from="/login")
    assert response.headers["Location"] == "/cpd"


def test_a_next_with_a_nul_is_refused_like_any_nul(client, learner):
    response = post_form(client, "/login?next=/%00",
                         {"email": "learner@example.org", "password": PASSWORD},
                         token_from="/login")
    assert response.status_code == 400


def test_safe_next_drops_every_kind_of_control_character(app):
    from courseware.auth.views import safe_next

    for bad in ["/\r", "/\n", "/\x0b", "/\x1b[31m", "/\x85", "/\u2028", "/\u200e", "//x", "/\\x",
                "https://evil.example/", "evil"]:
        with app.test_request_context("/login", query_string={"next": bad}):
            assert safe_next("/home") == "/home", repr(bad)
    with app.test_request_context("/login", query_string={"next": "/cpd?year=2026#top"}):
        assert safe_next("/home") == "/cpd?year=2026#top"


def test_an_id_too_big_for_the_database_is_a_404(client, learner):
    Auth(client).login()
    for url in ("/cpd/99999999999999999999999", "/cpd/2147483648", "/cpd/%C2%B2",
                "/cpd/99999999999999999999999/files/1", "/learn/99999999999999999999"):
        assert client.get(url).status_code == 404, url
    assert client.get("/cpd/2147483647").status_code == 404  # the largest id: looked up, absent


@pytest.mark.parametrize("field, value", [("learners", "99999999999999999999"),
                                          ("learners", SUPERSCRIPT_TWO),
                                          ("module", "99999999999999999999")])
def test_an_id_too_big_in_a_form_is_a_problem_not_a_500(client, module, field, value):
    learner = make_user("learner@example.org")
    make_user("admin@example.org", role="admin")
    team = create_team("A team")
    db.session.add(TeamMember(team_id=team.id, user_id=learner.id))
    db.session.commit()
    Auth(client).login("admin@example.org")
    data = {"module": "1", "who": "chosen", "learners": str(learner.id), field: value}
    response = post_form(client, f"/manage/teams/{team.id}/assignments", data)
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)


@pytest.mark.parametrize("minutes", ["\u0663\u0660", "3_0", "+30", "9" * 5000])
def test_a_number_field_takes_ascii_digits_only(client, minutes):
    from tests.authoring.helpers import DETAILS, sign_in

    sign_in(client)
    response = post_form(client, "/authoring/new", {**DETAILS, "duration_minutes": minutes})
    assert response.status_code == 200
    assert 'href="#duration_minutes">' in response.get_data(as_text=True)


def test_a_number_field_still_takes_a_number_with_spaces_round_it(client):
    from tests.authoring.helpers import DETAILS, sign_in

    sign_in(client)
    response = post_form(client, "/authoring/new", {**DETAILS, "duration_minutes": " 30 "})
    assert response.status_code == 302
